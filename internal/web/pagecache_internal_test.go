package web

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestPageCacheBound: the cache holds no more bytes than its bound, the
// least recently used page leaving first; a page of another generation
// or past its age is not served; a page too big for the bound is not kept.
func TestPageCacheBound(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	c := newPageCache(64<<10, time.Minute, func() time.Time { return now })
	page := func(key string, n int) *cachedPage {
		return &cachedPage{key: key, gen: 1, at: now, body: []byte(strings.Repeat("x", n))}
	}
	for i := range 10 {
		c.put(page(fmt.Sprint("p", i), 7<<10))
		c.get("p0", 1) // p0 stays in use
	}
	pages, size := c.stats()
	if size > 64<<10 || pages >= 10 {
		t.Fatalf("%d pages, %d bytes kept under a bound of %d", pages, size, 64<<10)
	}
	if c.get("p0", 1) == nil || c.get("p1", 1) != nil || c.get("p9", 1) == nil {
		t.Error("eviction did not take the least recently used page")
	}
	if c.get("p9", 2) != nil || c.get("p9", 1) != nil {
		t.Error("a page of an older generation was served, or kept after")
	}
	now = now.Add(time.Minute)
	if c.get("p0", 1) != nil {
		t.Error("a page past its age was served")
	}
	c.put(page("huge", 9<<10))
	if c.get("huge", 1) != nil {
		t.Error("a page above an eighth of the bound was kept")
	}
	for i := range 10 {
		c.put(page(fmt.Sprint("q", i), 1<<10))
	}
	if _, size := c.stats(); size > 64<<10 || c.get("q0", 1) == nil || c.get("q9", 1) == nil {
		t.Errorf("%d bytes, small pages not all kept", size)
	}
}

// TestConditionalHeaders: If-None-Match and Accept-Encoding as clients
// write them.
func TestConditionalHeaders(t *testing.T) {
	tag := `W/"abc"`
	for h, want := range map[string]bool{`W/"abc"`: true, `"abc"`: true, `"x", W/"abc"`: true, `*`: true, `"abd"`: false, ``: false} {
		if etagMatches(h, tag) != want {
			t.Errorf("If-None-Match %q: %v", h, !want)
		}
	}
	for h, want := range map[string]bool{"gzip": true, "gzip, deflate, br": true, "br;q=1.0, gzip;q=0.8": true, "GZIP": true,
		"gzip;q=0": false, "gzip; q=0": false, "deflate": false, "": false, "identity": false} {
		if acceptsGzip(h) != want {
			t.Errorf("Accept-Encoding %q: %v", h, !want)
		}
	}
}

// TestCacheableAt: under /@handle/, the page itself and its feeds only.
func TestCacheableAt(t *testing.T) {
	for p, want := range map[string]bool{"/@velo": true, "/@velo/events.ics": true, "/@velo/events.atom": true, "/@velo/feed.atom": true,
		"/@velo/members": false, "/@velo/posts/1": false, "/@": false, "/@/x": false, "/velo": false} {
		if cacheableAt(p) != want {
			t.Errorf("%s: %v", p, !want)
		}
	}
}

// TestLivePageAge: a live page (a petition's, whose counter moves without
// the generation) is served for its own maximum age only, the others for
// the cache's.
func TestLivePageAge(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	c := newPageCache(1<<20, time.Minute, func() time.Time { return now })
	c.put(&cachedPage{key: "event", gen: 1, at: now, body: []byte("e")})
	c.put(&cachedPage{key: "petition", gen: 1, at: now, body: []byte("p"), maxAge: time.Second})
	now = now.Add(999 * time.Millisecond)
	if c.get("petition", 1) == nil || c.get("event", 1) == nil {
		t.Fatal("a page younger than its age was not served")
	}
	now = now.Add(time.Millisecond)
	if c.get("petition", 1) != nil {
		t.Error("a live page was served past its own age")
	}
	if c.get("event", 1) == nil {
		t.Error("a page was dropped at the live pages' age")
	}
}
