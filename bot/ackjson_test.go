package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// sameAsMarshal fails unless appendReply gives exactly json.Marshal's
// bytes for r.
func sameAsMarshal(t *testing.T, name string, r reply) {
	t.Helper()
	want, err := json.Marshal(&r)
	if err != nil {
		t.Fatalf("%s: json.Marshal: %v", name, err)
	}
	got, err := appendReply(nil, &r)
	if err != nil {
		t.Fatalf("%s: appendReply: %v", name, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: appendReply differs from json.Marshal\n got: %s\nwant: %s", name, got, want)
	}
}

// TestAppendReplyEveryCommand renders the answer of every command of the
// table, outside and inside an incident, and compares the fast encoder
// with encoding/json.
func TestAppendReplyEveryCommand(t *testing.T) {
	p := testkit.ExamplePlan(t)
	now := time.Date(2026, 11, 22, 13, 30, 0, 0, time.UTC)
	db := testkit.OpenDB(t, func() time.Time { return now })
	log := logrus.New()
	log.SetOutput(io.Discard)
	h := commands.New(p, db, nil, log)
	h.Now = db.Now
	ctx := context.Background()
	do := func(channel, line string) ui.Response {
		cmd, text, _ := strings.Cut(line, " ")
		return h.Handle(ctx, ui.Request{Command: cmd, Text: text, UserID: "U0KRISE001", ChannelID: channel})
	}
	opened := do("C0GENERAL", "/beredskap start strom Strømbrudd i <sentrum> & omegn")
	if opened.Opened == nil {
		t.Fatalf("start opened nothing: %+v", opened)
	}
	if err := db.SetChannel(ctx, opened.Opened.IncidentID, "C0INC", opened.Opened.ChannelName); err != nil {
		t.Fatal(err)
	}
	lines := []string{
		"/beredskap hjelp", "/beredskap status", "/beredskap logg Evakuering av \"skolen\" \\ kl. 14 <!channel>",
		"/beredskap korriger 2 Evakuering kl. 15", "/beredskap rolle kriseleder <@U0KARI>", "/beredskap møte 23:45",
		"/beredskap liste", "/beredskap mal", "/beredskap mal holding", "/beredskap årshjul",
		"/tiltak", "/tiltak strom", "/tiltak strom ferdig 1", "/tiltak ukjent", "/rolle", "/rolle kriseleder",
		"/kontakt nett", "/kontakt", "/varsling", "/beredskap avslutt", "/beredskap ukjent",
	}
	for _, ch := range []string{"C0GENERAL", "C0INC"} {
		for _, line := range lines {
			for i, rep := range replies(do(ch, line)) {
				sameAsMarshal(t, ch+" "+line+" #"+string(rune('0'+i)), rep)
			}
		}
	}
}

// TestAppendReplyEdgeCases covers escaping, Slack's limits and blocks the
// fast encoder hands to encoding/json.
func TestAppendReplyEdgeCases(t *testing.T) {
	texts := []string{
		"", "vanlig tekst", "æøå ÆØÅ – «sitat» 🚨", "<@U123> & <!here> > <", `"sitert" \ skråstrek`,
		"ny\nlinje\ttab\rvogn\bback\fform", "\x00\x01\x1f\x7f", "ugyldig \xff\xfe utf-8", "linje\u2028skille\u2029avsnitt",
		strings.Repeat("lang tekst ", 400), strings.Repeat("ø", 3001),
	}
	var buttons []ui.Button
	for i := range 30 {
		buttons = append(buttons, ui.Button{ActionID: "step_done", Text: strings.Repeat("Utført ", i), Value: "1:strom:" + string(rune('a'+i)), Style: []string{"", "primary", "danger"}[i%3]})
	}
	for _, text := range texts {
		r := ui.Response{Text: text, Visibility: ui.InChannel, Blocks: []ui.Block{
			{Kind: ui.BlockHeader, Text: text + strings.Repeat("h", 160)},
			{Kind: ui.BlockHeader, Text: text},
			{Kind: ui.BlockSection, Text: text},
			{Kind: ui.BlockContext, Text: text},
			{Kind: ui.BlockDivider},
			{Kind: ui.BlockActions, Buttons: buttons},
		}}
		for _, rep := range replies(r) {
			sameAsMarshal(t, "text "+text[:min(len(text), 20)], rep)
			rep.ReplaceOriginal = true
			sameAsMarshal(t, "replace "+text[:min(len(text), 20)], rep)
		}
		sameAsMarshal(t, "text only", reply{ResponseType: "ephemeral", Text: text})
	}

	yes := true
	txt := slack.NewTextBlockObject(slack.MarkdownType, "*fet* <tekst>", false, true)
	btn := slack.NewButtonBlockElement("a", "v", slack.NewTextBlockObject(slack.PlainTextType, "Knapp", true, false))
	confirm := *btn
	confirm.Confirm = slack.NewConfirmationBlockObject(txt, txt, txt, txt)
	withURL := *btn
	withURL.URL = "https://eksempel.no"
	header := slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "Overskrift", true, false))
	header.Level = 2
	header.BlockID = "h1"
	others := []slack.Block{
		slack.NewSectionBlock(txt, []*slack.TextBlockObject{txt}, nil),
		slack.NewSectionBlock(nil, nil, slack.NewAccessory(btn)),
		&slack.SectionBlock{Type: slack.MBTSection, Text: &slack.TextBlockObject{Type: "mrkdwn", Text: "x", Emoji: &yes}, BlockID: "s1"},
		&slack.SectionBlock{Type: slack.MBTSection, Text: txt, Expand: true},
		header,
		slack.NewActionBlock("knapper", &confirm),
		slack.NewActionBlock("", &withURL),
		slack.NewActionBlock("", btn, slack.NewOptionsSelectBlockElement("static_select", nil, "valg")),
		&slack.ActionBlock{Type: slack.MBTAction},
		slack.NewContextBlock("k", slack.NewImageBlockElement("https://eksempel.no/a.png", "bilde"), txt),
		&slack.ContextBlock{Type: slack.MBTContext},
		slack.NewImageBlock("https://eksempel.no/a.png", "bilde", "", nil),
		&slack.DividerBlock{Type: slack.MBTDivider, BlockID: "d"},
	}
	for i, b := range others {
		sameAsMarshal(t, "block "+string(b.BlockType())+string(rune('a'+i)), reply{ResponseType: "ephemeral", Text: "x", Blocks: []slack.Block{b}})
	}
}

// FuzzAppendReply: for any text, the fast encoder and encoding/json agree.
func FuzzAppendReply(f *testing.F) {
	for _, s := range []string{"", "æøå <&>", "\xff\u2028\"\\\n", strings.Repeat("x ", 1600)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := ui.Response{Text: s, Blocks: []ui.Block{
			{Kind: ui.BlockHeader, Text: s}, {Kind: ui.BlockSection, Text: s}, {Kind: ui.BlockContext, Text: s},
			{Kind: ui.BlockActions, Buttons: []ui.Button{{ActionID: s, Text: s, Value: s, Style: "primary"}}},
		}}
		for _, rep := range replies(r) {
			sameAsMarshal(t, "fuzz", rep)
		}
	})
}
