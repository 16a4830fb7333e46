package api_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/api"
	"codeberg.org/cortege/cortege/internal/service"
)

// petitionBody is a valid national petition.
const petitionBody = `{"title":"Des pistes cyclables","text":"Nous demandons **des pistes**.","addressee":"La métropole","goal":100,"scope":"national","tags":["vélo"]}`

// signBody is a valid signature from Lyon 7e by who@example.net.
func signBody(first, email string) string {
	return `{"first_name":"` + first + `","last_name":"Dupont","email":"` + email + `","postal_code":"69007","show_name":true,` +
		`"consents":[{"purpose":"petition_updates","given":true,"wording":"Je veux des nouvelles de cette pétition."}]}`
}

func petitionIDOf(t *testing.T, w *httptest.ResponseRecorder) string {
	return decodeAs[api.PetitionDetail](t, w).Petition.ID
}

// TestPetitionAPIJourney follows a petition through the API: written,
// published, signed without an account and confirmed from the mailed
// link, signed with a token, listed, exported, withdrawn; the counter
// moves at each step.
func TestPetitionAPIJourney(t *testing.T) {
	e := newPetitionEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	e.run([]scenario{
		{name: "create without a token", req: request{Method: "POST", Path: "/api/v1/petitions", Body: petitionBody}, status: 401, code: "unauthorized"},
		{name: "create", req: request{Method: "POST", Path: "/api/v1/petitions", Token: alice, Body: petitionBody}, status: 201,
			contains: []string{`"state":"draft"`, `"organiser":true`, `"signable":false`, `\u003cstrong\u003edes pistes`, `"total":0`, `"goal":100`},
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				d := decodeAs[api.PetitionDetail](t, w)
				e.vars["p"] = d.Petition.ID
				if w.Header().Get("Location") != testBaseURL+"/api/v1/petitions/"+d.Petition.ID {
					t.Errorf("Location %q", w.Header().Get("Location"))
				}
				if d.Petition.LogURL != testBaseURL+"/petitions/"+d.Petition.ID+"/log.json" {
					t.Errorf("log_url %q", d.Petition.LogURL)
				}
			}},
		{name: "a draft is hidden from visitors", req: request{Method: "GET", Path: "/api/v1/petitions/$p"}, status: 404, code: "not_found"},
		{name: "and from others", req: request{Method: "GET", Path: "/api/v1/petitions/$p", Token: bob}, status: 404, code: "not_found"},
		{name: "its counter too", req: request{Method: "GET", Path: "/api/v1/petitions/$p/counts"}, status: 404, code: "not_found"},
		{name: "a draft takes no signature", req: request{Method: "POST", Path: "/api/v1/petitions/$p/signatures", Body: signBody("Anna", "anna@example.net")}, status: 404, code: "not_found"},
		{name: "nor a wrong one", req: request{Method: "POST", Path: "/api/v1/petitions/$p/signatures", Body: `{"first_name":"","last_name":"","postal_code":"x"}`}, status: 404, code: "not_found"},
		{name: "others cannot publish it", req: request{Method: "POST", Path: "/api/v1/petitions/$p/publish", Token: bob}, status: 404, code: "not_found"},
		{name: "edit the draft", req: request{Method: "PATCH", Path: "/api/v1/petitions/$p", Token: alice, Body: `{"goal":3,"ends_at":"2199-01-01"}`}, status: 200,
			contains: []string{`"goal":3`, `"ends_at":"2199-01-01T00:00:00Z"`, `"title":"Des pistes cyclables"`}},
		{name: "publish", req: request{Method: "POST", Path: "/api/v1/petitions/$p/publish", Token: alice}, status: 200,
			contains: []string{`"state":"published"`, `"signable":true`}},
		{name: "publish twice", req: request{Method: "POST", Path: "/api/v1/petitions/$p/publish", Token: alice}, status: 409, code: "conflict"},
		{name: "visitors see it now", req: request{Method: "GET", Path: "/api/v1/petitions/$p"}, status: 200, contains: []string{`"organiser":false`, `"signable":true`}},
		{name: "bob may not edit it", req: request{Method: "PATCH", Path: "/api/v1/petitions/$p", Token: bob, Body: `{"title":"À moi"}`}, status: 403, code: "forbidden"},
		{name: "bob may not close it", req: request{Method: "POST", Path: "/api/v1/petitions/$p/close", Token: bob}, status: 403, code: "forbidden"},
		{name: "anna signs without an account", req: request{Method: "POST", Path: "/api/v1/petitions/$p/signatures", Body: signBody("Anna", "Anna@Example.net")}, status: 202,
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				if strings.TrimSpace(w.Body.String()) != `{"pending":true,"counted":false}` {
					t.Errorf("answer %s", w.Body.String())
				}
			}},
	})
	p := e.vars["p"]
	if c := e.counts(p); c.Total != 0 {
		t.Fatalf("an unconfirmed signature counts: %+v", c)
	}
	// Signing again answers the same: the API tells nobody who signed.
	w := e.do(request{Method: "POST", Path: "/api/v1/petitions/" + p + "/signatures", Body: signBody("Anna", "anna@example.net")})
	if w.Code != 202 || strings.TrimSpace(w.Body.String()) != `{"pending":true,"counted":false}` {
		t.Fatalf("signing again: %d %s", w.Code, w.Body.String())
	}
	e.drain()
	e.vars["confirm"] = e.mailedToken("anna@example.net", "/petitions/"+p+"/confirm")
	e.run([]scenario{
		{name: "confirm without a token", req: request{Method: "POST", Path: "/api/v1/signatures/confirm", Body: `{}`}, status: 422, code: "invalid", field: "token"},
		{name: "confirm with a wrong token", req: request{Method: "POST", Path: "/api/v1/signatures/confirm", Body: `{"token":"garbage"}`}, status: 404, code: "not_found"},
		{name: "confirm", req: request{Method: "POST", Path: "/api/v1/signatures/confirm", Body: `{"token":"$confirm"}`}, status: 200,
			contains: []string{`"counted":true`, `"petition_id":"$p"`},
			check: e.save("anna", func(t *testing.T, w *httptest.ResponseRecorder) string {
				return decodeAs[api.ConfirmedSignature](t, w).Token
			})},
		{name: "a link followed again counts once", req: request{Method: "POST", Path: "/api/v1/signatures/confirm", Body: `{"token":"$confirm"}`}, status: 200,
			contains: []string{`"counted":true`}, absent: []string{`"receipt"`}},
	})
	if c := e.counts(p); c.Online != 1 || c.Paper != 0 || c.Total != 1 || c.Goal != 3 || c.ByDepartement["69"] != 1 {
		t.Fatalf("after anna's confirmation: %+v", c)
	}
	e.clock.advance(time.Second) // bob signs after anna: newest first
	e.run([]scenario{
		{name: "bob signs with his token", req: request{Method: "POST", Path: "/api/v1/petitions/$p/signatures", Token: bob,
			Body: `{"first_name":"Bob","last_name":"Martin","postal_code":"75011","comment":"Enfin !"}`}, status: 201,
			contains: []string{`"pending":false`, `"counted":true`, `"signature_id":"`, `"token":"`},
			check:    e.save("bob", func(t *testing.T, w *httptest.ResponseRecorder) string { return decodeAs[api.SignResult](t, w).Token })},
		{name: "public signatures", req: request{Method: "GET", Path: "/api/v1/petitions/$p/signatures"}, status: 200,
			contains: []string{`"name":"Anna Dupont"`, `"comment":"Enfin !"`, `"name":""`, `"departement":"75"`}, absent: []string{"example.net", `"next"`}},
		{name: "a page of one", req: request{Method: "GET", Path: "/api/v1/petitions/$p/signatures?limit=1"}, status: 200,
			contains: []string{`"comment":"Enfin !"`, `"next":"`}, absent: []string{"Anna"},
			check: e.save("next", func(t *testing.T, w *httptest.ResponseRecorder) string {
				return decodeAs[api.PublicSignatureList](t, w).Next
			})},
		{name: "the next page", req: request{Method: "GET", Path: "/api/v1/petitions/$p/signatures?limit=1&before=$next"}, status: 200,
			contains: []string{`"name":"Anna Dupont"`}, absent: []string{"Enfin"}},
		{name: "a wrong limit", req: request{Method: "GET", Path: "/api/v1/petitions/$p/signatures?limit=1000"}, status: 422, code: "invalid", field: "limit"},
		{name: "a wrong cursor", req: request{Method: "GET", Path: "/api/v1/petitions/$p/signatures?before=%00"}, status: 422, code: "invalid", field: "before"},
		{name: "anna's export", req: request{Method: "GET", Path: "/api/v1/signatures/export?token=$anna"}, status: 200,
			contains: []string{`"email":"Anna@example.net"`, `"status":"confirmed"`, `"purpose":"petition_updates"`, "Je veux des nouvelles", `"petition_title":"Des pistes cyclables"`}},
		{name: "export without a token", req: request{Method: "GET", Path: "/api/v1/signatures/export"}, status: 422, code: "invalid", field: "token"},
		{name: "export with a wrong token", req: request{Method: "GET", Path: "/api/v1/signatures/export?token=" + strings.Repeat("A", 43)}, status: 404, code: "not_found"},
	})
	if c := e.counts(p); c.Online != 2 || c.ByDepartement["75"] != 1 {
		t.Fatalf("after bob: %+v", c)
	}
	e.run([]scenario{
		{name: "withdraw", req: request{Method: "POST", Path: "/api/v1/signatures/withdraw", Body: `{"token":"$anna"}`}, status: 204},
		{name: "withdraw twice", req: request{Method: "POST", Path: "/api/v1/signatures/withdraw", Body: `{"token":"$anna"}`}, status: 204},
		{name: "withdraw with a wrong token", req: request{Method: "POST", Path: "/api/v1/signatures/withdraw", Body: `{"token":"nope"}`}, status: 404, code: "not_found"},
		{name: "what stays of it", req: request{Method: "GET", Path: "/api/v1/signatures/export?token=$anna"}, status: 200,
			contains: []string{`"status":"withdrawn"`, `"email":""`, `"first_name":""`, `"consents":[]`, `"departement":"69"`}, absent: []string{"Anna"}},
		{name: "gone from the public list", req: request{Method: "GET", Path: "/api/v1/petitions/$p/signatures"}, status: 200, absent: []string{"Anna"}},
	})
	if c := e.counts(p); c.Online != 1 || c.Total != 1 || c.ByDepartement["69"] != 0 {
		t.Fatalf("after the withdrawal: %+v", c)
	}
	e.run([]scenario{
		{name: "my petitions", req: request{Method: "GET", Path: "/api/v1/me/petitions", Token: alice}, status: 200, contains: []string{`"id":"$p"`}},
		{name: "not bob's", req: request{Method: "GET", Path: "/api/v1/me/petitions", Token: bob}, status: 200, contains: []string{`"petitions":[]`}},
		{name: "answer without a text", req: request{Method: "POST", Path: "/api/v1/petitions/$p/answer", Token: alice, Body: `{"answer":" "}`}, status: 422, code: "invalid", field: "answer"},
		{name: "close", req: request{Method: "POST", Path: "/api/v1/petitions/$p/close", Token: alice}, status: 200, contains: []string{`"state":"closed"`, `"signable":false`}},
		{name: "a closed petition takes no signature", req: request{Method: "POST", Path: "/api/v1/petitions/$p/signatures", Body: signBody("Carla", "carla@example.net")}, status: 409, code: "conflict"},
		{name: "a closed petition is not edited", req: request{Method: "PATCH", Path: "/api/v1/petitions/$p", Token: alice, Body: `{"title":"Autre"}`}, status: 409, code: "conflict"},
		{name: "answer", req: request{Method: "POST", Path: "/api/v1/petitions/$p/answer", Token: alice, Body: `{"answer":"La métropole *accepte*."}`}, status: 200,
			contains: []string{`"state":"answered"`, `\u003cem\u003eaccepte`, `"answered_at":"`}},
		{name: "answer twice", req: request{Method: "POST", Path: "/api/v1/petitions/$p/answer", Token: alice, Body: `{"answer":"Encore"}`}, status: 409, code: "conflict"},
	})
}

