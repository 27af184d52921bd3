package storage

import (
	"context"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

func TestSlackUserCache(t *testing.T) {
	ctx := context.Background()
	db, _ := mustOpen(t)
	if id, ok, err := db.CachedSlackUser(ctx, "kari@kommune.no"); err != nil || ok || id != "" {
		t.Fatalf("empty cache = %q, %v, %v", id, ok, err)
	}
	if err := db.CacheSlackUser(ctx, " Kari@Kommune.no ", "U1"); err != nil {
		t.Fatal(err)
	}
	if id, ok, err := db.CachedSlackUser(ctx, "kari@kommune.no"); err != nil || !ok || id != "U1" {
		t.Errorf("CachedSlackUser = %q, %v, %v; want U1", id, ok, err)
	}
	if err := db.CacheSlackUser(ctx, "kari@kommune.no", "U2"); err != nil {
		t.Fatal(err)
	}
	if id, _, _ := db.CachedSlackUser(ctx, "KARI@kommune.no"); id != "U2" {
		t.Errorf("after replace = %q, want U2", id)
	}
	wantErr(t, db.CacheSlackUser(ctx, " ", "U1"), incident.ErrInvalid, "e-mail and user ID are required")
	wantErr(t, db.CacheSlackUser(ctx, "a@b.no", ""), incident.ErrInvalid, "e-mail and user ID are required")
}
