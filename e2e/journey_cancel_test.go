package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestJourneyEventCancel: an organiser opens the door page two days early
// (warned, still works), checks a participant in, then cancels with a
// reason; the page shows the reason, the door closes, and the checked-in
// participant receives the notice with its calendar part.
func TestJourneyEventCancel(t *testing.T) {
	ctx := NewBrowser(t)
	base, data := startCortege(t)
	signInBrowser(t, ctx, base, data, "orga@example.org")
	id := createSignedIn(t, ctx, base, "Marche des fiertés", false, "")

	v, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	step(t, v, "open", chromedp.Navigate(base+"/events/"+id+"?lang=fr"))
	waitFor(t, v, `document.querySelector("#f-join-name") !== null`)
	step(t, v, "join",
		chromedp.SendKeys(chromedp.ID("f-join-name"), "Nour"),
		chromedp.SendKeys(chromedp.ID("f-join-email"), "nour@example.org"),
		chromedp.Click(chromedp.CSS(`#participation form button[type="submit"]`)))
	waitFor(t, v, `location.search.includes("ok=event_join_sent") && document.querySelector(".flash") !== null`)
	step(t, v, "confirm link", chromedp.Navigate(mailedLink(t, data, "nour@example.org", "/events/participation/confirm")))
	waitFor(t, v, `document.querySelector("main form button") !== null`)
	step(t, v, "confirm", chromedp.Click(chromedp.CSS("main form button")))
	waitFor(t, v, `document.querySelector("[data-kind=cancel]") !== null && document.querySelector(".flash") !== null && !location.href.includes("token")`)
	cancel()

	step(t, ctx, "participants", chromedp.Navigate(base+"/events/"+id+"/participants?status=pending"))
	waitFor(t, ctx, `document.querySelector(".answer-form button:not([formaction])") !== null`)
	step(t, ctx, "approve", chromedp.Click(chromedp.CSS(`.answer-form button[type="submit"]:not([formaction])`)))
	waitFor(t, ctx, `document.querySelectorAll(".participant .badge-approved").length === 1`)

	step(t, ctx, "checkin page", chromedp.Navigate(base+"/events/"+id+"/checkin"))
	waitFor(t, ctx, `document.querySelector(".checkin-offday[role=alert]") !== null && document.querySelector("#f-checkin-code") !== null`)
	shoot(t, ctx, "checkin-off-day")
	step(t, ctx, "tap", chromedp.Click(chromedp.CSS(`.checkin-list form button`)))
	waitFor(t, ctx, `document.querySelector(".checkin-result.is-ok") !== null && document.querySelector(".checkin-result").textContent.includes("en dehors du jour")`)

	step(t, ctx, "cancel page", chromedp.Navigate(base+"/events/"+id+"/cancel"))
	waitFor(t, ctx, `document.querySelector("#f-cancel-reason") !== null`)
	step(t, ctx, "reason", chromedp.SendKeys(chromedp.ID("f-cancel-reason"), "La préfecture a **interdit** le parcours. Rendez-vous samedi prochain."))
	shoot(t, ctx, "cancel-form")
	step(t, ctx, "cancel", chromedp.Click(chromedp.CSS(`form[action$="/cancel"] button[type="submit"]`)))
	waitFor(t, ctx, `document.querySelector(".cancel-reason strong") !== null && document.querySelector(".cancel-reason strong").textContent === "interdit"`)
	shoot(t, ctx, "cancelled-page")

	step(t, ctx, "checkin closed", chromedp.Navigate(base+"/events/"+id+"/checkin"))
	waitFor(t, ctx, `document.querySelector(".notice-cancelled") !== null && document.querySelector("#f-checkin-code") === null`)
	shoot(t, ctx, "checkin-closed")

	got := waitMails(t, data, "Annulé", 1)
	if len(got) != 1 || got[0] != "nour@example.org" {
		t.Fatalf("cancellation mailed to %v", got)
	}
	for _, m := range mails(t, data) {
		if !strings.HasPrefix(m.Subject, "Annulé") {
			continue
		}
		var cal bool
		for _, a := range m.Attachments {
			cal = cal || strings.HasPrefix(a.ContentType, "text/calendar; method=CANCEL") && strings.Contains(string(a.Data), "METHOD:CANCEL")
		}
		if !cal || !strings.Contains(m.Text, "**interdit**") {
			t.Errorf("cancellation mail without its calendar part or reason:\n%s", m.Text)
		}
	}
}
