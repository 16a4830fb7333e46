package cli

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"

	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// scaleSearch returns the IDs of the listed events matching each word,
// through the full-text index, in order.
func scaleSearch(t *testing.T, db *store.DB, words ...string) [][]string {
	t.Helper()
	var out [][]string
	for _, w := range words {
		ks, err := db.Q().SearchEvents(context.Background(), store.EventFilter{From: scaleTestNow, Terms: w, AllDates: true, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, k := range ks {
			ids = append(ids, k.Event.ID)
		}
		out = append(out, ids)
	}
	return out
}

// TestScaleBulkLoad: the generator's bulk load (the full-text index
// filled at its end) makes an instance whose searches answer as those of
// the same instance written transaction by transaction; the index is
// kept by its triggers again afterwards; a load that died before its end
// gets its index and triggers back at the next Open.
func TestScaleBulkLoad(t *testing.T) {
	if os.Getenv(testkit.EnvDatabaseURL) != "" {
		t.Skip("SQLite's bulk load")
	}
	ctx := context.Background()
	opt := scaleOptions{N: 300, Seed: 3, Now: scaleTestNow}
	open := func(path string, bulk bool) *store.DB {
		db, err := store.OpenAndMigrate(ctx, store.Config{URL: path, BulkLoad: bulk})
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	dir := t.TempDir()
	plain := open(filepath.Join(dir, "plain.db"), false)
	defer plain.Close()
	if _, _, err := generateScale(ctx, plain, opt); err != nil {
		t.Fatal(err)
	}
	words := []string{scaleVocabulary[0], scaleVocabulary[1], scaleTags[0], scaleRareWords[0]}
	want := scaleSearch(t, plain, words...)
	if len(want[0]) == 0 {
		t.Fatalf("no event matches %q: the comparison proves nothing", words[0])
	}

	for _, crash := range []bool{false, true} {
		path := filepath.Join(dir, "bulk.db")
		os.Remove(path)
		bulk := open(path, true)
		if _, _, err := generateScale(ctx, bulk, opt); err != nil {
			t.Fatal(err)
		}
		if crash {
			// As if the process died: no Close, so the end of the load
			// never ran; a new Open finds the triggers suspended.
			if got := scaleSearch(t, bulk, words[0]); len(got[0]) != 0 {
				t.Fatalf("the index was kept during the load: %d matches", len(got[0]))
			}
		} else if err := bulk.Close(); err != nil {
			t.Fatal(err)
		}
		db := open(path, false)
		if got := scaleSearch(t, db, words...); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("crash %v: searches after a bulk load differ from the plain instance's:\n got %v\nwant %v", crash, got, want)
		}
		// The triggers keep the index again: a new event is found.
		at := scaleTestNow.AddDate(0, 0, 3)
		e := &cortege.Event{ID: cortege.NewID(at), Title: "Rassemblement zygomatique", Start: at, End: at.Add(time.Hour), TZ: "Europe/Paris",
			Status: cortege.EventConfirmed, Published: true, Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinFree,
			Confirmed: true, Lang: "fr", CreatedAt: at, UpdatedAt: at}
		if err := db.Q().CreateEvent(ctx, e, ""); err != nil {
			t.Fatal(err)
		}
		if got := scaleSearch(t, db, "zygomatique"); len(got[0]) != 1 {
			t.Errorf("crash %v: an event written after the load is not in the index: %v", crash, got)
		}
		db.Close()
		if crash {
			bulk.Close() // now, after the new Open restored everything
		}
	}
}
