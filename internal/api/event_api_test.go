package api_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/api"
)

// eventID reads the ID of the event in an EventDetail answer.
func eventID(t *testing.T, w *httptest.ResponseRecorder) string {
	return decodeAs[api.EventDetail](t, w).Event.ID
}

// TestEventHiddenPlace follows an event by approval whose exact place is
// reserved to approved participants: before approval the address is in
// no answer (event, list, calendar), after approval it is.
func TestEventHiddenPlace(t *testing.T) {
	e := newEnv(t)
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	const secret = "12 rue Secrète"
	e.run([]scenario{
		{name: "create", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"Rassemblement discret","start":"2030-06-01T18:00:00+02:00","tz":"Europe/Paris",
			"place_area":"Lyon 7e","place":"` + secret + `","coordinates":{"lat":45.7485,"lon":4.8467},"hide_place":true,"join_mode":"approval","category":"meeting",
			"questions":[{"label":"À vélo ?","kind":"choice","choices":["oui","non"],"required":true}]}`}, status: 201,
			contains: []string{secret, `"place_hidden":false`, `"local_start":"2030-06-01T18:00:00+02:00"`, `"start":"2030-06-01T16:00:00Z"`},
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				d := decodeAs[api.EventDetail](t, w)
				e.vars["ev"], e.vars["q"] = d.Event.ID, d.Questions[0].ID
				if w.Header().Get("Location") != testBaseURL+"/api/v1/events/"+d.Event.ID {
					t.Errorf("Location %q", w.Header().Get("Location"))
				}
			}},
		{name: "visitor: no address", req: request{Method: "GET", Path: "/api/v1/events/$ev"}, status: 200,
			contains: []string{`"place_hidden":true`, `"place":""`, `"place_area":"Lyon 7e"`, `"lat":45.7,"lon":4.8`}, absent: []string{"Secr", "45.7485"}},
		{name: "bob before registering: no address", req: request{Method: "GET", Path: "/api/v1/events/$ev", Token: bob}, status: 200,
			contains: []string{`"place_hidden":true`, `"can_join":true`, `"participation":null`}, absent: []string{"Secr"}},
		{name: "search: no address", req: request{Method: "GET", Path: "/api/v1/events?q=rassemblement"}, status: 200,
			contains: []string{"Rassemblement discret"}, absent: []string{"Secr"}},
		{name: "search does not find the hidden street", req: request{Method: "GET", Path: "/api/v1/events?q=secrete"}, status: 200, contains: []string{`"events":[]`}},
	})
	e.run([]scenario{
		{name: "required answer missing", req: request{Method: "POST", Path: "/api/v1/events/$ev/participation", Token: bob}, status: 422, code: "invalid", field: "answer_" + e.vars["q"]},
		{name: "answer not among the choices", req: request{Method: "POST", Path: "/api/v1/events/$ev/participation", Token: bob, Body: `{"answers":[{"question_id":"$q","value":"peut-être"}]}`}, status: 422, code: "invalid", field: "answer_" + e.vars["q"]},
		{name: "bob registers", req: request{Method: "POST", Path: "/api/v1/events/$ev/participation", Token: bob, Body: `{"answers":[{"question_id":"$q","value":"oui"}]}`}, status: 201,
			contains: []string{`"status":"pending"`}},
		{name: "registers twice", req: request{Method: "POST", Path: "/api/v1/events/$ev/participation", Token: bob, Body: `{"answers":[{"question_id":"$q","value":"oui"}]}`}, status: 409, code: "conflict"},
		{name: "pending bob: still no address", req: request{Method: "GET", Path: "/api/v1/events/$ev", Token: bob}, status: 200,
			contains: []string{`"place_hidden":true`, `"status":"pending"`}, absent: []string{"Secr"}},
		{name: "bob cannot list participants", req: request{Method: "GET", Path: "/api/v1/events/$ev/participants", Token: bob}, status: 403, code: "forbidden"},
		{name: "bob cannot approve himself", req: request{Method: "GET", Path: "/api/v1/events/$ev/counts", Token: bob}, status: 403, code: "forbidden"},
		{name: "bob cannot edit", req: request{Method: "PATCH", Path: "/api/v1/events/$ev", Token: bob, Body: `{"title":"Pwned"}`}, status: 403, code: "forbidden"},
		{name: "organiser lists participants", req: request{Method: "GET", Path: "/api/v1/events/$ev/participants", Token: alice}, status: 200,
			contains: []string{`"handle":"bob"`, `"value":"oui"`},
			check: e.save("bobp", func(t *testing.T, w *httptest.ResponseRecorder) string {
				return decodeAs[api.ParticipantList](t, w).Participants[0].ID
			})},
		{name: "approve", req: request{Method: "POST", Path: "/api/v1/events/$ev/participants/$bobp/approve", Token: alice, Body: `{"message":"Bienvenue"}`}, status: 200,
			contains: []string{`"status":"approved"`}},
		{name: "approve twice", req: request{Method: "POST", Path: "/api/v1/events/$ev/participants/$bobp/approve", Token: alice}, status: 409, code: "conflict"},
		{name: "approved bob sees the address", req: request{Method: "GET", Path: "/api/v1/events/$ev", Token: bob}, status: 200,
			contains: []string{`"place":"` + secret + `"`, `"place_hidden":false`, `"status":"approved"`, "45.7485"}},
		{name: "carol still does not", req: request{Method: "GET", Path: "/api/v1/events/$ev", Token: carol}, status: 200, absent: []string{"Secr"}},
		{name: "bob's ticket", req: request{Method: "GET", Path: "/api/v1/events/$ev/ticket", Token: bob}, status: 200,
			check: e.save("code", func(t *testing.T, w *httptest.ResponseRecorder) string { return decodeAs[api.Ticket](t, w).Code })},
		{name: "carol has no ticket", req: request{Method: "GET", Path: "/api/v1/events/$ev/ticket", Token: carol}, status: 404, code: "not_found"},
		{name: "check-in by a participant", req: request{Method: "POST", Path: "/api/v1/events/$ev/check-in", Token: bob, Body: `{"code":"$code"}`}, status: 403, code: "forbidden"},
		{name: "check-in with a wrong code", req: request{Method: "POST", Path: "/api/v1/events/$ev/check-in", Token: alice, Body: `{"code":"AAAAA-AAAAA"}`}, status: 422, code: "invalid", field: "code"},
		{name: "check-in", req: request{Method: "POST", Path: "/api/v1/events/$ev/check-in", Token: alice, Body: `{"code":"$code"}`}, status: 200,
			contains: []string{`"already":false`, `"attended":1`, `"status":"attended"`}},
		{name: "check-in again", req: request{Method: "POST", Path: "/api/v1/events/$ev/check-in", Token: alice, Body: `{"code":"$code"}`}, status: 200, contains: []string{`"already":true`}},
		{name: "counts", req: request{Method: "GET", Path: "/api/v1/events/$ev/counts", Token: alice}, status: 200,
			contains: []string{`"registered":1`, `"approved":1`, `"attended":1`}},
		{name: "announcement by a participant", req: request{Method: "POST", Path: "/api/v1/events/$ev/announcements", Token: bob, Body: `{"audience":"all","subject":"S","body":"B"}`}, status: 403, code: "forbidden"},
		{name: "announcement to approved", req: request{Method: "POST", Path: "/api/v1/events/$ev/announcements", Token: alice, Body: `{"audience":"approved","subject":"Rendez-vous","body":"À 18 h"}`}, status: 201,
			contains: []string{`"sent_to":1`}},
		{name: "bad audience", req: request{Method: "POST", Path: "/api/v1/events/$ev/announcements", Token: alice, Body: `{"audience":"everyone","subject":"S","body":"B"}`}, status: 422, code: "invalid", field: "audience"},
		{name: "announcements", req: request{Method: "GET", Path: "/api/v1/events/$ev/announcements", Token: alice}, status: 200, contains: []string{"Rendez-vous"}},
		{name: "my events", req: request{Method: "GET", Path: "/api/v1/me/events", Token: bob}, status: 200, contains: []string{"Rassemblement discret", `"status":"attended"`}},
		{name: "organiser's dashboard", req: request{Method: "GET", Path: "/api/v1/me/events", Token: alice}, status: 200, contains: []string{`"organising":[{`, secret}},
		{name: "cancel", req: request{Method: "POST", Path: "/api/v1/events/$ev/cancel", Token: alice}, status: 200, contains: []string{`"cancel_reason":""`}},
		{name: "no check-in once cancelled", req: request{Method: "POST", Path: "/api/v1/events/$ev/check-in", Token: alice, Body: `{"code":"$code"}`}, status: 409, code: "conflict"},
	})
	// Calendars follow the same rule.
	for _, c := range []struct {
		tok  string
		want bool
	}{{carol, false}, {bob, true}, {"", false}, {alice, true}} {
		w := e.do(request{Method: "GET", Path: "/api/v1/events/" + e.vars["ev"] + "/calendar.ics", Token: c.tok})
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/calendar") || !strings.Contains(w.Body.String(), "BEGIN:VEVENT") {
			t.Fatalf("ICS: %d %q %s", w.Code, w.Header().Get("Content-Type"), w.Body.String())
		}
		if got := strings.Contains(w.Body.String(), "12 rue Secr"); got != c.want {
			t.Errorf("ICS holds the address = %v, want %v:\n%s", got, c.want, w.Body.String())
		}
	}
	w := e.do(request{Method: "GET", Path: "/api/v1/events/" + e.vars["ev"] + "/participants.csv", Token: alice})
	if w.Code != 200 || w.Header().Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(w.Body.String(), "bob") || !strings.Contains(w.Body.String(), "À vélo ?") {
		t.Errorf("CSV: %d %q %s", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
	if w := e.do(request{Method: "GET", Path: "/api/v1/events/" + e.vars["ev"] + "/participants.csv", Token: bob}); w.Code != 403 {
		t.Errorf("CSV for a participant: %d", w.Code)
	}
}

// TestEventWaitingList fills an event of two seats with three people: the
// third is waitlisted (and sees it), then promoted when one cancels.
func TestEventWaitingList(t *testing.T) {
	e := newEnv(t)
	alice, bob, carol, dave := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave")
	e.run([]scenario{
		{name: "create", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"Atelier réparation","start":"2030-03-10T09:00:00Z","end":"2030-03-10T12:00:00Z","capacity":2,"place":"Maison du vélo"}`}, status: 201,
			check: e.save("ev", eventID)},
		{name: "bob", req: request{Method: "POST", Path: "/api/v1/events/$ev/participation", Token: bob}, status: 201, contains: []string{`"status":"approved"`}},
		{name: "carol", req: request{Method: "POST", Path: "/api/v1/events/$ev/participation", Token: carol, Body: `{}`}, status: 201, contains: []string{`"status":"approved"`}},
		{name: "dave waits", req: request{Method: "POST", Path: "/api/v1/events/$ev/participation", Token: dave}, status: 201, contains: []string{`"status":"waitlisted"`}},
		{name: "dave sees he waits", req: request{Method: "GET", Path: "/api/v1/events/$ev/participation", Token: dave}, status: 200, contains: []string{`"status":"waitlisted"`, `"position":3`}},
		{name: "on the event too", req: request{Method: "GET", Path: "/api/v1/events/$ev", Token: dave}, status: 200, contains: []string{`"participation":{`, `"status":"waitlisted"`, `"waitlisted":1`}},
		{name: "bob cancels", req: request{Method: "DELETE", Path: "/api/v1/events/$ev/participation", Token: bob}, status: 204},
		{name: "bob cancels again", req: request{Method: "DELETE", Path: "/api/v1/events/$ev/participation", Token: bob}, status: 404, code: "not_found"},
		{name: "dave is promoted", req: request{Method: "GET", Path: "/api/v1/events/$ev/participation", Token: dave}, status: 200, contains: []string{`"status":"approved"`}},
		{name: "counts", req: request{Method: "GET", Path: "/api/v1/events/$ev/counts", Token: alice}, status: 200, contains: []string{`"approved":2`, `"waitlisted":0`}},
		{name: "carol's registration", req: request{Method: "GET", Path: "/api/v1/events/$ev/participants", Token: alice}, status: 200,
			check: e.save("carolp", func(t *testing.T, w *httptest.ResponseRecorder) string {
				for _, p := range decodeAs[api.ParticipantList](t, w).Participants {
					if p.Handle == "carol" {
						return p.ID
					}
				}
				t.Fatal("carol not listed")
				return ""
			})},
		{name: "refuse carol", req: request{Method: "POST", Path: "/api/v1/events/$ev/participants/$carolp/refuse", Token: alice, Body: `{"message":"Complet pour les bénévoles"}`}, status: 200,
			contains: []string{`"status":"refused"`}},
		{name: "carol sees the refusal", req: request{Method: "GET", Path: "/api/v1/events/$ev/participation", Token: carol}, status: 200,
			contains: []string{`"status":"refused"`, "Complet pour les bénévoles"}},
		{name: "refused carol cannot register again", req: request{Method: "POST", Path: "/api/v1/events/$ev/participation", Token: carol}, status: 403, code: "forbidden"},
		{name: "a registration of another event", req: request{Method: "POST", Path: "/api/v1/events/$ev/participants/NOPE/approve", Token: alice}, status: 404, code: "not_found"},
		{name: "dave turns news off", req: request{Method: "PATCH", Path: "/api/v1/events/$ev/participation", Token: dave, Body: `{"updates":false}`}, status: 200, contains: []string{`"updates":false`}},
		{name: "no registration", req: request{Method: "GET", Path: "/api/v1/events/$ev/participation", Token: e.user("erin")}, status: 404, code: "not_found"},
		{name: "anonymous registration is for the web pages", req: request{Method: "POST", Path: "/api/v1/events/$ev/participation"}, status: 401, code: "unauthorized"},
	})
}

