package record_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/record"
	"github.com/beredskapsbot/beredskapsbot/storage"
	"github.com/beredskapsbot/beredskapsbot/storage/anchorfile"
)

// The anchor post is in the plan's language; bokmål stays as before.
func TestAnchorTextInPlanLanguage(t *testing.T) {
	heads := []storage.UnpostedHead{{Head: anchorfile.Head{IncidentID: 3, Seq: 7, Hash: "abc"}, Closed: true}}
	at := time.Date(2026, 12, 1, 13, 30, 5, 0, time.UTC)
	tests := []struct {
		lang i18n.Lang
		want []string
	}{
		{i18n.Bokmal, []string{"Ankerpunkt for beslutningsloggene 01.12.2026 13:30:05 UTC:", "• Hendelse 3 (avsluttet): siste linje #7, hash `abc`"}},
		{i18n.Swedish, []string{"Ankarpunkt för beslutsloggarna 2026-12-01 13.30.05 UTC:", "• Händelse 3 (avslutad): sista rad #7, hash `abc`", "Jämför med"}},
		{i18n.English, []string{"Anchor point of the decision logs 2026-12-01 13:30:05 UTC:", "• Incident 3 (closed): last line #7, hash `abc`"}},
	}
	for _, tt := range tests {
		got := record.AnchorTextIn(tt.lang, heads, at, time.UTC)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: lacks %q:\n%s", tt.lang, w, got)
			}
		}
	}
}

// CheckFilesIn names the problem in the language asked for.
func TestCheckFilesInLanguage(t *testing.T) {
	dir := t.TempDir()
	db := dir + "/b.db"
	if err := writeFileMode(db, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := record.CheckFilesIn(i18n.Swedish, db, "")
	if err != nil || len(got) != 1 || !strings.Contains(got[0], "kan läsas eller ändras av andra än ägaren (läge 0644)") {
		t.Errorf("CheckFilesIn(sv) = %q, %v", got, err)
	}
}

// writeFileMode creates an empty file with the mode given (past umask).
func writeFileMode(path string, mode os.FileMode) error {
	if err := os.WriteFile(path, nil, mode); err != nil {
		return err
	}
	return os.Chmod(path, mode)
}
