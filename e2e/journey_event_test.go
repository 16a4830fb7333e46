package e2e

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/cli"
	"codeberg.org/cortege/cortege/internal/mail/mailtest"
)

// TestJourneyEventWithoutAccount (a): a visitor with no account creates an
// event, confirms it by the mailed link and shares it; a second visitor
// joins anonymously with an email, confirms, and later cancels from the
// link in the mail. The event page logs no CSP violation (its JSON-LD is
// data, not script).
func TestJourneyEventWithoutAccount(t *testing.T) {
	ctx := NewBrowser(t)
	base, data := startCortege(t)
	console := collectConsole(ctx)

	step(t, ctx, "create form", chromedp.Navigate(base+"/events/new?lang=fr"))
	waitFor(t, ctx, `document.querySelector("#f-event-email") !== null`)
	shoot(t, ctx, "create-form")
	step(t, ctx, "fill",
		chromedp.SendKeys(chromedp.ID("f-event-email"), "ana@example.org"),
		chromedp.SendKeys(chromedp.ID("f-event-title"), "Vélorution de printemps"),
		chromedp.SetValue(chromedp.ID("f-event-start"), local(72*time.Hour)),
		chromedp.SendKeys(chromedp.ID("f-event-place_area"), "Lyon"),
		chromedp.SendKeys(chromedp.ID("f-event-place"), "Place Bellecour, devant la statue"),
		chromedp.SendKeys(chromedp.ID("f-event-description"), "Une balade **festive** à vélo dans la presqu’île."),
		chromedp.Click(chromedp.CSS(`form.event-form button[type="submit"]`)),
	)
	waitFor(t, ctx, `document.querySelector("h1").textContent.includes("Vérifiez")`)

	// The mailed link shows a button; pressing it confirms, then manages.
	step(t, ctx, "manage link", chromedp.Navigate(mailedLink(t, data, "ana@example.org", "/events/manage")))
	waitFor(t, ctx, `document.querySelector("main form button") !== null`)
	step(t, ctx, "confirm", chromedp.Click(chromedp.CSS("main form button")))
	waitFor(t, ctx, `document.querySelector(".flash") !== null && document.querySelector(".manage-links") !== null`)
	shoot(t, ctx, "manage")
	step(t, ctx, "event page", chromedp.Click(chromedp.CSS(".manage-links a")))
	waitFor(t, ctx, `document.querySelector("h1").textContent === "Vélorution de printemps" && document.querySelector("#ev-url") !== null`)
	shoot(t, ctx, "event-page-organiser")

	// Share: the page offers its public address, without the private token.
	share, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#ev-url").value`))
	if err != nil || !strings.HasPrefix(share, base+"/events/") || strings.Contains(share, "token") {
		t.Fatalf("share link %q (%v)", share, err)
	}

	// A second visitor, in a fresh browser context, joins with an address.
	ctx2, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	console2 := collectConsole(ctx2)
	step(t, ctx2, "open shared link", chromedp.Navigate(share+"?lang=fr"))
	waitFor(t, ctx2, `document.querySelector("#f-join-name") !== null && document.querySelector('script[type="application/ld+json"]') !== null`)
	shoot(t, ctx2, "event-page")
	step(t, ctx2, "join",
		chromedp.SendKeys(chromedp.ID("f-join-name"), "Bruno"),
		chromedp.SendKeys(chromedp.ID("f-join-email"), "bruno@example.org"),
		chromedp.Click(chromedp.CSS(`#participation form button[type="submit"]`)),
	)
	waitFor(t, ctx2, `location.search.includes("ok=event_join_sent") && document.querySelector(".flash") !== null`)
	step(t, ctx2, "confirm link", chromedp.Navigate(mailedLink(t, data, "bruno@example.org", "/events/participation/confirm")))
	waitFor(t, ctx2, `document.querySelector("main form button") !== null`)
	step(t, ctx2, "confirm", chromedp.Click(chromedp.CSS("main form button")))
	waitFor(t, ctx2, `document.querySelector("[data-kind=cancel]") !== null && document.querySelector(".flash") !== null && !location.href.includes("token")`)

	// Later, the cancel link of the mail: the ticket, then cancelling.
	step(t, ctx2, "cancel link", chromedp.Navigate(mailedLink(t, data, "bruno@example.org", "/events/participation/cancel")))
	waitFor(t, ctx2, `document.querySelector(".ticket img") !== null && document.querySelector(".ticket img").naturalWidth > 0`)
	shoot(t, ctx2, "my-participation")
	step(t, ctx2, "cancel", chromedp.Click(chromedp.CSS(`main form button`)))
	waitFor(t, ctx2, `document.querySelector("[data-kind=cancelled]") !== null`)

	// The organiser's page counts nobody now.
	step(t, ctx, "reload", chromedp.Navigate(share+"?lang=fr"))
	waitFor(t, ctx, `document.querySelector(".counts") !== null`)
	for _, m := range append(console(), console2()...) {
		if strings.Contains(m, "Content Security Policy") || strings.Contains(m, "Refused to") {
			t.Errorf("CSP violation logged: %s", m)
		}
	}
}

