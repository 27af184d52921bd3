package cli

import (
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
)

// --user names a plan contact by ID, Slack ID or name; any other name
// runs the console as itself (an administrator).
func TestConsoleUser(t *testing.T) {
	p := testkit.ExamplePlan(t)
	tests := []struct{ name, want string }{
		{"kari-nordmann", "U0KRISE001"},
		{"U0KRISE005", "U0KRISE005"},
		{"siri testesen", "U0KRISE005"},
		{"Jonas Demo", "kontakt:jonas-demo"}, // slack_epost only
		{"driftsoperatør", "driftsoperatør"},
	}
	for _, tt := range tests {
		got, c := consoleUser(p, tt.name)
		if got != tt.want || (c == nil) != (tt.want == tt.name && tt.name == "driftsoperatør") {
			t.Errorf("consoleUser(%q) = %q, %v; want %q", tt.name, got, c, tt.want)
		}
	}
}
