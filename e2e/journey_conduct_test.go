package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestJourneyGroupConduct: Alice writes her group's code of conduct in the
// group's settings and requires it; the event she creates for the group
// offers her organiser actions, not the join form; it shows the code to
// Bob, who cannot register without ticking the box, then does.
func TestJourneyGroupConduct(t *testing.T) {
	alice := NewBrowser(t)
	bob := NewBrowser(t)
	base, data := startCortege(t)
	groupSignIn(t, alice, base, data, "alice@example.org")

	step(t, alice, "new group", chromedp.Navigate(base+"/groups/new"))
	step(t, alice, "fill group",
		chromedp.SendKeys(chromedp.ID("f-group-handle"), "velo_lyon"),
		chromedp.SendKeys(chromedp.ID("f-group-name"), "Vélorution Lyon"),
		chromedp.Submit(chromedp.ID("f-group-handle")),
	)
	waitFor(t, alice, `location.pathname === "/@velo_lyon"`)
	step(t, alice, "settings", chromedp.Navigate(base+"/@velo_lyon/settings"))
	step(t, alice, "write the code",
		chromedp.SendKeys(chromedp.ID("f-conduct-conduct"), "Nous roulons **groupé·es**, dans le calme.\n\n- pas d’alcool\n- casque conseillé"),
		chromedp.Click(chromedp.ID("f-conduct-conduct_required")),
		chromedp.Submit(chromedp.ID("f-conduct-conduct")),
	)
	waitFor(t, alice, `location.pathname === "/@velo_lyon/settings" && document.querySelector(".flash") !== null && document.querySelector("#f-conduct-conduct_required").checked`)
	shoot(t, alice, "group-settings-conduct")

	step(t, alice, "new event", chromedp.Navigate(base+"/@velo_lyon"), chromedp.Click(chromedp.CSS(`a[href^="/events/new?group="]`)))
	waitFor(t, alice, `document.querySelector("#f-event-title") !== null`)
	step(t, alice, "fill event",
		chromedp.SendKeys(chromedp.ID("f-event-title"), "Vélorution de juin"),
		chromedp.SetValue(chromedp.ID("f-event-start"), local(72*time.Hour)),
		chromedp.SendKeys(chromedp.ID("f-event-place"), "Place Bellecour"),
		chromedp.Click(chromedp.CSS(`form.event-form button[type="submit"]`)),
	)
	waitFor(t, alice, `location.pathname.startsWith("/events/") && document.querySelector("h1").textContent === "Vélorution de juin"`)
	// Alice organises it: no join form nor report button, a way to count
	// herself in instead.
	waitFor(t, alice, `document.querySelector("#participation").textContent.includes("Vous organisez") && document.querySelector("#f-join-accept_conduct") === null && document.querySelector(".flag-event") === null`)
	shoot(t, alice, "event-organiser")
	url, err := chromedp.Run(alice, chromedp.Evaluate[string](`location.href`))
	if err != nil {
		t.Fatal(err)
	}

	groupSignIn(t, bob, base, data, "bob@example.org")
	step(t, bob, "event page", chromedp.Navigate(url))
	waitFor(t, bob, `document.querySelector(".conduct h3") !== null && document.querySelector(".conduct h3").textContent.includes("Vélorution Lyon") && document.querySelector(".conduct strong").textContent === "groupé·es"`)
	shoot(t, bob, "event-conduct")
	step(t, bob, "join without ticking", chromedp.Click(chromedp.CSS(`#participation form button[type="submit"]`)))
	waitFor(t, bob, `document.querySelector("#f-join-accept_conduct-error") !== null`)
	step(t, bob, "tick and join", chromedp.Click(chromedp.ID("f-join-accept_conduct")), chromedp.Click(chromedp.CSS(`#participation form button[type="submit"]`)))
	waitFor(t, bob, `document.querySelector(".flash") !== null && document.querySelector("#f-join-accept_conduct") === null`)
}