// TestJourneyEventHiddenPlace (b): an event by approval with a hidden
// address: before approval the address is absent from the page, the API
// and the ICS the participant gets; after approval it is in all three.
func TestJourneyEventHiddenPlace(t *testing.T) {
	ctx := NewBrowser(t)
	base, data := startCortege(t)
	signInBrowser(t, ctx, base, data, "orga@example.org")
	id := createSignedIn(t, ctx, base, "Rencontre en sécurité", true, "")

	pctx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	signInBrowser(t, pctx, base, data, "pat@example.org")
	token := apiToken(t, data, "pat@example.org")
	const secret = "12 rue des Lilas"

	check := func(visible bool) {
		t.Helper()
		step(t, pctx, "event page", chromedp.Navigate(base+"/events/"+id))
		waitFor(t, pctx, `document.querySelector("h1") !== null`)
		html, err := chromedp.Run(pctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
		if err != nil {
			t.Fatal(err)
		}
		ics, err := chromedp.Run(pctx, chromedp.Evaluate[string](`fetch("/events/`+id+`.ics").then(r => r.text())`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		api := apiGet(t, base+"/api/v1/events/"+id, token)
		for name, body := range map[string]string{"HTML": html, "ICS": ics, "API": api} {
			if strings.Contains(body, secret) != visible {
				t.Errorf("%s: address visible=%v, want %v", name, !visible, visible)
			}
		}
		if !strings.Contains(html, "Grenoble") {
			t.Error("the town is not shown")
		}
	}
	check(false)
	step(t, pctx, "ask to join", chromedp.Click(chromedp.CSS(`#participation form button[type="submit"]`)))
	waitFor(t, pctx, `document.querySelector(".flash") !== null && document.querySelector(".badge-pending") !== null`)
	check(false)
	shoot(t, pctx, "pending")

	step(t, ctx, "participants", chromedp.Navigate(base+"/events/"+id+"/participants"))
	waitFor(t, ctx, `document.querySelector(".participant") !== null`)
	shoot(t, ctx, "participants")
	step(t, ctx, "approve", chromedp.Click(chromedp.CSS(`.answer-form button[type="submit"]:not([formaction])`)))
	waitFor(t, ctx, `document.querySelector(".flash") !== null && document.querySelector(".participant .badge-approved") !== null`)
	check(true)
	shoot(t, pctx, "approved")
}

// TestJourneyEventAnnounceCheckin (c, d): three people are approved and a
// fourth waits; the organiser's announcement to "approved" reaches the
// three only; checking in two of them shows 2 attended out of 3.
func TestJourneyEventAnnounceCheckin(t *testing.T) {
	ctx := NewBrowser(t)
	base, data := startCortege(t)
	signInBrowser(t, ctx, base, data, "orga@example.org")
	id := createSignedIn(t, ctx, base, "Atelier réparation", true, "")

	people := []string{"p1@example.org", "p2@example.org", "p3@example.org", "p4@example.org"}
	for i, email := range people {
		v, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
		step(t, v, "open", chromedp.Navigate(base+"/events/"+id+"?lang=fr"))
		waitFor(t, v, `document.querySelector("#f-join-name") !== null`)
		step(t, v, "join",
			chromedp.SendKeys(chromedp.ID("f-join-name"), "Personne "+string(rune('A'+i))),
			chromedp.SendKeys(chromedp.ID("f-join-email"), email),
			chromedp.Click(chromedp.CSS(`#participation form button[type="submit"]`)))
		waitFor(t, v, `location.search.includes("ok=event_join_sent") && document.querySelector(".flash") !== null`)
		step(t, v, "confirm link", chromedp.Navigate(mailedLink(t, data, email, "/events/participation/confirm")))
		waitFor(t, v, `document.querySelector("main form button") !== null`)
		step(t, v, "confirm", chromedp.Click(chromedp.CSS("main form button")))
		waitFor(t, v, `document.querySelector("[data-kind=cancel]") !== null && document.querySelector(".flash") !== null && !location.href.includes("token")`)
		cancel()
	}

	// Approve the first three.
	step(t, ctx, "participants", chromedp.Navigate(base+"/events/"+id+"/participants?status=pending"))
	for i := range 3 {
		waitFor(t, ctx, `document.querySelector(".answer-form button:not([formaction])") !== null`)
		step(t, ctx, "approve", chromedp.Click(chromedp.CSS(`.answer-form button[type="submit"]:not([formaction])`)))
		waitFor(t, ctx, `document.querySelectorAll(".participant .badge-approved").length === `+strconv.Itoa(i+1))
	}

	// Announce to the approved.
	step(t, ctx, "announce page", chromedp.Navigate(base+"/events/"+id+"/announce"))
	waitFor(t, ctx, `document.querySelector("#f-announce-subject") !== null`)
	step(t, ctx, "announce",
		chromedp.SetValue(chromedp.ID("f-announce-audience"), "approved"),
		chromedp.SendKeys(chromedp.ID("f-announce-subject"), "Apportez vos outils"),
		chromedp.SendKeys(chromedp.ID("f-announce-body"), "Rendez-vous à 18 h, entrée par la cour."),
		chromedp.Click(chromedp.CSS(`form[action$="/announce"] button[type="submit"]`)))
	waitFor(t, ctx, `document.querySelector(".flash") !== null && document.querySelector(".announcements") !== null`)
	shoot(t, ctx, "announce")
	got := waitMails(t, data, "Apportez vos outils", 3)
	sort.Strings(got)
	if strings.Join(got, " ") != "p1@example.org p2@example.org p3@example.org" {
		t.Errorf("announcement sent to %v", got)
	}
	time.Sleep(time.Second) // a late, wrong mail would show now
	if again := waitMails(t, data, "Apportez vos outils", 0); len(again) != 3 {
		t.Errorf("announcement sent to %v", again)
	}

	// Check-in: the first by the code of the ticket mailed on approval,
	// typed in lower case; the second by a tap on "arrived".
	code := ticketCode(t, data, "p1@example.org")
	step(t, ctx, "checkin page", chromedp.Navigate(base+"/events/"+id+"/checkin"))
	waitFor(t, ctx, `document.querySelector("#f-checkin-code") !== null`)
	step(t, ctx, "code",
		chromedp.SendKeys(chromedp.ID("f-checkin-code"), strings.ToLower(code)),
		chromedp.Click(chromedp.CSS(`.checkin-form button[type="submit"]`)))
	waitFor(t, ctx, `document.querySelector(".checkin-result.is-ok") !== null`)
	step(t, ctx, "tap", chromedp.Click(chromedp.CSS(`.checkin-list form button`)))
	waitFor(t, ctx, `document.querySelector(".checkin-counts .big").textContent === "2" && document.querySelector(".checkin-counts").textContent.includes("sur 3")`)
	shoot(t, ctx, "checkin")
	step(t, ctx, "event page", chromedp.Navigate(base+"/events/"+id))
	waitFor(t, ctx, `document.querySelector(".organiser-bar .counts").textContent.includes("2 présents")`)
}

// local is a datetime-local value d from now, in Paris.
func local(d time.Duration) string {
	loc, _ := time.LoadLocation("Europe/Paris")
	return time.Now().Add(d).In(loc).Format("2006-01-02T15:04")
}

// signInBrowser signs email in, in the browser of ctx, by the magic link.
func signInBrowser(t *testing.T, ctx context.Context, base, data, email string) {
	t.Helper()
	step(t, ctx, "login "+email, chromedp.Navigate(base+"/login?lang=fr"),
		chromedp.SendKeys(chromedp.ID("f-link-email"), email),
		chromedp.Submit(chromedp.ID("f-link-email")))
	waitFor(t, ctx, `document.querySelector("h1").textContent.includes("Vérifiez")`)
	step(t, ctx, "link "+email, chromedp.Navigate(mailedLink(t, data, email, "/login/confirm")))
	waitFor(t, ctx, `location.pathname === "/login/confirm" && document.querySelector("main form button") !== null`)
	step(t, ctx, "confirm "+email, chromedp.Click(chromedp.CSS("main form button")))
	chooseIdentityOf(t, ctx, email)
	waitFor(t, ctx, `location.pathname === "/dashboard"`)
}

// createSignedIn fills the creation form (by approval, address hidden when
// hidden is set) and returns the new event's ID.
func createSignedIn(t *testing.T, ctx context.Context, base, title string, hidden bool, capacity string) string {
	t.Helper()
	step(t, ctx, "create form", chromedp.Navigate(base+"/events/new"))
	waitFor(t, ctx, `document.querySelector("#f-event-title") !== null`)
	actions := []chromedp.Action[chromedp.Void]{
		chromedp.SendKeys(chromedp.ID("f-event-title"), title),
		chromedp.SetValue(chromedp.ID("f-event-start"), local(48*time.Hour)),
		chromedp.SendKeys(chromedp.ID("f-event-place_area"), "Grenoble"),
		chromedp.SendKeys(chromedp.ID("f-event-place"), "12 rue des Lilas"),
		chromedp.SetValue(chromedp.ID("f-event-join_mode"), "approval"),
	}
	if hidden {
		actions = append(actions, chromedp.Click(chromedp.ID("f-event-hide_place")))
	}
	if capacity != "" {
		actions = append(actions, chromedp.SendKeys(chromedp.ID("f-event-capacity"), capacity))
	}
	actions = append(actions, chromedp.Click(chromedp.CSS(`form.event-form button[type="submit"]`)))
	step(t, ctx, "create", actions...)
	waitFor(t, ctx, `/^\/events\/[0-9A-Z]{26}$/.test(location.pathname) && document.querySelector(".flash") !== null`)
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`/events/([0-9A-Z]{26})`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("no event id in %s", loc)
	}
	return m[1]
}

// apiToken makes a personal API token for email with the command line.
func apiToken(t *testing.T, data, email string) string {
	t.Helper()
	var out bytes.Buffer
	local := email[:strings.IndexByte(email, '@')]
	args := append([]string{"token", "create", "--email", email, "--name", local, "--handle", cortege.LegacyHandleBase(email), "--data", data}, databaseArgs(t, data)...)
	if code := cli.Main(context.Background(), args, cli.Env{Stdout: &out, Stderr: io.Discard, Getenv: func(string) string { return "" }}); code != 0 {
		t.Fatalf("token create: %d %s", code, out.String())
	}
	tok := regexp.MustCompile(`ctg_[A-Za-z0-9_-]+`).FindString(out.String())
	if tok == "" {
		t.Fatalf("no token in %q", out.String())
	}
	return tok
}

// apiGet reads a JSON API resource with a bearer token.
func apiGet(t *testing.T, u, token string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", u, res.StatusCode, b)
	}
	return string(b)
}

// mails reads every mail written so far in DATA/mail.
func mails(t *testing.T, data string) []*mailtest.Received {
	files, _ := filepath.Glob(filepath.Join(data, "mail", "*.eml"))
	sort.Strings(files)
	var out []*mailtest.Received
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if m, err := mailtest.ParseEML(b); err == nil {
			out = append(out, m)
		}
	}
	return out
}

