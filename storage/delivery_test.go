package storage

import (
	"context"
	"testing"
	"time"
)

func TestDeliveryLock(t *testing.T) {
	db, clock := mustOpen(t)
	ctx := context.Background()
	claim := func(owner string, force bool) bool {
		t.Helper()
		ok, err := db.ClaimDelivery(ctx, owner, 30*time.Second, force)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !claim("bot", true) {
		t.Fatal("the serving bot must get the lock")
	}
	if claim("reminders-run", false) {
		t.Fatal("a one-off run took the lock from a live bot")
	}
	clock.Add(20 * time.Second)
	if !claim("bot", false) {
		t.Fatal("the holder must be able to refresh its heartbeat")
	}
	clock.Add(29 * time.Second)
	if claim("reminders-run", false) {
		t.Fatal("heartbeat 29 s old is still live")
	}
	clock.Add(2 * time.Second)
	if !claim("reminders-run", false) {
		t.Fatal("a stale lock (bot died) must be taken over")
	}
	if !claim("bot", true) {
		t.Fatal("force takes over (a restarted bot)")
	}
	if err := db.ReleaseDelivery(ctx, "reminders-run"); err != nil {
		t.Fatal(err)
	}
	if claim("reminders-run", false) {
		t.Fatal("releasing someone else's lock must not free it")
	}
	if err := db.ReleaseDelivery(ctx, "bot"); err != nil {
		t.Fatal(err)
	}
	if !claim("reminders-run", false) {
		t.Fatal("a released lock is free")
	}
}
