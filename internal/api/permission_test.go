package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/api"
)

// openToAnyone are the routes any signed-in person may use on a public
// group or event they do not belong to: there, what the body says is
// theirs to hear about.
var openToAnyone = map[string]bool{
	"POST /api/v1/groups/{group}/join":       true,
	"POST /api/v1/groups/{group}/follow":     true,
	"POST /api/v1/groups/{group}/contact":    true,
	"POST /api/v1/events/{id}/participation": true,
	"POST /api/v1/events/{id}/comments":      true,
}

// Permission comes before the body: a stranger who may not act on an
// object gets 403 or 404 whatever the body says, never the 422 of a
// validation (which would tell them the object exists and what it
// accepts). Every route with a body is tried, from the OpenAPI document,
// with a body of the right shape whose every value is wrong, on the
// objects of a private group and event (404: the stranger cannot see
// them) and of public ones (403 or 404 but where anyone may act). A
// body that is not JSON at all is refused alike (400) on a real object
// and on one that does not exist, so neither answer tells them apart;
// so are wrong query parameters, on every route with a wildcard.
func TestPermissionBeforeValidation(t *testing.T) {
	e := newEnv(t)
	alice, bob, mallory := e.user("alice"), e.user("bob"), e.user("mallory")
	ids := func(path, tok, body string, want int) string {
		t.Helper()
		w := e.do(request{Method: "POST", Path: path, Token: tok, Body: body})
		if w.Code != want {
			t.Fatalf("POST %s: %d %s", path, w.Code, w.Body.String())
		}
		m := regexp.MustCompile(`"id":"([^"]+)"`).FindStringSubmatch(w.Body.String())
		if m == nil {
			return ""
		}
		return m[1]
	}
	me := regexp.MustCompile(`"id":"([^"]+)"`).FindStringSubmatch(e.do(request{Method: "GET", Path: "/api/v1/me", Token: alice}).Body.String())[1]
	e.do(request{Method: "GET", Path: "/api/v1/me", Token: bob})
	world := map[string]map[string]string{}
	for _, vis := range []string{"public", "private"} {
		g := "g_" + vis
		join := map[string]string{"public": "open", "private": "invitation"}[vis]
		ids("/api/v1/groups", alice, `{"handle":"`+g+`","name":"G","visibility":"`+vis+`","join_mode":"`+join+`"}`, 201)
		ev := ids("/api/v1/events", alice, `{"title":"E","start":"2030-01-07T18:00:00Z","visibility":"`+vis+`","join_mode":"free","questions":[{"label":"Q","kind":"text"}]}`, 201)
		if vis == "public" {
			ids("/api/v1/groups/"+g+"/join", bob, ``, 200)
		} else {
			// Bob is invited to the private event, so it has a participation.
			ids("/api/v1/events/"+ev+"/invitations", alice, `{"handle":"bob"}`, 201)
		}
		disc := ids("/api/v1/groups/"+g+"/discussions", alice, `{"title":"D","body":"B"}`, 201)
		list := ids("/api/v1/groups/"+g+"/task-lists", alice, `{"title":"L"}`, 201)
		world[vis] = map[string]string{
			"{group}": g, "{profile}": me, "{participation}": "", "{comment}": "NOPE", "{photo}": "NOPE",
			"event": ev, "post": ids("/api/v1/groups/"+g+"/posts", alice, `{"title":"P","body":"B"}`, 201),
			"discussion": disc, "message": ids("/api/v1/discussions/"+disc+"/messages", alice, `{"body":"M"}`, 201),
			"list": list, "task": ids("/api/v1/task-lists/"+list+"/tasks", alice, `{"title":"T"}`, 201),
			"resource":   ids("/api/v1/groups/"+g+"/resources", alice, `{"kind":"note","title":"R","body":"B"}`, 201),
			"invitation": ids("/api/v1/groups/"+g+"/invitations", alice, `{"email":"erin@example.org","name":"Erin"}`, 201),
		}
		if vis == "public" {
			world[vis]["{participation}"] = ids("/api/v1/events/"+ev+"/participation", bob, `{"answers":[]}`, 201)
		}
	}
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(api.OpenAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	tried := 0
	var routes []api.RouteLine
	for _, rt := range api.RouteTable() {
		if rt.Method != "GET" && rt.Method != "DELETE" && strings.Contains(rt.Path, "{") {
			routes = append(routes, rt)
		}
	}
	sort.Slice(routes, func(i, j int) bool { return routes[i].Path < routes[j].Path })
	for _, rt := range routes {
		var op operation
		if raw, ok := doc.Paths[rt.Path][strings.ToLower(rt.Method)]; !ok || json.Unmarshal(raw, &op) != nil || op.RequestBody == nil {
			continue
		}
		body, ctype := badBody(t, op, doc.Components.Schemas)
		for _, vis := range []string{"private", "public"} {
			if vis == "public" && openToAnyone[rt.Method+" "+rt.Path] {
				continue
			}
			path := fillPath(rt.Path, world[vis])
			w := e.do(request{Method: rt.Method, Path: path, Token: mallory, Body: body, Header: map[string]string{"Content-Type": ctype}})
			tried++
			if w.Code != http.StatusForbidden && w.Code != http.StatusNotFound {
				t.Errorf("%s %s (%s) as a stranger with a wrong body: %d %s, want 403 or 404", rt.Method, rt.Path, vis, w.Code, w.Body.String())
			}
			if vis == "private" && w.Code != http.StatusNotFound {
				t.Errorf("%s %s (private) answered %d, not 404: the stranger learns it exists", rt.Method, rt.Path, w.Code)
			}
			if ctype != "application/json" {
				continue
			}
			real := e.do(request{Method: rt.Method, Path: path, Token: mallory, Body: `{"x":`})
			none := e.do(request{Method: rt.Method, Path: fillPath(rt.Path, nowhere), Token: mallory, Body: `{"x":`})
			if real.Code != none.Code || real.Body.String() != none.Body.String() {
				t.Errorf("%s %s (%s): a malformed body answers %d on a real object and %d on none", rt.Method, rt.Path, vis, real.Code, none.Code)
			}
		}
	}
	// Query parameters are read before any object is looked at: wrong
	// ones get the same answer on a private object as on none, so they
	// tell a stranger nothing either.
	for _, rt := range api.RouteTable() {
		if !strings.Contains(rt.Path, "{") {
			continue
		}
		const q = "?page=abc&status=nope&q=%00&scope=x&caption=%ff&lat=NaN&lon=1&from=x&per_page=-1"
		body := ""
		if rt.Method == "POST" || rt.Method == "PUT" || rt.Method == "PATCH" {
			body = `{}`
		}
		real := e.do(request{Method: rt.Method, Path: fillPath(rt.Path, world["private"]) + q, Token: mallory, Body: body})
		none := e.do(request{Method: rt.Method, Path: fillPath(rt.Path, nowhere) + q, Token: mallory, Body: body})
		tried++
		if real.Code != none.Code || real.Code == http.StatusUnprocessableEntity && real.Body.String() != none.Body.String() {
			t.Errorf("%s %s with wrong query parameters: %d %s on a private object, %d %s on none", rt.Method, rt.Path, real.Code, real.Body, none.Code, none.Body)
		}
	}
	// The instance's settings are the administrators' alone.
	if w := e.do(request{Method: "PATCH", Path: "/api/v1/instance", Token: mallory, Body: `{"name":"\u202e","registrations":"x","default_lang":"x"}`}); w.Code != http.StatusForbidden {
		t.Errorf("PATCH /api/v1/instance by a user with a wrong body: %d %s", w.Code, w.Body.String())
	}
	if tried < 50 {
		t.Fatalf("only %d requests tried", tried)
	}
	t.Logf("%d requests tried as a stranger, on private and public objects", tried)
}

// nowhere fills every path wildcard with an ID nothing has.
var nowhere = map[string]string{}

// fillPath puts the world's IDs in a route pattern: {id} is the object
// the route's noun names, other wildcards their own.
func fillPath(pattern string, ids map[string]string) string {
	id := "01NOTHING0000000000000000"
	for noun, key := range map[string]string{
		"/events/": "event", "/posts/": "post", "/discussions/": "discussion", "/messages/": "message",
		"/task-lists/": "list", "/tasks/": "task", "/resources/": "resource", "/invitations/": "invitation",
		"/co-organising/": "event",
	} {
		if strings.Contains(pattern, noun+"{id}") && ids[key] != "" {
			id = ids[key]
		}
	}
	p := strings.ReplaceAll(pattern, "{id}", id)
	for _, k := range []string{"{group}", "{profile}", "{participation}", "{comment}", "{photo}"} {
		v := ids[k]
		if v == "" {
			v = "nobody_here"
		}
		p = strings.ReplaceAll(p, k, v)
	}
	return p
}

// operation is what the test reads of an OpenAPI operation.
type operation struct {
	RequestBody *struct {
		Content map[string]struct {
			Schema json.RawMessage `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
}

// badBody builds a body of the operation's shape whose every value is
// wrong: texts with a right-to-left override, negative integers,
// numbers out of any range; an image that is not one.
func badBody(t *testing.T, op operation, schemas map[string]json.RawMessage) (body, ctype string) {
	t.Helper()
	for ct, c := range op.RequestBody.Content {
		if strings.HasPrefix(ct, "image/") {
			return "\x89PNG not an image", ct
		}
		if ct == "application/json" {
			v := badValue(c.Schema, schemas, 0)
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			return string(b), ct
		}
	}
	t.Fatalf("no JSON or image body in %+v", op)
	return "", ""
}

func badValue(raw json.RawMessage, schemas map[string]json.RawMessage, depth int) any {
	var s struct {
		Ref        string                     `json:"$ref"`
		Type       any                        `json:"type"`
		Properties map[string]json.RawMessage `json:"properties"`
		Items      json.RawMessage            `json:"items"`
		OneOf      []json.RawMessage          `json:"oneOf"`
		AnyOf      []json.RawMessage          `json:"anyOf"`
	}
	if depth > 6 || json.Unmarshal(raw, &s) != nil {
		return nil
	}
	if s.Ref != "" {
		return badValue(schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")], schemas, depth+1)
	}
	for _, alt := range append(s.OneOf, s.AnyOf...) {
		if v := badValue(alt, schemas, depth+1); v != nil {
			return v
		}
	}
	typ := ""
	switch x := s.Type.(type) {
	case string:
		typ = x
	case []any:
		for _, y := range x {
			if y != "null" {
				typ = fmt.Sprint(y)
			}
		}
	}
	if typ == "" && s.Properties != nil {
		typ = "object"
	}
	switch typ {
	case "object":
		m := map[string]any{}
		for k, p := range s.Properties {
			m[k] = badValue(p, schemas, depth+1)
		}
		return m
	case "array":
		return []any{badValue(s.Items, schemas, depth+1)}
	case "string":
		return "\u202eecila" + strings.Repeat("x", 21000) // wrong, and too long for any field
	case "integer":
		return -1
	case "number":
		return 1000
	case "boolean":
		return true
	}
	return nil
}
