package storage

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

// With a log key new entries are HMAC-chained: they verify with the key
// (redactions too), not without it or with another, and a chain rewritten
// without the key does not verify.
func TestLogKey(t *testing.T) {
	ctx := context.Background()
	key := []byte("en hemmelig nøkkel på minst 32 tegn!")
	db, clk := mustOpen(t)
	old := mustCreate(t, db, "Før nøkkelen") // ChainV2, before the key was set
	db.SetLogKey(key)
	inc := mustCreate(t, db, "Strømbrudd")
	clk.Add(time.Minute)
	e := mustAppend(t, db, inc.ID, secret)
	clk.Add(time.Minute)
	mustAppend(t, db, inc.ID, "Aggregat bestilt")
	if e.Version != incident.ChainV3 {
		t.Fatalf("entry version %d, want ChainV3", e.Version)
	}
	if _, err := db.Redact(ctx, inc.ID, e.Seq, "U1", "Personopplysninger", nil); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{old.ID, inc.ID} {
		if err := db.VerifyLog(ctx, id); err != nil {
			t.Fatalf("VerifyLog(%d) with the key: %v", id, err)
		}
	}
	verifyWith := func(k []byte) error {
		db.SetLogKey(k)
		defer db.SetLogKey(key)
		return db.VerifyLog(ctx, inc.ID)
	}
	var ce *incident.ChainError
	if err := verifyWith(nil); !errors.As(err, &ce) || ce.Seq != 1 || !strings.Contains(ce.Reason, "BEREDSKAP_LOG_KEY") {
		t.Errorf("VerifyLog without the key = %v", err)
	}
	if err := verifyWith([]byte("en annen nøkkel på minst 32 tegn!!")); !errors.As(err, &ce) || ce.Seq != 1 {
		t.Errorf("VerifyLog with another key = %v", err)
	}

	// Rewriting #3 and every hash after it, without the key, is caught.
	entries, err := db.Entries(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.Exec(`DROP TRIGGER log_entries_no_update`); err != nil {
		t.Fatal(err)
	}
	prev := entries[1].Hash
	for _, en := range entries[2:] {
		if en.Seq == 3 {
			en.Text = "Aggregat avbestilt"
			en.Digest = incident.TextDigest(en.Salt, en.Text)
		}
		en.Version = incident.ChainV2 // the best one can do without the key
		en.PrevHash, en.Hash = prev, en.ComputeHash(prev)
		prev = en.Hash
		if _, err := db.write.Exec(`UPDATE log_entries SET text = ?, digest = ?, chain_version = ?, prev_hash = ?, hash = ? WHERE incident_id = ? AND seq = ?`,
			en.Text, en.Digest, en.Version, en.PrevHash, en.Hash, inc.ID, en.Seq); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.VerifyLog(ctx, inc.ID); !errors.As(err, &ce) || ce.Seq != 3 || !strings.Contains(ce.Reason, "skrevet om") {
		t.Errorf("VerifyLog of a chain rewritten without the key = %v, want #3 rewritten", err)
	}
}
