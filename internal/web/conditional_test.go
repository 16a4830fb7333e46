package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestConditionalLastModified: public pages and feeds carry
// Last-Modified, and If-Modified-Since answers 304 while the page is what
// the client holds, without a statement; not after an edit, even one in
// the same second as the copy the client holds; If-None-Match, when
// sent, decides alone. A page the cache renders again with the same bytes
// keeps its date.
func TestConditionalLastModified(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Vélorution de décembre"}, "place_area": {"Lyon"}})
	a.Clock.Advance(2 * time.Second) // the content changed in an earlier second
	page := "/events/" + id
	ims := func(lm string) map[string]string { return map[string]string{"If-Modified-Since": lm} }

	first := a.raw(page, nil)
	lm := first.h.Get("Last-Modified")
	if first.code != 200 || lm == "" {
		t.Fatalf("first view: %d, Last-Modified %q", first.code, lm)
	}
	if at, err := http.ParseTime(lm); err != nil || !at.Equal(a.Clock.Now().Truncate(time.Second)) {
		t.Errorf("Last-Modified %q, the page was rendered at %s", lm, a.Clock.Now())
	}
	var nm res
	if n := a.statementsOf(func() { nm = a.raw(page, ims(lm)) }); n != 0 || nm.code != http.StatusNotModified || nm.body != "" {
		t.Errorf("If-Modified-Since the date held: %d, %d statements", nm.code, n)
	}
	at, _ := http.ParseTime(lm)
	if r := a.raw(page, ims(at.Add(-time.Second).Format(http.TimeFormat))); r.code != 200 {
		t.Errorf("If-Modified-Since a second earlier: %d", r.code)
	}
	if r := a.raw(page, map[string]string{"If-Modified-Since": lm, "If-None-Match": `"other"`}); r.code != 200 {
		t.Errorf("If-None-Match of another copy with a current If-Modified-Since: %d", r.code)
	}
	if r := a.raw(page, ims("not a date")); r.code != 200 {
		t.Errorf("If-Modified-Since not a date: %d", r.code)
	}

	// An edit in the very second of the copy held: the date is the same,
	// so only the ETag may say the new page is current.
	a.editTitle(org, id, "Vélorution de janvier")
	after := a.raw(page, ims(lm))
	if after.code != 200 || !strings.Contains(after.body, "Vélorution de janvier") {
		t.Fatalf("after an edit in the same second: %d", after.code)
	}
	if after.h.Get("Last-Modified") != lm {
		t.Errorf("Last-Modified %q after an edit in the same second, want %q", after.h.Get("Last-Modified"), lm)
	}
	if r := a.raw(page, ims(lm)); r.code != 200 {
		t.Errorf("the new page answered 304 to the old copy's date")
	}
	if r := a.raw(page, map[string]string{"If-None-Match": after.h.Get("ETag")}); r.code != http.StatusNotModified {
		t.Errorf("its ETag: %d", r.code)
	}

	// Later, the cache renders it again (its age ran out): new bytes or
	// not, the copy dated in the edit's second is not called current; the
	// page rendered then gets a date of its own, which a third rendering
	// of the same bytes keeps.
	a.Clock.Advance(2 * time.Minute)
	again := a.raw(page, ims(lm))
	lm2 := again.h.Get("Last-Modified")
	if again.code != 200 || lm2 == lm {
		t.Fatalf("rendered again: %d, Last-Modified %q", again.code, lm2)
	}
	if r := a.raw(page, ims(lm2)); r.code != http.StatusNotModified {
		t.Errorf("If-Modified-Since its own date: %d", r.code)
	}
	a.Clock.Advance(2 * time.Minute)
	var third res
	if n := a.statementsOf(func() { third = a.raw(page, ims(lm2)) }); n == 0 {
		t.Error("a page past its age was served from the cache")
	}
	if third.code != http.StatusNotModified || third.h.Get("Last-Modified") != lm2 {
		t.Errorf("the same bytes rendered again: %d, Last-Modified %q, want 304 and %q", third.code, third.h.Get("Last-Modified"), lm2)
	}

	// A page first rendered in the second its content changed (nothing
	// kept before it to compare with) cannot be dated reliably either.
	fresh := a.createEvent(org, url.Values{"title": {"Marche de nuit"}, "place_area": {"Lyon"}})
	r := a.raw("/events/"+fresh, nil)
	if r.h.Get("Last-Modified") == "" || a.raw("/events/"+fresh, ims(r.h.Get("Last-Modified"))).code != 200 {
		t.Errorf("a page rendered in the second of its change answered 304 to If-Modified-Since")
	}
	a.Clock.Advance(2 * time.Second)

	// The feeds and the other public pages answer If-Modified-Since too.
	a.Clock.Advance(2 * time.Minute)
	for _, p := range []string{"/", "/events", "/feeds/events.atom", "/feeds/events.ics", page + ".ics"} {
		r := a.raw(p, nil)
		if r.h.Get("Last-Modified") == "" {
			t.Errorf("%s: no Last-Modified", p)
			continue
		}
		if c := a.raw(p, ims(r.h.Get("Last-Modified"))); c.code != http.StatusNotModified {
			t.Errorf("%s: If-Modified-Since its date: %d", p, c.code)
		}
	}
}
