package service

import (
	"slices"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/store"
)

// TestThinHeads: the last hour keeps every head, the last day one an hour,
// older days one a day, and the latest head always stays.
func TestThinHeads(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 30, 0, 0, time.UTC)
	var heads []store.LogHead
	size := int64(0)
	for at := now.Add(-72 * time.Hour); !at.After(now); at = at.Add(10 * time.Minute) {
		size++
		heads = append(heads, store.LogHead{Size: size, SignedAt: at})
	}
	drop := thinHeads(heads, now)
	var kept []store.LogHead
	for _, h := range heads {
		if !slices.Contains(drop, h.Size) {
			kept = append(kept, h)
		}
	}
	if kept[len(kept)-1] != heads[len(heads)-1] {
		t.Fatal("the latest head was dropped")
	}
	perBucket := map[string]int{}
	for _, h := range kept {
		age := now.Sub(h.SignedAt)
		switch {
		case age <= headsAllFor:
			perBucket["recent"]++
		case age <= headsHourlyFor:
			perBucket[h.SignedAt.Truncate(time.Hour).String()]++
		default:
			perBucket[h.SignedAt.Truncate(24*time.Hour).String()]++
		}
	}
	if perBucket["recent"] != 7 { // 11:30, 11:40 … 12:30
		t.Errorf("heads of the last hour: %d, want 7", perBucket["recent"])
	}
	for k, n := range perBucket {
		if k != "recent" && n != 1 {
			t.Errorf("bucket %s keeps %d heads", k, n)
		}
	}
	if len(kept) < 7+23 || len(kept) > 7+24+4 {
		t.Errorf("%d heads kept of %d", len(kept), len(heads))
	}
}
