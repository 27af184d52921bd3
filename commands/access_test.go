package commands_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// staticDirectory is a commands.Directory over data the test controls:
// which users are in which channel, and e-mail addresses. It stands in
// for Slack in these command-layer unit tests only; the Slack transport
// brings its own implementation.
type staticDirectory struct {
	members map[string][]string // channel ID → user IDs
	emails  map[string]string
}

func (d *staticDirectory) ChannelMember(ctx context.Context, channelID, userID string) (bool, error) {
	for _, u := range d.members[channelID] {
		if u == userID {
			return true, nil
		}
	}
	return false, nil
}

func (d *staticDirectory) Email(ctx context.Context, userID string) (string, error) {
	return d.emails[userID], nil
}

var _ commands.Directory = (*staticDirectory)(nil)

// The people of the kommune example these tests use.
const (
	kari     = "U0KRISE001" // kriseleder on the card (and so in every incident opened)
	ingrid   = "U0KRISE003" // administrator
	per      = "U0KRISE004" // opens the incidents
	siri     = "U0KRISE005" // plan member, no role in the incident
	mona     = "U0KRISE009" // loggfører on the card
	outsider = "U0UKJENT"   // not in the plan
	inChan   = "U0KANAL"    // not in the plan, but in the incident channel
)

// newAccessEnv is newEnv with Slack semantics: a directory where the
// incident channel C0INC has Kari, Per, Mona, Ingrid and inChan; Siri and
// the outsider are in no incident channel.
func newAccessEnv(tb testing.TB) (*env, *staticDirectory) {
	e := newEnv(tb)
	dir := &staticDirectory{members: map[string][]string{"C0INC": {kari, per, mona, ingrid, inChan}}}
	e.h.Directory = dir
	e.h.AlarmChannel = "C0ALARM"
	return e, dir
}

// snapshot is everything a refused action must leave as it was.
type snapshot struct {
	Incidents   []incident.Incident
	Entries     []incident.Entry
	Assignments []incident.Assignment
	Meetings    []incident.Meeting
	Steps       []incident.StepDone
	Completions map[string]incident.Completion
	Postponed   map[string]string
}

func (e *env) snapshot() snapshot {
	e.t.Helper()
	ctx := context.Background()
	var s snapshot
	var err error
	if s.Incidents, err = e.db.Incidents(ctx); err != nil {
		e.t.Fatal(err)
	}
	for _, inc := range s.Incidents {
		es, _ := e.db.Entries(ctx, inc.ID)
		as, _ := e.db.Assignments(ctx, inc.ID)
		ms, _ := e.db.Meetings(ctx, inc.ID)
		st, _ := e.db.Steps(ctx, inc.ID)
		s.Entries, s.Assignments, s.Meetings, s.Steps = append(s.Entries, es...), append(s.Assignments, as...), append(s.Meetings, ms...), append(s.Steps, st...)
	}
	s.Completions, _ = e.db.LatestCompletions(ctx)
	s.Postponed, _ = e.db.Postponements(ctx)
	return s
}

