package geocode

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/fetch"
)

// Answers in each API's real format (Addok's /search/, Photon's /api,
// Nominatim's /search?format=jsonv2), trimmed to one result.
const (
	addokAnswer     = `{"type":"FeatureCollection","version":"draft","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[4.842713,45.750214]},"properties":{"label":"12 Rue de Marseille 69007 Lyon","score":0.9712,"housenumber":"12","id":"69387_4620_00012","name":"12 Rue de Marseille","postcode":"69007","citycode":"69387","x":842570.1,"y":6517520.3,"city":"Lyon","district":"Lyon 7e Arrondissement","context":"69, Rhône, Auvergne-Rhône-Alpes","type":"housenumber","importance":0.71,"street":"Rue de Marseille"}}],"attribution":"BAN","licence":"ETALAB-2.0","query":"12 rue de Marseille Lyon","filters":{"postcode":"69007"},"limit":1}`
	addokWeak       = `{"type":"FeatureCollection","version":"draft","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[4.8,45.7]},"properties":{"label":"Lyon","score":0.21,"type":"municipality"}}],"query":"zzz","limit":1}`
	photonAnswer    = `{"features":[{"geometry":{"coordinates":[4.8427131,45.7502141],"type":"Point"},"type":"Feature","properties":{"osm_type":"N","osm_id":3620104223,"country":"France","osm_key":"place","housenumber":"12","city":"Lyon","street":"Rue de Marseille","osm_value":"house","postcode":"69007","state":"Auvergne-Rhône-Alpes","countrycode":"FR","district":"Lyon 7e","type":"house"}}],"type":"FeatureCollection"}`
	nominatimAnswer = `[{"place_id":118283947,"licence":"Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright","osm_type":"node","osm_id":3620104223,"lat":"45.7502141","lon":"4.8427131","category":"place","type":"house","place_rank":30,"importance":0.00000999,"addresstype":"place","name":"","display_name":"12, Rue de Marseille, Guillotière, Lyon 7e Arrondissement, Lyon, Métropole de Lyon, Rhône, Auvergne-Rhône-Alpes, France métropolitaine, 69007, France","boundingbox":["45.7501641","45.7502641","4.8426631","4.8427631"]}]`
)

