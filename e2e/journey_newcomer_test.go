package e2e

import (
	"context"
	"net/url"
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

	// Here the lead adds: fetch the preview of the event URL (eventURL)
	// with the Open Graph reader of e2e/preview.go, and check its title,
	// date, place and picture.

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
