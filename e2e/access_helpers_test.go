package e2e_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// Users of the access tests (issue 11). The kriseleder card's holder,
// the administrator and a Slack user the plan does not know.
const (
	userLeader   = "U0KRISE001" // Kari Nordmann, holder of the kriseleder card
	userAdmin    = "U0KRISE003" // Ingrid Eksempel, the plan's administrator
	userOutsider = "U0UTENFOR1" // a workspace member outside the plan
)

// command sends any slash command (/kontakt, /varsling, /beredskap …) as
// user in channel and fails the test unless it is answered with 200.
func (p *botProc) command(t testing.TB, slash, user, channel, text string) answer {
	t.Helper()
	form, respID := p.slashForm(user, channel, text)
	form.Set("command", slash)
	resp, body, err := p.postSigned(context.Background(), formType, []byte(form.Encode()), time.Now(), signed)
	if err != nil {
		t.Fatalf("%s %.40s: %v", slash, text, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %.40s: HTTP %d: %s", slash, text, resp.StatusCode, body)
	}
	a := answer{Status: resp.StatusCode, respID: respID, fake: p.w.fake}
	if len(body) > 0 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("%s: svaret er ikke JSON: %v: %s", slash, err, body)
		}
		a.Ack = messageText(m)
	} else {
		a.Ack = string(body)
	}
	return a
}

// answered is command followed by a wait for the answer when the
// acknowledgement is only a «working on it»: it returns everything the
// user got.
func (p *botProc) answered(t testing.TB, slash, user, channel, text string) string {
	t.Helper()
	a := p.command(t, slash, user, channel, text)
	if strings.TrimSpace(a.Ack) != "" && !strings.Contains(a.Ack, "…") {
		return a.All()
	}
	testkit.WaitFor(t, 15*time.Second, slash+" "+text+" ble besvart", func() bool { return a.Later() != "" })
	return a.All()
}

