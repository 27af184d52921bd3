package fakeslack_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

func TestPostMessageStoresContent(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	ch := mustCreate(t, api, "krise", false)

	blocks := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "Strømbrudd", false, false)),
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "*Kriseleder:* Kari", false, false), nil, nil),
	}
	meta := slack.SlackMetadata{EventType: "beredskap_incident", EventPayload: map[string]any{"incident": "I-1"}}
	gotCh, ts, err := api.PostMessage(ch.ID, slack.MsgOptionText("Strømbrudd", false),
		slack.MsgOptionBlocks(blocks...), slack.MsgOptionMetadata(meta))
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	if gotCh != ch.ID || ts == "" {
		t.Fatalf("answer = %q %q", gotCh, ts)
	}
	state, _ := fake.Channel(ch.ID)
	if len(state.Messages) != 1 {
		t.Fatalf("messages = %+v", state.Messages)
	}
	m := state.Messages[0]
	if m.TS != ts || m.Text != "Strømbrudd" || m.User != fakeslack.BotUserID {
		t.Errorf("message = %+v", m)
	}
	var decoded []map[string]any
	if err := json.Unmarshal(m.Blocks, &decoded); err != nil || len(decoded) != 2 || decoded[0]["type"] != "header" {
		t.Errorf("blocks = %s (%v)", m.Blocks, err)
	}
	var md slack.SlackMetadata
	if err := json.Unmarshal(m.Metadata, &md); err != nil || md.EventType != "beredskap_incident" || md.EventPayload["incident"] != "I-1" {
		t.Errorf("metadata = %s (%v)", m.Metadata, err)
	}
}

func TestPostMessageTargets(t *testing.T) {
	fake := fakeslack.New(t)
	fake.AddUser("U1", "Kari", "kari@example.no")
	fake.AddChannel("C0GENERAL", "general")
	api := client(t, fake)
	priv := mustCreate(t, api, "krise", true)

	tests := []struct {
		name, target, wantChannel, wantErr string
	}{
		{"by id", priv.ID, priv.ID, ""},
		{"by name", "krise", priv.ID, ""},
		{"by #name", "#krise", priv.ID, ""},
		{"public channel without membership", "C0GENERAL", "C0GENERAL", ""},
		{"user id opens a DM", "U1", fake.OpenDM("U1"), ""},
		{"unknown channel", "C404", "", "channel_not_found"},
		{"unknown name", "#finnes-ikke", "", "channel_not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotCh, _, err := api.PostMessage(tt.target, slack.MsgOptionText("hei", false))
			if slackError(err) != tt.wantErr || gotCh != tt.wantChannel {
				t.Fatalf("post = %q, %v; want %q, %q", gotCh, err, tt.wantChannel, tt.wantErr)
			}
		})
	}
	dm, ok := fake.Channel(fake.OpenDM("U1"))
	if !ok || dm.DMUser != "U1" || len(dm.Messages) != 1 {
		t.Errorf("DM = %+v", dm)
	}
}

func TestPostMessageRejectsBadContent(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	ch := mustCreate(t, api, "krise", false)
	longHeader := slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, strings.Repeat("x", 151), false, false))

	tests := []struct {
		name string
		opts []slack.MsgOption
		want string
	}{
		{"no text", nil, "no_text"},
		{"too long", []slack.MsgOption{slack.MsgOptionText(strings.Repeat("x", 40001), false)}, "msg_too_long"},
		{"header too long", []slack.MsgOption{slack.MsgOptionBlocks(longHeader)}, "invalid_blocks"},
		{"metadata without event type", []slack.MsgOption{slack.MsgOptionText("x", false), slack.MsgOptionMetadata(slack.SlackMetadata{})}, "invalid_metadata_format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := api.PostMessage(ch.ID, tt.opts...)
			if got := slackError(err); got != tt.want {
				t.Fatalf("error = %q (%v), want %q", got, err, tt.want)
			}
		})
	}
	if state, _ := fake.Channel(ch.ID); len(state.Messages) != 0 {
		t.Errorf("rejected messages stored: %+v", state.Messages)
	}
}

func TestUpdateMessage(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	ch := mustCreate(t, api, "krise", false)
	ts := mustPost(t, api, ch.ID, "Status: ukjent")

	_, gotTS, text, err := api.UpdateMessage(ch.ID, ts, slack.MsgOptionText("Status: under kontroll", false))
	if err != nil || gotTS != ts || text != "Status: under kontroll" {
		t.Fatalf("update = %q %q %v", gotTS, text, err)
	}
	state, _ := fake.Channel(ch.ID)
	if m := state.Messages[0]; m.Text != "Status: under kontroll" || !m.Updated {
		t.Errorf("message = %+v", m)
	}
	if _, _, _, err := api.UpdateMessage(ch.ID, "1.000001", slack.MsgOptionText("x", false)); slackError(err) != "message_not_found" {
		t.Errorf("update unknown ts: %v", err)
	}
	if _, _, _, err := api.UpdateMessage("C404", ts, slack.MsgOptionText("x", false)); slackError(err) != "channel_not_found" {
		t.Errorf("update unknown channel: %v", err)
	}
}

