package api_test

import (
	"net/url"
	"sort"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/api"
)

// TestVoteAPIBadInputNever500 sends every vote route, on real votes (a
// draft, an open vote of members, an open vote by codes), a battery of bad
// bodies, odd path values and odd queries, as the manager, a member and
// anonymously: never a 500, every error a JSON error.
func TestVoteAPIBadInputNever500(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	gid := e.voteGroup("sweep", alice, bob)
	open := e.openAPIVote(alice, gid, "members").Consultation.ID
	codes := e.openAPIVote(alice, gid, "codes").Consultation.ID
	draft := decodeBytes[api.ConsultationDetail](t, e.mustDo(201, request{Method: "POST", Path: "/api/v1/consultations", Token: alice, Body: voteBody(t, gid, "codes")})).Consultation.ID
	e.mustDo(201, request{Method: "POST", Path: "/api/v1/consultations/" + draft + "/codes", Token: alice, Body: `{"count":2}`})
	bodies := []string{
		``, ` `, `{`, `[]`, `null`, `1e999`, `{}`, `{"a":1}`, "\xef\xbb\xbf{}", `{"title":"a"}garbage`,
		`{"title":null,"opens_at":{},"tz":[]}`, `{"opens_at":"9999-99-99T99:99","tz":"Europe/Paris"}`, `{"opens_at":"0000-01-01T00:00:00Z","closes_at":"9999-12-31T23:59:59Z","tz":"UTC"}`,
		`{"tz":"../../../etc/passwd","opens_at":"2030-01-01T10:00"}`, `{"title":"` + strings.Repeat("é", 5000) + `","description":"\u0000"}`,
		`{"kind":"ranking","options":["a","b"],"method":"stv","seats":99999999999}`, `{"kind":"multiple","options":["a","b"],"min":-5,"max":-1}`,
		`{"show_if":{"question":"q1","option":-1}}`, `{"show_if":{"question":1}}`, `{"show_if":[]}`, `{"position":1e20}`, `{"position":-1}`,
		`{"blinded":"` + strings.Repeat("_", 5000) + `"}`, `{"blinded":"===="}`, `{"count":1e9}`, `{"count":-1}`, `{"count":100001}`,
		`{"answers":[{"question":"q1","choices":[-1,99999999999]}],"token":"x","signature":"y"}`,
		`{"answers":[{"question":"q1","grades":[1,2,3,4,5,6]},{"question":"q2","blank":true},{"question":"q3","choices":[0]}],"code":"` + strings.Repeat("9", 300) + `"}`,
		`{"answers":` + strings.Repeat("[", 1000) + strings.Repeat("]", 1000) + `}`, `{"answers":[null,null,null],"token":"` + strings.Repeat("A", 100000) + `","signature":"A"}`,
		`{"answers":[{"question":"\u0000"}],"code":"ABCD-EFGH"}`,
	}
	routes := api.RouteTable()
	sort.SliceStable(routes, func(i, j int) bool { return routes[i].Method != "DELETE" && routes[j].Method == "DELETE" })
	tried := 0
	for _, rt := range routes {
		if !strings.Contains(rt.Path, "consultations") {
			continue
		}
		for _, id := range []string{open, codes, draft} {
			path := strings.NewReplacer("{id}", id, "{group}", "sweep", "{question}", "q1", "{batch}", "1", "{slip}", "1").Replace(rt.Path)
			for _, tok := range []string{alice, bob, ""} {
				if rt.Method != "GET" && rt.Method != "DELETE" {
					for _, b := range bodies {
						expectNo500(t, rt.Method+" "+path, b, e.do(request{Method: rt.Method, Path: path, Token: tok, Body: b, Header: map[string]string{"Content-Type": "application/json"}}))
						tried++
					}
				}
				q := "?page=abc&q=%00&limit=-1"
				expectNo500(t, rt.Method+" "+path+q, "", e.do(request{Method: rt.Method, Path: path + q, Token: tok}))
			}
			for _, v := range []string{"%00", "..", "%2F", strings.Repeat("z", 20000), "%ff%fe", "@", "a%20b", url.PathEscape("é"), "-1", "99999999999999999999", "1e3"} {
				odd := strings.NewReplacer("{id}", v, "{group}", v, "{question}", v, "{batch}", v, "{slip}", v).Replace(rt.Path)
				body := ""
				if rt.Method != "GET" && rt.Method != "DELETE" {
					body = `{}`
				}
				expectNo500(t, rt.Method+" "+odd, body, e.do(request{Method: rt.Method, Path: odd, Token: alice, Body: body}))
				tried++
			}
		}
	}
	if tried < 1000 {
		t.Fatalf("only %d requests", tried)
	}
	t.Logf("%d requests", tried)
}
