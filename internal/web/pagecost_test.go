package web_test

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/testkit"
	"codeberg.org/cortege/cortege/internal/web"
)

// Sizes of the Scene the page costs are compared at: fewer rows than a
// page holds, then a page and a half (enough for the next page to be
// full and to reveal a look-up per row), then more than two pages.
const (
	sizeSmall = 3
	sizeMid   = 25
	sizeLarge = 45
)

// costPage is a page whose cost is measured: its path (or a function
// finding it, for the next page of a search), who asks, and a text its
// body must hold, so an empty page does not pass for a cheap one.
type costPage struct {
	name string
	path func(s *testkit.Scene) string
	who  func(s *testkit.Scene) *testkit.Person // nil: anonymous
	want string
	// from is the first size the page is compared from (the next page
	// of /events only exists once there are more events than a page).
	from int
}

func fixed(p string) func(*testkit.Scene) string { return func(*testkit.Scene) string { return p } }

// webPages are the pages of issue 12, item 1, on the HTML side.
func webPages(c *pageCoster) []costPage {
	anon := func(*testkit.Scene) *testkit.Person { return nil }
	orga := func(s *testkit.Scene) *testkit.Person { return s.Orga }
	part := func(s *testkit.Scene) *testkit.Person { return s.Part }
	memb := func(s *testkit.Scene) *testkit.Person { return s.Memb }
	day := func(d int) string { return time.Now().AddDate(0, 0, d).Format("2006-01-02") }
	group := func(suffix string) func(s *testkit.Scene) string {
		return func(s *testkit.Scene) string { return "/@" + s.Group.Handle + suffix }
	}
	event := func(big bool) func(s *testkit.Scene) string {
		return func(s *testkit.Scene) string {
			if big {
				return "/events/" + s.Big
			}
			return "/events/" + s.Plain
		}
	}
	t := testkit.SceneTitle
	return []costPage{
		{name: "home", path: fixed("/"), who: anon, want: t},
		{name: "home signed in", path: fixed("/"), who: part, want: t},
		{name: "events", path: fixed("/events"), who: anon, want: t},
		{name: "events signed in", path: fixed("/events"), who: part, want: t},
		{name: "events text", path: fixed("/events?q=" + url.QueryEscape(t)), who: anon, want: t},
		{name: "events near", path: fixed("/events?near=Lyon&radius=25"), who: anon, want: t},
		{name: "events dates", path: fixed("/events?from=" + day(0) + "&to=" + day(60)), who: anon, want: t},
		{name: "events group", path: fixed("/events?group=velolyon"), who: anon, want: t},
		{name: "events category", path: fixed("/events?category=meeting"), who: anon, want: t},
		{name: "events next page", path: c.nextPage, who: anon, want: t, from: sizeMid},
		{name: "group page", path: group(""), who: anon, want: t},
		{name: "group page member", path: group(""), who: memb, want: t},
		{name: "groups", path: fixed("/groups"), who: anon, want: "Groupe"},
		{name: "groups text", path: fixed("/groups?q=groupe"), who: anon, want: "Groupe"},
		{name: "dashboard", path: fixed("/dashboard"), who: part, want: t},
		{name: "event", path: event(false), who: anon, want: t},
		{name: "event organiser", path: event(false), who: orga, want: t},
		{name: "event participant", path: event(false), who: part, want: t},
		{name: "crowded event", path: event(true), who: anon, want: t},
		{name: "crowded event organiser", path: event(true), who: orga, want: t},
		{name: "crowded event participant", path: event(true), who: part, want: t},
		{name: "atom", path: fixed("/feeds/events.atom"), who: anon, want: t},
		{name: "ics", path: fixed("/feeds/events.ics"), who: anon, want: t},
		{name: "group atom", path: group("/events.atom"), who: anon, want: t},
		{name: "group ics", path: group("/events.ics"), who: anon, want: t},
		{name: "group ics member", path: group("/events.ics"), who: memb, want: t},
		{name: "group posts feed", path: group("/feed.atom"), who: anon, want: "<feed"},
	}
}

// TestPageCost: no page of issue 12, item 1 costs more statements when
// the instance holds more rows (events, groups, members, participants,
// comments), so a look-up per row (an N+1) cannot come back unnoticed.
// Each page is asked for twice at each size and the second answer is
// counted (the first warms what is done once, such as a session's
// touch). The app runs without the page cache, so an anonymous page
// costs what rendering it costs rather than 0 once kept; signed-in
// visitors are never served from that cache anyway.
func TestPageCost(t *testing.T) {
	a := testkit.NewApp(t, func(o *web.Options) { o.PageCacheBytes = 0 })
	c := &pageCoster{t: t, a: a, s: testkit.NewScene(t, a)}
	comparePageCosts(t, c.s, webPages(c), c.cost)
}

// comparePageCosts grows the Scene through the sizes, measures every
// page at each, prints the figures and fails for a page that costs more
// at a larger size than at the first it is compared from.
func comparePageCosts(t *testing.T, s *testkit.Scene, pages []costPage, cost func(costPage) int) {
	t.Helper()
	sizes := []int{sizeSmall, sizeMid, sizeLarge}
	got := make([][]int, len(pages))
	for _, n := range sizes {
		s.Grow(t, n)
		for i, p := range pages {
			c := -1
			if n >= p.from {
				c = cost(p)
			}
			got[i] = append(got[i], c)
		}
	}
	for i, p := range pages {
		ref := -1
		for j, n := range sizes {
			c := got[i][j]
			if c < 0 {
				continue
			}
			if ref < 0 {
				ref = c
			}
			if c > ref {
				t.Errorf("%s: %d statements at size %d, %d at size %d: the page costs more with more rows",
					p.name, ref, max(sizes[0], p.from), c, n)
			}
		}
		t.Logf("%-26s statements at sizes %v: %v", p.name, sizes, got[i])
	}
}

// pageCoster measures pages of an App over a Scene.
type pageCoster struct {
	t *testing.T
	a *testkit.App
	s *testkit.Scene
}

// cost asks for the page twice and returns what the second cost.
func (c *pageCoster) cost(p costPage) int {
	c.t.Helper()
	path, who := p.path(c.s), p.who(c.s)
	c.fetch(path, who, p.want)
	before := c.a.DB.Statements()
	c.fetch(path, who, p.want)
	return int(c.a.DB.Statements() - before)
}

// fetch GETs path as who (nil: anonymous), failing unless the answer is
// 200 with want in its body; it returns the body.
func (c *pageCoster) fetch(path string, who *testkit.Person, want string) string {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.a.URL+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Accept-Language", "fr")
	if who != nil {
		req.AddCookie(&http.Cookie{Name: "cortege_session", Value: who.Session})
	}
	r, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	if r.StatusCode != http.StatusOK || !strings.Contains(string(b), want) {
		c.t.Fatalf("GET %s: %d, want %q in\n%s", path, r.StatusCode, want, excerpt(string(b)))
	}
	return string(b)
}

var afterLink = regexp.MustCompile(`href="(/events\?[^"]*after=[^"]*)"`)

// nextPage is the link to the next page of /events, with its cursor.
func (c *pageCoster) nextPage(*testkit.Scene) string {
	c.t.Helper()
	m := afterLink.FindStringSubmatch(c.fetch("/events", nil, testkit.SceneTitle))
	if m == nil {
		c.t.Fatal("/events links to no next page with a cursor")
	}
	return html.UnescapeString(m[1])
}
