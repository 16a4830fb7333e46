package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/api"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// actorOf returns the identified actor of a bearer token.
func (e *env) actorOf(tok string) cortege.Actor {
	e.t.Helper()
	a, err := e.svc.TokenActor(context.Background(), tok, "192.0.2.1")
	if err != nil {
		e.t.Fatal(err)
	}
	return testkit.Identify(e.t, e.svc, a)
}

func TestGatheringsAndUpdatesAPI(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	orgTok, evTok, strangerTok, signerTok := e.user("orga"), e.user("evenement"), e.user("inconnu"), e.user("signataire")
	org, evOrg, signer := e.actorOf(orgTok), e.actorOf(evTok), e.actorOf(signerTok)
	e.actorOf(strangerTok)
	p, err := e.svc.CreatePetition(ctx, org, service.PetitionInput{Title: "Une piste cyclable", Text: "Nous demandons une piste.",
		Addressee: "La mairie", Goal: 10, Scope: cortege.ScopeLocal, Place: "69387"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.PublishPetition(ctx, org, p.ID); err != nil {
		t.Fatal(err)
	}
	event := func(title string, days int, lat, lon float64) *cortege.Event {
		start := time.Now().Add(time.Duration(days) * 24 * time.Hour).Truncate(time.Hour)
		ev, err := e.svc.CreateEvent(ctx, evOrg, service.EventInput{Title: title, Start: start, End: start.Add(time.Hour), TZ: "Europe/Paris",
			PlaceArea: "Ici", Publish: true, HasCoords: true, Lat: lat, Lon: lon})
		if err != nil {
			t.Fatal(err)
		}
		return ev
	}
	paris, lyon := event("Paris", 2, 48.8566, 2.3522), event("Lyon", 3, 45.75, 4.845)
	sg, err := e.svc.Sign(ctx, signer, p.ID, service.SignInput{FirstName: "Sam", LastName: "Durand", Postal: "69007"})
	if err != nil || sg.Token == "" {
		t.Fatalf("sign: %+v %v", sg, err)
	}
	e.vars["pid"], e.vars["ev1"], e.vars["ev2"], e.vars["stok"] = p.ID, paris.ID, lyon.ID, sg.Token
	base := "/api/v1/petitions/$pid"
	e.run([]scenario{
		{name: "a stranger links", req: request{Method: "PUT", Path: base + "/gatherings/$ev1", Token: strangerTok}, status: http.StatusForbidden, code: "forbidden"},
		{name: "a visitor links", req: request{Method: "PUT", Path: base + "/gatherings/$ev1"}, status: http.StatusUnauthorized, code: "unauthorized"},
		{name: "the event's organiser links", req: request{Method: "PUT", Path: base + "/gatherings/$ev1", Token: evTok}, status: http.StatusNoContent},
		{name: "the petition's organiser links", req: request{Method: "PUT", Path: base + "/gatherings/$ev2", Token: orgTok}, status: http.StatusNoContent},
		{name: "nearest first", req: request{Method: "GET", Path: base + "/gatherings?postcode=69007"}, status: 200,
			contains: []string{`"from":"Lyon 7e`, `"title":"Lyon"`}, check: func(t *testing.T, w *httptest.ResponseRecorder) {
				l := decodeAs[api.GatheringList](t, w)
				if len(l.Gatherings) != 2 || l.Gatherings[0].Event.Title != "Lyon" || l.Gatherings[0].DistanceKM == nil || *l.Gatherings[0].DistanceKM > 5 {
					t.Errorf("order %+v", l)
				}
			}},
		{name: "by date", req: request{Method: "GET", Path: base + "/gatherings"}, status: 200, contains: []string{`"from":null`},
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				if l := decodeAs[api.GatheringList](t, w); len(l.Gatherings) != 2 || l.Gatherings[0].Event.Title != "Paris" || l.Gatherings[0].DistanceKM != nil {
					t.Errorf("order %+v", l)
				}
			}},
		{name: "a bad postal code", req: request{Method: "GET", Path: base + "/gatherings?postcode=123"}, status: 422, code: "invalid", field: "postcode"},
		{name: "a bad limit", req: request{Method: "GET", Path: base + "/gatherings?limit=500"}, status: 422, code: "invalid", field: "limit"},
		{name: "join with a bad token", req: request{Method: "POST", Path: base + "/gatherings/$ev2/participation", Body: `{"token":"nope"}`}, status: 422, code: "invalid", field: "token"},
		{name: "join", req: request{Method: "POST", Path: base + "/gatherings/$ev2/participation", Body: `{"token":"$stok"}`}, status: 200, contains: []string{`"status":"approved"`}},
		{name: "join again", req: request{Method: "POST", Path: base + "/gatherings/$ev2/participation", Body: `{"token":"$stok"}`}, status: 200, contains: []string{`"status":"approved"`}},
		{name: "unlink", req: request{Method: "DELETE", Path: base + "/gatherings/$ev1", Token: orgTok}, status: http.StatusNoContent},
		{name: "unlink twice", req: request{Method: "DELETE", Path: base + "/gatherings/$ev1", Token: orgTok}, status: 404, code: "not_found"},
		{name: "a stranger posts an update", req: request{Method: "POST", Path: base + "/updates", Token: strangerTok, Body: `{"title":"x","body":"y"}`}, status: 403, code: "forbidden"},
		{name: "an update without a title", req: request{Method: "POST", Path: base + "/updates", Token: orgTok, Body: `{"title":"","body":"y"}`}, status: 422, code: "invalid", field: "title"},
		{name: "an update", req: request{Method: "POST", Path: base + "/updates", Token: orgTok, Body: `{"title":"Le conseil vote","body":"Venez **nombreux**."}`}, status: 201, contains: []string{`\u003cstrong\u003enombreux`}},
		{name: "the updates", req: request{Method: "GET", Path: base + "/updates"}, status: 200, contains: []string{`"title":"Le conseil vote"`, `"next":null`}},
		{name: "a bad cursor", req: request{Method: "GET", Path: base + "/updates?before=%00"}, status: 422, code: "invalid", field: "before"},
	})
}
