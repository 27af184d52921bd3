package e2e_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
)

// openedIncident starts a bot on a new world and opens an incident whose
// channel exists.
func openedIncident(t *testing.T, title string) (*world, *botProc, incident.Incident) {
	t.Helper()
	w := newWorld(t)
	p := w.start()
	p.startIncident(t, title)
	inc := w.waitChannel(t, title, 15*time.Second)
	w.waitDelivered(t, 15*time.Second)
	return w, p, inc
}

// entries returns an incident's log.
func (w *world) entries(t testing.TB, incID int64) []incident.Entry {
	t.Helper()
	es, err := w.store().Entries(context.Background(), incID)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// TestRefusesStaleReplayedAndUnsignedRequests: a correctly signed request
// more than 5 minutes old (or ahead), the same signed request a second
// time, a wrong signature and none at all are refused with 401 before
// anything is stored.
func TestRefusesStaleReplayedAndUnsignedRequests(t *testing.T) {
	t.Parallel()
	w, p, inc := openedIncident(t, "Strømbrudd")
	before := len(w.entries(t, inc.ID))
	ctx := context.Background()
	form := func(text string) []byte {
		f, _ := p.slashForm(userOpener, inc.ChannelID, "logg "+text)
		return []byte(f.Encode())
	}
	tests := []struct {
		name string
		ts   time.Time
		sign func(*http.Request, []byte, time.Time)
	}{
		{"6 minutter gammel", time.Now().Add(-bot.SignatureWindow - time.Minute), signed},
		{"6 minutter fram i tid", time.Now().Add(bot.SignatureWindow + time.Minute), signed},
		{"feil hemmelighet", time.Now(), func(r *http.Request, b []byte, ts time.Time) { bot.SignRequest(r, "feil", b, ts) }},
		{"usignert", time.Now(), nil},
		{"signatur uten v0", time.Now(), func(r *http.Request, b []byte, ts time.Time) {
			signed(r, b, ts)
			r.Header.Set(bot.HeaderSignature, strings.TrimPrefix(r.Header.Get(bot.HeaderSignature), "v0="))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body, err := p.postSigned(ctx, formType, form("Skal ikke lagres: "+tt.name), tt.ts, tt.sign)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusUnauthorized || strings.Contains(string(body), "loggført") {
				t.Errorf("HTTP %d %q, vil ha 401", resp.StatusCode, body)
			}
		})
	}

	// A replay: the identical signed request (same timestamp and body)
	// a second time.
	body := form("Varmestue i rådhuset")
	ts := time.Now()
	var first answerOrStatus
	for i := range 2 {
		resp, b, err := p.postSigned(ctx, formType, body, ts, signed)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = answerOrStatus{resp.StatusCode, string(b)}
			continue
		}
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("gjentatt forespørsel: HTTP %d %q, vil ha 401", resp.StatusCode, b)
		}
	}
	if first.status != http.StatusOK || !loggedRe.MatchString(first.body) {
		t.Errorf("første forespørsel: HTTP %d %q", first.status, first.body)
	}
	es := w.entries(t, inc.ID)
	if len(es) != before+1 || es[len(es)-1].Text != "Varmestue i rådhuset" {
		t.Errorf("%d logglinjer etter testen (%d før), vil ha bare den ene gyldige", len(es), before)
	}
}

type answerOrStatus struct {
	status int
	body   string
}

// TestRefusesBodyOverLimit: a signed body over bot.MaxBodyBytes is
// refused with 413 and nothing of it is stored.
func TestRefusesBodyOverLimit(t *testing.T) {
	t.Parallel()
	w, p, inc := openedIncident(t, "Strømbrudd")
	before := len(w.entries(t, inc.ID))
	f, _ := p.slashForm(userOpener, inc.ChannelID, "logg "+strings.Repeat("x", bot.MaxBodyBytes))
	resp, body, err := p.postSigned(context.Background(), formType, []byte(f.Encode()), time.Now(), signed)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "for stor") {
		t.Errorf("HTTP %d %q, vil ha 413 «forespørselen er for stor»", resp.StatusCode, body)
	}
	if n := len(w.entries(t, inc.ID)); n != before {
		t.Errorf("%d logglinjer, vil ha %d", n, before)
	}
	// The bot still answers.
	if a := p.mustSlash(t, userOpener, inc.ChannelID, "logg Etter den store"); !loggedRe.MatchString(a.Ack) {
		t.Errorf("etterpå: %q", a.Ack)
	}
}

