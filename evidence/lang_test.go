package evidence_test

import (
	"context"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/evidence"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// The evidence pack of a Swedish or English plan says its language and
// has its headings and dates in it, and none of the bokmål ones.
func TestEvidenceInPlanLanguage(t *testing.T) {
	tests := []struct {
		lang  i18n.Lang
		wants []string
	}{
		{i18n.Swedish, []string{`<html lang="sv">`, "Underlag till tillsynen", "1. Organisation och plan", "2. Risk- och sårbarhetsanalys",
			"Skapat 2026-11-22 kl. 14.30.", "2026-11-03 kl. 09.00"}},
		{i18n.English, []string{`<html lang="en">`, "Evidence for the supervisor", "1. Organisation and plan", "4. Incidents and exercises",
			"2026-11-22 14:30", "2026-11-03 09:00"}},
	}
	bad := []string{`lang="nb"`, "Dokumentasjon til tilsynet", "Organisering og plan", "Hendelser og øvelser", "Laget ", "22.11.2026", "kl. 14:30"}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			db, p, now := fixture(t)
			p.Lang = tt.lang
			pk, err := evidence.Build(context.Background(), db, p, evidence.Options{Now: now, Loc: oslo})
			if err != nil {
				t.Fatal(err)
			}
			html := string(pk.HTML())
			md := string(pk.Markdown())
			for _, w := range tt.wants {
				if !strings.Contains(html, w) {
					t.Errorf("HTML lacks %q", w)
				}
				if w[0] != '<' && !strings.Contains(md, w) {
					t.Errorf("Markdown lacks %q", w)
				}
			}
			for _, b := range bad {
				if strings.Contains(html, b) || strings.Contains(md, b) {
					t.Errorf("evidence in %s contains %q", tt.lang, b)
				}
			}
		})
	}
}
