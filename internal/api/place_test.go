package api_test

import (
	"net/http"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/api"
)

// TestPlacesAPI: suggestions from the gazetteer, the nearest commune, and
// near= on the event and group lists.
func TestPlacesAPI(t *testing.T) {
	e := newEnv(t)
	alice := e.user("alice")
	for _, body := range []string{
		`{"title":"Marche","start":"2030-06-01T14:00:00+02:00","tz":"Europe/Paris","place_area":"69007","place":"12 rue de Marseille"}`,
		`{"title":"Pique-nique","start":"2030-06-01T14:00:00+02:00","tz":"Europe/Paris","place_area":"Marseille 1er"}`,
	} {
		if w := e.do(request{Method: "POST", Path: "/api/v1/events", Token: alice, Body: body}); w.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", w.Code, w.Body)
		}
	}
	if w := e.do(request{Method: "POST", Path: "/api/v1/groups", Token: alice, Body: `{"handle":"velo69","name":"Vélo 69","kind":"local","address":"Villeurbanne","visibility":"public","join_mode":"open"}`}); w.Code != http.StatusCreated {
		t.Fatalf("group: %d %s", w.Code, w.Body)
	}
	w := e.do(request{Method: "GET", Path: "/api/v1/places?q=6900&limit=3"})
	list := decodeAs[api.PlaceList](t, w)
	if w.Code != 200 || len(list.Places) != 3 || list.Places[0].Name != "Lyon 3e" || list.Places[0].DepCode != "69" || list.Places[0].Text != "Lyon 3e" {
		t.Errorf("suggest: %d %+v", w.Code, list)
	}
	w = e.do(request{Method: "GET", Path: "/api/v1/places?lat=45.7453&lon=4.842"})
	if list = decodeAs[api.PlaceList](t, w); len(list.Places) != 1 || list.Places[0].INSEE != "69387" {
		t.Errorf("nearest: %+v", list)
	}
	w = e.do(request{Method: "GET", Path: "/api/v1/places?lat=45&lon=-20"})
	if list = decodeAs[api.PlaceList](t, w); w.Code != 200 || len(list.Places) != 0 || !strings.Contains(w.Body.String(), `"places":[]`) {
		t.Errorf("at sea: %s", w.Body)
	}
	for _, bad := range []string{"lat=45", "lat=x&lon=1", "limit=0&q=ly", "limit=50&q=ly"} {
		if w := e.do(request{Method: "GET", Path: "/api/v1/places?" + bad}); w.Code != http.StatusBadRequest && w.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", bad, w.Code)
		}
	}
	for path, want := range map[string]string{
		"/api/v1/events?near=near+Lyon":                 "Marche",
		"/api/v1/events?near=69007&radius_km=2":         "Marche",
		"/api/v1/events?near=Marseille":                 "Pique-nique",
		"/api/v1/groups?near=pr%C3%A8s+de+Villeurbanne": "Vélo 69",
	} {
		w := e.do(request{Method: "GET", Path: path})
		if w.Code != 200 || !strings.Contains(w.Body.String(), want) {
			t.Errorf("%s: %d %s", path, w.Code, w.Body)
		}
		if strings.Contains(path, "Lyon") && strings.Contains(w.Body.String(), "Pique-nique") {
			t.Errorf("%s lists Marseille", path)
		}
	}
	w = e.do(request{Method: "GET", Path: "/api/v1/events?near=Atlantide"})
	if w.Code < 400 || w.Code >= 500 || !strings.Contains(w.Body.String(), `"field":"near"`) {
		t.Errorf("unknown place: %d %s", w.Code, w.Body)
	}
}