// TestPetitionValidationNamesTheField checks that each wrong value of a
// petition or a signature is a 422 naming its field (400 for a body that
// is not the JSON asked), never a 500.
func TestPetitionValidationNamesTheField(t *testing.T) {
	e := newPetitionEnv(t)
	alice := e.user("alice")
	base := `"text":"T","addressee":"A","goal":10,"scope":"national"`
	var cases []scenario
	for _, c := range []struct{ name, body, field string }{
		{"no title", `{` + base + `}`, "title"},
		{"no text", `{"title":"T","addressee":"A","goal":10,"scope":"national"}`, "text"},
		{"no addressee", `{"title":"T","text":"T","goal":10,"scope":"national"}`, "addressee"},
		{"no goal", `{"title":"T","text":"T","addressee":"A","scope":"national"}`, "goal"},
		{"a goal too high", `{"title":"T","text":"T","addressee":"A","goal":1000000000,"scope":"national"}`, "goal"},
		{"no scope", `{"title":"T","text":"T","addressee":"A","goal":10}`, "scope"},
		{"a local one without a place", `{"title":"T","text":"T","addressee":"A","goal":10,"scope":"local"}`, "place"},
		{"an unknown place", `{"title":"T","text":"T","addressee":"A","goal":10,"scope":"local","place":"99999"}`, "place"},
		{"an unknown département", `{"title":"T","text":"T","addressee":"A","goal":10,"scope":"departement","departement":"00"}`, "departement"},
		{"a wrong end date", `{"title":"T",` + base + `,"ends_at":"demain"}`, "ends_at"},
		{"a fundraising link in http", `{"title":"T",` + base + `,"fundraising_url":"http://example.org/don"}`, "fundraising_url"},
		{"a wrong language", `{"title":"T",` + base + `,"lang":"xx"}`, "lang"},
		{"a bidi override", `{"title":"\u202eT",` + base + `}`, "title"},
		{"an unknown group", `{"title":"T",` + base + `,"group":"nobody_here"}`, "group"},
	} {
		cases = append(cases, scenario{name: c.name, req: request{Method: "POST", Path: "/api/v1/petitions", Token: alice, Body: c.body}, status: 422, code: "invalid", field: c.field})
	}
	cases = append(cases,
		scenario{name: "an unknown field", req: request{Method: "POST", Path: "/api/v1/petitions", Token: alice, Body: `{"titel":"T"}`}, status: 400, code: "invalid", field: "titel"},
		scenario{name: "a goal of the wrong type", req: request{Method: "POST", Path: "/api/v1/petitions", Token: alice, Body: `{"goal":"10"}`}, status: 400, code: "invalid", field: "goal"},
		scenario{name: "a local petition", req: request{Method: "POST", Path: "/api/v1/petitions", Token: alice,
			Body: `{"title":"Un square","text":"T","addressee":"La mairie","goal":50,"scope":"local","place":"69387"}`}, status: 201,
			contains: []string{`"place":"69387"`, `"departement":"69"`}, check: e.save("p", petitionIDOf)},
		scenario{name: "publish it", req: request{Method: "POST", Path: "/api/v1/petitions/$p/publish", Token: alice}, status: 200},
		scenario{name: "edit with a wrong goal", req: request{Method: "PATCH", Path: "/api/v1/petitions/$p", Token: alice, Body: `{"goal":0}`}, status: 422, code: "invalid", field: "goal"},
		scenario{name: "edit with a wrong end date", req: request{Method: "PATCH", Path: "/api/v1/petitions/$p", Token: alice, Body: `{"ends_at":"x"}`}, status: 422, code: "invalid", field: "ends_at"},
		scenario{name: "remove the end date", req: request{Method: "PATCH", Path: "/api/v1/petitions/$p", Token: alice, Body: `{"ends_at":""}`}, status: 200, contains: []string{`"ends_at":null`}},
	)
	sign := func(name, body, field string) scenario {
		return scenario{name: name, req: request{Method: "POST", Path: "/api/v1/petitions/$p/signatures", Body: body}, status: 422, code: "invalid", field: field}
	}
	cases = append(cases,
		sign("no first name", `{"last_name":"D","email":"a@example.net","postal_code":"69007"}`, "first_name"),
		sign("no last name", `{"first_name":"A","email":"a@example.net","postal_code":"69007"}`, "last_name"),
		sign("no address", `{"first_name":"A","last_name":"D","postal_code":"69007"}`, "email"),
		sign("a wrong address", `{"first_name":"A","last_name":"D","email":"not an address","postal_code":"69007"}`, "email"),
		sign("a throw-away address", `{"first_name":"A","last_name":"D","email":"a@mailinator.com","postal_code":"69007"}`, "email"),
		sign("a postal code of the wrong shape", `{"first_name":"A","last_name":"D","email":"a@example.net","postal_code":"6900"}`, "postal_code"),
		sign("an unknown postal code", `{"first_name":"A","last_name":"D","email":"a@example.net","postal_code":"00000"}`, "postal_code"),
		sign("a commune not of the postal code", `{"first_name":"A","last_name":"D","email":"a@example.net","postal_code":"69007","commune":"75111"}`, "commune"),
		sign("a consent of no purpose", `{"first_name":"A","last_name":"D","email":"a@example.net","postal_code":"69007","consents":[{"purpose":"sell","given":true,"wording":"x"}]}`, "consents"),
		sign("a consent without its wording", `{"first_name":"A","last_name":"D","email":"a@example.net","postal_code":"69007","consents":[{"purpose":"group_news","given":true}]}`, "consents"),
		sign("a comment too long", `{"first_name":"A","last_name":"D","email":"a@example.net","postal_code":"69007","comment":"`+strings.Repeat("x", 1001)+`"}`, "comment"),
		sign("a wrong language", `{"first_name":"A","last_name":"D","email":"a@example.net","postal_code":"69007","lang":"xx"}`, "lang"),
		scenario{name: "a honeypot is no field of the API", req: request{Method: "POST", Path: "/api/v1/petitions/$p/signatures", Body: `{"website":"x"}`}, status: 400, code: "invalid", field: "website"},
		scenario{name: "a wrong signature on no petition", req: request{Method: "POST", Path: "/api/v1/petitions/01NOTHING0000000000000000/signatures", Body: `{"first_name":""}`}, status: 404, code: "not_found"},
	)
	e.run(cases)
}

