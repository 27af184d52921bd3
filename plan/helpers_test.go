package plan_test

import (
	"testing"

	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/plan/planfile"
)

// The model's tests read their plans with plan/planfile: from its test
// data, or its embedded examples.

// validDir is planfile's valid test plan, the one most model tests use.
const validDir = "planfile/testdata/valid"

// loadValid loads validDir and fails the test if it has any diagnostic.
func loadValid(t *testing.T) *plan.Plan {
	t.Helper()
	p, ds := planfile.LoadDir(validDir)
	if len(ds) > 0 {
		t.Fatalf("%s:\n%s", validDir, ds)
	}
	return p
}

// mustLoadExample loads an embedded example and fails the test, listing
// every diagnostic, if it has any error.
func mustLoadExample(t *testing.T, name string) *plan.Plan {
	t.Helper()
	p, ds := planfile.LoadExample(name)
	if ds.HasErrors() {
		t.Fatalf("eksempelet %q har feil:\n%s", name, ds)
	}
	return p
}
