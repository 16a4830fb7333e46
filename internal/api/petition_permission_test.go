package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/api"
)

// TestPetitionPermissionBeforeValidation holds the petition routes to the
// rule of TestPermissionBeforeValidation: a stranger with a body whose
// every value is wrong gets 404 on a draft (they cannot see it) and 403
// or 404 on a published petition, never the 422 of a validation, except
// where anyone may act (signing).
func TestPetitionPermissionBeforeValidation(t *testing.T) {
	e := newPetitionEnv(t)
	alice, mallory := e.user("alice"), e.user("mallory")
	create := func() string {
		w := e.do(request{Method: "POST", Path: "/api/v1/petitions", Token: alice, Body: petitionBody})
		if w.Code != 201 {
			t.Fatalf("create: %d %s", w.Code, w.Body.String())
		}
		return petitionIDOf(t, w)
	}
	draft, published := create(), create()
	if w := e.do(request{Method: "POST", Path: "/api/v1/petitions/" + published + "/publish", Token: alice}); w.Code != 200 {
		t.Fatalf("publish: %d %s", w.Code, w.Body.String())
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
	for _, rt := range api.RouteTable() {
		if !strings.HasPrefix(rt.Path, "/api/v1/petitions/{id}") || rt.Method == "GET" {
			continue
		}
		if strings.Contains(rt.Path, "/gatherings/") {
			continue // a signer's one-click join: its token decides (petition_link tests)
		}
		var op operation
		if raw, ok := doc.Paths[rt.Path][strings.ToLower(rt.Method)]; !ok || json.Unmarshal(raw, &op) != nil || op.RequestBody == nil {
			continue
		}
		body, ctype := badBody(t, op, doc.Components.Schemas)
		for _, id := range []string{draft, published} {
			path := strings.ReplaceAll(rt.Path, "{id}", id)
			w := e.do(request{Method: rt.Method, Path: path, Token: mallory, Body: body, Header: map[string]string{"Content-Type": ctype}})
			tried++
			switch {
			case id == draft && w.Code != http.StatusNotFound:
				t.Errorf("%s %s (draft) as a stranger with a wrong body: %d %s, want 404", rt.Method, rt.Path, w.Code, w.Body.String())
			case id == published && rt.Path == "/api/v1/petitions/{id}/signatures":
				if w.Code != http.StatusUnprocessableEntity {
					t.Errorf("%s %s (published) with a wrong body: %d %s, want 422", rt.Method, rt.Path, w.Code, w.Body.String())
				}
			case id == published && w.Code != http.StatusForbidden:
				t.Errorf("%s %s (published) as a stranger with a wrong body: %d %s, want 403", rt.Method, rt.Path, w.Code, w.Body.String())
			}
			// A body that is not JSON is refused alike on a real petition
			// and on none (routes that take JSON).
			if _, isJSON := op.RequestBody.Content["application/json"]; !isJSON {
				continue
			}
			real := e.do(request{Method: rt.Method, Path: path, Token: mallory, Body: `{"x":`})
			none := e.do(request{Method: rt.Method, Path: strings.ReplaceAll(rt.Path, "{id}", "01NOTHING0000000000000000"), Token: mallory, Body: `{"x":`})
			if real.Code != http.StatusBadRequest || real.Body.String() != none.Body.String() {
				t.Errorf("%s %s: a malformed body answers %d on a real petition and %d on none", rt.Method, rt.Path, real.Code, none.Code)
			}
		}
	}
	// A CSV of paper signatures is read only once the caller may act.
	for _, id := range []string{draft, published} {
		w := e.do(request{Method: "POST", Path: "/api/v1/petitions/" + id + "/paper-signatures", Token: mallory, Body: "not,a\ncsv", Header: map[string]string{"Content-Type": "text/csv"}})
		if w.Code != http.StatusNotFound && w.Code != http.StatusForbidden {
			t.Errorf("a stranger's CSV: %d %s", w.Code, w.Body.String())
		}
	}
	if tried < 14 {
		t.Fatalf("only %d requests tried", tried)
	}
}

// TestPetitionBadInputNever500 sends every petition and signature route
// odd bodies, content types, query strings and path values, as an
// organiser, a stranger and a visitor: every answer is a JSON error of
// 4xx (or a success), never a 500.
func TestPetitionBadInputNever500(t *testing.T) {
	e := newPetitionEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	w := e.do(request{Method: "POST", Path: "/api/v1/petitions", Token: alice, Body: petitionBody})
	p := petitionIDOf(t, w)
	e.do(request{Method: "POST", Path: "/api/v1/petitions/" + p + "/publish", Token: alice})
	if w := e.do(request{Method: "POST", Path: "/api/v1/groups", Token: alice, Body: `{"handle":"g_pet","name":"G","visibility":"public","join_mode":"open"}`}); w.Code != 201 {
		t.Fatal(w.Body.String())
	}
	bodies := []string{
		``, `{`, `[]`, `null`, `{"a":1}`, `{"title":null}`, `{"goal":-1}`, `{"goal":1e300}`, `{"goal":2147483648000}`, `{"tags":"x"}`, `{"tags":[null,1]}`,
		`{"scope":"local","place":"\u0000"}`, `{"scope":"local","place":"` + strings.Repeat("9", 5000) + `"}`, `{"scope":"departement","departement":"` + strings.Repeat("é", 300) + `"}`,
		`{"ends_at":"0000-01-01T00:00:00Z"}`, `{"ends_at":"9999-12-31"}`, `{"ends_at":"1850-01-01"}`, `{"fundraising_url":"javascript:alert(1)"}`, `{"fundraising_url":"https://u:p@x/"}`,
		`{"group":"\u0000"}`, `{"group":"@@"}`, `{"lang":"\u0000"}`, `{"answer":"` + strings.Repeat("a", 60000) + `"}`,
		`{"first_name":"\u202e","last_name":"x","postal_code":"69007","email":"a@example.net"}`, `{"postal_code":"\u0000"}`, `{"postal_code":"6900٧"}`,
		`{"email":"a@` + strings.Repeat("x", 300) + `.fr","first_name":"A","last_name":"B","postal_code":"69007"}`, `{"email":"a@xn--.fr","first_name":"A","last_name":"B","postal_code":"69007"}`,
		`{"email":"a@élysée.fr","first_name":"A","last_name":"B","postal_code":"69007","commune":"\u0000"}`,
		`{"consents":[{"purpose":"petition_updates","given":true,"wording":"` + strings.Repeat("w", 3000) + `"}]}`, `{"consents":[null]}`, `{"consents":{}}`,
		`{"token":""}`, `{"token":"` + strings.Repeat("A", 43) + `"}`, `{"token":"\u0000"}`, `{"token":1}`, `{"token":"` + strings.Repeat("é", 5000) + `"}`,
		`{"rows":null}`, `{"rows":[null]}`, `{"rows":[{}]}`, `{"rows":[{"first_name":"A","last_name":"B","postal_code":"69007","email":"x"}]}`,
		`{"rows":[` + strings.Repeat(`{"first_name":"A","last_name":"B","postal_code":"69007"},`, 200) + `{"first_name":"A","last_name":"B","postal_code":"00000"}]}`,
		`{"kind":"net","key":"` + strings.Repeat("k", 5000) + `","minute":"2030-01-01T00:00:00Z"}`, `{"kind":"domain","key":"x","minute":"0001-01-01T00:00:00Z"}`,
		`{"ids":["\u0000"]}`, `{"ids":[` + strings.Repeat(`"A",`, 10001) + `"A"]}`, `{"ids":null}`, "\xef\xbb\xbf{}",
	}
	types := []string{"text/plain", "text/csv", "text/csv; charset=latin1", "multipart/form-data; boundary=x", "application/json; charset=latin1", ";;;"}
	csvs := []string{"", "\xff\xfe", "a\x00b", "prénom;nom;code postal\n\"unterminated", "first_name,last_name,postal_code\n" + strings.Repeat("A,B,69007\n", 5001),
		"prénom,nom,code postal\nA,B,00000\n", "prénom,nom,code postal,courriel\nA,B,69007,not-an-address\n"}
	values := map[string]string{"{id}": p, "{group}": "g_pet"}
	fill := func(path string, vals map[string]string) string {
		for k, v := range vals {
			path = strings.ReplaceAll(path, k, v)
		}
		return path
	}
	tried := 0
	// The paper route's 422 for lines at fault is a PaperError: the
	// error of every answer, and the lines.
	expectNo500 := func(t *testing.T, what, body string, w *httptest.ResponseRecorder) {
		t.Helper()
		if w.Code == http.StatusUnprocessableEntity && strings.Contains(what, "/paper-signatures") && strings.Contains(w.Body.String(), `"rows":[`) {
			if pe := decodeAs[api.PaperError](t, w); pe.Error.Code != "invalid" || pe.Error.Field == "" || len(pe.Rows) == 0 {
				t.Errorf("%s: %s", what, w.Body.String())
			}
			return
		}
		expectNo500(t, what, body, w)
	}
	for _, rt := range api.RouteTable() {
		if !strings.Contains(rt.Path, "petition") && !strings.Contains(rt.Path, "/signatures") {
			continue
		}
		path := fill(rt.Path, values)
		for _, tok := range []string{alice, bob, ""} {
			if rt.Method != "GET" {
				for _, b := range bodies {
					expectNo500(t, rt.Method+" "+path, b, e.do(request{Method: rt.Method, Path: path, Token: tok, Body: b, Header: map[string]string{"Content-Type": "application/json"}}))
					tried++
				}
				for _, ct := range types {
					for _, b := range csvs {
						expectNo500(t, rt.Method+" "+path+" as "+ct, b, e.do(request{Method: rt.Method, Path: path, Token: tok, Body: b, Header: map[string]string{"Content-Type": ct}}))
						tried++
					}
				}
			}
			for _, q := range []string{"?before=%00&limit=abc&since=x&min=NaN&token=%00", "?limit=0&min=1e400&since=0000-01-01", "?limit=101&min=-5&token=" + url.QueryEscape(strings.Repeat("é", 100)),
				"?before=" + strings.Repeat("Z", 26) + "&limit=100&min=100000&since=2200-01-01"} {
				expectNo500(t, rt.Method+" "+path+q, "", e.do(request{Method: rt.Method, Path: path + q, Token: tok}))
				tried++
			}
		}
		if !strings.Contains(rt.Path, "{") {
			continue
		}
		for _, v := range []string{"%00", "..", "%2F", strings.Repeat("z", 20000), "%ff%fe", "@", "a%20b", url.PathEscape("é"), strings.Repeat("A", 26)} {
			odd := fill(rt.Path, map[string]string{"{id}": v, "{group}": v})
			body := ""
			if rt.Method != "GET" {
				body = `{}`
			}
			expectNo500(t, rt.Method+" "+odd, body, e.do(request{Method: rt.Method, Path: odd, Token: alice, Body: body}))
			tried++
		}
	}
	t.Logf("%d requests", tried)
}