func TestEventsAPI(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	if w := e.do(request{Method: "POST", Path: "/api/v1/groups", Token: alice, Body: `{"handle":"velo_lyon","name":"Vélo Lyon","visibility":"public","join_mode":"open"}`}); w.Code != 201 {
		t.Fatal(w.Body.String())
	}
	if w := e.do(request{Method: "POST", Path: "/api/v1/groups", Token: bob, Body: `{"handle":"cercle_bob","name":"Cercle","visibility":"private","join_mode":"invitation"}`}); w.Code != 201 {
		t.Fatal(w.Body.String())
	}
	// A weekly series starting next week at 18:00 in Paris, five
	// occurrences (series are generated 90 days ahead).
	paris, _ := time.LoadLocation("Europe/Paris")
	y, m, d := time.Now().In(paris).AddDate(0, 0, 7).Date()
	first := time.Date(y, m, d, 18, 0, 0, 0, paris)
	fifth := time.Date(y, m, d+28, 18, 0, 0, 0, paris)
	e.run([]scenario{
		{name: "missing start", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"X"}`}, status: 422, code: "invalid", field: "start"},
		{name: "garbled start", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"X","start":"demain"}`}, status: 422, code: "invalid", field: "start"},
		{name: "unknown zone", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"X","start":"2030-01-01T10:00:00Z","tz":"Mars/Olympus"}`}, status: 422, code: "invalid", field: "tz"},
		{name: "end before start", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"X","start":"2030-01-01T10:00:00Z","end":"2030-01-01T09:00:00Z"}`}, status: 422, code: "invalid", field: "end"},
		{name: "questions of the wrong shape", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"X","start":"2030-01-01T10:00:00Z","questions":[{"label":1}]}`}, status: 400, code: "invalid", field: "questions.label"},
		{name: "group the caller does not manage", req: request{Method: "POST", Path: "/api/v1/events", Token: bob, Body: `{"title":"X","start":"2030-01-01T10:00:00Z","group":"velo_lyon"}`}, status: 403, code: "forbidden"},
		{name: "unknown group", req: request{Method: "POST", Path: "/api/v1/events", Token: bob, Body: `{"title":"X","start":"2030-01-01T10:00:00Z","group":"nope"}`}, status: 422, code: "invalid", field: "group"},
		{name: "anonymous creation", req: request{Method: "POST", Path: "/api/v1/events", Body: `{"title":"X","start":"2030-01-01T10:00:00Z"}`}, status: 401, code: "unauthorized"},

		{name: "group event", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"Vélorution","start":"2030-05-02T17:00:00Z","place_area":"Lyon","coordinates":{"lat":45.76,"lon":4.83},"category":"demonstration","tags":["vélo"],"group":"velo_lyon"}`}, status: 201,
			contains: []string{`"organisers":[{"group":{`, `"handle":"velo_lyon"`}, check: e.save("ev", eventID)},
		{name: "online event", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"Visio de préparation","start":"2030-04-01T18:00:00Z","online_url":"https://visio.example/abc","category":"online"}`}, status: 201,
			check: e.save("online", eventID)},
		{name: "unlisted event", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"Vélorution secrète","start":"2030-05-03T17:00:00Z","visibility":"unlisted"}`}, status: 201,
			check: e.save("unlisted", eventID)},
		{name: "draft", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"Brouillon","start":"2030-05-04T17:00:00Z","publish":false}`}, status: 201,
			contains: []string{`"published":false`}, check: e.save("draft", eventID)},
		{name: "weekly series", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"Permanence","start":"` + first.Format(time.RFC3339) + `","tz":"Europe/Paris","repeat":{"freq":"weekly","until":"` + fifth.Format(time.DateOnly) + `T23:00:00Z"}}`}, status: 201,
			contains: []string{`"series":{`, `"freq":"weekly"`}, check: e.save("series", eventID)},

		{name: "search by text, accents folded", req: request{Method: "GET", Path: "/api/v1/events?q=VELORUTION"}, status: 200,
			contains: []string{"Vélorution"}, absent: []string{"secrète", "Brouillon"}},
		{name: "search online only", req: request{Method: "GET", Path: "/api/v1/events?online=true"}, status: 200,
			contains: []string{"Visio de préparation"}, absent: []string{"Vélorution"}},
		{name: "search by category", req: request{Method: "GET", Path: "/api/v1/events?category=demonstration"}, status: 200,
			contains: []string{"Vélorution"}, absent: []string{"Visio"}},
		{name: "search by group", req: request{Method: "GET", Path: "/api/v1/events?group=velo_lyon"}, status: 200,
			contains: []string{"Vélorution"}, absent: []string{"Visio", "Permanence"}},
		{name: "search by group name", req: request{Method: "GET", Path: "/api/v1/events?group=" + url.QueryEscape("velo LYON")}, status: 200,
			contains: []string{"Vélorution"}, absent: []string{"Visio", "Permanence"}},
		{name: "search by @handle", req: request{Method: "GET", Path: "/api/v1/events?group=%40velo_lyon"}, status: 200,
			contains: []string{"Vélorution"}, absent: []string{"Visio"}},
		{name: "search by unknown group", req: request{Method: "GET", Path: "/api/v1/events?group=" + url.QueryEscape("Vélo Marseille")}, status: 422, code: "invalid", field: "group",
			contains: []string{"@identifiant"}},
		{name: "search near", req: request{Method: "GET", Path: "/api/v1/events?lat=45.75&lon=4.85&radius_km=5"}, status: 200,
			contains: []string{"Vélorution", `"distance_km":`}, absent: []string{"Visio"}},
		{name: "search by dates", req: request{Method: "GET", Path: "/api/v1/events?from=2030-04-01&to=2030-04-30"}, status: 200,
			contains: []string{"Visio"}, absent: []string{"Vélorution", "Permanence"}},
		{name: "dates the wrong way round", req: request{Method: "GET", Path: "/api/v1/events?from=2030-04-30&to=2030-04-01"}, status: 422, code: "invalid", field: "to"},
		{name: "paged", req: request{Method: "GET", Path: "/api/v1/events?per_page=1"}, status: 200, contains: []string{`"has_next":true`}},
		{name: "bad coordinates", req: request{Method: "GET", Path: "/api/v1/events?lat=95&lon=0"}, status: 422, code: "invalid", field: "lat"},
		{name: "bad boolean", req: request{Method: "GET", Path: "/api/v1/events?online=maybe"}, status: 422, code: "invalid", field: "online"},
		{name: "unlisted reachable by link", req: request{Method: "GET", Path: "/api/v1/events/$unlisted"}, status: 200, contains: []string{"secrète"}},
		{name: "draft hidden", req: request{Method: "GET", Path: "/api/v1/events/$draft", Token: bob}, status: 404, code: "not_found"},
		{name: "publish by a stranger", req: request{Method: "POST", Path: "/api/v1/events/$draft/publish", Token: bob}, status: 404, code: "not_found"},
		{name: "publish", req: request{Method: "POST", Path: "/api/v1/events/$draft/publish", Token: alice}, status: 200, contains: []string{`"published":true`}},
		{name: "published draft visible", req: request{Method: "GET", Path: "/api/v1/events/$draft", Token: bob}, status: 200},
		{name: "occurrences", req: request{Method: "GET", Path: "/api/v1/events/$series/occurrences"}, status: 200,
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				b := decodeAs[api.EventBatch](t, w)
				if len(b.Events) != 5 || b.Events[4].LocalStart != fifth.Format(time.RFC3339) {
					t.Errorf("occurrences: %d %+v", len(b.Events), b.Events)
				}
			}},
		{name: "single event has no occurrences", req: request{Method: "GET", Path: "/api/v1/events/$ev/occurrences"}, status: 200, contains: []string{`"events":[]`}},
		{name: "group's events", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/events"}, status: 200, contains: []string{"Vélorution"}, absent: []string{"Visio"}},

		{name: "move the event", req: request{Method: "PATCH", Path: "/api/v1/events/$ev", Token: alice, Body: `{"start":"2030-05-02T18:00:00Z","place":"Place Bellecour"}`}, status: 200,
			contains: []string{`"field":"start"`, `"field":"place"`, `"end":"2030-05-02T20:00:00Z"`, `"sequence":1`}},
		{name: "scope of a single event", req: request{Method: "PATCH", Path: "/api/v1/events/$ev?scope=all", Token: alice, Body: `{"title":"x"}`}, status: 422, code: "invalid", field: "scope"},
		{name: "cancel via PATCH refused", req: request{Method: "PATCH", Path: "/api/v1/events/$ev", Token: alice, Body: `{"status":"cancelled"}`}, status: 422, code: "invalid", field: "status"},
		{name: "edit this and following", req: request{Method: "PATCH", Path: "/api/v1/events/$series?scope=following", Token: alice, Body: `{"title":"Permanence vélo"}`}, status: 200, contains: []string{"Permanence vélo"}},
		{name: "following occurrences renamed", req: request{Method: "GET", Path: "/api/v1/events/$series/occurrences"}, status: 200,
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				for _, ev := range decodeAs[api.EventBatch](t, w).Events {
					if ev.Title != "Permanence vélo" {
						t.Errorf("occurrence %s titled %q", ev.LocalStart, ev.Title)
					}
				}
			}},

		{name: "comment", req: request{Method: "POST", Path: "/api/v1/events/$ev/comments", Token: bob, Body: `{"body":"On se retrouve où ?"}`}, status: 201,
			contains: []string{`"handle":"bob"`}, check: e.save("comment", func(t *testing.T, w *httptest.ResponseRecorder) string { return decodeAs[api.Comment](t, w).ID })},
		{name: "empty comment", req: request{Method: "POST", Path: "/api/v1/events/$ev/comments", Token: bob, Body: `{"body":"  "}`}, status: 422, code: "invalid", field: "body"},
		{name: "comments for visitors", req: request{Method: "GET", Path: "/api/v1/events/$ev/comments"}, status: 200, contains: []string{"On se retrouve"}},
		{name: "organiser removes it", req: request{Method: "DELETE", Path: "/api/v1/events/$ev/comments/$comment", Token: alice}, status: 204},
		{name: "removed comment keeps its place", req: request{Method: "GET", Path: "/api/v1/events/$ev/comments"}, status: 200, contains: []string{`"deleted":true`}, absent: []string{"On se retrouve"}},
		{name: "close comments", req: request{Method: "PATCH", Path: "/api/v1/events/$ev", Token: alice, Body: `{"comments_closed":true}`}, status: 200, contains: []string{`"comments_closed":true`}},
		{name: "closed", req: request{Method: "POST", Path: "/api/v1/events/$ev/comments", Token: bob, Body: `{"body":"Encore"}`}, status: 403, code: "forbidden"},
		{name: "report the event", req: request{Method: "POST", Path: "/api/v1/reports", Token: bob, Body: `{"target_kind":"event","target_id":"$ev","reason":"Spam"}`}, status: 204},
		{name: "report a draft of another", req: request{Method: "POST", Path: "/api/v1/reports", Token: bob, Body: `{"target_kind":"event","target_id":"NOPE","reason":"Spam"}`}, status: 404, code: "not_found"},

		// A group the caller does not moderate, cannot see or that does not
		// exist: one answer, after the event's permission (issue 11).
		{name: "add a group one cannot see", req: request{Method: "POST", Path: "/api/v1/events/$online/organisers", Token: alice, Body: `{"group":"cercle_bob"}`}, status: 403, code: "forbidden",
			contains: []string{"administrez ou modérez"}},
		{name: "add a group that does not exist", req: request{Method: "POST", Path: "/api/v1/events/$online/organisers", Token: alice, Body: `{"group":"cercle_nul"}`}, status: 403, code: "forbidden",
			contains: []string{"administrez ou modérez"}},
		{name: "add a group to another's event", req: request{Method: "POST", Path: "/api/v1/events/$online/organisers", Token: bob, Body: `{"group":"cercle_bob"}`}, status: 403, code: "forbidden"},
		{name: "invite a co-organiser", req: request{Method: "POST", Path: "/api/v1/events/$online/co-organisers", Token: alice, Body: `{"group":"velo_lyon"}`}, status: 200,
			contains: []string{`"status":"invited"`}},
		{name: "co-organising invitations", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/co-organising", Token: alice}, status: 200, contains: []string{"Visio"}},
		{name: "non-admin cannot answer", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/co-organising/$online/accept", Token: bob}, status: 403, code: "forbidden"},
		{name: "accept", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/co-organising/$online/accept", Token: alice}, status: 204},
		{name: "organisers shown", req: request{Method: "GET", Path: "/api/v1/events/$online"}, status: 200, contains: []string{`"status":"accepted"`, "velo_lyon"}},
		{name: "remove the organising group", req: request{Method: "DELETE", Path: "/api/v1/events/$online/organisers/velo_lyon", Token: alice}, status: 204},

		{name: "report (compte-rendu)", req: request{Method: "PUT", Path: "/api/v1/events/$ev/report", Token: alice, Body: `{"report":"Belle **journée**"}`}, status: 200,
			contains: []string{`"report":"Belle **journée**"`}},
		{name: "cancel by a stranger", req: request{Method: "POST", Path: "/api/v1/events/$ev/cancel", Token: bob}, status: 403, code: "forbidden"},
		{name: "cancel with a reason too long", req: request{Method: "POST", Path: "/api/v1/events/$ev/cancel", Token: alice, Body: `{"reason":"` + strings.Repeat("x", 2001) + `"}`}, status: 422, code: "invalid", field: "reason"},
		{name: "cancel", req: request{Method: "POST", Path: "/api/v1/events/$ev/cancel", Token: alice, Body: `{"reason":"Orage **annoncé**"}`}, status: 200,
			contains: []string{`"status":"cancelled"`, `"to":"cancelled"`, `"cancel_reason":"Orage **annoncé**"`, `"cancel_reason_html":"\u003cp\u003eOrage \u003cstrong\u003eannoncé`}},
		{name: "cancelled stays visible", req: request{Method: "GET", Path: "/api/v1/events/$ev"}, status: 200, contains: []string{`"status":"cancelled"`, `"can_join":false`, `"cancel_reason":"Orage **annoncé**"`}},
		{name: "cannot join a cancelled event", req: request{Method: "POST", Path: "/api/v1/events/$ev/participation", Token: bob}, status: 422, code: "invalid"},
		{name: "cancel following with a bad scope", req: request{Method: "POST", Path: "/api/v1/events/$series/cancel", Token: alice, Body: `{"scope":"everything"}`}, status: 422, code: "invalid", field: "scope"},
		{name: "unknown event", req: request{Method: "GET", Path: "/api/v1/events/NOPE"}, status: 404, code: "not_found"},
	})
}

