package api_test

import (
	"net/url"
	"sort"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/api"
)

// TestFeatureBadInputNever500 sends the groups and events routes odd
// bodies, content types, query strings and path values, on real objects
// and as their organiser, a stranger and a visitor: every answer must be
// a JSON error of 4xx (or a success), never a 500.
func TestFeatureBadInputNever500(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	mustCreate := func(path, body string) string {
		w := e.do(request{Method: "POST", Path: path, Token: alice, Body: body})
		if w.Code != 201 {
			t.Fatalf("%s: %d %s", path, w.Code, w.Body.String())
		}
		return w.Body.String()
	}
	mustCreate("/api/v1/groups", `{"handle":"g_sweep","name":"G","visibility":"public","join_mode":"approval"}`)
	ev := decodeAs[api.EventDetail](t, e.do(request{Method: "GET", Path: "/api/v1/events/" + idIn(mustCreate("/api/v1/events",
		`{"title":"E","start":"2030-01-01T10:00:00Z","join_mode":"approval","hide_place":true,"place":"P","questions":[{"label":"Q","kind":"text"}]}`)), Token: alice})).Event.ID
	if w := e.do(request{Method: "POST", Path: "/api/v1/groups/g_sweep/join", Token: bob}); w.Code != 200 {
		t.Fatal(w.Body.String())
	}
	if w := e.do(request{Method: "POST", Path: "/api/v1/events/" + ev + "/participation", Token: bob}); w.Code != 201 {
		t.Fatal(w.Body.String())
	}
	bodies := []string{
		``, `{`, `[]`, `null`, `{"a":1}`, `{"title":null}`, `{"title":{}}`, `{"tags":"x"}`, `{"tags":[null,1]}`, `{"tags":["` + strings.Repeat("t", 5000) + `"]}`,
		`{"coordinates":[]}`, `{"coordinates":{"lat":"x","lon":1}}`, `{"coordinates":{"lat":1e308,"lon":-1e308}}`, `{"coordinates":{"lat":1}}`, `{"coordinates":1}`,
		`{"start":"0000-01-01T00:00:00Z"}`, `{"start":"9999-12-31T23:59:59Z","end":"9999-12-31T23:59:59Z"}`, `{"start":"2030-01-01T00:00:00+14:00","tz":"\u0000"}`,
		`{"end":"1900-01-01"}`, `{"tz":"../../etc/passwd"}`, `{"tz":"Local"}`, `{"capacity":-1}`, `{"capacity":1e10}`, `{"capacity":2147483648}`,
		`{"questions":[{"label":"\u0000","kind":"choice","choices":["a\u0000"]}]}`, `{"questions":[{"label":"q","kind":"choice","choices":[]}]}`, `{"questions":null}`,
		`{"questions":[` + strings.Repeat(`{"label":"q","kind":"text"},`, 50) + `{"label":"q","kind":"text"}]}`,
		`{"answers":[{"question_id":1}]}`, `{"answers":[{"question_id":"x","value":"` + strings.Repeat("é", 2000) + `"}]}`, `{"accept_conduct":"yes"}`,
		`{"repeat":{"freq":"weekly","interval":1000000}}`, `{"repeat":{"freq":"yearly"}}`, `{"repeat":{"freq":"monthly_weekday","until":"x"}}`,
		`{"due_at":"0000-01-01"}`, `{"due_at":""}`, `{"assignee_id":"` + strings.Repeat("A", 300) + `"}`, `{"assignee_id":"\u0000"}`,
		`{"parent_id":"x"}`, `{"parent_id":"\u0000"}`, `{"kind":"folder","title":"x","parent_id":"` + strings.Repeat("Z", 26) + `"}`,
		`{"role":"administrator"}`, `{"role":""}`, `{"handle":"@"}`, `{"email":"not an email"}`, `{"handle":"x","email":"y@example.org"}`,
		`{"message":"` + strings.Repeat("m", 5000) + `"}`, `{"reason":"\u0000"}`, `{"target_kind":"event","target_id":"\u0000","reason":"r"}`,
		`{"target_kind":"profile","target_id":"` + strings.Repeat("é", 100) + `","reason":"r"}`, `{"target_kind":"event_photo","target_id":"X","reason":"r"}`,
		`{"scope":"following"}`, `{"scope":1}`, `{"report":"` + strings.Repeat("r", 30000) + `"}`, `{"code":"\u0000"}`, `{"code":"` + strings.Repeat("A", 10000) + `"}`,
		`{"audience":"all","subject":"\u0000","body":"b"}`, `{"group":"\u0000"}`, `{"group":"@@"}`, `{"group":"` + strings.Repeat("g", 5000) + `"}`,
		`{"pinned":"yes"}`, `{"following":true,"title":" "}`, `{"hidden":1}`, `{"updates":null}`, `{"done":true,"due_at":"2030-13-45"}`,
		`{"status":"cancelled"}`, `{"visibility":"private","join_mode":"invitation"}`, `{"publish":true,"visibility":"public"}`, "\xef\xbb\xbf{}",
	}
	types := []string{"text/plain", "multipart/form-data; boundary=x", "image/png", "application/json; charset=latin1", ";;;"}
	values := map[string]string{"{group}": "g_sweep", "{id}": ev, "{profile}": "bob", "{participation}": "NOPE", "{comment}": "NOPE", "{photo}": "NOPE"}
	fill := func(p string, vals map[string]string) string {
		for k, v := range vals {
			p = strings.ReplaceAll(p, k, v)
		}
		return p
	}
	// Deletions last, so the other routes meet live objects.
	routes := api.RouteTable()
	sort.SliceStable(routes, func(i, j int) bool { return routes[i].Method != "DELETE" && routes[j].Method == "DELETE" })
	statuses := map[int]int{}
	for _, rt := range routes {
		if !strings.HasPrefix(rt.Path, "/api/v1/groups") && !strings.HasPrefix(rt.Path, "/api/v1/events") && !strings.Contains(rt.Path, "/me/tasks") && !strings.Contains(rt.Path, "/me/events") &&
			!strings.HasPrefix(rt.Path, "/api/v1/reports") && !strings.Contains(rt.Path, "{id}") {
			continue
		}
		path := fill(rt.Path, values)
		for _, tok := range []string{alice, bob, ""} {
			if rt.Method != "GET" && rt.Method != "DELETE" {
				for _, b := range bodies {
					w := e.do(request{Method: rt.Method, Path: path, Token: tok, Body: b, Header: map[string]string{"Content-Type": "application/json"}})
					statuses[w.Code]++
					expectNo500(t, rt.Method+" "+path, b, w)
				}
				for _, ct := range types {
					expectNo500(t, rt.Method+" "+path+" as "+ct, "\x89PNG garbage", e.do(request{Method: rt.Method, Path: path, Token: tok, Body: "\x89PNG garbage", Header: map[string]string{"Content-Type": ct}}))
				}
			}
			q := "?page=abc&lat=NaN&lon=Inf&radius_km=-1&from=x&to=y&per_page=0&q=%00&status=%ff&scope=x&group=%00&online=2&category=%c3&caption=%00"
			if rt.Method == "GET" || rt.Method == "DELETE" || rt.Method == "PATCH" {
				expectNo500(t, rt.Method+" "+path+q, "", e.do(request{Method: rt.Method, Path: path + q, Token: tok}))
				expectNo500(t, rt.Method+" "+path+"?page=99999999999999999999&lat=91&lon=0", "", e.do(request{Method: rt.Method, Path: path + "?page=99999999999999999999&lat=91&lon=0", Token: tok}))
			}
		}
		if !strings.Contains(rt.Path, "{") {
			continue
		}
		for _, v := range []string{"%00", "..", "%2F", strings.Repeat("z", 20000), "%ff%fe", "@", "@@", "%40", "a%20b", url.PathEscape("é"), strings.Repeat("A", 26)} {
			odd := map[string]string{}
			for k := range values {
				odd[k] = v
			}
			p := fill(rt.Path, odd)
			body := ""
			if rt.Method == "PATCH" || rt.Method == "PUT" || rt.Method == "POST" {
				body = `{}`
			}
			expectNo500(t, rt.Method+" "+p, body, e.do(request{Method: rt.Method, Path: p, Token: alice, Body: body}))
		}
	}
	// The sweep reached the handlers: refusals of each kind, and some
	// bodies good enough to pass.
	for _, code := range []int{200, 400, 401, 403, 404, 415, 422} {
		if statuses[code] == 0 {
			t.Errorf("no answer %d in the sweep: %v", code, statuses)
		}
	}
}

// idIn pulls the event ID out of an EventDetail answer's text.
func idIn(body string) string {
	_, rest, _ := strings.Cut(body, `"event":{"id":"`)
	id, _, _ := strings.Cut(rest, `"`)
	return id
}
