package fakeslack_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
)

func TestUploadFile(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)
	ch := mustCreate(t, api, "krise", false)
	report := "# Evalueringsrapport\n\nStrømbrudd 1. mars.\n"

	sum, err := api.UploadFileContext(context.Background(), slack.UploadFileParameters{
		Reader:         strings.NewReader(report),
		FileSize:       len(report),
		Filename:       "rapport.md",
		Title:          "Evalueringsrapport",
		Channel:        ch.ID,
		InitialComment: "Rapporten er klar",
	})
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	f, ok := fake.File(sum.ID)
	if !ok {
		t.Fatalf("file %q not stored", sum.ID)
	}
	if string(f.Content) != report || f.Name != "rapport.md" || f.Title != "Evalueringsrapport" ||
		!f.Completed || !slices.Equal(f.Channels, []string{ch.ID}) || f.Comment != "Rapporten er klar" {
		t.Errorf("file = %+v", f)
	}
	if sum.Title != "Evalueringsrapport" {
		t.Errorf("summary = %+v", sum)
	}

	state, _ := fake.Channel(ch.ID)
	if len(state.Messages) != 1 {
		t.Fatalf("messages = %+v", state.Messages)
	}
	m := state.Messages[0]
	if m.SubType != "file_share" || !slices.Equal(m.Files, []string{sum.ID}) || m.Text != "Rapporten er klar" {
		t.Errorf("share message = %+v", m)
	}
	hist, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: ch.ID})
	if err != nil || len(hist.Messages[0].Files) != 1 || hist.Messages[0].Files[0].Title != "Evalueringsrapport" {
		t.Errorf("history file = %+v, %v", hist, err)
	}

	wantMethods := []string{"files.getUploadURLExternal", fakeslack.MethodUpload, "files.completeUploadExternal"}
	var got []string
	for _, c := range fake.Calls(wantMethods...) {
		got = append(got, c.Method)
	}
	if !slices.Equal(got, wantMethods) {
		t.Errorf("calls = %v, want %v", got, wantMethods)
	}
}

func TestUploadFileErrors(t *testing.T) {
	fake := fakeslack.New(t)
	api := client(t, fake)

	_, err := api.UploadFileContext(context.Background(), slack.UploadFileParameters{
		Content: "x", FileSize: 1, Filename: "x.txt", Channel: "C404",
	})
	if slackError(err) != "channel_not_found" {
		t.Errorf("upload to unknown channel: %v", err)
	}
	_, err = api.CompleteUploadExternalContext(context.Background(), slack.CompleteUploadExternalParameters{
		Files: []slack.FileSummary{{ID: "F404"}},
	})
	if slackError(err) != "file_not_found" {
		t.Errorf("complete unknown file: %v", err)
	}

	// A reserved but never uploaded file cannot be completed either.
	u, err := api.GetUploadURLExternalContext(context.Background(), slack.GetUploadURLExternalParameters{FileName: "a.txt", FileSize: 3})
	if err != nil || !strings.HasPrefix(u.UploadURL, strings.TrimSuffix(fake.URL(), "api/")) {
		t.Fatalf("upload url = %+v, %v", u, err)
	}
	_, err = api.CompleteUploadExternalContext(context.Background(), slack.CompleteUploadExternalParameters{
		Files: []slack.FileSummary{{ID: u.FileID}},
	})
	if slackError(err) != "file_not_found" {
		t.Errorf("complete before upload: %v", err)
	}
}