// press sends a block_actions payload for the button actionID with value,
// pressed by user in channel, and returns everything the bot answered on
// its response_url (waiting for the first answer) and in the ack.
func (p *botProc) press(t testing.TB, user, channel, actionID, value string) string {
	t.Helper()
	id := p.w.nextID()
	respID := "btn-" + id
	payload := map[string]any{
		"type": "block_actions", "trigger_id": "e2e." + id, "api_app_id": fakeslack.AppID,
		"team":         map[string]any{"id": fakeslack.TeamID},
		"user":         map[string]any{"id": user},
		"channel":      map[string]any{"id": channel},
		"container":    map[string]any{"type": "message", "channel_id": channel, "message_ts": "1.1"},
		"response_url": p.w.fake.ResponseURL(respID),
		"actions": []map[string]any{{
			"type": "button", "action_id": actionID + ":" + value, "block_id": "b1", "value": value,
		}},
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(url.Values{"payload": {string(raw)}}.Encode())
	// A button that opens a form answers with views.open instead; counted
	// before sending, as the bot may open it before the ack returns.
	opened := len(p.w.fake.Calls("views.open"))
	resp, ack, err := p.postSigned(context.Background(), formType, body, time.Now(), signed)
	if err != nil {
		t.Fatalf("knapp %s: %v", actionID, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("knapp %s: HTTP %d: %s", actionID, resp.StatusCode, ack)
	}
	later := func() string {
		var b strings.Builder
		for _, m := range p.w.fake.Responses(respID) {
			b.WriteString(messageText(m) + "\n")
		}
		return b.String()
	}
	testkit.WaitFor(t, 15*time.Second, "knappen "+actionID+" ble besvart", func() bool {
		return later() != "" || len(p.w.fake.Calls("views.open")) > opened
	})
	return unescapeJSON(string(ack)) + "\n" + later()
}

// snapshot is what the bot has stored about incidents, their logs, role
// assignments and meetings, and the årshjul's completions, as text.
func (w *world) snapshot(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	db := w.store()
	incs, err := db.Incidents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, inc := range incs {
		fmt.Fprintf(&b, "incident %+v\n", inc)
		es, err := db.Entries(ctx, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			fmt.Fprintf(&b, "  entry %+v\n", e)
		}
		as, err := db.Assignments(ctx, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			fmt.Fprintf(&b, "  assignment %+v\n", a)
		}
		ms, err := db.Meetings(ctx, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			fmt.Fprintf(&b, "  meeting %+v\n", m)
		}
	}
	done, err := db.LatestCompletions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(done))
	for id := range done {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		fmt.Fprintf(&b, "completion %s %+v\n", id, done[id])
	}
	return b.String()
}

// postingMethods are the Web API methods that put something in a
// channel others can read.
var postingMethods = []string{
	"chat.postMessage", "chat.update", "chat.scheduleMessage", "pins.add",
	"conversations.create", "conversations.invite", "conversations.setTopic",
	"files.completeUploadExternal", "reactions.add",
}

// posts returns the successful calls that put something in a channel.
func (w *world) posts() []fakeslack.Call {
	var out []fakeslack.Call
	for _, c := range w.fake.Calls(postingMethods...) {
		if c.Error == "" {
			out = append(out, c)
		}
	}
	return out
}

// callText is everything a recorded call carried: its form values and
// its JSON body, with JSON's escapes of < > & undone.
func callText(c fakeslack.Call) string {
	var b strings.Builder
	for k, vs := range c.Params {
		for _, v := range vs {
			b.WriteString(k + "=" + v + "\n")
		}
	}
	if c.JSON != nil {
		raw, _ := json.Marshal(c.JSON)
		b.Write(raw)
	}
	return unescapeJSON(b.String())
}

// callChannel is the channel a call went to ("" when it names none).
func callChannel(c fakeslack.Call) string {
	if ch := c.Params.Get("channel"); ch != "" {
		return ch
	}
	return c.Params.Get("channel_id")
}

// resolve returns the fake's channel a call named by ID or by "#name".
func (w *world) resolve(channel string) (fakeslack.Channel, bool) {
	if name, ok := strings.CutPrefix(channel, "#"); ok {
		return w.fake.ChannelByName(name)
	}
	return w.fake.Channel(channel)
}

// holdsRole reports whether user holds role in the incident now.
func (w *world) holdsRole(t testing.TB, incID int64, role, user string) bool {
	t.Helper()
	as, err := w.store().Assignments(context.Background(), incID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.RoleID == role && a.UserID == user && a.EndedAt.IsZero() {
			return true
		}
	}
	return false
}

// incident reloads an incident from the database.
func (w *world) incident(t testing.TB, id int64) incident.Incident {
	t.Helper()
	inc, err := w.store().Incident(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

// openChannel starts an incident as user from chanStart, waits for its
// channel and its outbox, and returns it.
func (p *botProc) openChannel(t testing.TB, user, text, title string) incident.Incident {
	t.Helper()
	out := p.answered(t, "/beredskap", user, chanStart, "start "+text)
	if !strings.Contains(out, "Oppretter beredskapskanal") {
		t.Fatalf("start %s: %q", text, out)
	}
	inc := p.w.waitChannel(t, title, 20*time.Second)
	// Not waitDelivered: a meeting set earlier keeps its reminder queued.
	testkit.WaitFor(t, 20*time.Second, "varslingslisten til «"+title+"» er festet", func() bool {
		ch, ok := p.w.fake.Channel(inc.ChannelID)
		return ok && len(ch.Pins) > 0
	})
	return inc
}

// inAnHour is a meeting time one to two hours ahead, local time of the
// plan, as /beredskap møte takes it.
func inAnHour(t testing.TB) string {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Fatal(err)
	}
	return time.Now().Add(90 * time.Minute).In(loc).Format("15:04")
}

// planPhones returns every phone number of the plan (the contacts'
// numbers and any number written in a contact's note) in the forms
// someone could find it in a message: E.164, as displayed, digits only,
// national digits, and national digits grouped 3-2-3 and 2-2-2-2, with
// and without +47.
func planPhones(p *plan.Plan) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if len(s) >= 8 && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	nonDigit := regexp.MustCompile(`\D`)
	inText := regexp.MustCompile(`\+?\d[\d ]{6,}\d`)
	for _, c := range p.Contacts {
		numbers := append(slices.Clone(c.Phones), c.PhoneDisplay...)
		numbers = append(numbers, inText.FindAllString(c.Note, -1)...)
		for _, ph := range numbers {
			add(ph)
			d := nonDigit.ReplaceAllString(ph, "")
			national := d
			if len(d) == 10 && strings.HasPrefix(d, "47") {
				national = d[2:]
			}
			add(d)
			add(national)
			add("+47" + national)
			if len(national) == 8 {
				for _, g := range []string{
					national[:3] + " " + national[3:5] + " " + national[5:],
					national[:2] + " " + national[2:4] + " " + national[4:6] + " " + national[6:],
				} {
					add(g)
					add("+47 " + g)
				}
			}
		}
	}
	return out
}

// openPlan writes a copy of the example plan "kommune" with
// hendelseskanaler: åpen into a temporary directory and returns it.
func openPlan(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "plan")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "plan", "planfile", "example", "kommune"))); err != nil {
		t.Fatal(err)
	}
	org := filepath.Join(dir, "organisasjon.yaml")
	raw, err := os.ReadFile(org)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "hendelseskanaler:") {
		t.Fatal("the example plan already sets hendelseskanaler; adjust the test")
	}
	raw = append(raw, []byte("\nhendelseskanaler: åpen\n")...)
	if err := os.WriteFile(org, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// itoa formats an incident ID for a button value.
func itoa(id int64) string { return fmt.Sprint(id) }

// waitDue waits until every outbox item due now is delivered (a meeting
// reminder or a tolerance warning due later may stay queued). The
// deliverer keeps Slack's rate limits, so this can take seconds.
func (w *world) waitDue(t testing.TB, timeout time.Duration) {
	t.Helper()
	testkit.WaitFor(t, timeout, "alt som skal postes nå er postet", func() bool {
		now := time.Now()
		for id := int64(1); ; id++ {
			it, err := w.store().OutboxItem(context.Background(), id)
			if errors.Is(err, incident.ErrNotFound) {
				return true
			}
			if err != nil {
				t.Fatal(err)
			}
			if it.DeliveredAt.IsZero() && !it.NotBefore.After(now) {
				return false
			}
		}
	})
}

// submit sends a view_submission of the form callbackID with metadata,
// filled in by user (date today, a note), and returns the acknowledgement.
// externalID carries the channel the form was opened from, as the bot
// sets it ("<channel>/…").
func (p *botProc) submit(t testing.TB, user, callbackID, metadata, externalID string) string {
	t.Helper()
	id := p.w.nextID()
	payload := map[string]any{
		"type": "view_submission", "trigger_id": "e2e." + id, "api_app_id": fakeslack.AppID,
		"team": map[string]any{"id": fakeslack.TeamID},
		"user": map[string]any{"id": user},
		"view": map[string]any{
			"id": "V0E2E" + id, "type": "modal", "callback_id": callbackID, "private_metadata": metadata,
			"external_id": externalID,
			"state": map[string]any{"values": map[string]any{
				"dato":  map[string]any{"dato": map[string]any{"type": "datepicker", "selected_date": time.Now().Format("2006-01-02")}},
				"notat": map[string]any{"notat": map[string]any{"type": "plain_text_input", "value": "Gjennomført"}},
			}},
		},
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(url.Values{"payload": {string(raw)}}.Encode())
	resp, ack, err := p.postSigned(context.Background(), formType, body, time.Now(), signed)
	if err != nil {
		t.Fatalf("skjema %s: %v", callbackID, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("skjema %s: HTTP %d: %s", callbackID, resp.StatusCode, ack)
	}
	return unescapeJSON(string(ack))
}
