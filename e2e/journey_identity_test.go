package e2e

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"codeberg.org/cortege/cortege"
)

// TestJourneyManagementLink: a management link opened from a mail (a page
// of another site, as a webmail is) leaves no token in the address bar nor
// in the history, lands on the management page and works from there; a
// participant's link does the same; a reload after registering registers
// nobody twice; registering again answers the same and mails the link.
func TestJourneyManagementLink(t *testing.T) {
	ctx := NewBrowser(t)
	base, data := startCortege(t)

	step(t, ctx, "create form", chromedp.Navigate(base+"/events/new?lang=fr"))
	waitFor(t, ctx, `document.querySelector("#f-event-email") !== null`)
	step(t, ctx, "create",
		chromedp.SendKeys(chromedp.ID("f-event-email"), "ana@example.org"),
		chromedp.SendKeys(chromedp.ID("f-event-title"), "Fête de quartier"),
		chromedp.SetValue(chromedp.ID("f-event-start"), local(72*time.Hour)),
		chromedp.SendKeys(chromedp.ID("f-event-place_area"), "Lyon"),
		chromedp.SendKeys(chromedp.ID("f-event-place"), "Place Sathonay"),
		chromedp.Click(chromedp.CSS(`form.event-form button[type="submit"]`)))
	waitFor(t, ctx, `location.pathname === "/events/sent"`)
	// Reloading the page after creating makes no second event.
	step(t, ctx, "reload", chromedp.Reload())
	waitFor(t, ctx, `location.pathname === "/events/sent"`)
	if n := len(waitMails(t, data, "Confirmez votre événement", 1)); n != 1 {
		t.Fatalf("creation mails = %d after a reload, want 1", n)
	}

	// The link is followed from a page of another site, as from a webmail.
	link := mailedLink(t, data, "ana@example.org", "/events/manage")
	token := regexp.MustCompile(`token=([^&]+)`).FindStringSubmatch(link)[1]
	step(t, ctx, "open from the mail", chromedp.Navigate(webmail(t, link)), chromedp.Click(chromedp.ID("link")))
	waitFor(t, ctx, `/^\/events\/[0-9A-Z]{26}\/manage$/.test(location.pathname) && document.readyState === "complete" && document.querySelector("[data-kind=create] main, [data-kind=create]") !== null`)
	// The link crossed sites (the webmail's to Cortège's): the browser may
	// swap the tab's renderer under the new page; the DOM is read again
	// once it is settled, before the first screenshot and click.
	step(t, ctx, "settled", chromedp.WaitReady(`[data-kind=create] form button`))
	noToken(t, ctx, token, "management page")
	shoot(t, ctx, "manage-clean")
	step(t, ctx, "confirm", chromedp.Click(chromedp.CSS(`[data-kind=create] form button`)))
	waitFor(t, ctx, `document.querySelector(".flash") !== null && document.querySelector(".manage-links") !== null`)
	noToken(t, ctx, token, "confirmed")
	step(t, ctx, "edit", chromedp.Click(chromedp.CSS(`.manage-links a[href$="/edit"]`)))
	waitFor(t, ctx, `/\/edit$/.test(location.pathname) && document.querySelector("#f-event-title") !== null`)
	noToken(t, ctx, token, "edit page")
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	id := regexp.MustCompile(`/events/([0-9A-Z]{26})/`).FindStringSubmatch(loc)[1]

	// A visitor registers; a reload of the page after it registers nobody
	// twice; registering again answers the same and mails again.
	v, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	step(t, v, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	join := func(name string) string {
		step(t, v, "open "+name, chromedp.Navigate(base+"/events/"+id+"?lang=fr"))
		waitFor(t, v, `document.querySelector("#f-join-name") !== null`)
		step(t, v, "join "+name,
			chromedp.SendKeys(chromedp.ID("f-join-name"), "Nour"),
			chromedp.SendKeys(chromedp.ID("f-join-email"), "nour@example.org"),
			chromedp.Click(chromedp.CSS(`#participation form button[type="submit"]`)))
		waitFor(t, v, `location.search.includes("ok=event_join_sent") && document.querySelector(".flash") !== null`)
		text, err := chromedp.Run(v, chromedp.Evaluate[string](`location.href + "|" + document.querySelector(".flash").textContent`))
		if err != nil {
			t.Fatal(err)
		}
		return text
	}
	first := join("first")
	step(t, v, "reload", chromedp.Reload())
	waitFor(t, v, `document.querySelector(".flash") !== null`)
	if n := len(waitMails(t, data, "Confirmez votre inscription", 1)); n != 1 {
		t.Fatalf("confirmation mails = %d after a reload, want 1", n)
	}
	if again := join("again"); again != first {
		t.Fatalf("registering again answered %q, the first time %q", again, first)
	}
	if n := len(waitMails(t, data, "Confirmez votre inscription", 2)); n != 2 {
		t.Fatalf("confirmation mails = %d after registering again, want 2", n)
	}
	plink := mailedLink(t, data, "nour@example.org", "/events/participation/confirm")
	ptoken := regexp.MustCompile(`token=([^&]+)`).FindStringSubmatch(plink)[1]
	step(t, v, "participant link", chromedp.Navigate(webmail(t, plink)), chromedp.Click(chromedp.ID("link")))
	waitFor(t, v, `location.pathname === "/events/`+id+`/registration" && document.querySelector("[data-kind=confirm]") !== null`)
	noToken(t, v, ptoken, "registration page")
	step(t, v, "confirm registration", chromedp.Click(chromedp.CSS(`[data-kind=confirm] form button`)))
	waitFor(t, v, `document.querySelector("[data-kind=cancel]") !== null && document.querySelector(".ticket img") !== null && document.querySelector(".ticket img").naturalWidth > 0`)
	noToken(t, v, ptoken, "registration confirmed")
	waitFor(t, v, `document.documentElement.scrollWidth <= 390`)
	shoot(t, v, "registration-clean")

	// The language a visitor picks sticks across pages (the browser asks
	// for English; the switch offers French).
	waitFor(t, v, `document.documentElement.lang === "en"`)
	step(t, v, "french", chromedp.Click(chromedp.CSS(`.lang-switch button`)))
	waitFor(t, v, `document.documentElement.lang === "fr" && location.pathname === "/events/`+id+`/registration" && document.readyState === "complete"`)
	step(t, v, "events", chromedp.Click(chromedp.CSS(`.site-nav a[href="/events"]`)))
	waitFor(t, v, `location.pathname === "/events" && document.documentElement.lang === "fr" && !location.search.includes("lang")`)
}

// TestJourneyIdentityStep: a first sign-in, on a phone, lands on "choose
// how you appear" with a neutral handle (never made from the address), can
// ask for another, and goes on once the name is chosen.
func TestJourneyIdentityStep(t *testing.T) {
	ctx := NewBrowser(t)
	base, data := startCortege(t)
	step(t, ctx, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	const email = "louise.michel@example.org"
	step(t, ctx, "login", chromedp.Navigate(base+"/login?lang=fr"),
		chromedp.SendKeys(chromedp.ID("f-link-email"), email),
		chromedp.Submit(chromedp.ID("f-link-email")))
	waitFor(t, ctx, `document.querySelector("h1").textContent.includes("Vérifiez")`)
	step(t, ctx, "link", chromedp.Navigate(mailedLink(t, data, email, "/login/confirm")))
	waitFor(t, ctx, `location.pathname === "/login/confirm" && document.querySelector("main form button") !== null`)
	step(t, ctx, "confirm", chromedp.Click(chromedp.CSS("main form button")))
	waitFor(t, ctx, `location.pathname === "/welcome" && document.documentElement.lang === "fr"`)
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#f-identity-handle").value + "|" + document.querySelector("#f-identity-display_name").value`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(first, "louise") || strings.Contains(first, "michel") || !strings.HasSuffix(first, "|") {
		t.Fatalf("the step offers %q", first)
	}
	waitFor(t, ctx, `document.documentElement.scrollWidth <= 390`)
	shoot(t, ctx, "welcome-phone")
	step(t, ctx, "another", chromedp.Click(chromedp.CSS(`a[href^="/welcome?suggest=1"]`)))
	waitFor(t, ctx, `location.search.includes("suggest=1") && document.querySelector("#f-identity-handle").value !== "`+strings.Split(first, "|")[0]+`"`)
	chooseIdentity(t, ctx, "Louise", "louise_m")
	waitFor(t, ctx, `location.pathname === "/dashboard" && document.querySelector(".flash") !== null && document.body.textContent.includes("@louise_m")`)
}

// webmail serves, on another site (localhost rather than 127.0.0.1), a
// page holding link, as a webmail shows a mail, and returns its address.
func webmail(t *testing.T, link string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><title>Mail</title><a id="link" href="`+html.EscapeString(link)+`">Ouvrir</a>`)
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	return "http://localhost:" + u.Port() + "/"
}

// noToken fails unless neither the address bar, the page, the document's
// referrer nor any entry of the tab's history holds token.
func noToken(t *testing.T, ctx context.Context, token, where string) {
	t.Helper()
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "|" + document.referrer + "|" + document.documentElement.outerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(state, token) {
		t.Errorf("%s: the address, referrer or page holds the token: %s", where, state[:strings.Index(state, "|")])
	}
	hist, err := chromedp.Run(ctx, chromedp.NavigationEntries())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range hist.Entries {
		if strings.Contains(e.URL, token) {
			t.Errorf("%s: the history holds the token: %s", where, e.URL)
		}
	}
}

// chooseIdentity fills the identity step a first sign-in lands on.
func chooseIdentity(t *testing.T, ctx context.Context, name, handle string) {
	t.Helper()
	waitFor(t, ctx, `location.pathname === "/welcome" && document.querySelector("#f-identity-handle") !== null`)
	step(t, ctx, "identity "+handle,
		chromedp.SetValue(chromedp.ID("f-identity-display_name"), name),
		chromedp.SetValue(chromedp.ID("f-identity-handle"), handle),
		chromedp.Submit(chromedp.ID("f-identity-handle")))
	waitFor(t, ctx, `location.pathname !== "/welcome"`)
}

// chooseIdentityOf chooses the name and handle older versions made from
// the address, so journeys keep readable names ("@bob").
func chooseIdentityOf(t *testing.T, ctx context.Context, email string) {
	t.Helper()
	chooseIdentity(t, ctx, email[:strings.IndexByte(email, '@')], cortege.LegacyHandleBase(email))
}
