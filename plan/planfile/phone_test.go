package planfile

import "testing"

func TestNormalisePhone(t *testing.T) {
	tests := []struct {
		raw, region   string
		e164, display string
		ok            bool
	}{
		{"912 34 567", "NO", "+4791234567", "+47 91 23 45 67", true},
		{"+47 912 34 567", "SE", "+4791234567", "+47 91 23 45 67", true},
		{"0047 91234567", "NO", "+4791234567", "+47 91 23 45 67", true},
		{"22 33 44 55", "NO", "+4722334455", "+47 22 33 44 55", true},
		{"070-123 45 67", "SE", "+46701234567", "+46 70 123 45 67", true},
		{"+46 8 123 456 78", "NO", "+46812345678", "+46 8 123 456 78", true},
		{"113", "NO", "113", "113", true}, // emergency: a short number, no E.164 form
		{"116 117", "NO", "116117", "116 117", true},
		{"070-123 45 67", "NO", "", "", false}, // a Swedish mobile is not a Norwegian number
		{"12 34", "NO", "", "", false},
		{"+47 123", "NO", "", "", false},
		{"ring sentralbordet", "NO", "", "", false},
		{"", "NO", "", "", false},
	}
	for _, tt := range tests {
		e164, display, ok := normalisePhone(tt.raw, tt.region)
		if e164 != tt.e164 || ok != tt.ok || (ok && display != tt.display) {
			t.Errorf("normalisePhone(%q, %s) = %q, %q, %v; want %q, %q, %v", tt.raw, tt.region, e164, display, ok, tt.e164, tt.display, tt.ok)
		}
	}
}

func TestPlainEmail(t *testing.T) {
	for s, want := range map[string]bool{
		"ola@kommune.no":                 true,
		"ola.nordmann+vakt@x.kommune.no": true,
		"Ola <ola@kommune.no>":           false,
		"<ola@kommune.no>":               false,
		"ola@":                           false,
		"ola@localhost":                  false,
		"ola@kommune.":                   false,
		"ola kommune.no":                 false,
		"":                               false,
	} {
		if got := plainEmail(s); got != want {
			t.Errorf("plainEmail(%q) = %v", s, got)
		}
	}
}

func TestSlackIDsAndChannels(t *testing.T) {
	for s, want := range map[string]bool{"U01KARI1": true, "W0LISE22": true, "u01kari1": false, "@ola": false, "C01ABC": false, "U": false} {
		if got := validSlackUser(s); got != want {
			t.Errorf("validSlackUser(%q) = %v", s, got)
		}
	}
	for s, want := range map[string]bool{"#beredskap": true, "#beredskap-øvelse": true, "C01BEREDSK": true, "G0ABC": true,
		"beredskap": false, "#": false, "#Beredskap": false, "#to ord": false, "U01ABC": false} {
		if got := validChannel(s); got != want {
			t.Errorf("validChannel(%q) = %v", s, got)
		}
	}
}
