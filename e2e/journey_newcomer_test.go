package e2e

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// recordRequests records the URL of every request the tab in ctx sends
// (pages, scripts, fetches, images) and returns a func listing them.
func recordRequests(ctx context.Context) func() []string {
	var mu sync.Mutex
	var urls []string
	events := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			mu.Lock()
			urls = append(urls, ev.Request.URL)
			mu.Unlock()
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), urls...)
	}
}

// TestJourneyNewcomer (places half of the first Must-show): a
// newcomer creates a march with only a postal code and a street line, the
// page names the commune (Lyon 7e) from the embedded gazetteer, and the
// march is found on /events by "near Lyon" and by "69007". The commune
// field suggests communes as the person types (JavaScript), and no request
// leaves the instance's origin during the whole journey.
func TestJourneyNewcomer(t *testing.T) {
	ctx := NewBrowser(t)
	base, data := startCortege(t)
	requests := recordRequests(ctx)
	console := collectConsole(ctx)

	picture := marchPicture(t)
	signInBrowser(t, ctx, base, data, "nadia@example.org")
	step(t, ctx, "create form", chromedp.Navigate(base+"/events/new?lang=fr"))
	waitFor(t, ctx, `document.querySelector("#f-event-place_area") !== null`)

	// The script suggests communes for the first digits of a postal code.
	step(t, ctx, "type a postal code", chromedp.SendKeys(chromedp.ID("f-event-place_area"), "6900"))
	waitFor(t, ctx, `[...document.querySelectorAll("#f-event-place_area-list option")].some(o => o.value === "Lyon 7e")`)
	shoot(t, ctx, "newcomer-suggestions")
	step(t, ctx, "fill",
		chromedp.SendKeys(chromedp.ID("f-event-place_area"), "7"),
		chromedp.SendKeys(chromedp.ID("f-event-title"), "Marche pour le climat"),
		chromedp.SetValue(chromedp.ID("f-event-start"), local(96*time.Hour)),
		chromedp.SendKeys(chromedp.ID("f-event-place"), "12 rue de Marseille"),
		chromedp.SetUploadFiles(chromedp.ID("f-event-picture"), []string{picture}),
		chromedp.Click(chromedp.CSS(`form.event-form button[type="submit"]`)),
	)
	waitFor(t, ctx, `/^\/events\/[0-9A-Z]{26}$/.test(location.pathname) && document.querySelector(".flash") !== null`)
	shoot(t, ctx, "newcomer-event")
	page, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page, "Lyon 7e") || !strings.Contains(page, "12 rue de Marseille") {
		t.Errorf("the event page names no commune or lost the street line:\n%.800s", page)
	}
	// The commune's position drew the locator ("Position de Lyon 7e en France").
	waitFor(t, ctx, `document.querySelector("svg.locator title") !== null && document.querySelector("svg.locator title").textContent.includes("Lyon 7e")`)
	eventURL, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	eventPath := strings.TrimPrefix(strings.SplitN(eventURL, "?", 2)[0], base)

	// The link pasted into a messaging app: the preview fetcher reads the
	// page's Open Graph tags as Signal does and gets the title, the date
	// in words, the commune and the march's own picture at card size.
	p := FetchPreview(t, eventURL)
	start := time.Now().Add(96 * time.Hour).In(paris(t))
	day := fmt.Sprintf("%d %s", start.Day(), frenchMonths[start.Month()-1])
	if p.Title != "Marche pour le climat" {
		t.Errorf("preview title %q", p.Title)
	}
	if !strings.Contains(p.Description, day) || !strings.Contains(p.Description, "Lyon 7e") {
		t.Errorf("preview description %q lacks the date (%s) or the place (Lyon 7e)", p.Description, day)
	}
	if !strings.Contains(p.Image, "/uploads/card/") || p.ImageWidth != 1200 || p.ImageHeight != 630 {
		t.Errorf("preview picture %s (%d×%d), want the march's picture as a 1200×630 card", p.Image, p.ImageWidth, p.ImageHeight)
	}

	// Found by "near Lyon", typed in the search form's one place field.
	step(t, ctx, "search form", chromedp.Navigate(base+"/events?lang=fr"))
	waitFor(t, ctx, `document.querySelector("#f-search-near") !== null`)
	step(t, ctx, "near Lyon",
		chromedp.SendKeys(chromedp.ID("f-search-near"), "near Lyon"),
		chromedp.Submit(chromedp.ID("f-search-near")))
	waitFor(t, ctx, `location.search.includes("near=") && document.querySelector(".place-resolved") !== null`)
	shoot(t, ctx, "newcomer-search-near-lyon")
	found := `[...document.querySelectorAll(".event-list a")].some(a => a.getAttribute("href").startsWith("` + eventPath + `"))`
	waitFor(t, ctx, found)
	// And by its postal code.
	step(t, ctx, "69007", chromedp.Navigate(base+"/events?lang=fr&near="+url.QueryEscape("69007")))
	waitFor(t, ctx, `document.querySelector(".place-resolved") !== null && document.querySelector(".place-resolved").textContent.includes("Lyon 7e")`)
	waitFor(t, ctx, found)
	// An unknown place says so on the field, and lists nothing.
	step(t, ctx, "unknown place", chromedp.Navigate(base+"/events?lang=fr&near=Atlantide"))
	waitFor(t, ctx, `document.querySelector("#f-search-near-error") !== null && document.querySelectorAll(".event-list a").length === 0`)

	for _, u := range requests() {
		if !strings.HasPrefix(u, base+"/") && u != base && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") && u != "about:blank" {
			t.Errorf("a request left the origin: %s", u)
		}
	}
	if n := len(requests()); n < 10 {
		t.Errorf("only %d requests recorded: the recorder is not listening", n)
	}
	for _, m := range console() {
		if strings.Contains(m, "Content Security Policy") || strings.Contains(m, "Refused to") {
			t.Errorf("CSP violation logged: %s", m)
		}
	}
}

var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

func paris(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// marchPicture writes a 1600×900 PNG (a banner-shaped photo) and returns
// its path, for the event form's file field.
func marchPicture(t *testing.T) string {
	img := image.NewRGBA(image.Rect(0, 0, 1600, 900))
	for y := 0; y < 900; y++ {
		for x := 0; x < 1600; x++ {
			img.Set(x, y, color.RGBA{uint8(x / 8), uint8(y / 4), 120, 255})
		}
	}
	path := filepath.Join(t.TempDir(), "marche.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return path
}
