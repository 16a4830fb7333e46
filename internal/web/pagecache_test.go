package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// raw sends one GET with the given headers and nothing else (no cookie
// jar), and returns the answer read whole.
func (a *evApp) raw(path string, header map[string]string) res {
	a.t.Helper()
	req, err := http.NewRequest(http.MethodGet, a.URL+path, nil)
	if err != nil {
		a.t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	r, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return res{code: r.StatusCode, body: string(b), h: r.Header}
}

// statementsOf returns what fn cost in named statements.
func (a *evApp) statementsOf(fn func()) uint64 {
	before := a.DB.Statements()
	fn()
	return a.DB.Statements() - before
}

// editTitle renames an event through its edit form, as its organiser.
func (a *evApp) editTitle(org *user, id, title string) {
	a.t.Helper()
	r := a.get(org, "/events/"+id+"/edit")
	f := url.Values{}
	for _, k := range []string{"start", "tz", "place_area", "visibility", "join_mode", "status"} {
		if m := regexp.MustCompile(`name="` + k + `" value="([^"]*)"`).FindStringSubmatch(r.body); m != nil {
			f.Set(k, m[1])
		}
	}
	f.Set("title", title)
	f.Set("tz", "Europe/Paris")
	f.Set("visibility", "public")
	f.Set("publish", "1")
	if r := a.post(org, "/events/"+id+"/edit", f); r.code != http.StatusSeeOther {
		a.t.Fatalf("edit: %d\n%s", r.code, excerpt(r.body))
	}
}

// TestPageCacheAnonymous: an event page a visitor without an account got
// once is served again without a database statement, the same bytes; an
// edit of the event shows at once; If-None-Match answers 304; the home
// page, the group page and the feeds are kept the same way.
func TestPageCacheAnonymous(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Vélorution de décembre"}, "place_area": {"Lyon"}})
	fr := map[string]string{"Accept-Language": "fr"}

	first := a.raw("/events/"+id, fr)
	if first.code != 200 || !strings.Contains(first.body, "Vélorution de décembre") {
		t.Fatalf("first view: %d\n%s", first.code, excerpt(first.body))
	}
	var again res
	if n := a.statementsOf(func() { again = a.raw("/events/"+id, fr) }); n != 0 {
		t.Errorf("the second anonymous view ran %d statements", n)
	}
	if again.body != first.body || again.h.Get("ETag") == "" || again.h.Get("ETag") != first.h.Get("ETag") {
		t.Errorf("cached view differs: ETag %q / %q", again.h.Get("ETag"), first.h.Get("ETag"))
	}
	if cc := again.h.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("Cache-Control %q", cc)
	}
	if again.h.Get("Content-Security-Policy") == "" || again.h.Get("Content-Language") != "fr" {
		t.Errorf("headers lost: %v", again.h)
	}

	// Conditional: the ETag the visitor holds answers 304, no statement.
	var nm res
	if n := a.statementsOf(func() {
		nm = a.raw("/events/"+id, map[string]string{"Accept-Language": "fr", "If-None-Match": first.h.Get("ETag")})
	}); n != 0 || nm.code != http.StatusNotModified || nm.body != "" {
		t.Errorf("If-None-Match: %d, %d statements, %q", nm.code, n, nm.body)
	}

	// A write to the event: the next view shows it, a new ETag, and the
	// old one no longer answers 304.
	a.editTitle(org, id, "Vélorution de janvier")
	after := a.raw("/events/"+id, map[string]string{"Accept-Language": "fr", "If-None-Match": first.h.Get("ETag")})
	if after.code != 200 || !strings.Contains(after.body, "Vélorution de janvier") || after.h.Get("ETag") == first.h.Get("ETag") {
		t.Errorf("after the edit: %d, ETag %q\n%s", after.code, after.h.Get("ETag"), excerpt(after.body))
	}

	// The other public pages are kept too.
	g, err := a.Service.CreateGroup(context.Background(), a.actor(org), service.GroupInput{Handle: "velo", Name: "Vélo Lyon",
		Description: "Le groupe.", Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/events", "/groups", "/@" + g.Handle, "/@" + g.Handle + "/events.atom", "/@" + g.Handle + "/events.ics",
		"/@" + g.Handle + "/feed.atom", "/feeds/events.atom", "/feeds/events.ics", "/events/" + id + ".ics"} {
		first := a.raw(p, fr)
		if first.code != 200 {
			t.Errorf("%s: %d", p, first.code)
			continue
		}
		var again res
		if n := a.statementsOf(func() { again = a.raw(p, fr) }); n != 0 || again.body != first.body {
			t.Errorf("%s: the second view ran %d statements (same body: %v)", p, n, again.body == first.body)
		}
		if strings.Contains(again.h.Get("Cache-Control"), "private") || again.h.Get("ETag") == "" {
			t.Errorf("%s: Cache-Control %q, ETag %q", p, again.h.Get("Cache-Control"), again.h.Get("ETag"))
		}
	}
	// What may not be kept: a filtered search, another page under the group.
	for _, p := range []string{"/events?q=velo", "/@" + g.Handle + "/members"} {
		a.raw(p, fr)
		if n := a.statementsOf(func() { a.raw(p, fr) }); n == 0 {
			t.Errorf("%s was served from the cache", p)
		}
	}
}

// TestPageCacheSignedIn: a signed-in visitor never gets a kept page and
// never fills the cache; their answers stay private, without ETag.
func TestPageCacheSignedIn(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Réunion publique"}, "place_area": {"Lyon"}})

	// Signed in first: the page is theirs, nothing is kept.
	mine := a.get(org, "/events/"+id)
	if cc := mine.h.Get("Cache-Control"); cc != "private, no-store" || mine.h.Get("ETag") != "" {
		t.Errorf("signed-in answer: Cache-Control %q, ETag %q", cc, mine.h.Get("ETag"))
	}
	if n := a.statementsOf(func() { a.raw("/events/"+id, nil) }); n == 0 {
		t.Error("a signed-in view filled the cache for visitors")
	}
	// Kept for visitors now; the organiser still gets their own page.
	anon := a.raw("/events/"+id, nil)
	var again res
	if n := a.statementsOf(func() { again = a.get(org, "/events/"+id) }); n == 0 {
		t.Error("a signed-in visitor was served the kept page")
	}
	if again.body == anon.body || !strings.Contains(again.body, `action="/logout"`) || strings.Contains(anon.body, `action="/logout"`) {
		t.Errorf("signed-in and anonymous pages mixed up")
	}
	if again.h.Get("Cache-Control") != "private, no-store" {
		t.Errorf("signed-in Cache-Control %q", again.h.Get("Cache-Control"))
	}
	// Any cookie but the language one (an event's private session, a
	// stale session, anything) makes a personal request: straight to the
	// handler, which may set or clear cookies.
	for _, c := range []string{"cortege_manage=" + strings.Repeat("a", 43), "cortege_session=stale", "other=1"} {
		var r res
		if n := a.statementsOf(func() { r = a.raw("/events/"+id, map[string]string{"Cookie": c}) }); n == 0 {
			t.Errorf("cookie %s: served from the cache", c)
		}
		if r.h.Get("ETag") != "" {
			t.Errorf("cookie %s: ETag on a personal answer", c)
		}
	}
}

// TestPageCacheLanguages: each language is kept apart (Accept-Language,
// ?lang=, the language cookie), and no kept answer sets a cookie.
func TestPageCacheLanguages(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Marche"}, "place_area": {"Lyon"}})
	cases := []struct {
		name, path, lang string
		header           map[string]string
	}{
		{"fr", "/events/" + id, "fr", map[string]string{"Accept-Language": "fr"}},
		{"en", "/events/" + id, "en", map[string]string{"Accept-Language": "en-GB,en;q=0.8"}},
		{"link", "/events/" + id + "?lang=en", "en", map[string]string{"Accept-Language": "fr"}},
		{"cookie", "/events/" + id, "en", map[string]string{"Accept-Language": "fr", "Cookie": "cortege_lang=en"}},
	}
	for round := 0; round < 2; round++ {
		for _, c := range cases {
			var r res
			n := a.statementsOf(func() { r = a.raw(c.path, c.header) })
			if r.code != 200 || !strings.Contains(r.body, `<html lang="`+c.lang+`"`) || r.h.Get("Content-Language") != c.lang {
				t.Errorf("round %d, %s: %d, Content-Language %q", round, c.name, r.code, r.h.Get("Content-Language"))
			}
			if len(r.h.Values("Set-Cookie")) > 0 {
				t.Errorf("round %d, %s: Set-Cookie %q", round, c.name, r.h.Values("Set-Cookie"))
			}
			if round == 1 && n != 0 {
				t.Errorf("%s: the second view ran %d statements", c.name, n)
			}
			if c.name == "link" && !strings.Contains(r.body, "lang=en") {
				t.Errorf("the ?lang= variant lost its links")
			}
		}
	}
	if !strings.Contains(a.raw("/events/"+id, map[string]string{"Accept-Language": "en"}).h.Get("Vary"), "Accept-Language") {
		t.Error("no Vary: Accept-Language")
	}
}

// TestPageCacheGzip: a client accepting gzip gets the kept page
// compressed, with Vary: Accept-Encoding; the same page uncompressed
// otherwise.
func TestPageCacheGzip(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Marche"}, "place_area": {"Lyon"}})
	plain := a.raw("/events/"+id, nil)
	gz := a.raw("/events/"+id, map[string]string{"Accept-Encoding": "gzip"})
	if gz.h.Get("Content-Encoding") != "gzip" || len(gz.body) >= len(plain.body) || !strings.Contains(gz.h.Get("Vary"), "Accept-Encoding") {
		t.Errorf("gzip: %q, %d bytes against %d, Vary %q", gz.h.Get("Content-Encoding"), len(gz.body), len(plain.body), gz.h.Get("Vary"))
	}
	if a.raw("/events/"+id, map[string]string{"Accept-Encoding": "gzip;q=0"}).h.Get("Content-Encoding") != "" {
		t.Error("gzip sent to a client refusing it")
	}
	if plain.h.Get("Content-Encoding") != "" || !strings.Contains(plain.body, "Marche") {
		t.Error("plain answer compressed")
	}
}

// TestPageCacheAges: time alone retires a kept page (an event about to
// start, then started), without any write.
func TestPageCacheAges(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Marche"}, "place_area": {"Lyon"}})
	a.raw("/events/"+id, nil)
	if n := a.statementsOf(func() { a.raw("/events/"+id, nil) }); n != 0 {
		t.Fatalf("not kept: %d statements", n)
	}
	a.Clock.Advance(2 * time.Minute)
	if n := a.statementsOf(func() { a.raw("/events/"+id, nil) }); n == 0 {
		t.Error("a page older than its maximum age was served")
	}
}
