package record

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// CheckFilesIn is CheckFiles with the problems in lang.
func CheckFilesIn(lang i18n.Lang, dbPath, anchorPath string) ([]string, error) {
	var problems []string
	paths := []string{dbPath, dbPath + "-wal", dbPath + "-shm"}
	if anchorPath != "" {
		paths = append(paths, anchorPath)
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("kontroll av filrettigheter: %w", err)
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			problems = append(problems, i18n.For(lang).T("record.file_open", i18n.Args{"File": p, "Mode": fmt.Sprintf("%04o", perm)}))
		}
	}
	return problems, nil
}