func (e *env) refusalCount() int {
	e.t.Helper()
	rs, err := e.db.Refusals(context.Background(), 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	return len(rs)
}

// TestRefusedActionsChangeNothing: each forbidden action is refused with
// the sentence naming who may, changes nothing, and is recorded.
func TestRefusedActionsChangeNothing(t *testing.T) {
	e, _ := newAccessEnv(t)
	e.h.Plan().Role("it-ansvarlig").Holders = nil // a role nobody holds in the incident
	id := e.open(per, "Strømbrudd i sentrum", "C0INC")
	e.do("C0INC", kari, "/beredskap logg Vi åpner rådhuset") // entry #2, Kari's
	ref := func(s string) string { return strings.ReplaceAll(s, "ID", fmt.Sprint(id)) }
	const (
		closeSentence = "Bare kriseleder (@Kari Nordmann), den som åpnet hendelsen eller beredskapskoordinator kan avslutte hendelsen."
		meetSentence  = "kan sette møter."
	)
	tests := []struct {
		name, user, channel string
		line                string // a command, or "button <action> <value>"
		want                string
	}{
		{"start from outside the plan", outsider, "C0BEREDSKAP", "/beredskap start Brann i rådhuset", "Du står ikke i beredskapsplanen"},
		{"start: told to raise an alarm", outsider, "C0BEREDSKAP", "/beredskap start Brann i rådhuset", "/beredskap varsle"},
		{"close by a member without the role", siri, "C0INC", "/beredskap avslutt bekreft Ferdig", closeSentence},
		{"close by a channel member outside the plan", inChan, "C0INC", "/beredskap avslutt bekreft", closeSentence},
		{"close by the loggfører", mona, "C0INC", "/beredskap avslutt", closeSentence},
		{"confirm button by a member without the role", siri, "C0INC", "button confirm_close ID", closeSentence},
		{"meeting", siri, "C0INC", "/beredskap møte 18:00", meetSentence},
		{"assign a role", mona, "C0INC", "/beredskap rolle informasjonsansvarlig <@U0KRISE005>", "kan tildele roller."},
		{"take the held kriseleder role", siri, "C0INC", "button take_role ID:kriseleder", "Bare den som har rollen (@Kari Nordmann), kriseleder (@Kari Nordmann) eller beredskapskoordinator kan overta rollen."},
		{"take a free role from outside the plan", inChan, "C0INC", "button take_role ID:it-ansvarlig", "Bare de som står i beredskapsplanen kan ta en ledig rolle."},
		{"correct someone else's entry", siri, "C0INC", "/beredskap korriger 2 Vi åpner skolen", "kan korrigere innlegget."},
		// A command typed in the channel comes from a member (Slack lets
		// only them write there), so logging and ticking are refused to
		// those who only view it: through buttons.
		{"step button outside the channel", outsider, "C0INC", "button step_done ID:strom:1", "kan krysse av tiltak."},
		{"register someone else's exercise", siri, "C0RANDOM", "/beredskap øvelse registrer revisjon-avtaler", "Bare den ansvarlige (@Terje Teknisk) eller beredskapskoordinator kan registrere den som gjennomført."},
		{"reminder done button", siri, "C0RANDOM", "button " + reminders.ActionDone + " " + reminders.Value("revisjon-avtaler", "2027-01-01"), "kan registrere den som gjennomført."},
		{"postpone button", siri, "C0RANDOM", "button " + reminders.ActionPostpone + " " + reminders.Value("revisjon-avtaler", "2026-11-01"), "kan utsette påminnelsen."},
		{"refusal log", siri, "C0RANDOM", "/beredskap avvisninger", "Bare beredskapskoordinator kan se avvisningsloggen."},
		{"a button naming another incident", kari, "C0INC", "button take_role 999:loggforer", "hører ikke til hendelsen i denne kanalen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, refused := e.snapshot(), e.refusalCount()
			var r ui.Response
			if rest, ok := strings.CutPrefix(tt.line, "button "); ok {
				action, value, _ := strings.Cut(rest, " ")
				r = e.act(tt.channel, tt.user, action, ref(value))
			} else {
				r = e.do(tt.channel, tt.user, tt.line)
			}
			mustContain(t, e.text(r), tt.want)
			if after := e.snapshot(); !reflect.DeepEqual(before, after) {
				t.Errorf("the database changed:\nbefore %+v\nafter  %+v", before, after)
			}
			if !strings.Contains(tt.name, "another incident") && e.refusalCount() != refused+1 {
				t.Errorf("refusals %d → %d, want one more", refused, e.refusalCount())
			}
		})
	}
}

// TestAllowedActors: the kriseleder holder, the opener and an
// administrator may each do what the defaults give them.
func TestAllowedActors(t *testing.T) {
	for _, who := range []struct{ name, user string }{{"kriseleder", kari}, {"opener", per}, {"administrator", ingrid}} {
		t.Run(who.name, func(t *testing.T) {
			e, _ := newAccessEnv(t)
			id := e.open(per, "Flom i sentrum", "C0INC")
			mustContain(t, e.text(e.do("C0INC", who.user, "/beredskap møte 18:00")), "Neste statusmøte kl. 18:00")
			mustContain(t, e.text(e.do("C0INC", who.user, "/beredskap rolle informasjonsansvarlig <@U0KRISE005>")), "Rolle Informasjonsansvarlig")
			mustContain(t, e.text(e.do("C0INC", who.user, "/beredskap logg Vi stenger brua")), "Beslutning #")
			mustContain(t, e.text(e.do("C0INC", who.user, "/beredskap avslutt bekreft Vannet har sunket")), "avsluttet: Flom i sentrum")
			if e.incident(id).Open() {
				t.Fatal("not closed")
			}
			if n := e.refusalCount(); n != 0 {
				t.Errorf("%d refusals recorded", n)
			}
		})
	}
}