// waitMails waits until at least n mails whose subject contains subject
// were written and returns their recipients' addresses.
func waitMails(t *testing.T, data, subject string, n int) []string {
	t.Helper()
	addr := regexp.MustCompile(`[a-z0-9.]+@example\.org`)
	deadline := time.Now().Add(20 * time.Second)
	for {
		var to []string
		for _, m := range mails(t, data) {
			if strings.Contains(m.HeaderDecoded("Subject"), subject) {
				to = append(to, addr.FindString(m.Header.Get("To")))
			}
		}
		if len(to) >= n || time.Now().After(deadline) {
			return to
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// ticketCode finds the ticket code mailed to email ("ABCDE-FGHJK").
func ticketCode(t *testing.T, data, email string) string {
	t.Helper()
	re := regexp.MustCompile(`\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b`)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		for _, m := range mails(t, data) {
			if strings.Contains(m.Header.Get("To"), email) {
				if c := re.FindString(m.Text); c != "" {
					return c
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no ticket code mailed to %s", email)
	return ""
}

// collectConsole records the console and browser-log messages of the tab
// in ctx (CSP violations are logged there) and returns a func listing them.
func collectConsole(ctx context.Context) func() []string {
	var mu sync.Mutex
	var msgs []string
	it := chromedp.Console(ctx)
	go func() {
		for m, err := range it {
			if err != nil {
				return
			}
			mu.Lock()
			msgs = append(msgs, m.String())
			mu.Unlock()
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), msgs...)
	}
}
