package binder_test

import (
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan/planfile"
)

// The binder of a Swedish plan is in Swedish: the page's language, the
// headings, the blank forms and the print date; none of the bokmål words.
// On an English plan likewise.
func TestBinderInPlanLanguage(t *testing.T) {
	sv, ds := planfile.LoadDir("../plan/planfile/testdata/sv-valid")
	if ds.HasErrors() || sv.Lang != i18n.Swedish {
		t.Fatalf("sv-valid (lang %q):\n%s", sv.Lang, ds)
	}
	en := loadExample(t, "kommune")
	en.Lang = i18n.English
	tests := []struct {
		name  string
		doc   string
		wants []string
	}{
		{"sv", render(t, sv), []string{`<html lang="sv">`, "Innehåll", "Larmlistor", "Kontaktlista", "Beslutslogg", "Lägesrapport",
			"Upprättad av (namn, telefon)", "Utskriven", "2026-12-01 kl. 23.15", `"Sida "`}},
		{"en", render(t, en), []string{`<html lang="en">`, "Contents", "Notification lists", "Contact list", "Decision log", "Situation report",
			"Prepared by (name, phone)", "Printed", "2026-12-01 23:15", `"Page "`, "Action card: "}},
	}
	bad := []string{`lang="nb"`, "Innhold", "Varslingslister", "Kontaktliste", "Beslutningslogg", "Situasjonsrapport", "Utarbeidet av",
		"Skrevet ut", "Innehaver", "Stedfortreder", "01.12.2026", `"Side "`, "Tiltakskort:"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, w := range tt.wants {
				if !strings.Contains(tt.doc, w) {
					t.Errorf("binder lacks %q", w)
				}
			}
			for _, b := range bad {
				if strings.Contains(tt.doc, b) {
					t.Errorf("binder contains bokmål %q", b)
				}
			}
		})
	}
}
