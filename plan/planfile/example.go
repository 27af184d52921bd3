package planfile

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/plan"
)

// exampleFS holds the example plans shipped with the bot, one directory
// per example under example/. "all:" keeps files starting with "." or "_".
//
//go:embed all:example
var exampleFS embed.FS

// exampleRoot is the directory inside exampleFS that holds the examples.
const exampleRoot = "example"

// ErrUnknownExample is returned (wrapped, with the name asked for) when no
// embedded example has the given name.
var ErrUnknownExample = errors.New("ukjent eksempelplan")

// ErrPlanExists is returned (wrapped, with the path) by WriteExample when
// the target directory already holds plan files it would overwrite.
var ErrPlanExists = errors.New("mappen inneholder allerede en plan")

// ExampleNames lists the embedded examples ("flowstop", "kommune",
// "sverige"),
// sorted.
func ExampleNames() []string {
	entries, err := fs.ReadDir(exampleFS, exampleRoot)
	if err != nil {
		return nil // cannot happen: the directory is embedded at build time
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// ExampleFS returns the embedded example plan called name, rooted at its
// directory so it can be passed to Load. It returns an error wrapping
// ErrUnknownExample, in bokmål and listing the valid names, for any other
// name (including paths such as "kommune/rollekort").
func ExampleFS(name string) (fs.FS, error) {
	names := ExampleNames()
	for _, n := range names {
		if n == name {
			return fs.Sub(exampleFS, path.Join(exampleRoot, name))
		}
	}
	return nil, fmt.Errorf("%w: %q (velg en av: %s)", ErrUnknownExample, name, strings.Join(names, ", "))
}

// LoadExample loads and validates the embedded example called name. An
// unknown name gives a nil plan and a single error diagnostic.
func LoadExample(name string) (*plan.Plan, Diagnostics) {
	fsys, err := ExampleFS(name)
	if err != nil {
		return nil, Diagnostics{{File: name, Message: err.Error(), Severity: SeverityError}}
	}
	return Load(fsys)
}

// WriteExample writes the embedded example called name to dir, creating
// dir and its subdirectories (for `beredskapsbot plan init DIR`). It
// returns an error wrapping ErrUnknownExample for an unknown name, and one
// wrapping ErrPlanExists, naming the path, when dir already holds a .yaml
// or .yml file or any file the example would write; nothing is written
// then. Other errors name the path that failed; files written before such
// a failure are removed again.
func WriteExample(name, dir string) error {
	fsys, err := ExampleFS(name)
	if err != nil {
		return err
	}
	if err := checkTarget(fsys, dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("kan ikke opprette mappen %s: %w", dir, err)
	}
	var written []string
	err = fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if e.IsDir() {
			if err := os.MkdirAll(target, 0o750); err != nil {
				return fmt.Errorf("kan ikke opprette mappen %s: %w", target, err)
			}
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if err := writeNew(target, data); err != nil {
			return err
		}
		written = append(written, target)
		return nil
	})
	if err != nil {
		for _, f := range written {
			os.Remove(f)
		}
		return err
	}
	return nil
}

// checkTarget refuses a dir that already looks like a plan: a .yaml or
// .yml file at its top, or any file the example would write. A dir that
// does not exist yet is fine.
func checkTarget(fsys fs.FS, dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("kan ikke lese mappen %s: %w", dir, err)
	case !info.IsDir():
		return fmt.Errorf("%s finnes allerede og er ikke en mappe", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("kan ikke lese mappen %s: %w", dir, err)
	}
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if !e.IsDir() && (ext == ".yaml" || ext == ".yml") {
			return fmt.Errorf("%w: %s finnes; velg en tom mappe eller flytt de eksisterende filene", ErrPlanExists, filepath.Join(dir, e.Name()))
		}
	}
	return fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if _, err := os.Lstat(target); err == nil {
			return fmt.Errorf("%w: %s finnes; velg en tom mappe eller flytt de eksisterende filene", ErrPlanExists, target)
		}
		return nil
	})
}

// writeNew creates path with data and fails if it already exists, so a
// file created between the check and the write is never overwritten. Plan
// files will hold contact details, so they are not world-readable.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%w: %s finnes; velg en tom mappe eller flytt de eksisterende filene", ErrPlanExists, path)
		}
		return fmt.Errorf("kan ikke skrive %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("kan ikke skrive %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("kan ikke skrive %s: %w", path, err)
	}
	return nil
}
