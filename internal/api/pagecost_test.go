package api_test

import (
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/testkit"
	"codeberg.org/cortege/cortege/internal/web"
)

// TestPageCost: no list of the JSON API (issue 12, item 1) costs more
// statements when the instance holds more rows, so a look-up per row
// cannot come back unnoticed (see testkit.CompareCosts; the page cache,
// off here, only ever keeps HTML pages).
func TestPageCost(t *testing.T) {
	a := testkit.NewApp(t, func(o *web.Options) { o.PageCacheBytes = 0 })
	anon := testkit.Anonymous
	part := func(s *testkit.Scene) *testkit.Person { return s.Part }
	memb := func(s *testkit.Scene) *testkit.Person { return s.Memb }
	fixed := testkit.Path
	title := testkit.SceneTitle
	day := func(d int) string { return time.Now().AddDate(0, 0, d).Format("2006-01-02") }
	orga := func(s *testkit.Scene) *testkit.Person { return s.Orga }
	group := func(suffix string) func(*testkit.Scene) string {
		return func(s *testkit.Scene) string { return "/api/v1/groups/" + s.Group.Handle + suffix }
	}
	big := func(suffix string) func(*testkit.Scene) string {
		return func(s *testkit.Scene) string { return "/api/v1/events/" + s.Big + suffix }
	}
	groupEvents := group("/events")
	next := func(from func(*testkit.Scene) string) func(*testkit.Scene) string {
		return func(s *testkit.Scene) string { return nextPage(t, a, from(s)) }
	}
	pages := []testkit.CostPage{
		{Name: "events", Path: fixed("/api/v1/events"), Who: anon, Want: title},
		{Name: "events signed in", Path: fixed("/api/v1/events"), Who: part, Want: title},
		{Name: "events 100 a page", Path: fixed("/api/v1/events?per_page=100"), Who: part, Want: title},
		{Name: "events text", Path: fixed("/api/v1/events?q=" + url.QueryEscape(title)), Who: anon, Want: title},
		{Name: "events near", Path: fixed("/api/v1/events?near=Lyon&radius_km=25"), Who: anon, Want: title},
		{Name: "events dates", Path: fixed("/api/v1/events?from=" + day(0) + "&to=" + day(60)), Who: anon, Want: title},
		{Name: "events group", Path: fixed("/api/v1/events?group=velolyon"), Who: anon, Want: title},
		{Name: "events category", Path: fixed("/api/v1/events?category=demonstration"), Who: anon, Want: title},
		{Name: "events next page", Path: next(fixed("/api/v1/events")), Who: anon, Want: title, From: testkit.CostSizes[1]},
		{Name: "groups", Path: fixed("/api/v1/groups"), Who: anon, Want: "Groupe"},
		{Name: "groups text", Path: fixed("/api/v1/groups?q=groupe"), Who: anon, Want: "Groupe"},
		{Name: "group events", Path: groupEvents, Who: anon, Want: title},
		{Name: "group events member", Path: groupEvents, Who: memb, Want: title},
		{Name: "group events next page", Path: next(groupEvents), Who: memb, Want: title, From: testkit.CostSizes[1]},
		// Beyond item 1: the other lists that grow with an instance.
		{Name: "event", Path: big(""), Who: anon, Want: title},
		{Name: "event participant", Path: big(""), Who: part, Want: title},
		{Name: "comments", Path: big("/comments"), Who: anon, Want: "Message"},
		{Name: "participants", Path: big("/participants"), Who: orga, Want: "personne"},
		{Name: "members", Path: group("/members"), Who: memb, Want: "personne"},
		{Name: "posts", Path: group("/posts"), Who: memb, Want: "Compte rendu"},
		{Name: "my events", Path: fixed("/api/v1/me/events"), Who: part, Want: title},
		{Name: "my tasks", Path: fixed("/api/v1/me/tasks"), Who: part, Want: "Apporter la sono"},
		{Name: "group tasks", Path: group("/tasks"), Who: memb, Want: "Apporter la sono"},
		{Name: "group discussions", Path: group("/discussions"), Who: memb, Want: "Itin"},
		{Name: "join requests", Path: fixed("/api/v1/groups/ateliers/members?status=requested"), Who: orga, Want: "personne"},
		{Name: "my groups", Path: fixed("/api/v1/me/groups"), Who: part, Want: "Groupe"},
	}
	testkit.CompareCosts(t, a, testkit.NewScene(t, a), pages)
}

// nextPage is the list at path followed to its next page with the
// cursor it gives.
func nextPage(t *testing.T, a *testkit.App, path string) string {
	t.Helper()
	var l struct {
		Next string `json:"next"`
	}
	if err := json.Unmarshal([]byte(a.Fetch(t, path, nil, "")), &l); err != nil || l.Next == "" {
		t.Fatalf("%s gives no cursor of a next page (%v)", path, err)
	}
	return path + "?after=" + url.QueryEscape(l.Next)
}
