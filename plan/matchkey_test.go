package plan

import "testing"

// TestMatchNameFoldsHyphensAndSpaces: hyphens, underscores and spaces
// count for as little as æøå when a typed name is matched, and «Mente
// du …» still suggests near misses.
func TestMatchNameFoldsHyphensAndSpaces(t *testing.T) {
	cands := []Candidate{
		{ID: "it-bortfall", Names: []string{"plan b", "IT-bortfall (fagsystemer nede)"}},
		{ID: "strom", Names: []string{"strømbrudd", "Bortfall av strøm"}},
		{ID: "evakuering-sykehjem", Names: []string{"Evakuering av sykehjem"}},
	}
	tests := []struct {
		query, id  string
		suggestion string
	}{
		{"itbortfall", "it-bortfall", ""},
		{"IT bortfall", "it-bortfall", ""},
		{"it_bortfall", "it-bortfall", ""},
		{"it-bortfall", "it-bortfall", ""},
		{"plan b", "it-bortfall", ""},
		{"planb", "it-bortfall", ""},
		{"Plan-B", "it-bortfall", ""},
		{"strøm brudd", "strom", ""},
		{"evakueringsykehjem", "evakuering-sykehjem", ""},
		{"itbortfal", "it-bortfall", ""}, // a prefix
		{"itbortfxll", "", "it-bortfall"},
		{"strmo", "", "strom"},
	}
	for _, tt := range tests {
		m := MatchName(tt.query, cands)
		if m.ID != tt.id {
			t.Errorf("MatchName(%q) = %+v, want ID %q", tt.query, m, tt.id)
		}
		if tt.suggestion != "" && (len(m.Suggestions) == 0 || m.Suggestions[0] != tt.suggestion) {
			t.Errorf("MatchName(%q) suggests %v, want %q first", tt.query, m.Suggestions, tt.suggestion)
		}
	}
	if m := MatchName(" - ", cands); m.Found() || len(m.Suggestions) > 0 || len(m.Ambiguous) > 0 {
		t.Errorf("a query of only hyphens and spaces matched %+v", m)
	}
}