// TestTakeRoleHandover: «Ta rollen» on a held role is a handover, allowed
// to the kriseleder, logged «Rolle X overført fra @A til @B»; a free role
// can be taken by any plan member.
func TestTakeRoleHandover(t *testing.T) {
	e, dir := newAccessEnv(t)
	dir.members["C0INC"] = append(dir.members["C0INC"], siri)
	e.h.Plan().Role("it-ansvarlig").Holders = nil
	id := e.open(per, "Strømbrudd", "C0INC")
	r := e.act("C0INC", kari, ui.ActionTakeRole, fmt.Sprintf("%d:loggforer", id))
	mustContain(t, e.text(r), "Rolle Loggfører overført fra @Mona Modell til @Kari Nordmann")
	r = e.act("C0INC", siri, ui.ActionTakeRole, fmt.Sprintf("%d:it-ansvarlig", id))
	mustContain(t, e.text(r), "Rolle IT-ansvarlig: @Siri Testesen (tok rollen)")
	r = e.act("C0INC", siri, ui.ActionTakeRole, fmt.Sprintf("%d:it-ansvarlig", id))
	mustContain(t, e.text(r), "Du har allerede rollen IT-ansvarlig.")
}

// TestRefusalsForAdmins: the refusal log lists who, what and when for
// administrators, with no free text.
func TestRefusalsForAdmins(t *testing.T) {
	e, _ := newAccessEnv(t)
	e.open(per, "Storm", "C0INC")
	e.do("C0INC", siri, "/beredskap avslutt bekreft hemmelig oppsummering")
	e.do("C0BEREDSKAP", outsider, "/beredskap start Noe annet")
	out := e.text(e.do("C0RANDOM", ingrid, "/beredskap avvisninger"))
	mustContain(t, out, "Avviste forsøk", "@Siri Testesen prøvde å avslutte hendelsen (hendelse #1)", "@U0UKJENT prøvde å åpne en hendelse", "22.11.2026")
	if strings.Contains(out, "hemmelig") || strings.Contains(out, "Noe annet") {
		t.Errorf("the refusal log shows what was typed:\n%s", out)
	}
}

// TestConsoleSemantics: without a Directory (the console) the operator is
// an administrator, unless the user names a plan contact, whose
// permissions apply; a Slack ID outside the plan is never trusted.
func TestConsoleSemantics(t *testing.T) {
	e := newEnv(t) // no Directory
	e.open("driftsoperatør", "Vannlekkasje", "C0INC")
	mustContain(t, e.text(e.do("C0INC", siri, "/beredskap avslutt bekreft")), "kan avslutte hendelsen.")
	mustContain(t, e.text(e.do("C0INC", outsider, "/beredskap møte 18:00")), "kan sette møter.")
	mustContain(t, e.text(e.do("C0INC", "kontakt:jonas-demo", "/beredskap logg Pressemelding sendt")), "Beslutning #")
	mustContain(t, e.text(e.do("C0INC", "kontakt:jonas-demo", "/beredskap avslutt bekreft")), "kan avslutte hendelsen.")
	mustContain(t, e.text(e.do("C0INC", "driftsoperatør", "/beredskap avslutt bekreft")), "avsluttet: Vannlekkasje")
	mustContain(t, e.text(e.do("C0RANDOM", "driftsoperatør", "/beredskap avvisninger")), "@Siri Testesen prøvde å avslutte hendelsen", "@U0UKJENT prøvde å sette møter", "Jonas Demo prøvde å avslutte")
}