func TestEventImages(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	img.Set(5, 5, color.RGBA{10, 200, 10, 255})
	var b bytes.Buffer
	png.Encode(&b, img)
	pngType := map[string]string{"Content-Type": "image/png"}
	e.run([]scenario{
		{name: "create", req: request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: `{"title":"Pique-nique","start":"2030-07-01T10:00:00Z"}`}, status: 201, check: e.save("ev", eventID)},
		{name: "picture", req: request{Method: "PUT", Path: "/api/v1/events/$ev/picture", Token: alice, Body: b.String(), Header: pngType}, status: 200,
			contains: []string{`"picture_url":"` + testBaseURL + `/uploads/`, `"title":"Pique-nique"`}},
		{name: "picture by a stranger", req: request{Method: "PUT", Path: "/api/v1/events/$ev/picture", Token: bob, Body: b.String(), Header: pngType}, status: 403, code: "forbidden"},
		{name: "photo with a caption", req: request{Method: "POST", Path: "/api/v1/events/$ev/photos?caption=Vue%20du%20parc", Token: alice, Body: b.String(), Header: pngType}, status: 201,
			contains: []string{`"caption":"Vue du parc"`, `"licence":"CC BY-NC-SA 4.0"`}, check: e.save("photo", func(t *testing.T, w *httptest.ResponseRecorder) string { return decodeAs[api.Photo](t, w).ID })},
		{name: "photo with a NUL caption", req: request{Method: "POST", Path: "/api/v1/events/$ev/photos?caption=%00", Token: alice, Body: b.String(), Header: pngType}, status: 422, code: "invalid", field: "caption"},
		{name: "photo by someone not admitted", req: request{Method: "POST", Path: "/api/v1/events/$ev/photos", Token: bob, Body: b.String(), Header: pngType}, status: 403, code: "forbidden"},
		{name: "photos for visitors", req: request{Method: "GET", Path: "/api/v1/events/$ev/photos"}, status: 200, contains: []string{"Vue du parc"}},
		{name: "hide it", req: request{Method: "PATCH", Path: "/api/v1/events/$ev/photos/$photo", Token: alice, Body: `{"hidden":true}`}, status: 204},
		{name: "hidden from visitors", req: request{Method: "GET", Path: "/api/v1/events/$ev/photos"}, status: 200, contains: []string{`"photos":[]`}},
		{name: "shown to the organiser", req: request{Method: "GET", Path: "/api/v1/events/$ev/photos", Token: alice}, status: 200, contains: []string{`"hidden":true`}},
		{name: "remove the picture", req: request{Method: "DELETE", Path: "/api/v1/events/$ev/picture", Token: alice}, status: 200, contains: []string{`"picture_url":""`}},
	})
}