// TestRefusesTenThousandCharacters: command text of 10,000 characters
// gets a clear refusal in bokmål for every command that stores text, and
// nothing is stored.
func TestRefusesTenThousandCharacters(t *testing.T) {
	t.Parallel()
	w, p, inc := openedIncident(t, "Strømbrudd")
	before := len(w.entries(t, inc.ID))
	incidents, _ := w.store().Incidents(context.Background())
	tests := []struct {
		name, channel, text string
		want                []string
	}{
		{"logg", inc.ChannelID, "logg " + strings.Repeat("a", 10_000), []string{"Ikke loggført", "10000 tegn", "høyst 4000"}},
		{"logg æøå", inc.ChannelID, "logg " + strings.Repeat("æøå", 3_333) + "!", []string{"Ikke loggført", "10000 tegn", "høyst 4000"}},
		{"korriger", inc.ChannelID, "korriger 1 " + strings.Repeat("b", 10_000), []string{"Ikke loggført", "10000 tegn"}},
		{"start", chanStart, "start " + strings.Repeat("Storm", 2_000), []string{"Kunne ikke åpne hendelsen", "10000 tegn", "høyst 150"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := p.mustSlash(t, userOpener, tt.channel, tt.text)
			// start answers through response_url.
			testkit.WaitFor(t, 10*time.Second, "et svar", func() bool { return strings.Contains(a.All(), tt.want[0]) })
			for _, want := range tt.want {
				if !strings.Contains(a.All(), want) {
					t.Errorf("svaret mangler %q: %.300s", want, a.All())
				}
			}
			if loggedRe.MatchString(a.All()) {
				t.Errorf("svaret sier loggført: %.300s", a.All())
			}
		})
	}
	if n := len(w.entries(t, inc.ID)); n != before {
		t.Errorf("%d logglinjer, vil ha %d", n, before)
	}
	if now, _ := w.store().Incidents(context.Background()); len(now) != len(incidents) {
		t.Errorf("%d hendelser, vil ha %d", len(now), len(incidents))
	}
}

// hostileText holds control characters, Slack's mass mentions, a user
// mention, a channel link and a bidi override.
const hostileText = "Varsle <!channel> og <!here> og <!everyone> og <!subteam^S0123|@alle>: " +
	"<@U0KRISE001> tar <#C0BEREDSKAP|beredskap>; bell\x07 esc\x1b[31m rød\x1b[0m nul\x00 cr\r\nny linje \u202eslett\u202c ferdig"

// TestMentionsAndControlCharactersStoredNotBroadcast: text with control
// characters and mention syntax, logged by command and by the message
// shortcut, is stored exactly as written; the echo Slack receives names
// the user and the channel but never broadcasts a mass mention.
func TestMentionsAndControlCharactersStoredNotBroadcast(t *testing.T) {
	t.Parallel()
	w, p, inc := openedIncident(t, "Strømbrudd")
	a := p.mustSlash(t, userOpener, inc.ChannelID, "logg "+hostileText)
	seq, ok := a.loggedSeq()
	if !ok {
		t.Fatalf("ikke loggført: %q", a.All())
	}
	assertNoMassMention(t, "kvitteringen", a.All())

	// The message shortcut "Loggfør som beslutning" on a message with the
	// same text, over the interactivity endpoint.
	payload, _ := json.Marshal(map[string]any{
		"type": "message_action", "callback_id": bot.CallbackLogDecision, "trigger_id": "e2e.shortcut",
		"user": map[string]any{"id": userOpener}, "channel": map[string]any{"id": inc.ChannelID},
		"message":    map[string]any{"type": "message", "user": userOther, "text": hostileText, "ts": "1700000000.000100"},
		"message_ts": "1700000000.000100", "response_url": w.fake.ResponseURL("shortcut"),
	})
	resp, body, err := p.postSigned(context.Background(), formType, []byte(url.Values{"payload": {string(payload)}}.Encode()), time.Now(), signed)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("snarvei: %v HTTP %v %s", err, resp, body)
	}
	testkit.WaitFor(t, 10*time.Second, "svar på snarveien", func() bool { return len(w.fake.Responses("shortcut")) > 0 })
	short := messageText(w.fake.Responses("shortcut")[0])
	if !strings.Contains(short, "Loggført som beslutning #") {
		t.Fatalf("snarvei: %q", short)
	}
	assertNoMassMention(t, "svaret på snarveien", short)

	w.waitDelivered(t, 20*time.Second)
	es := w.entries(t, inc.ID)
	var stored []incident.Entry
	for _, e := range es {
		if e.Kind == incident.EntryDecision {
			stored = append(stored, e)
		}
	}
	if len(stored) != 2 {
		t.Fatalf("%d beslutninger lagret, vil ha 2", len(stored))
	}
	for _, e := range stored {
		if e.Text != hostileText {
			t.Errorf("#%d lagret som %q, vil ha nøyaktig %q", e.Seq, e.Text, hostileText)
		}
	}
	if stored[0].Seq != seq {
		t.Errorf("kvittert som #%d, lagret som #%d", seq, stored[0].Seq)
	}
	if err := w.store().VerifyLog(context.Background(), inc.ID); err != nil {
		t.Errorf("hash-kjeden: %v", err)
	}

	ch := w.channel(t, inc)
	echoes := 0
	for _, m := range ch.Messages {
		assertNoMassMention(t, "meldingen i kanalen", m.Text+string(m.Blocks))
		if _, ok := echoSeq(m.Text); !ok {
			continue
		}
		echoes++
		for _, keep := range []string{"<@U0KRISE001>", "<#C0BEREDSKAP|beredskap>", "&lt;!channel&gt;"} {
			if !strings.Contains(m.Text, keep) {
				t.Errorf("ekkoet mangler %q: %q", keep, m.Text)
			}
		}
	}
	if echoes != 2 {
		t.Errorf("%d ekko, vil ha 2", echoes)
	}
}

// assertNoMassMention fails if s holds Slack syntax that notifies a whole
// channel, workspace or user group.
func assertNoMassMention(t *testing.T, what, s string) {
	t.Helper()
	s = unescapeJSON(s)
	for _, bad := range []string{"<!channel", "<!here", "<!everyone", "<!subteam"} {
		if strings.Contains(s, bad) {
			t.Errorf("%s inneholder %s: %.300q", what, bad, s)
		}
	}
}
