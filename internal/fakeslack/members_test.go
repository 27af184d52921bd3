package fakeslack_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

func TestConversationsMembersPages(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	ch := mustCreate(t, api, "beredskap-medlemmer", true)
	want := []string{fakeslack.BotUserID}
	for i := range 5 {
		id := fmt.Sprintf("U%04d", i)
		fake.AddUser(id, id, id+"@example.no")
		fake.AddMember(ch.ID, id)
		want = append(want, id)
	}
	var got []string
	cursor := ""
	pages := 0
	for {
		ids, next, err := api.GetUsersInConversation(&slack.GetUsersInConversationParameters{ChannelID: ch.ID, Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		got = append(got, ids...)
		if next == "" {
			break
		}
		cursor = next
	}
	if !slices.Equal(got, want) || pages != 3 {
		t.Errorf("members = %v in %d pages, want %v in 3", got, pages, want)
	}
}

func TestConversationsMembersErrors(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	ch := mustCreate(t, api, "beredskap-feil", false)
	tests := []struct {
		channel string
		limit   int
		want    string
	}{
		{"C404", 0, "channel_not_found"},
		{ch.ID, 1000, "invalid_limit"},
		{ch.ID, 999, ""},
	}
	for _, tt := range tests {
		_, _, err := api.GetUsersInConversation(&slack.GetUsersInConversationParameters{ChannelID: tt.channel, Limit: tt.limit})
		if got := slackError(err); got != tt.want || (tt.want == "" && err != nil) {
			t.Errorf("members(%s, limit %d) = %v, want %q", tt.channel, tt.limit, err, tt.want)
		}
	}
	// A private channel the bot is not in does not exist for it.
	priv := mustCreate(t, api, "beredskap-privat", true)
	fake.RemoveMember(priv.ID, fakeslack.BotUserID)
	if _, _, err := api.GetUsersInConversation(&slack.GetUsersInConversationParameters{ChannelID: priv.ID}); slackError(err) != "channel_not_found" {
		t.Errorf("private channel without the bot: %v, want channel_not_found", err)
	}
}