// TestPetitionOrganiserRoutes enters paper signatures (JSON and CSV),
// finds a burst and invalidates it, and has a group co-sign: each for the
// organisers only.
func TestPetitionOrganiserRoutes(t *testing.T) {
	e := newPetitionEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	e.run([]scenario{
		{name: "create", req: request{Method: "POST", Path: "/api/v1/petitions", Token: alice, Body: petitionBody}, status: 201, check: e.save("p", petitionIDOf)},
		{name: "paper before publishing", req: request{Method: "POST", Path: "/api/v1/petitions/$p/paper-signatures", Token: alice, Body: `{"rows":[]}`}, status: 409, code: "conflict"},
		{name: "publish", req: request{Method: "POST", Path: "/api/v1/petitions/$p/publish", Token: alice}, status: 200},
		{name: "paper by a stranger", req: request{Method: "POST", Path: "/api/v1/petitions/$p/paper-signatures", Token: bob, Body: `{"rows":[{"first_name":"A","last_name":"B","postal_code":"69007"}]}`}, status: 403, code: "forbidden"},
		{name: "paper", req: request{Method: "POST", Path: "/api/v1/petitions/$p/paper-signatures", Token: alice,
			Body: `{"rows":[{"first_name":"Jean","last_name":"Papier","postal_code":"69007"},{"first_name":"Lise","last_name":"Papier","postal_code":"13001","email":"lise@example.net"}]}`}, status: 200,
			contains: []string{`"added":2`, `"duplicates":0`}},
		{name: "the same address again", req: request{Method: "POST", Path: "/api/v1/petitions/$p/paper-signatures", Token: alice,
			Body: `{"rows":[{"first_name":"Lise","last_name":"Papier","postal_code":"13001","email":"LISE@example.net"}]}`}, status: 200,
			contains: []string{`"added":0`, `"duplicates":1`}},
		{name: "paper as CSV", req: request{Method: "POST", Path: "/api/v1/petitions/$p/paper-signatures", Token: alice,
			Body: "prénom;nom;code postal\nMarc;Crayon;75011\n", Header: map[string]string{"Content-Type": "text/csv; charset=utf-8"}}, status: 200,
			contains: []string{`"added":1`}},
		{name: "a CSV without the columns", req: request{Method: "POST", Path: "/api/v1/petitions/$p/paper-signatures", Token: alice,
			Body: "a,b\n1,2\n", Header: map[string]string{"Content-Type": "text/csv"}}, status: 422, code: "invalid", field: "file"},
		{name: "a CSV by a stranger", req: request{Method: "POST", Path: "/api/v1/petitions/$p/paper-signatures", Token: bob,
			Body: "a,b\n1,2\n", Header: map[string]string{"Content-Type": "text/csv"}}, status: 403, code: "forbidden"},
	})
	p := e.vars["p"]
	w := e.do(request{Method: "POST", Path: "/api/v1/petitions/" + p + "/paper-signatures", Token: alice,
		Body: `{"rows":[{"first_name":"Ok","last_name":"Ok","postal_code":"69007"},{"first_name":"Non","last_name":"Non","postal_code":"123"},{"first_name":"","last_name":"X","postal_code":"69007"}]}`})
	if w.Code != 422 {
		t.Fatalf("a batch with lines at fault: %d %s", w.Code, w.Body.String())
	}
	pe := decodeAs[api.PaperError](t, w)
	if pe.Error.Code != "invalid" || pe.Error.Field != "rows[1].postal_code" || pe.Error.Message == "" || len(pe.Rows) != 2 ||
		pe.Rows[0].Row != 2 || pe.Rows[0].Field != "postal_code" || pe.Rows[1].Row != 3 || pe.Rows[1].Field != "first_name" {
		t.Fatalf("lines at fault: %+v", pe)
	}
	if c := e.counts(p); c.Paper != 3 || c.Online != 0 || c.Total != 3 || c.ByDepartement["13"] != 1 || c.ByDepartement["69"] != 1 || c.ByDepartement["75"] != 1 {
		t.Fatalf("after the paper batches: %+v", c)
	}

	// A burst: six signatures of one domain in one minute, from one network.
	for i := range 6 {
		if w := e.do(request{Method: "POST", Path: "/api/v1/petitions/" + p + "/signatures", Body: signBody("Bot", fmt.Sprintf("bot%d@spam.example", i))}); w.Code != 202 {
			t.Fatalf("sign %d: %d %s", i, w.Code, w.Body.String())
		}
	}
	e.run([]scenario{
		{name: "bursts by a stranger", req: request{Method: "GET", Path: "/api/v1/petitions/$p/bursts?min=5", Token: bob}, status: 403, code: "forbidden"},
		{name: "bursts by a visitor", req: request{Method: "GET", Path: "/api/v1/petitions/$p/bursts?min=5"}, status: 401, code: "unauthorized"},
		{name: "bursts with a wrong min", req: request{Method: "GET", Path: "/api/v1/petitions/$p/bursts?min=1", Token: alice}, status: 422, code: "invalid", field: "min"},
		{name: "bursts with a wrong since", req: request{Method: "GET", Path: "/api/v1/petitions/$p/bursts?since=x", Token: alice}, status: 422, code: "invalid", field: "since"},
		{name: "no burst of 20", req: request{Method: "GET", Path: "/api/v1/petitions/$p/bursts", Token: alice}, status: 200, contains: []string{`"bursts":[]`}},
		{name: "bursts", req: request{Method: "GET", Path: "/api/v1/petitions/$p/bursts?min=5", Token: alice}, status: 200,
			contains: []string{`"kind":"domain","key":"spam.example"`, `"kind":"net"`, `"count":6`},
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				for _, b := range decodeAs[api.BurstList](t, w).Bursts {
					if b.Kind == "domain" {
						e.vars["minute"] = b.Minute
					}
				}
			}},
		{name: "invalidate by a stranger", req: request{Method: "POST", Path: "/api/v1/petitions/$p/bursts/invalidate", Token: bob, Body: `{"kind":"x"}`}, status: 403, code: "forbidden"},
		{name: "invalidate a burst of no kind", req: request{Method: "POST", Path: "/api/v1/petitions/$p/bursts/invalidate", Token: alice, Body: `{"kind":"x","key":"spam.example","minute":"$minute"}`}, status: 422, code: "invalid", field: "burst"},
		{name: "invalidate without a minute", req: request{Method: "POST", Path: "/api/v1/petitions/$p/bursts/invalidate", Token: alice, Body: `{"kind":"domain","key":"spam.example"}`}, status: 422, code: "invalid", field: "minute"},
		{name: "invalidate the burst", req: request{Method: "POST", Path: "/api/v1/petitions/$p/bursts/invalidate", Token: alice, Body: `{"kind":"domain","key":"spam.example","minute":"$minute"}`}, status: 200,
			contains: []string{`"invalidated":6`}},
		{name: "gone", req: request{Method: "GET", Path: "/api/v1/petitions/$p/bursts?min=5", Token: alice}, status: 200, contains: []string{`"bursts":[]`}},
		{name: "invalidate chosen signatures by a stranger", req: request{Method: "POST", Path: "/api/v1/petitions/$p/signatures/invalidate", Token: bob, Body: `{"ids":["x"]}`}, status: 403, code: "forbidden"},
		{name: "invalidate chosen signatures", req: request{Method: "POST", Path: "/api/v1/petitions/$p/signatures/invalidate", Token: alice, Body: `{"ids":["01NOTHING0000000000000000"]}`}, status: 200, contains: []string{`"invalidated":0`}},
		{name: "invalidate an ID of the wrong shape", req: request{Method: "POST", Path: "/api/v1/petitions/$p/signatures/invalidate", Token: alice, Body: `{"ids":["a b"]}`}, status: 422, code: "invalid", field: "ids"},
	})
	// Bob's signature counts at once; the organisers invalidate it by its ID.
	w = e.do(request{Method: "POST", Path: "/api/v1/petitions/" + p + "/signatures", Token: bob, Body: `{"first_name":"Bob","last_name":"M","postal_code":"69007"}`})
	if w.Code != 201 {
		t.Fatalf("bob signs: %d %s", w.Code, w.Body.String())
	}
	e.vars["bobsig"] = decodeAs[api.SignResult](t, w).SignatureID
	if c := e.counts(p); c.Online != 1 {
		t.Fatalf("after bob: %+v", c)
	}
	e.run([]scenario{
		{name: "invalidate bob's", req: request{Method: "POST", Path: "/api/v1/petitions/$p/signatures/invalidate", Token: alice, Body: `{"ids":["$bobsig"]}`}, status: 200, contains: []string{`"invalidated":1`}},
	})
	if c := e.counts(p); c.Online != 0 || c.Paper != 3 {
		t.Fatalf("after the invalidations: %+v", c)
	}

	// Co-signing: bob's group is invited and accepts; bob then organises.
	e.run([]scenario{
		{name: "bob's group", req: request{Method: "POST", Path: "/api/v1/groups", Token: bob, Body: `{"handle":"velo_bob","name":"Vélo Bob","visibility":"public","join_mode":"open"}`}, status: 201},
		{name: "invite by a stranger", req: request{Method: "POST", Path: "/api/v1/petitions/$p/organisers", Token: bob, Body: `{"group":"velo_bob"}`}, status: 403, code: "forbidden"},
		{name: "invite no group", req: request{Method: "POST", Path: "/api/v1/petitions/$p/organisers", Token: alice, Body: `{"group":"nobody_here"}`}, status: 422, code: "invalid", field: "group"},
		{name: "invite", req: request{Method: "POST", Path: "/api/v1/petitions/$p/organisers", Token: alice, Body: `{"group":"velo_bob"}`}, status: 201, contains: []string{`"status":"invited"`}},
		{name: "invite twice", req: request{Method: "POST", Path: "/api/v1/petitions/$p/organisers", Token: alice, Body: `{"group":"velo_bob"}`}, status: 409, code: "conflict"},
		{name: "visitors do not see the invitation", req: request{Method: "GET", Path: "/api/v1/petitions/$p"}, status: 200, contains: []string{`"organisers":[]`}},
		{name: "alice's invitations are not hers to see", req: request{Method: "GET", Path: "/api/v1/groups/velo_bob/petition-invitations", Token: alice}, status: 403, code: "forbidden"},
		{name: "bob's group's invitations", req: request{Method: "GET", Path: "/api/v1/groups/velo_bob/petition-invitations", Token: bob}, status: 200, contains: []string{`"petition_id":"$p"`}},
		{name: "bob cannot edit yet", req: request{Method: "PATCH", Path: "/api/v1/petitions/$p", Token: bob, Body: `{"title":"Ensemble"}`}, status: 403, code: "forbidden"},
		{name: "accept", req: request{Method: "POST", Path: "/api/v1/groups/velo_bob/petition-invitations/$p/accept", Token: bob}, status: 204},
		{name: "accept twice", req: request{Method: "POST", Path: "/api/v1/groups/velo_bob/petition-invitations/$p/accept", Token: bob}, status: 409, code: "conflict"},
		{name: "bob edits", req: request{Method: "PATCH", Path: "/api/v1/petitions/$p", Token: bob, Body: `{"title":"Ensemble"}`}, status: 200,
			contains: []string{`"title":"Ensemble"`, `"organiser":true`, `"status":"accepted"`}},
		{name: "bob's petitions", req: request{Method: "GET", Path: "/api/v1/me/petitions", Token: bob}, status: 200, contains: []string{`"id":"$p"`}},
		{name: "decline what is not there", req: request{Method: "POST", Path: "/api/v1/groups/velo_bob/petition-invitations/01NOTHING0000000000000000/decline", Token: bob}, status: 404, code: "not_found"},
	})
}

