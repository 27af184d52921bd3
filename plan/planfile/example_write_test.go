package planfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// embeddedFiles lists the files of an example as slash paths.
func embeddedFiles(t *testing.T, name string) []string {
	t.Helper()
	fsys, err := ExampleFS(name)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	err = fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestWriteExampleRoundTrip(t *testing.T) {
	for _, name := range ExampleNames() {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "ny", "plan") // parents do not exist yet
			if err := WriteExample(name, dir); err != nil {
				t.Fatalf("WriteExample: %v", err)
			}
			fsys, _ := ExampleFS(name)
			for _, f := range embeddedFiles(t, name) {
				want, _ := fs.ReadFile(fsys, f)
				got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
				if err != nil || string(got) != string(want) {
					t.Errorf("%s: written file differs from the embedded one (err %v)", f, err)
				}
			}
			p, ds := LoadDir(dir)
			if ds.HasErrors() {
				t.Fatalf("LoadDir(%s) har feil:\n%s", dir, ds)
			}
			if p.Org.Name == "" {
				t.Error("loaded plan has no name")
			}
		})
	}
}

func TestWriteExampleIntoEmptyDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("notater"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteExample("flowstop", dir); err != nil {
		t.Fatalf("WriteExample into a dir with only README.md: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "organisasjon.yaml")); err != nil {
		t.Error(err)
	}
}

func TestWriteExampleRefuses(t *testing.T) {
	tests := []struct {
		name     string
		existing string // file already in the target dir
		wantErr  error
	}{
		{"organisasjon", "organisasjon.yaml", ErrPlanExists},
		{"any yaml", "gammel-plan.yaml", ErrPlanExists},
		{"yml", "notat.YML", ErrPlanExists},
		{"role card", "rollekort/01-kriseleder.yaml", ErrPlanExists},
		{"action card", "tiltakskort/strom.yaml", ErrPlanExists},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			existing := filepath.Join(dir, filepath.FromSlash(tt.existing))
			if err := os.MkdirAll(filepath.Dir(existing), 0o750); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(existing, []byte("min plan\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			err := WriteExample("kommune", dir)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("WriteExample error = %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q does not name the path %s", err, dir)
			}
			if got, _ := os.ReadFile(existing); string(got) != "min plan\n" {
				t.Errorf("existing file was changed to %q", got)
			}
			if _, err := os.Stat(filepath.Join(dir, "kontakter.yaml")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("kontakter.yaml was written although WriteExample refused (stat: %v)", err)
			}
		})
	}
}

func TestWriteExampleErrors(t *testing.T) {
	if err := WriteExample("ukjent", t.TempDir()); !errors.Is(err, ErrUnknownExample) {
		t.Errorf("unknown name: error = %v, want ErrUnknownExample", err)
	}
	file := filepath.Join(t.TempDir(), "fil")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteExample("kommune", file); err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("target is a file: error = %v, want one naming %s", err, file)
	}
}
