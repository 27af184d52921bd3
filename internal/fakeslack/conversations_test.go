package fakeslack_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

func TestCreateConversation(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)

	ch := mustCreate(t, api, "krise-2025-03-01-strom", true)
	if !strings.HasPrefix(ch.ID, "C") || ch.Name != "krise-2025-03-01-strom" || !ch.IsPrivate {
		t.Fatalf("created channel = %+v", ch.GroupConversation)
	}
	if !ch.IsMember || ch.Creator != fakeslack.BotUserID {
		t.Errorf("bot is not member/creator: is_member=%v creator=%q", ch.IsMember, ch.Creator)
	}
	got, ok := fake.ChannelByName("krise-2025-03-01-strom")
	if !ok || got.ID != ch.ID || !got.Private || !slices.Equal(got.Members, []string{fakeslack.BotUserID}) {
		t.Errorf("state = %+v, %v", got, ok)
	}
}

func TestCreateConversationErrors(t *testing.T) {
	tests := []struct {
		name string
		want string
	}{
		{"", "invalid_name_required"},
		{strings.Repeat("a", 80), ""},
		{strings.Repeat("a", 81), "invalid_name_maxlength"},
		{"Krise", "invalid_name_specials"},
		{"strøm-brudd", "invalid_name_specials"},
		{"krise strom", "invalid_name_specials"},
		{"#krise", "invalid_name_specials"},
		{"--__", "invalid_name_punctuation"},
		{"krise_1-a", ""},
		{"general", "name_taken"},
		{"GENERAL", "invalid_name_specials"},
	}
	fake := fakeslack.New(t)
	fake.AddChannel("C0GENERAL", "general")
	api := client(t, fake)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := api.CreateConversation(slack.CreateConversationParams{ChannelName: tt.name})
			if got := slackError(err); got != tt.want {
				t.Fatalf("error = %q (%v), want %q", got, err, tt.want)
			}
		})
	}
}

func TestCreateConversationTwiceIsNameTaken(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	mustCreate(t, api, "ovelse", false)
	_, err := api.CreateConversation(slack.CreateConversationParams{ChannelName: "ovelse", IsPrivate: true})
	if got := slackError(err); got != "name_taken" {
		t.Fatalf("second create: %v, want name_taken", err)
	}
}

func TestInvite(t *testing.T) {
	fake := fakeslack.New(t)
	fake.AddUser("U1", "Kari", "kari@example.no")
	fake.AddUser("U2", "Ola", "ola@example.no")
	fake.AddChannel("C0GENERAL", "general")
	api := client(t, fake)
	ch := mustCreate(t, api, "krise", true)

	got, err := api.InviteUsersToConversation(ch.ID, "U1", "U2")
	if err != nil {
		t.Fatalf("invite: %v", err)
	}
	if got.ID != ch.ID {
		t.Errorf("answer channel = %q", got.ID)
	}
	state, _ := fake.Channel(ch.ID)
	if want := []string{fakeslack.BotUserID, "U1", "U2"}; !slices.Equal(state.Members, want) {
		t.Errorf("members = %v, want %v", state.Members, want)
	}

	tests := []struct {
		name    string
		channel string
		users   []string
		want    string
	}{
		{"already in channel", ch.ID, []string{"U1"}, "already_in_channel"},
		{"unknown user", ch.ID, []string{"U404"}, "user_not_found"},
		{"self", ch.ID, []string{fakeslack.BotUserID}, "cant_invite_self"},
		{"unknown channel", "C404", []string{"U1"}, "channel_not_found"},
		{"bot not in channel", "C0GENERAL", []string{"U1"}, "not_in_channel"},
		{"no users", ch.ID, nil, "no_user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := api.InviteUsersToConversation(tt.channel, tt.users...)
			if got := slackError(err); got != tt.want {
				t.Fatalf("error = %q (%v), want %q", got, err, tt.want)
			}
		})
	}
	state, _ = fake.Channel(ch.ID)
	if len(state.Members) != 3 {
		t.Errorf("failed invites changed members: %v", state.Members)
	}
}

func TestInviteForceAddsTheGoodUsers(t *testing.T) {
	fake := fakeslack.New(t)
	fake.AddUser("U1", "Kari", "kari@example.no")
	api := client(t, fake)
	ch := mustCreate(t, api, "krise", false)

	_, err := api.ForceInviteUsersToConversation(ch.ID, "U1", "U404")
	var se slack.SlackErrorResponse
	if !asSlackError(err, &se) || se.Err != "user_not_found" || len(se.Errors) != 1 ||
		se.Errors[0].ConversationsInviteResponseError == nil ||
		se.Errors[0].ConversationsInviteResponseError.User != "U404" {
		t.Fatalf("force invite error = %#v", err)
	}
	state, _ := fake.Channel(ch.ID)
	if !slices.Contains(state.Members, "U1") {
		t.Errorf("U1 not added: %v", state.Members)
	}
}

