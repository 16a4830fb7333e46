package e2e

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// tileServer is an operator's tile server on this machine: every tile is a
// plain PNG; it records the tiles asked for and the Referer they came with.
type tileServer struct {
	*httptest.Server
	mu       sync.Mutex
	paths    []string
	referers []string
}

func newTileServer(t *testing.T) *tileServer {
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for i := range img.Pix {
		img.Pix[i] = 0xdd
	}
	img.Set(128, 128, color.Black)
	var b bytes.Buffer
	png.Encode(&b, img)
	ts := &tileServer{}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.mu.Lock()
		ts.paths = append(ts.paths, r.URL.Path)
		ts.referers = append(ts.referers, r.Referer())
		ts.mu.Unlock()
		w.Header().Set("Content-Type", "image/png")
		w.Write(b.Bytes())
	}))
	t.Cleanup(ts.Close)
	return ts
}

// take returns the tiles asked for since the last call, and their referers.
func (ts *tileServer) take() (paths, referers []string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	paths, referers, ts.paths, ts.referers = ts.paths, ts.referers, nil, nil
	return paths, referers
}

// TestJourneyEventWhere: with the operator's tile server configured, a
// visitor on a phone sees the event's map drawn from it (the CSP lets its
// origin through, and nothing logs a violation), the links to open the
// place elsewhere, and no horizontal scrolling; the tile server learns no
// page address. For an event whose address is hidden, the tiles asked for
// are those around the rounded position at commune zoom only.
func TestJourneyEventWhere(t *testing.T) {
	ctx := NewBrowser(t)
	tiles := newTileServer(t)
	base, data := startCortege(t, "--map-tiles", tiles.URL+"/{z}/{x}/{y}.png", "--map-attribution", "Tuiles de test")
	token := apiToken(t, data, "orga@example.org")
	exact := apiCreate(t, base, token, `{"title":"Vélorution","start":"2030-06-01T14:00:00+02:00","tz":"Europe/Paris",
		"place_area":"Lyon 2e","place":"Place Bellecour","coordinates":{"lat":45.7578,"lon":4.832}}`)
	hidden := apiCreate(t, base, token, `{"title":"Rassemblement discret","start":"2030-06-02T18:00:00+02:00","tz":"Europe/Paris",
		"place_area":"Grenoble","place":"12 rue des Lilas","coordinates":{"lat":45.187612,"lon":5.735788},"hide_place":true,"join_mode":"approval"}`)

	vctx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	console := collectConsole(vctx)
	if _, err := chromedp.Run(vctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	tileRe := regexp.MustCompile(`^/(\d+)/(\d+)/(\d+)\.png$`)
	look := func(id string) (zooms map[string]int) {
		t.Helper()
		step(t, vctx, "event page", chromedp.Navigate(base+"/events/"+id))
		// Every tile image of the map has loaded (an SVG <image> has no
		// complete flag: wait until the tile server has served them all).
		waitFor(t, vctx, `document.querySelectorAll("svg.tilemap image").length > 0`)
		n, err := chromedp.Run(vctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.tilemap image").length`))
		if err != nil {
			t.Fatal(err)
		}
		var paths, refs []string
		for i := 0; i < 100 && len(paths) < n; i++ {
			p, r := tiles.take()
			paths, refs = append(paths, p...), append(refs, r...)
			chromedp.Run(vctx, chromedp.Sleep(50e6))
		}
		if len(paths) < n {
			t.Fatalf("the tile server served %d of %d tiles", len(paths), n)
		}
		zooms = map[string]int{}
		for i, p := range paths {
			m := tileRe.FindStringSubmatch(p)
			if m == nil {
				t.Errorf("odd tile request %q", p)
				continue
			}
			zooms[m[1]]++
			if refs[i] != "" {
				t.Errorf("tile %s was asked for with Referer %q", p, refs[i])
			}
		}
		wide, err := chromedp.Run(vctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if err != nil || wide {
			t.Errorf("the page scrolls sideways at 390 px (%v)", err)
		}
		return zooms
	}

	zooms := look(exact)
	if len(zooms) != 1 || zooms["16"] == 0 {
		t.Errorf("exact place: tiles at zooms %v, want 16", zooms)
	}
	html, err := chromedp.Run(vctx, chromedp.Evaluate[string](`document.querySelector("section.where").outerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href="geo:45.7578,4.832?q=`, "https://www.openstreetmap.org/?mlat=45.7578", "Tuiles de test", "tilemap-pin"} {
		if !strings.Contains(html, want) {
			t.Errorf("where panel lacks %q", want)
		}
	}
	shoot(t, vctx, "exact")

	zooms = look(hidden)
	if len(zooms) != 1 || zooms["11"] == 0 {
		t.Errorf("hidden place: tiles at zooms %v, want 11 only", zooms)
	}
	page, err := chromedp.Run(vctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"12 rue des Lilas", "45.18", "5.73", "mlat="} {
		if strings.Contains(page, bad) {
			t.Errorf("hidden place: the page shows %q", bad)
		}
	}
	shoot(t, vctx, "hidden")
	for _, m := range console() {
		if strings.Contains(m, "Content Security Policy") || strings.Contains(m, "Refused") {
			t.Errorf("console: %s", m)
		}
	}
}

// apiCreate creates an event through the JSON API and returns its ID.
func apiCreate(t *testing.T, base, token, body string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/events", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	m := regexp.MustCompile(`"id":"([0-9A-Z]{26})"`).FindStringSubmatch(b.String())
	if res.StatusCode != http.StatusCreated || m == nil {
		t.Fatalf("create: %d %s", res.StatusCode, b.String())
	}
	return m[1]
}
