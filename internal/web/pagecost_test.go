package web_test

import (
	"html"
	"net/url"
	"regexp"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/testkit"
	"codeberg.org/cortege/cortege/internal/web"
)

// TestPageCost: no page of issue 12, item 1 costs more statements when
// the instance holds more rows (events, series, groups, members,
// participants, comments), so a look-up per row (an N+1) cannot come
// back unnoticed. The app runs without the page cache, so an anonymous
// page costs what rendering it costs rather than 0 once kept; signed-in
// visitors are never served from that cache anyway.
func TestPageCost(t *testing.T) {
	t.Parallel()
	a := testkit.NewApp(t, func(o *web.Options) { o.PageCacheBytes = 0 })
	testkit.CompareCosts(t, a, testkit.NewScene(t, a), webPages(t, a))
}

// webPages are the pages of issue 12, item 1, on the HTML side.
func webPages(t *testing.T, a *testkit.App) []testkit.CostPage {
	anon := testkit.Anonymous
	orga := func(s *testkit.Scene) *testkit.Person { return s.Orga }
	part := func(s *testkit.Scene) *testkit.Person { return s.Part }
	memb := func(s *testkit.Scene) *testkit.Person { return s.Memb }
	fixed := testkit.Path
	day := func(d int) string { return time.Now().AddDate(0, 0, d).Format("2006-01-02") }
	group := func(suffix string) func(s *testkit.Scene) string {
		return func(s *testkit.Scene) string { return "/@" + s.Group.Handle + suffix }
	}
	plain := func(s *testkit.Scene) string { return "/events/" + s.Plain }
	big := func(s *testkit.Scene) string { return "/events/" + s.Big }
	next := func(from func(*testkit.Scene) string) func(*testkit.Scene) string {
		return func(s *testkit.Scene) string { return nextPage(t, a, from(s)) }
	}
	title := testkit.SceneTitle
	return []testkit.CostPage{
		{Name: "home", Path: fixed("/"), Who: anon, Want: title},
		{Name: "home signed in", Path: fixed("/"), Who: part, Want: title},
		{Name: "events", Path: fixed("/events"), Who: anon, Want: title},
		{Name: "events signed in", Path: fixed("/events"), Who: part, Want: title},
		{Name: "events text", Path: fixed("/events?q=" + url.QueryEscape(title)), Who: anon, Want: title},
		{Name: "events near", Path: fixed("/events?near=Lyon&radius=25"), Who: anon, Want: title},
		{Name: "events dates", Path: fixed("/events?from=" + day(0) + "&to=" + day(60)), Who: anon, Want: title},
		{Name: "events group", Path: fixed("/events?group=velolyon"), Who: anon, Want: title},
		{Name: "events category", Path: fixed("/events?category=demonstration"), Who: anon, Want: title},
		{Name: "events next page", Path: next(fixed("/events")), Who: anon, Want: title, From: testkit.CostSizes[1]},
		{Name: "group page", Path: group(""), Who: anon, Want: title},
		{Name: "group page member", Path: group(""), Who: memb, Want: title},
		{Name: "group next page", Path: next(group("")), Who: anon, Want: title, From: testkit.CostSizes[1]},
		{Name: "groups", Path: fixed("/groups"), Who: anon, Want: "Groupe"},
		{Name: "groups text", Path: fixed("/groups?q=groupe"), Who: anon, Want: "Groupe"},
		{Name: "dashboard", Path: fixed("/dashboard"), Who: part, Want: title},
		{Name: "event", Path: plain, Who: anon, Want: title},
		{Name: "event organiser", Path: plain, Who: orga, Want: title},
		{Name: "event participant", Path: plain, Who: part, Want: title},
		{Name: "crowded event", Path: big, Who: anon, Want: title},
		{Name: "crowded event organiser", Path: big, Who: orga, Want: title},
		{Name: "crowded event participant", Path: big, Who: part, Want: title},
		{Name: "crowded event co-organiser", Path: big, Who: func(s *testkit.Scene) *testkit.Person { return s.CoOrga }, Want: title},
		{Name: "crowded event group member", Path: big, Who: memb, Want: title},
		{Name: "atom", Path: fixed("/feeds/events.atom"), Who: anon, Want: title},
		{Name: "ics", Path: fixed("/feeds/events.ics"), Who: anon, Want: title},
		{Name: "group atom", Path: group("/events.atom"), Who: anon, Want: title},
		{Name: "group ics", Path: group("/events.ics"), Who: anon, Want: title},
		{Name: "group ics member", Path: group("/events.ics"), Who: memb, Want: title},
		{Name: "group posts feed", Path: group("/feed.atom"), Who: anon, Want: "Compte rendu"},
		{Name: "search ics", Path: fixed("/feeds/events.ics?q=" + url.QueryEscape(title)), Who: anon, Want: title},
		{Name: "my calendar", Path: func(s *testkit.Scene) string { return s.Calendar }, Who: anon, Want: title},
		// Beyond item 1: the lists an organiser, an admin or a member reads.
		{Name: "group page admin", Path: group(""), Who: orga, Want: title},
		{Name: "dashboard organiser", Path: fixed("/dashboard"), Who: orga, Want: title},
		{Name: "group posts", Path: group("/posts"), Who: anon, Want: "Compte rendu"},
		{Name: "group posts member", Path: group("/posts"), Who: memb, Want: "Compte rendu"},
		{Name: "group members", Path: group("/members"), Who: anon, Want: "personne"},
		{Name: "group members member", Path: group("/members"), Who: memb, Want: "personne"},
		{Name: "participants", Path: func(s *testkit.Scene) string { return "/events/" + s.Big + "/participants" }, Who: orga, Want: "personne"},
		{Name: "my tasks", Path: fixed("/tasks"), Who: part, Want: "Apporter la sono"},
		{Name: "group tasks", Path: group("/tasks"), Who: memb, Want: "Apporter la sono"},
		{Name: "group discussions", Path: group("/discussions"), Who: memb, Want: "Itinéraire"},
		{Name: "join requests", Path: fixed("/@ateliers/members?status=requested"), Who: orga, Want: "personne"},
		{Name: "profile", Path: func(s *testkit.Scene) string { return "/@" + s.Part.Handle }, Who: anon, Want: "participante"},
	}
}

var afterLink = regexp.MustCompile(`href="([^"]*[?&](?:amp;)?after=[^"]*)"`)

// nextPage is the link, with its cursor, to the next page of the list at
// path.
func nextPage(t *testing.T, a *testkit.App, path string) string {
	t.Helper()
	m := afterLink.FindStringSubmatch(a.Fetch(t, path, nil, testkit.SceneTitle))
	if m == nil {
		t.Fatalf("%s links to no next page with a cursor", path)
	}
	return html.UnescapeString(m[1])
}
