package web_test

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/places"
	"codeberg.org/cortege/cortege/internal/testkit"
	"codeberg.org/cortege/cortege/internal/web"
)

const tileTemplate = "https://tiles.example.org/osm/{z}/{x}/{y}.png"

// newTileApp is an evApp whose operator hosts tiles.
func newTileApp(t *testing.T, attribution string) *evApp {
	return &evApp{App: testkit.NewApp(t, func(o *web.Options) {
		o.Tiles = web.TileServer{URL: tileTemplate, Origin: "https://tiles.example.org", Attribution: attribution, MaxZoom: 19}
	}), t: t}
}

// rawGet fetches a page without evApp's checks (a tile map references
// the tile server on purpose), then checks the rest of the page.
func rawGet(t *testing.T, a *evApp, u *user, path string) (string, http.Header) {
	t.Helper()
	r, err := u.c.Get(a.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	if r.StatusCode != 200 {
		t.Fatalf("GET %s: %d", path, r.StatusCode)
	}
	checkCSPSafe(t, strings.ReplaceAll(string(b), `<image href="https://tiles.example.org/`, `<image href="/`))
	return string(b), r.Header
}

var (
	locatorRe = regexp.MustCompile(`(?s)<svg xmlns="http://www.w3.org/2000/svg" class="locator.*?</svg>`)
	tileMapRe = regexp.MustCompile(`(?s)<svg xmlns="http://www.w3.org/2000/svg" class="tilemap".*?</svg>`)
	geoRe     = regexp.MustCompile(`href="(geo:[^"]*)"`)
	tileRe    = regexp.MustCompile(`<image href="https://tiles\.example\.org/osm/(\d+)/\d+/\d+\.png"`)
)

func TestEventWhereExact(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Marche"}, "place_area": {"Lyon"}, "place": {"Place Bellecour (statue)"}, "lat": {"45.757812"}, "lon": {"4.832011"}})
	r := a.get(a.visitor(), "/events/"+id)
	mustContain(t, r,
		`id="ev-place"`, `value="Place Bellecour (statue), Lyon"`, `data-copy="ev-address"`,
		`href="geo:45.75781,4.83201?q=45.75781%2C4.83201%28Place%20Bellecour%20statue%2C%20Lyon%29"`,
		`href="https://www.openstreetmap.org/?mlat=45.75781&amp;mlon=4.83201#map=17/45.75781/4.83201" rel="noopener noreferrer"`,
		`href="https://www.openstreetmap.org/directions?route=%3B45.75781%2C4.83201" rel="noopener noreferrer"`,
		"Ouvrir dans mon application de cartes", "Voir sur OpenStreetMap", "Itinéraire sur OpenStreetMap",
		`role="img" aria-labelledby="locator-title"><title id="locator-title">Position de Lyon en France</title>`,
		"45.75781, 4.83201")
	mustLack(t, r, "<image", "ne situe que la commune")
	if got := r.h.Get("Content-Security-Policy"); got != httpx.CSP {
		t.Errorf("CSP without a tile server: %q", got)
	}
	if loc := locatorRe.FindString(r.body); loc != string(places.Locator(45.757812, 4.832011, "Position de Lyon en France")) {
		t.Errorf("locator %q", loc)
	}
	en := a.get(a.visitor(), "/events/"+id+"?lang=en")
	mustContain(t, en, "Open in my maps app", "View on OpenStreetMap", "Directions on OpenStreetMap", "Where Lyon is in France", "Copy the address")
}

func TestEventWhereWithoutCoordinates(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	// Bruxelles is no French commune: the gazetteer gives no position.
	id := a.createEvent(org, url.Values{"title": {"Réunion"}, "place_area": {"Bruxelles"}, "place": {"3 rue de Brest"}})
	r := a.get(a.visitor(), "/events/"+id)
	mustContain(t, r, `href="geo:0,0?q=3%20rue%20de%20Brest%2C%20Bruxelles"`, `href="https://www.openstreetmap.org/search?query=3%20rue%20de%20Brest%2C%20Bruxelles"`)
	mustLack(t, r, `class="locator`, "directions?")

	online := a.createEvent(org, url.Values{"title": {"Visio"}, "online_url": {"https://visio.example.org/r"}})
	mustLack(t, a.get(a.visitor(), "/events/"+online), `id="ev-place"`, "geo:")
}

// A visitor who may not see the exact place gets the commune-level
// position only, in every part of the panel: links, locator, tile map,
// texts; after approval, the exact one.
func TestEventWhereHiddenPlace(t *testing.T) {
	t.Parallel()
	a := newTileApp(t, "")
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Rassemblement discret"}, "place_area": {"Grenoble"}, "place": {"12 rue Secrète"},
		"hide_place": {"1"}, "join_mode": {"approval"}, "lat": {"45.187612"}, "lon": {"5.735788"}})
	exact := []string{"rue Secrète", "45.18", "45.19", "5.73", "5.74", "mlat=", "directions?", "tilemap-pin", "/16/"}
	for name, u := range map[string]*user{"anonymous": a.visitor(), "signed in": a.signIn("pat@example.org")} {
		body, h := rawGet(t, a, u, "/events/"+id)
		for _, bad := range exact {
			if strings.Contains(body, bad) {
				t.Errorf("%s: page shows %q", name, bad)
			}
		}
		if g := geoRe.FindStringSubmatch(body); g == nil || g[1] != "geo:45.2,5.7?q=Grenoble" {
			t.Errorf("%s: geo link %v", name, g)
		}
		for _, want := range []string{`href="https://www.openstreetmap.org/#map=12/45.2/5.7"`, "ne situe que la commune", "L’adresse exacte est communiquée aux participants acceptés."} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: page lacks %q", name, want)
			}
		}
		// The drawings are those of the rounded position, so they can tell
		// nothing finer.
		if m := tileMapRe.FindString(body); m != string(places.TileMap(places.TileView{Template: tileTemplate, Lat: 45.2, Lon: 5.7, Zoom: 11, Width: 512, Height: 288, Label: "Carte des environs de Grenoble\u00a0: la position est approximative", Radius: 7000})) {
			t.Errorf("%s: tile map %q", name, m)
		}
		for _, z := range tileRe.FindAllStringSubmatch(body, -1) {
			if z[1] != "11" {
				t.Errorf("%s: tile at zoom %s", name, z[1])
			}
		}
		if h.Get("Content-Security-Policy") != httpx.CSP+"; img-src 'self' https://tiles.example.org" {
			t.Errorf("%s: CSP %q", name, h.Get("Content-Security-Policy"))
		}
	}
	// The organiser sees the exact place.
	body, _ := rawGet(t, a, org, "/events/"+id)
	for _, want := range []string{"12 rue Secrète", "geo:45.18761,5.73579?q=", "mlat=45.18761", "tilemap-pin", `<image href="https://tiles.example.org/osm/16/`} {
		if !strings.Contains(body, want) {
			t.Errorf("organiser: page lacks %q", want)
		}
	}
}

