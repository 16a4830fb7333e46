package store_test

import (
	"context"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestMigrateAndPrepare migrates the engine under test from empty (the suite
// runs on SQLite and on PostgreSQL) and prepares every named query; both
// dialects must have the same migration numbers.
func TestMigrateAndPrepare(t *testing.T) {
	db := testkit.OpenDB(t)
	if len(db.QueryNames()) < 20 {
		t.Fatalf("only %d queries prepared", len(db.QueryNames()))
	}
	n, err := db.Migrate(context.Background())
	if err != nil || n != 0 {
		t.Fatalf("second migrate applied %d, err %v", n, err)
	}
	lite, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Name != pg[i].Name {
			t.Errorf("migration %d: %s vs %s", i+1, lite[i].Name, pg[i].Name)
		}
	}
}

func TestAccountRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := testkit.OpenDB(t)
	q := db.Q()
	now := time.Now().UTC().Truncate(time.Millisecond)
	a := &cortege.Account{ID: cortege.NewID(now), Email: "Jeanne@Example.org", Role: cortege.RoleUser, Status: cortege.AccountActive, Lang: "fr", CreatedAt: now}
	if err := q.CreateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	dup := *a
	dup.ID = cortege.NewID(now)
	dup.Email = "jeanne@example.org"
	if err := q.CreateAccount(ctx, &dup); cortege.ErrorCode(err) != cortege.ECONFLICT {
		t.Fatalf("duplicate address: got %v, want ECONFLICT", err)
	}
	got, err := q.AccountByEmail(ctx, "JEANNE@example.org")
	if err != nil || got.ID != a.ID || !got.CreatedAt.Equal(now) {
		t.Fatalf("AccountByEmail = %+v, %v", got, err)
	}
	if _, err := q.AccountByID(ctx, "nope"); !cortege.IsNotFound(err) {
		t.Fatalf("unknown id: %v", err)
	}
	p := &cortege.Profile{ID: cortege.NewID(now), AccountID: a.ID, Handle: "jeanne", DisplayName: "Jeanne", CreatedAt: now}
	if err := q.CreateProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	p2 := &cortege.Profile{ID: cortege.NewID(now), AccountID: a.ID, Handle: "jeanne", DisplayName: "Other", CreatedAt: now}
	if err := q.CreateProfile(ctx, p2); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != "handle" {
		t.Fatalf("taken handle: %v", err)
	}
	ps, err := q.ProfilesByAccount(ctx, a.ID)
	if err != nil || len(ps) != 1 || ps[0].Deleted {
		t.Fatalf("ProfilesByAccount = %v, %v", ps, err)
	}
	if err := q.EraseProfile(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	e, err := q.ProfileByHandle(ctx, "jeanne")
	if err != nil || !e.Deleted || e.AccountID != "" || e.DisplayName != "" {
		t.Fatalf("erased profile = %+v, %v", e, err)
	}
	p3 := &cortege.Profile{ID: cortege.NewID(now), AccountID: a.ID, Handle: "jeanne2", DisplayName: "Jeanne", CreatedAt: now}
	if err := q.CreateProfile(ctx, p3); err != nil {
		t.Fatal(err)
	}
	byID, err := q.ProfilesByIDs(ctx, []string{p.ID, p3.ID, "unknown", p3.ID})
	if err != nil || len(byID) != 2 || !byID[p.ID].Deleted || byID[p3.ID].Handle != "jeanne2" {
		t.Fatalf("ProfilesByIDs = %v, %v", byID, err)
	}
	if none, err := q.ProfilesByIDs(ctx, nil); err != nil || len(none) != 0 {
		t.Fatalf("ProfilesByIDs(nil) = %v, %v", none, err)
	}
}

func TestLoginTokenSingleUse(t *testing.T) {
	ctx := context.Background()
	db := testkit.OpenDB(t)
	now := time.Now()
	clock := now
	db.SetClock(func() time.Time { return clock })
	q := db.Q()
	h := cortege.HashToken(cortege.NewToken())
	if err := q.CreateLoginToken(ctx, &store.LoginToken{Hash: h, Purpose: cortege.TokenLogin, Email: "a@example.org", Lang: "en", ExpiresAt: now.Add(cortege.LoginTokenTTL)}); err != nil {
		t.Fatal(err)
	}
	if tok, err := q.ConsumeLoginToken(ctx, h, cortege.TokenLogin); err != nil || tok.Email != "a@example.org" || tok.Lang != "en" {
		t.Fatalf("first use: %+v %v", tok, err)
	}
	if _, err := q.ConsumeLoginToken(ctx, h, cortege.TokenLogin); !cortege.IsNotFound(err) {
		t.Fatalf("second use: %v", err)
	}
	h2 := cortege.HashToken(cortege.NewToken())
	q.CreateLoginToken(ctx, &store.LoginToken{Hash: h2, Purpose: cortege.TokenLogin, Email: "a@example.org", ExpiresAt: now.Add(cortege.LoginTokenTTL)})
	clock = now.Add(11 * time.Minute)
	if _, err := q.ConsumeLoginToken(ctx, h2, cortege.TokenLogin); !cortege.IsNotFound(err) {
		t.Fatalf("expired token: %v", err)
	}
}

func TestRateLimitWindow(t *testing.T) {
	ctx := context.Background()
	db := testkit.OpenDB(t)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { return now })
	q := db.Q()
	for i := 1; i <= 3; i++ {
		n, err := q.HitRateLimit(ctx, "login:ip:1", time.Minute)
		if err != nil || n != i {
			t.Fatalf("hit %d: n=%d err=%v", i, n, err)
		}
	}
	now = now.Add(time.Minute)
	if n, _ := q.HitRateLimit(ctx, "login:ip:1", time.Minute); n != 1 {
		t.Fatalf("new window: n=%d, want 1", n)
	}
	// Reading the count adds no hit; another key, or the next window, reads 0.
	for i := 0; i < 2; i++ {
		if n, err := q.RateLimitCount(ctx, "login:ip:1", time.Minute); err != nil || n != 1 {
			t.Fatalf("count: n=%d err=%v", n, err)
		}
	}
	if n, _ := q.RateLimitCount(ctx, "login:ip:2", time.Minute); n != 0 {
		t.Fatalf("unknown key: %d", n)
	}
	now = now.Add(time.Minute)
	if n, _ := q.RateLimitCount(ctx, "login:ip:1", time.Minute); n != 0 {
		t.Fatalf("next window: %d", n)
	}
}

// Text PostgreSQL cannot store is refused the same way on both engines.
func TestNULRefusedOnBothEngines(t *testing.T) {
	ctx := context.Background()
	db := testkit.OpenDB(t)
	now := time.Now()
	a := &cortege.Account{ID: cortege.NewID(now), Email: "nul\x00@example.org", Role: cortege.RoleUser, Status: cortege.AccountActive, Lang: "fr", CreatedAt: now}
	if err := db.Q().CreateAccount(ctx, a); cortege.ErrorCode(err) != cortege.EINVALID {
		t.Fatalf("NUL: %v", err)
	}
	_, err := db.Q().AccountByEmail(ctx, "bad\xffutf8")
	if c := cortege.ErrorCode(err); c != cortege.EINVALID && c != cortege.ENOTFOUND {
		t.Fatalf("invalid UTF-8: %v", err)
	}
}

// Purge runs every clean-up statement without error on the engine under
// test.
func TestPurge(t *testing.T) {
	db := testkit.OpenDB(t)
	if err := db.Q().Purge(context.Background()); err != nil {
		t.Fatal(err)
	}
}
