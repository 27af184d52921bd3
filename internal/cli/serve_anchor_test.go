package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/fakeslack"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// With BEREDSKAP_ANCHOR_CHANNEL set, serve posts the heads of the logs
// to that channel at start (nothing was posted before).
func TestServePostsAnchors(t *testing.T) {
	fake := fakeslack.New(t)
	fake.AddChannel("C0ANKER", "beredskap-anker")
	cfg := serveConfig(t, fake)
	cfg.AnchorChannel = "C0ANKER"
	db, err := storage.Open(cfg.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	inc, _, err := db.CreateIncident(context.Background(), incident.NewIncident{Title: "Strømbrudd", Kind: incident.KindIncident, OpenedBy: "U1"})
	if err != nil {
		t.Fatal(err)
	}
	head, err := db.AppendEntry(context.Background(), incident.NewEntry{IncidentID: inc.ID, Kind: incident.EntryDecision, Author: "U1", Text: "Varmestue åpnes"})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	stop, stderr := startServe(t, cfg)
	want := "Hendelse 1: siste linje #2, hash `" + head.Hash + "`"
	found := false
	for deadline := time.Now().Add(15 * time.Second); !found && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for _, c := range fake.Calls("chat.postMessage") {
			if c.Params.Get("channel") == "C0ANKER" && strings.Contains(c.Params.Get("text"), want) {
				found = true
			}
		}
	}
	if code := stop(); code != 0 {
		t.Errorf("exit %d; stderr: %s", code, stderr)
	}
	if !found {
		t.Fatalf("no anchor post with %q to C0ANKER; calls: %+v\nstderr: %s", want, fake.Calls("chat.postMessage"), stderr)
	}
}
