package bot_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/internal/testclock"
)

func newDirectory(t *testing.T) (*bot.Directory, *fakeslack.Server, *slack.Client, *testclock.Clock) {
	t.Helper()
	fake := fakeslack.New(t)
	api := slack.New(fake.Token(), slack.OptionAPIURL(fake.URL()))
	clk := testclock.New(time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC))
	return bot.NewDirectory(api, clk.Now), fake, api, clk
}

func TestDirectoryChannelMember(t *testing.T) {
	dir, fake, api, clk := newDirectory(t)
	ctx := context.Background()
	ch, err := api.CreateConversation(slack.CreateConversationParams{ChannelName: "beredskap-test", IsPrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	// More members than one page of conversations.members holds.
	for i := range 1200 {
		id := fmt.Sprintf("U%05d", i)
		fake.AddUser(id, id, "")
		fake.AddMember(ch.ID, id)
	}
	for _, tt := range []struct {
		user string
		want bool
	}{{"U00000", true}, {"U01199", true}, {"U99999", false}, {"", false}} {
		if got, err := dir.ChannelMember(ctx, ch.ID, tt.user); err != nil || got != tt.want {
			t.Errorf("ChannelMember(%q) = %v, %v; want %v", tt.user, got, err, tt.want)
		}
	}
	pages := len(fake.Calls("conversations.members"))
	if pages != 2 {
		t.Errorf("conversations.members called %d times, want 2 (one listing in two pages)", pages)
	}

	// Someone leaves: trusted for MembersTTL, then asked again.
	fake.RemoveMember(ch.ID, "U00000")
	if ok, _ := dir.ChannelMember(ctx, ch.ID, "U00000"); !ok {
		t.Error("the cached list was not used")
	}
	clk.Add(bot.MembersTTL)
	if ok, _ := dir.ChannelMember(ctx, ch.ID, "U00000"); ok {
		t.Error("a member who left is still a member after MembersTTL")
	}

	// The bot invites someone: Invalidate makes the next answer fresh.
	fake.AddUser("UNEW", "Ny", "")
	fake.AddMember(ch.ID, "UNEW")
	dir.Invalidate(ch.ID)
	if ok, _ := dir.ChannelMember(ctx, ch.ID, "UNEW"); !ok {
		t.Error("after Invalidate the new member is not seen")
	}

	// A channel the bot cannot see has no members for it.
	if ok, err := dir.ChannelMember(ctx, "C404", "U00001"); ok || err != nil {
		t.Errorf("unknown channel = %v, %v; want false, nil", ok, err)
	}
}

func TestDirectoryEmail(t *testing.T) {
	dir, fake, _, clk := newDirectory(t)
	ctx := context.Background()
	fake.AddUser("UKARI", "Kari", "Kari.Nordmann@Example.no")
	for range 3 {
		if got, err := dir.Email(ctx, "UKARI"); err != nil || got != "kari.nordmann@example.no" {
			t.Fatalf("Email = %q, %v", got, err)
		}
	}
	if n := len(fake.Calls("users.info")); n != 1 {
		t.Errorf("users.info called %d times, want 1 (cached)", n)
	}
	clk.Add(bot.EmailTTL)
	_, _ = dir.Email(ctx, "UKARI")
	if n := len(fake.Calls("users.info")); n != 2 {
		t.Errorf("users.info called %d times after EmailTTL, want 2", n)
	}
	if got, err := dir.Email(ctx, "UNOBODY"); got != "" || err != nil {
		t.Errorf("unknown user = %q, %v; want \"\", nil", got, err)
	}
	fake.FailNext("users.info", 1, fakeslack.Failure{Status: 500})
	if _, err := dir.Email(ctx, "UOTHER"); err == nil {
		t.Error("a Slack failure was not returned")
	}
}