// TestPetitionSignRateLimited checks that the service's limits reach API
// clients as 429 rate_limited, signed in or not.
func TestPetitionSignRateLimited(t *testing.T) {
	e := newPetitionEnvWith(t, func(c *service.Config) { c.SignLimits.PerPetition = 2 })
	alice := e.user("alice")
	w := e.do(request{Method: "POST", Path: "/api/v1/petitions", Token: alice, Body: petitionBody})
	e.vars["p"] = petitionIDOf(t, w)
	e.run([]scenario{
		{name: "publish", req: request{Method: "POST", Path: "/api/v1/petitions/$p/publish", Token: alice}, status: 200},
		{name: "first", req: request{Method: "POST", Path: "/api/v1/petitions/$p/signatures", Body: signBody("Un", "un@example.net")}, status: 202},
		{name: "second", req: request{Method: "POST", Path: "/api/v1/petitions/$p/signatures", Body: signBody("Deux", "deux@example.net")}, status: 202},
		{name: "third", req: request{Method: "POST", Path: "/api/v1/petitions/$p/signatures", Body: signBody("Trois", "trois@example.net")}, status: 429, code: "rate_limited"},
		{name: "signed in too", req: request{Method: "POST", Path: "/api/v1/petitions/$p/signatures", Token: alice, Body: `{"first_name":"A","last_name":"B","postal_code":"69007"}`}, status: 429, code: "rate_limited"},
	})
}
