package web

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestPageCacheDates: a page no longer served leaves only its ETag and
// date behind (not counted as a page); the next page of the same key
// keeps that date when its bytes are the same, and may not answer
// If-Modified-Since when other bytes fall in the same second.
func TestPageCacheDates(t *testing.T) {
	now := time.Unix(1_800_000_000, 0).UTC()
	c := newPageCache(1<<20, time.Minute, func() time.Time { return now })
	page := func(gen uint64, etag string, at time.Time) *cachedPage {
		return &cachedPage{key: "k", gen: gen, at: at, etag: etag, body: []byte(strings.Repeat("x", 4096)),
			lastMod: at.Truncate(time.Second), datable: true, header: http.Header{}}
	}
	first := page(1, "a", now)
	c.put(first)
	if c.get("k", 2) != nil {
		t.Fatal("a page of another generation was served")
	}
	if pages, size := c.stats(); pages != 0 || size >= first.bytes() {
		t.Errorf("after it went stale: %d pages, %d bytes", pages, size)
	}
	if c.get("k", 1) != nil {
		t.Error("what is left of a stale page was served")
	}

	// The same bytes a minute later: the first date stays.
	later := now.Add(time.Minute)
	same := page(2, "a", later)
	c.put(same)
	if !same.lastMod.Equal(first.lastMod) || !same.datable || same.header.Get("Last-Modified") != first.lastMod.Format(http.TimeFormat) {
		t.Errorf("same bytes: Last-Modified %s (%q), datable %v; want the first page's %s", same.lastMod, same.header.Get("Last-Modified"), same.datable, first.lastMod)
	}

	// Other bytes in the second of the page they replace: no date to rely on.
	c.get("k", 3)
	other := page(3, "b", later.Add(300*time.Millisecond))
	other.lastMod = first.lastMod
	c.put(other)
	if other.datable {
		t.Error("other bytes dated like the page before them may answer If-Modified-Since")
	}
	r, _ := http.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("If-Modified-Since", first.lastMod.Format(http.TimeFormat))
	if other.notModified(r) || !same.notModified(r) {
		t.Errorf("If-Modified-Since: other %v, same %v", other.notModified(r), same.notModified(r))
	}
	if pages, _ := c.stats(); pages != 1 {
		t.Errorf("%d pages held, want 1", pages)
	}
}
