package report_test

import (
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/report"
)

// bokmålWords are texts of the bokmål report that must not appear in a
// report on a plan in another language.
var bokmålWords = []string{"Hendelsesrapport", "Tildelt av", "Beslutning", "Hendelse", "fra rollekortet",
	"Oversikt", "Varighet", "<h2>Tiltakskort", "## Tiltakskort", "Statusmøter", "rapport laget", "Laget av Beredskapsbot",
	"kl. 14:", "rettet i", "avholdt", "Andre innspill", `lang="nb"`}

// TestReportInPlanLanguage renders the golden incident on a Swedish and an
// English plan: the page says its language, and headings, labels and
// dates are in it.
func TestReportInPlanLanguage(t *testing.T) {
	tests := []struct {
		lang  i18n.Lang
		wants []string
		csv   string
	}{
		{i18n.Swedish, []string{`<html lang="sv">`, "Händelserapport: Strømbrudd i sentrum", "Tilldelad av", "från rollkortet",
			"Beslut", "Översikt", "Åtgärdskort", "Statusmöten", "Loggens integritet", "2026-11-22 kl. 14.30", "2026-11-22 14.35.00",
			"rättad i #7", "genomfört", "Övriga synpunkter", "Skapad av Beredskapsbot"}, "nr,tid,typ,författare,text,rättar,källa,hash"},
		{i18n.English, []string{`<html lang="en">`, "Incident report: Strømbrudd i sentrum", "Assigned by", "from the role card",
			"Decision", "Overview", "Action cards", "Status meetings", "Integrity of the log", "2026-11-22 14:30", "2026-11-22 14:35:00",
			"corrected in #7", "held", "Other input", "Made by Beredskapsbot"}, "no,time,type,author,text,corrects,source,hash"},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			f := newFixture(t)
			id := f.powerCut()
			f.p.Lang = tt.lang
			r := f.build(id, report.Options{})
			html, md := string(r.HTML()), string(r.Markdown())
			mustContain(t, html, tt.wants...)
			for _, w := range tt.wants[1 : len(tt.wants)-1] { // the footer is HTML's
				mustContain(t, md, w)
			}
			mustNotContain(t, html, bokmålWords...)
			mustNotContain(t, md, bokmålWords...)
			csv := strings.TrimPrefix(string(r.CSV()), "\uFEFF")
			if first, _, _ := strings.Cut(csv, "\n"); first != tt.csv {
				t.Errorf("CSV header %q, want %q", first, tt.csv)
			}
		})
	}
}
