package report_test

import (
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/report"
)

// The report has a section on the affected critical functions: out
// since, restored, duration against the tolerance.
func TestReportAffectedFunctions(t *testing.T) {
	f := newFixture(t)
	f.at(day, 8, 0)
	inc, _, err := f.db.CreateIncident(f.ctx, incident.NewIncident{Title: "Strømbrudd", Kind: incident.KindIncident,
		OpenedBy: "U0KRISE001", ChannelName: "beredskap-20261122-strombrudd"})
	f.must(err)
	_, _, err = f.db.RecordAffected(f.ctx, inc.ID, "hjemmetjenester", f.now, "U0KRISE001", "Hjemmetjenester ute", nil)
	f.must(err)
	_, _, err = f.db.RecordAffected(f.ctx, inc.ID, "pasientjournal", f.now, "U0KRISE001", "EPJ ute", nil)
	f.must(err)
	f.at(day, 9, 30)
	_, _, err = f.db.RestoreAffected(f.ctx, inc.ID, "pasientjournal", "U0KRISE001", "EPJ oppe")
	f.must(err)
	f.at(day, 11, 20)
	r, err := report.Build(f.ctx, f.db, f.p, inc.ID, report.Options{Now: f.now})
	f.must(err)
	md := string(r.Markdown())
	for _, want := range []string{
		"## Berørte kritiske funksjoner",
		"| Hjemmesykepleie og trygghetsalarmer | 22.11.2026 kl. 09:00 | ikke gjenopprettet | 3 t 20 min | over toleransen (2 timer) |",
		"| Elektronisk pasientjournal og legemiddellister | 22.11.2026 kl. 09:00 | 22.11.2026 kl. 10:30 | 1 t 30 min | innenfor toleransen (4 timer) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	html := string(r.HTML())
	if !strings.Contains(html, "Berørte kritiske funksjoner") || !strings.Contains(html, "over toleransen (2 timer)") {
		t.Errorf("HTML lacks the section")
	}
}