// geocoder is an in-process server speaking one API; it records what was
// asked.
func geocoder(t *testing.T, path, answer string, asked *url.Values) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		*asked = r.URL.Query()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(answer))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func testClient(t *testing.T, kind, base string) *Client {
	c, err := New(kind, base, fetch.New(fetch.Options{AllowLoopback: true}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGeocoders(t *testing.T) {
	for _, tc := range []struct {
		kind, path, answer string
		want               map[string]string
	}{
		{Addok, "/search/", addokAnswer, map[string]string{"q": "12 rue de Marseille Lyon", "postcode": "69007", "limit": "1"}},
		{Photon, "/api", photonAnswer, map[string]string{"q": "12 rue de Marseille, 69007 Lyon", "limit": "1"}},
		{Nominatim, "/search", nominatimAnswer, map[string]string{"street": "12 rue de Marseille", "city": "Lyon", "postalcode": "69007", "countrycodes": "fr", "format": "jsonv2"}},
	} {
		var asked url.Values
		srv := geocoder(t, tc.path, tc.answer, &asked)
		lat, lon, ok, err := testClient(t, tc.kind, srv.URL+"/").Geocode(context.Background(), "12 rue de Marseille", "69007", "Lyon")
		if err != nil || !ok || lat < 45.7502 || lat > 45.7503 || lon < 4.8427 || lon > 4.8428 {
			t.Errorf("%s: %v,%v %v %v", tc.kind, lat, lon, ok, err)
		}
		for k, v := range tc.want {
			if asked.Get(k) != v {
				t.Errorf("%s: %s=%q, want %q", tc.kind, k, asked.Get(k), v)
			}
		}
	}
}

func TestGeocoderFindsNothing(t *testing.T) {
	var asked url.Values
	for _, tc := range []struct{ kind, path, answer string }{
		{Addok, "/search/", `{"type":"FeatureCollection","features":[]}`},
		{Addok, "/search/", addokWeak},
		{Photon, "/api", `{"features":[],"type":"FeatureCollection"}`},
		{Nominatim, "/search", `[]`},
	} {
		srv := geocoder(t, tc.path, tc.answer, &asked)
		if _, _, ok, err := testClient(t, tc.kind, srv.URL).Geocode(context.Background(), "nulle part", "", "Lyon"); ok || err != nil {
			t.Errorf("%s %s: ok %v err %v", tc.kind, tc.answer, ok, err)
		}
	}
	// An empty street asks nothing.
	srv := geocoder(t, "/api", photonAnswer, &asked)
	asked = nil
	if _, _, ok, _ := testClient(t, Photon, srv.URL).Geocode(context.Background(), " ", "69007", "Lyon"); ok || asked != nil {
		t.Error("empty street looked up")
	}
}

func TestGeocoderErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("q") {
		case "big x":
			w.Write([]byte(`{"features":[` + strings.Repeat(`{},`, 200000) + `{}]}`))
		default:
			http.Error(w, "down", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	c, err := New(Addok, srv.URL, fetch.New(fetch.Options{AllowLoopback: true, MaxBody: maxResponse}))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := c.Geocode(context.Background(), "down", "", ""); err == nil {
		t.Error("503 accepted")
	}
	if _, _, _, err := c.Geocode(context.Background(), "big", "", "x"); !errors.Is(err, fetch.ErrTooLarge) {
		t.Errorf("huge answer: %v", err)
	}
	// The default client refuses the operator's geocoder on loopback:
	// host it on a reachable address (see docs/places.md).
	d, _ := New(Photon, srv.URL, nil)
	if _, _, _, err := d.Geocode(context.Background(), "x", "", ""); !errors.Is(err, fetch.ErrRefused) {
		t.Errorf("default client on loopback: %v", err)
	}
	// The operator's geocoder is reached on its own address, even here.
	var asked url.Values
	op := geocoder(t, "/api", photonAnswer, &asked)
	oc, err := ForOperator(context.Background(), Photon, op.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok, err := oc.Geocode(context.Background(), "12 rue de Marseille", "69007", "Lyon"); !ok || err != nil {
		t.Errorf("operator's geocoder: %v %v", ok, err)
	}
	for _, bad := range [][2]string{{"google", "https://x.example"}, {Addok, "ftp://x.example"}, {Addok, "https://u:p@x.example"}, {Addok, "https://x.example/?a=1"}, {Addok, ""}} {
		if _, err := New(bad[0], bad[1], nil); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestParseGeoJSONRefuses(t *testing.T) {
	for _, b := range []string{`{`, `{"features":[{"geometry":{"type":"Point","coordinates":[1]}}]}`,
		`{"features":[{"geometry":{"type":"Point","coordinates":[200,45]}}]}`, `{"features":[]} {}`,
		`{"features":[{"geometry":{"type":"LineString","coordinates":[1,2]}}]}`} {
		if _, _, ok, err := ParseGeoJSON([]byte(b), false); ok || err == nil {
			t.Errorf("%s: ok %v err %v", b, ok, err)
		}
	}
	for _, b := range []string{`[{"lat":"x","lon":"1"}]`, `[{"lat":"95","lon":"1"}]`, `{}`, `[{"lat":"NaN","lon":"1"}]`} {
		if _, _, ok, err := ParseNominatim([]byte(b)); ok || err == nil {
			t.Errorf("%s: ok %v err %v", b, ok, err)
		}
	}
}

func FuzzParseGeoJSON(f *testing.F) {
	for _, s := range []string{addokAnswer, addokWeak, photonAnswer, `{"features":[]}`, `[]`, `{"features":[{"geometry":{"type":"Point","coordinates":[1e309,2]}}]}`} {
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, b []byte, scored bool) {
		lat, lon, ok, err := ParseGeoJSON(b, scored)
		if ok && (err != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 || lat != lat || lon != lon) {
			t.Fatalf("%v,%v %v %v", lat, lon, ok, err)
		}
	})
}

func FuzzParseNominatim(f *testing.F) {
	for _, s := range []string{nominatimAnswer, `[]`, `[{"lat":"1","lon":"2"}]`, `[{"lat":"Inf","lon":"2"}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		lat, lon, ok, err := ParseNominatim(b)
		if ok && (err != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 || lat != lat || lon != lon) {
			t.Fatalf("%v,%v %v %v", lat, lon, ok, err)
		}
	})
}
