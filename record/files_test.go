package record_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/record"
)

func TestCheckFiles(t *testing.T) {
	e := newEnv(t)
	e.incident("Strømbrudd", 1)
	if got, err := record.CheckFilesIn(i18n.Bokmal, e.dbPath, e.anchors); err != nil || len(got) != 0 {
		t.Fatalf("CheckFiles = %q, %v; want no problems", got, err)
	}
	if err := os.Chmod(e.anchors, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := record.CheckFilesIn(i18n.Bokmal, e.dbPath, e.anchors)
	if err != nil || len(got) != 1 || !strings.Contains(got[0], filepath.Base(e.anchors)) || !strings.Contains(got[0], "0644") {
		t.Errorf("CheckFiles = %q, %v; want the anchor file named", got, err)
	}
}
