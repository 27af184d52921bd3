package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

const formType = "application/x-www-form-urlencoded"

// signed signs a request as Slack does, with the world's secret.
func signed(req *http.Request, body []byte, ts time.Time) { bot.SignRequest(req, secret, body, ts) }

// answer is what the bot said to one slash command: the acknowledgement
// and what came later on its response_url.
type answer struct {
	Status int
	Ack    string // text and blocks of the acknowledgement
	respID string
	fake   *fakeslack.Server
}

// Later returns the text of every message posted to the command's
// response_url so far.
func (a answer) Later() string {
	var b strings.Builder
	for _, m := range a.fake.Responses(a.respID) {
		b.WriteString(messageText(m))
		b.WriteString("\n")
	}
	return b.String()
}

// All is the acknowledgement and everything posted later.
func (a answer) All() string { return a.Ack + "\n" + a.Later() }

// loggedRe matches the answer to a stored entry: "Beslutning #7 loggført".
var loggedRe = regexp.MustCompile(`Beslutning #(\d+) loggført`)

// loggedSeq returns the sequence number the bot acknowledged, from the
// acknowledgement or, for a slow command, from its response_url.
func (a answer) loggedSeq() (int, bool) {
	m := loggedRe.FindStringSubmatch(a.All())
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// messageText is the text and the blocks' text of a Slack message (an
// acknowledgement or a response_url body).
func messageText(m map[string]any) string {
	var b strings.Builder
	if s, ok := m["text"].(string); ok {
		b.WriteString(s)
	}
	if blocks, ok := m["blocks"]; ok {
		raw, _ := json.Marshal(blocks)
		b.WriteString("\n")
		b.WriteString(unescapeJSON(string(raw)))
	}
	return b.String()
}

// unescapeJSON undoes encoding/json's HTML escaping of <, > and &.
func unescapeJSON(s string) string {
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(s)
}

// slashForm is the form Slack posts for a slash command.
func (p *botProc) slashForm(user, channel, text string) (url.Values, string) {
	id := p.w.nextID()
	respID := "cmd-" + id
	return url.Values{
		"command": {"/beredskap"}, "text": {text}, "user_id": {user}, "user_name": {"e2e"},
		"channel_id": {channel}, "team_id": {fakeslack.TeamID}, "api_app_id": {fakeslack.AppID},
		"response_url": {p.w.fake.ResponseURL(respID)}, "trigger_id": {"e2e." + id},
	}, respID
}

// slash sends /beredskap text as user in channel, signed now, and returns
// the answer. A transport error (the process died) is returned as such.
func (p *botProc) slash(ctx context.Context, user, channel, text string) (answer, error) {
	form, respID := p.slashForm(user, channel, text)
	resp, body, err := p.postSigned(ctx, formType, []byte(form.Encode()), time.Now(), signed)
	if err != nil {
		return answer{}, err
	}
	a := answer{Status: resp.StatusCode, respID: respID, fake: p.w.fake}
	if len(body) > 0 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			return a, fmt.Errorf("svaret er ikke JSON: %w: %s", err, body)
		}
		a.Ack = messageText(m)
	} else {
		a.Ack = string(body)
	}
	return a, nil
}

// mustSlash is slash that fails the test on a transport error or a
// status other than 200.
func (p *botProc) mustSlash(t testing.TB, user, channel, text string) answer {
	t.Helper()
	a, err := p.slash(context.Background(), user, channel, text)
	if err != nil {
		t.Fatalf("/beredskap %.40s: %v", text, err)
	}
	if a.Status != http.StatusOK {
		t.Fatalf("/beredskap %.40s: HTTP %d: %s", text, a.Status, a.Ack)
	}
	return a
}