// TestPhoneNumbersForPlanMembersOnly: /kontakt and /varsling show phone
// numbers to plan members; others see names and roles without them.
func TestPhoneNumbersForPlanMembersOnly(t *testing.T) {
	e, _ := newAccessEnv(t)
	for _, line := range []string{"/kontakt kriseleder", "/varsling"} {
		member := everything(e.do("C0RANDOM", siri, line))
		if !strings.Contains(member, "tel:") {
			t.Errorf("%s: a plan member sees no numbers:\n%s", line, member)
		}
		other := everything(e.do("C0RANDOM", outsider, line))
		if strings.Contains(other, "tel:") || strings.Contains(other, "mailto:") || !strings.Contains(other, "Kari Nordmann") {
			t.Errorf("%s: someone outside the plan sees:\n%s", line, other)
		}
		mustContain(t, other, "Telefonnumre vises bare for dem som står i beredskapsplanen.")
	}
}

// TestLogMessageNeedsTheChannel: the message shortcut and the 📌
// reaction log only for channel members.
func TestLogMessageNeedsTheChannel(t *testing.T) {
	e, _ := newAccessEnv(t)
	id := e.open(per, "Storm", "C0INC")
	ctx := context.Background()
	msg := ui.MessageRef{Channel: "C0INC", TS: "1700000000.000100"}
	_, err := e.h.LogMessage(ctx, ui.Request{UserID: siri, ChannelID: "C0INC"}, msg, incident.EntryDecision, "Vi evakuerer")
	if err == nil {
		t.Fatal("a user outside the channel logged a message")
	}
	if _, err := e.h.LogMessage(ctx, ui.Request{UserID: inChan, ChannelID: "C0INC"}, msg, incident.EntryDecision, "Vi evakuerer"); err != nil {
		t.Fatalf("a channel member could not log: %v", err)
	}
	if es, _ := e.db.Entries(ctx, id); len(es) != 2 || es[1].Author != inChan {
		t.Errorf("entries %+v", es)
	}
}

// downDirectory is Slack's Web API during an outage: every question fails.
type downDirectory struct{}

func (downDirectory) ChannelMember(ctx context.Context, channelID, userID string) (bool, error) {
	return false, errors.New("slack: 503 Service Unavailable")
}

func (downDirectory) Email(ctx context.Context, userID string) (string, error) {
	return "", errors.New("slack: 503 Service Unavailable")
}

// A command typed in the incident channel needs no answer from Slack to
// count as from a member: logging goes on while Slack's Web API is down.
// A button (which a viewer of the channel can press) still asks, and is
// refused, changing nothing, when Slack cannot answer.
func TestTypedInTheChannelNeedsNoSlack(t *testing.T) {
	e, _ := newAccessEnv(t)
	e.open(per, "Strømbrudd", "C0INC")
	e.h.Directory = downDirectory{}
	mustContain(t, e.text(e.do("C0INC", inChan, "/beredskap logg Aggregat startet")), "#")
	es, err := e.db.Entries(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if last := es[len(es)-1]; !strings.Contains(last.Text, "Aggregat startet") || last.Author != inChan {
		t.Fatalf("the decision typed in the channel was not logged: %+v", last)
	}
	before := e.snapshot()
	e.act("C0INC", inChan, ui.ActionStepDone, "1:strom:1")
	if after := e.snapshot(); !reflect.DeepEqual(before, after) {
		t.Error("a button pressed while Slack could not say who is in the channel changed the database")
	}
}

// Opening is acknowledged first («Oppretter beredskapskanal …») only for
// someone who may open: a Slack user the plan does not know is answered
// at once with the refusal.
func TestIsSlowOnlyForThoseWhoMayOpen(t *testing.T) {
	e, _ := newAccessEnv(t)
	start := ui.Request{Command: "/beredskap", Text: "start Strømbrudd", ChannelID: "C0BEREDSKAP"}
	for user, want := range map[string]bool{kari: true, siri: true, outsider: false, "konsoll": true} {
		req := start
		req.UserID = user
		if got := e.h.IsSlow(context.Background(), req); got != want {
			t.Errorf("IsSlow(start by %s) = %v, want %v", user, got, want)
		}
	}
	if e.h.IsSlow(context.Background(), ui.Request{Command: "/beredskap", Text: "status", UserID: kari}) {
		t.Error("status is not slow")
	}
}