// With a tile server, the event page's CSP lets images come from its
// origin and nothing else; every other page keeps the default policy.
func TestEventWhereTileCSP(t *testing.T) {
	t.Parallel()
	a := newTileApp(t, "Tuiles © OpenStreetMap, hébergées par l’association")
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Marche"}, "place_area": {"Lyon"}, "lat": {"45.7578"}, "lon": {"4.832"}})
	body, h := rawGet(t, a, a.visitor(), "/events/"+id)
	if got, want := h.Get("Content-Security-Policy"), "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; img-src 'self' https://tiles.example.org"; got != want {
		t.Errorf("CSP %q, want %q", got, want)
	}
	if n := len(tileRe.FindAllString(body, -1)); n < 2 || n > 9 {
		t.Errorf("%d tiles", n)
	}
	if !strings.Contains(body, html.EscapeString("Tuiles © OpenStreetMap, hébergées par l’association")) && !strings.Contains(body, "Tuiles © OpenStreetMap, hébergées par l&rsquo;association") {
		t.Error("operator's attribution missing")
	}
	if strings.Contains(body, `class="locator`) {
		t.Error("the locator is drawn beside the map")
	}
	// No map, no widening: an event without coordinates, and other pages.
	bare := a.createEvent(org, url.Values{"title": {"Sans carte"}, "place_area": {"Bruxelles"}})
	for _, p := range []string{"/events/" + bare, "/", "/events", "/login"} {
		_, h := rawGet(t, a, a.visitor(), p)
		if got := h.Get("Content-Security-Policy"); got != httpx.CSP {
			t.Errorf("%s: CSP %q", p, got)
		}
	}
	// Default credit: OpenStreetMap's, linked to its copyright page.
	b := newTileApp(t, "")
	org = b.signIn("orga@example.org")
	id = b.createEvent(org, url.Values{"title": {"Marche"}, "place_area": {"Lyon"}, "lat": {"45.7578"}, "lon": {"4.832"}})
	body, _ = rawGet(t, b, b.visitor(), "/events/"+id)
	if !strings.Contains(body, `© <a href="https://www.openstreetmap.org/copyright" rel="noopener noreferrer">les contributeurs d’OpenStreetMap</a>`) {
		t.Errorf("default attribution missing")
	}
}

// The other-origin check of every page tells what loads by itself from
// what only a click follows.
func TestOtherOriginCheck(t *testing.T) {
	for s, loads := range map[string]bool{
		`<img src="https://cdn.example/x.png">`:            true,
		`<script src="//cdn.example/x.js">`:                true,
		`<link rel="stylesheet" href="https://x.example">`: true,
		`<image href="https://tiles.example/1/2/3.png"/>`:  true,
		`<form action="https://x.example/">`:               true,
		`<button formaction="https://x.example/">`:         true,
		`<a href="https://www.openstreetmap.org/">`:        false,
		`<a class="button" href="geo:45.2,5.7?q=Lyon">`:    false,
		`<img src="/static/x.png">`:                        false,
	} {
		if otherOrigin.MatchString(s) != loads {
			t.Errorf("%s: matched %v", s, !loads)
		}
	}
}