func TestPins(t *testing.T) {
	fake := fakeslack.New(t)
	fake.AddChannel("C0GENERAL", "general")
	api := client(t, fake)
	ch := mustCreate(t, api, "krise", false)
	ts := mustPost(t, api, ch.ID, "Tiltakskort: strøm")

	if err := api.AddPin(ch.ID, slack.ItemRef{Timestamp: ts}); err != nil {
		t.Fatalf("pin: %v", err)
	}
	tests := []struct {
		name, channel, ts, want string
	}{
		{"again", ch.ID, ts, "already_pinned"},
		{"unknown message", ch.ID, "1.000001", "message_not_found"},
		{"no item", ch.ID, "", "no_item_specified"},
		{"not in channel", "C0GENERAL", ts, "not_in_channel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := api.AddPin(tt.channel, slack.ItemRef{Timestamp: tt.ts}); slackError(err) != tt.want {
				t.Fatalf("pin: %v, want %q", err, tt.want)
			}
		})
	}
	state, _ := fake.Channel(ch.ID)
	if !slices.Equal(state.Pins, []string{ts}) {
		t.Errorf("pins = %v", state.Pins)
	}
	hist, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: ch.ID})
	if err != nil || hist.PinCount != 1 || !slices.Equal(hist.Messages[0].PinnedTo, []string{ch.ID}) {
		t.Errorf("history pin info = %+v, %v", hist, err)
	}
}

func TestEphemeralAndPermalink(t *testing.T) {
	fake := fakeslack.New(t)
	fake.AddUser("U1", "Kari", "kari@example.no")
	api := client(t, fake)
	ch := mustCreate(t, api, "krise", false)

	ts, err := api.PostEphemeral(ch.ID, "U1", slack.MsgOptionText("Bare til deg", false))
	if err != nil || ts == "" {
		t.Fatalf("ephemeral = %q, %v", ts, err)
	}
	state, _ := fake.Channel(ch.ID)
	if len(state.Messages) != 0 || len(state.Ephemerals) != 1 || state.Ephemerals[0].To != "U1" || state.Ephemerals[0].Text != "Bare til deg" {
		t.Errorf("state = %+v", state)
	}
	if _, err := api.PostEphemeral(ch.ID, "U404", slack.MsgOptionText("x", false)); slackError(err) != "user_not_in_channel" {
		t.Errorf("ephemeral to unknown user: %v", err)
	}

	msgTS := mustPost(t, api, ch.ID, "Logg")
	link, err := api.GetPermalink(&slack.PermalinkParameters{Channel: ch.ID, Ts: msgTS})
	want := fakeslack.TeamURL + "archives/" + ch.ID + "/p" + strings.Replace(msgTS, ".", "", 1)
	if err != nil || link != want {
		t.Errorf("permalink = %q, %v; want %q", link, err, want)
	}
	if _, err := api.GetPermalink(&slack.PermalinkParameters{Channel: ch.ID, Ts: "1.000001"}); slackError(err) != "message_not_found" {
		t.Errorf("permalink of unknown message: %v", err)
	}
}

func TestUsers(t *testing.T) {
	fake := fakeslack.New(t)
	fake.AddUser("U1", "Kari Nordmann", "Kari@Example.no")
	api := client(t, fake)

	u, err := api.GetUserByEmail("kari@example.no")
	if err != nil || u.ID != "U1" || u.Profile.Email != "Kari@Example.no" || u.RealName != "Kari Nordmann" {
		t.Fatalf("lookup = %+v, %v", u, err)
	}
	if _, err := api.GetUserByEmail("ola@example.no"); slackError(err) != "users_not_found" {
		t.Errorf("lookup unknown: %v, want users_not_found", err)
	}
	u, err = api.GetUserInfo("U1")
	if err != nil || u.Name != "Kari Nordmann" || u.TZ != "Europe/Oslo" {
		t.Errorf("info = %+v, %v", u, err)
	}
	if _, err := api.GetUserInfo("U404"); slackError(err) != "user_not_found" {
		t.Errorf("info unknown: %v", err)
	}
	bot, err := api.GetUserInfo(fakeslack.BotUserID)
	if err != nil || !bot.IsBot {
		t.Errorf("bot user = %+v, %v", bot, err)
	}
}

func TestAuthTest(t *testing.T) {
	fake := fakeslack.New(t)
	resp, err := client(t, fake).AuthTest()
	if err != nil || resp.UserID != fakeslack.BotUserID || resp.BotID != fakeslack.BotID || resp.TeamID != fakeslack.TeamID {
		t.Fatalf("auth.test = %+v, %v", resp, err)
	}
}

func TestViewsOpen(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	title := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}
	view := slack.ModalViewRequest{
		Type:       slack.VTModal,
		Title:      title("Ny hendelse"),
		Submit:     title("Start"),
		CallbackID: "incident_new",
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock("what", title("Hva har skjedd?"), nil, slack.NewPlainTextInputBlockElement(nil, "what")),
		}},
	}
	resp, err := api.OpenView("trigger-1", view)
	if err != nil || resp.ID == "" || resp.CallbackID != "incident_new" || len(resp.Blocks.BlockSet) != 1 {
		t.Fatalf("open = %+v, %v", resp, err)
	}
	if calls := fake.Calls("views.open"); len(calls) != 1 || calls[0].Params.Get("trigger_id") != "trigger-1" {
		t.Errorf("calls = %+v", calls)
	}

	view.Title = title("En altfor lang tittel på modalen")
	_, err = api.OpenView("trigger-2", view)
	var se slack.SlackErrorResponse
	if !asSlackError(err, &se) || se.Err != "invalid_arguments" || len(se.ResponseMetadata.Messages) == 0 {
		t.Fatalf("long title: %#v", err)
	}
}
