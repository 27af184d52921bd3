package console

import (
	"testing"

	"github.com/beredskapsbot/beredskapsbot/plan"
)

// A plan of a Swedish company: names with å, ä, ö, two Gustafssons and
// one Bengt; Greta has no Slack account.
func swedishPlan() *plan.Plan {
	return &plan.Plan{Contacts: []*plan.Contact{
		{ID: "greta", Name: "Greta Gustafsson"},
		{ID: "goran", Name: "Göran Gustafsson", SlackID: "U0GORAN01"},
		{ID: "bengt", Name: "Bengt Åkesson", SlackID: "U0BENGT01"},
		{ID: "bjorn", Name: "Björn Berg", SlackID: "U0BJORN01"},
	}}
}

func TestMentions(t *testing.T) {
	p := swedishPlan()
	tests := []struct {
		in      string
		userArg bool
		want    string
		problem string
	}{
		{"kriseleder @Bengt", true, "kriseleder <@U0BENGT01>", ""},
		{"kriseleder @bengt", true, "kriseleder <@U0BENGT01>", ""},
		{"kriseleder @Greta Gustafsson", true, "kriseleder kontakt:greta", ""},
		{"Ringde @Greta Gustafsson, hon kommer", false, "Ringde @Greta Gustafsson, hon kommer", ""},
		{"Ringde @greta.", false, "Ringde @Greta Gustafsson.", ""},
		{"@BJORN BERG och @akesson", false, "<@U0BJORN01> och <@U0BENGT01>", ""},
		{"@Gör tar över", false, "<@U0GORAN01> tar över", ""},                                 // a unique prefix
		{"mejl till greta@foretag.se, @here", false, "mejl till greta@foretag.se, @here", ""}, // not mentions
		{"@Gustafsson ringer", false, "", "«@Gustafsson» passer på flere kontakter i planen: Greta Gustafsson, Göran Gustafsson. Skriv hele navnet, f.eks. @Greta Gustafsson."},
		{"@G ringer", false, "", "«@G» passer på flere kontakter i planen: Greta Gustafsson, Göran Gustafsson. Skriv hele navnet, f.eks. @Greta Gustafsson."},
		{"@Bengtt ringer", false, "", "Fant ingen kontakt i planen som heter «Bengtt». Mente du Bengt Åkesson eller Björn Berg? Skriv navnet uten @ hvis det ikke er en kontakt."},
		{"@Polisen ringer", false, "", "Fant ingen kontakt i planen som heter «Polisen». Søk med /kontakt <navn>, eller skriv navnet uten @ hvis det ikke er en kontakt."},
	}
	for _, tt := range tests {
		got, problem := mentions(p, tt.in, tt.userArg)
		if got != tt.want || problem != tt.problem {
			t.Errorf("mentions(%q) = %q, %q; want %q, %q", tt.in, got, problem, tt.want, tt.problem)
		}
	}
}
