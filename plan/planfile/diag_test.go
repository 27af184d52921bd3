package planfile

import (
	"reflect"
	"testing"
)

func TestDiagnosticString(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{e("rollekort/kriseleder.yaml", 12, "tittel", "mangler (påkrevd felt)"), "rollekort/kriseleder.yaml:12: tittel: mangler (påkrevd felt)"},
		{w("kontakter.yaml", 40, "stedfortreder", "rollen har ingen stedfortreder"), "kontakter.yaml:40: stedfortreder: advarsel: rollen har ingen stedfortreder"},
		{e("organisasjon.yaml", 0, "", "filen mangler"), "organisasjon.yaml: filen mangler"},
		{w("ekstra.yml", 0, "", "ukjent fil, ignoreres"), "ekstra.yml: advarsel: ukjent fil, ignoreres"},
		{e("ros.yaml", 7, "", "ukjent felt «risiko»"), "ros.yaml:7: ukjent felt «risiko»"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
}

func TestDiagnosticsFilters(t *testing.T) {
	ds := Diagnostics{e("a.yaml", 1, "", "x"), w("a.yaml", 2, "", "y"), e("b.yaml", 1, "", "z")}
	if got := ds.Errors(); !reflect.DeepEqual(got, Diagnostics{ds[0], ds[2]}) {
		t.Errorf("Errors() = %v", got)
	}
	if got := ds.Warnings(); !reflect.DeepEqual(got, Diagnostics{ds[1]}) {
		t.Errorf("Warnings() = %v", got)
	}
	if !ds.HasErrors() || ds.Warnings().HasErrors() || Diagnostics(nil).HasErrors() {
		t.Error("HasErrors wrong")
	}
	if Diagnostics(nil).Errors() != nil {
		t.Error("Errors() of none should be nil")
	}
	if got, want := ds.String(), "a.yaml:1: x\na.yaml:2: advarsel: y\nb.yaml:1: z\n"; got != want {
		t.Errorf("String() = %q", got)
	}
}

func TestSortDiagnostics(t *testing.T) {
	ds := Diagnostics{
		e("b.yaml", 1, "", "b1"), e("a.yaml", 9, "", "a9"), e("a.yaml", 2, "", "a2 first"),
		e("a.yaml", 2, "", "a2 second"), e("a.yaml", 0, "", "a0"),
	}
	sortDiagnostics(ds)
	var got []string
	for _, d := range ds {
		got = append(got, d.Message)
	}
	want := []string{"a0", "a2 first", "a2 second", "a9", "b1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order = %q, want %q", got, want)
	}
}