func TestSetTopicInfoJoin(t *testing.T) {
	fake := fakeslack.New(t)
	fake.AddChannel("C0GENERAL", "general")
	api := client(t, fake)
	ch := mustCreate(t, api, "krise", false)

	if _, err := api.SetTopicOfConversation(ch.ID, "Strømbrudd – kriseleder: Kari"); err != nil {
		t.Fatalf("set topic: %v", err)
	}
	info, err := api.GetConversationInfo(&slack.GetConversationInfoInput{ChannelID: ch.ID, IncludeNumMembers: true})
	if err != nil {
		t.Fatalf("info: %v", err)
	}
	if info.Topic.Value != "Strømbrudd – kriseleder: Kari" || info.NumMembers != 1 || !info.IsMember {
		t.Errorf("info = topic %q, members %d, is_member %v", info.Topic.Value, info.NumMembers, info.IsMember)
	}
	if _, err := api.SetTopicOfConversation(ch.ID, strings.Repeat("x", 251)); slackError(err) != "too_long" {
		t.Errorf("long topic: %v, want too_long", err)
	}
	if _, err := api.SetTopicOfConversation("C0GENERAL", "x"); slackError(err) != "not_in_channel" {
		t.Errorf("topic outside channel: %v, want not_in_channel", err)
	}

	joined, warning, _, err := api.JoinConversation("C0GENERAL")
	if err != nil || joined.ID != "C0GENERAL" || warning != "" {
		t.Fatalf("join = %v, %q, %v", joined, warning, err)
	}
	if _, warning, _, _ = api.JoinConversation("C0GENERAL"); warning != "already_in_channel" {
		t.Errorf("second join warning = %q", warning)
	}
	if _, err := api.GetConversationInfo(&slack.GetConversationInfoInput{ChannelID: "C404"}); slackError(err) != "channel_not_found" {
		t.Errorf("info of unknown channel: %v", err)
	}
}

func TestHistory(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	ch := mustCreate(t, api, "krise", false)
	meta := slack.SlackMetadata{EventType: "beredskap_log", EventPayload: map[string]any{"seq": 1.0}}
	first := mustPost(t, api, ch.ID, "første", slack.MsgOptionMetadata(meta))
	second := mustPost(t, api, ch.ID, "andre")
	mustPost(t, api, ch.ID, "svar i tråd", slack.MsgOptionTS(first))
	third := mustPost(t, api, ch.ID, "tredje")

	tests := []struct {
		name     string
		params   slack.GetConversationHistoryParameters
		want     []string
		hasMore  bool
		withMeta bool
	}{
		{"newest first, no replies", slack.GetConversationHistoryParameters{}, []string{third, second, first}, false, false},
		{"with metadata", slack.GetConversationHistoryParameters{IncludeAllMetadata: true}, []string{third, second, first}, false, true},
		{"limit", slack.GetConversationHistoryParameters{Limit: 2}, []string{third, second}, true, false},
		{"oldest exclusive", slack.GetConversationHistoryParameters{Oldest: first}, []string{third, second}, false, false},
		{"latest inclusive", slack.GetConversationHistoryParameters{Latest: second, Inclusive: true}, []string{second, first}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.params
			p.ChannelID = ch.ID
			resp, err := api.GetConversationHistory(&p)
			if err != nil {
				t.Fatalf("history: %v", err)
			}
			var got []string
			for _, m := range resp.Messages {
				got = append(got, m.Timestamp)
			}
			if !slices.Equal(got, tt.want) || resp.HasMore != tt.hasMore {
				t.Fatalf("ts = %v has_more %v, want %v %v", got, resp.HasMore, tt.want, tt.hasMore)
			}
			last := resp.Messages[len(resp.Messages)-1]
			if hasMeta := last.Metadata.EventType != ""; last.Timestamp == first && hasMeta != tt.withMeta {
				t.Errorf("metadata present = %v, want %v", hasMeta, tt.withMeta)
			}
			if tt.withMeta && last.Metadata.EventPayload["seq"] != 1.0 {
				t.Errorf("metadata = %+v", last.Metadata)
			}
		})
	}

	page2, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: ch.ID, Limit: 2, Cursor: "offset:2"})
	if err != nil || len(page2.Messages) != 1 || page2.Messages[0].Timestamp != first {
		t.Errorf("second page = %+v, %v", page2, err)
	}
	replies, _, _, err := api.GetConversationReplies(&slack.GetConversationRepliesParameters{ChannelID: ch.ID, Timestamp: first})
	if err != nil || len(replies) != 2 || replies[1].Text != "svar i tråd" {
		t.Errorf("replies = %+v, %v", replies, err)
	}
}

func TestConversationsList(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	fake.AddChannel("C0B", "beredskap")
	fake.AddChannel("C0A", "annet")
	mustCreate(t, api, "hemmelig", true)
	list, next, err := api.GetConversations(&slack.GetConversationsParameters{Limit: 1})
	if err != nil || len(list) != 1 || list[0].ID != "C0A" || next == "" {
		t.Fatalf("first page = %v, next %q, err %v", list, next, err)
	}
	list, next, err = api.GetConversations(&slack.GetConversationsParameters{Limit: 1, Cursor: next})
	if err != nil || len(list) != 1 || list[0].Name != "beredskap" || next != "" {
		t.Fatalf("second page = %v, next %q, err %v", list, next, err)
	}
	list, _, err = api.GetConversations(&slack.GetConversationsParameters{Types: []string{"private_channel"}})
	if err != nil || len(list) != 1 || list[0].Name != "hemmelig" || !list[0].IsPrivate {
		t.Fatalf("private = %v, err %v", list, err)
	}
}
