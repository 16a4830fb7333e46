package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestJourneyRevote: a vote of the members that allows re-voting. On a
// phone with JavaScript, a member votes (a blind token); the receipt
// shows their re-vote key, which they save as a file (a Blob URL, under
// the server's CSP) and copy. The tab forgotten, they paste the key into
// the re-vote form on the vote's page and vote again; then, JavaScript
// off in another browser, once more (a mistyped key first, said at the
// field). After the closing, the board holds the last ballot alone,
// counted, and the earlier receipts find no ballot: each re-vote took
// the ballot before it out of the box.
func TestJourneyRevote(t *testing.T) {
	ctx := NewBrowser(t)
	app := testkit.NewApp(t)
	bg := context.Background()
	admin, memberSecret, g := voteJourneyGroup(t, app, "revote.example")
	loc, _ := time.LoadLocation("Europe/Paris")
	now := app.Clock.Now()
	c, err := app.Service.CreateConsultation(bg, admin, service.ConsultationInput{Title: "Présidence de l’assemblée", Secret: true, Revote: true,
		Opens: cortege.WallOf(now.Add(-time.Hour), loc), Closes: cortege.WallOf(now.Add(24*time.Hour), loc), TZ: "Europe/Paris",
		Audience: cortege.AudienceMembers, MinRole: cortege.GroupMember, GroupID: g.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Service.AddQuestion(bg, admin, c.ID, service.QuestionInput{Title: "Présidence", Kind: cortege.QuestionSingle,
		Options: []string{"Amélie", "Bruno"}, Blank: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Service.OpenConsultation(bg, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	vote := app.URL + "/votes/" + c.ID

	downloads := t.TempDir()
	console := collectConsole(ctx)
	step(t, ctx, "phone", chromedp.EmulateViewport(390, 844))
	step(t, ctx, "session and downloads", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: "cortege_session", Value: memberSecret, URL: app.URL}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads})
		return err
	}))

	// The first ballot, with the blind token.
	step(t, ctx, "vote page", chromedp.Navigate(vote))
	waitFor(t, ctx, `document.querySelector("form[data-vote-key][data-revote-allowed]") !== null && window.CortegeVote !== undefined`)
	step(t, ctx, "Amélie", chromedp.Click(chromedp.ID("b-q1-0")), chromedp.Click(chromedp.CSS(`form.vote-form button[type="submit"]`)))
	first := journeyReceipt(t, ctx)

	// The receipt shows the key; it is saved and copied.
	waitFor(t, ctx, `!document.querySelector("[data-revote-panel]").hidden && document.querySelector("#revote-key").value.includes(".")`)
	noSideways(t, ctx, "the receipt with its re-vote key")
	shoot(t, ctx, "vote-revote-key")
	key, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#revote-key").value`))
	if err != nil || strings.Count(key, ".") != 1 || strings.ContainsAny(key, "+/= \n") {
		t.Fatalf("the re-vote key %q (%v)", key, err)
	}
	if u, _ := chromedp.Run(ctx, chromedp.Location()); strings.Contains(u, key[:20]) {
		t.Errorf("the key is in the address %s", u)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("[data-revote-download]").href + " " + document.querySelector("[data-revote-download]").download`))
	if err != nil || !strings.HasPrefix(href, "blob:") || !strings.HasSuffix(href, " revote-key-"+c.ID+".txt") {
		t.Fatalf("the download link %q (%v)", href, err)
	}
	step(t, ctx, "save the key", chromedp.Click(chromedp.CSS("[data-revote-download]")))
	saved := filepath.Join(downloads, "revote-key-"+c.ID+".txt")
	var file []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if file, err = os.ReadFile(saved); err == nil && len(file) > 0 {
			break
		}
	}
	if strings.TrimSpace(string(file)) != key {
		t.Errorf("the saved key %q (%v), want %q", file, err, key)
	}
	cookies, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.cookie + " " + JSON.stringify(Object.assign({}, localStorage))`))
	if err != nil || strings.Contains(cookies, key[:20]) {
		t.Errorf("the key is in a cookie or localStorage: %q (%v)", cookies, err)
	}

	// The page offers the re-vote form, filled from the tab.
	step(t, ctx, "vote page again", chromedp.Navigate(vote))
	waitFor(t, ctx, `document.querySelector("form[data-revote-id]") !== null && document.querySelector("#f-ballot-key").value !== ""`)
	text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(text, "Seul votre dernier bulletin compte") || !strings.Contains(text, "ne contient que votre dernier bulletin") {
		t.Errorf("the re-vote page does not say what counts: %.600s", text)
	}
	noSideways(t, ctx, "the re-vote form")
	shoot(t, ctx, "vote-revote-form")

	// The tab forgotten: the key pasted by hand, and a second ballot.
	step(t, ctx, "forget the tab", chromedp.Evaluate[chromedp.Void](`sessionStorage.clear()`), chromedp.Navigate(vote))
	waitFor(t, ctx, `document.querySelector("form[data-revote-id]") !== null && document.querySelector("#f-ballot-key").value === ""`)
	step(t, ctx, "paste and vote blank",
		chromedp.SetValue(chromedp.ID("f-ballot-key"), key),
		chromedp.Click(chromedp.ID("b-q1-blank")),
		chromedp.Click(chromedp.CSS(`form.vote-form button[type="submit"]`)))
	second := journeyReceipt(t, ctx)
	if second == first {
		t.Fatalf("the re-vote has the first receipt %s", first)
	}
	waitFor(t, ctx, `!document.querySelector("[data-revote-panel]").hidden && document.querySelector("#revote-key").value === `+jsString(key))

	// Without JavaScript, on another device: a key mistyped is said at
	// the field, then the key pasted whole casts a third ballot.
	nojs, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	consoleNoJS := collectConsole(nojs)
	scripts(t, nojs, false)
	step(t, nojs, "phone", chromedp.EmulateViewport(390, 844))
	step(t, nojs, "session", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: "cortege_session", Value: memberSecret, URL: app.URL})
		return err
	}))
	step(t, nojs, "vote page", chromedp.Navigate(vote))
	waitFor(t, nojs, `document.querySelector("form[data-revote-id] #f-ballot-key") !== null`)
	step(t, nojs, "a mistyped key",
		chromedp.SetValue(chromedp.ID("f-ballot-key"), key[:len(key)-3]+"."+key[len(key)-3:]),
		chromedp.Click(chromedp.ID("b-q1-1")),
		chromedp.Click(chromedp.CSS(`form.vote-form button[type="submit"]`)))
	waitFor(t, nojs, `document.querySelector("#f-ballot-key-error") !== null && document.querySelector("#f-ballot-key-error").textContent.includes("not well formed")`)
	noSideways(t, nojs, "the re-vote form with its error")
	step(t, nojs, "the key whole",
		chromedp.SetValue(chromedp.ID("f-ballot-key"), key),
		chromedp.Click(chromedp.ID("b-q1-1")),
		chromedp.Click(chromedp.CSS(`form.vote-form button[type="submit"]`)))
	third := journeyReceipt(t, nojs)
	if third == first || third == second {
		t.Fatalf("the third ballot has an earlier receipt %s", third)
	}

	// Closed and published: the second counts, the first is gone.
	if err := app.Service.CloseConsultation(bg, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := app.Service.PublishResults(bg, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "board, the last", chromedp.Navigate(vote+"/board?ballot="+third))
	waitFor(t, ctx, `document.querySelector(".vote-line") !== null`)
	line, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".vote-line").textContent`))
	if err != nil || !strings.Contains(line, third) || !strings.Contains(line, "Bruno") {
		t.Errorf("the last ballot's line: %q %v", line, err)
	}
	if text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(text, "Il est compté") || !strings.Contains(text, "1 bulletin sur le tableau") {
		t.Errorf("the last ballot is not said counted, alone: %.600s", text)
	}
	for _, earlier := range []string{first, second} {
		step(t, ctx, "board, an earlier one", chromedp.Navigate(vote+"/board?ballot="+earlier))
		waitFor(t, ctx, `document.querySelector("main").textContent.includes("Aucun bulletin de ce numéro sur le tableau") && document.querySelector(".vote-line") === null`)
	}
	res, err := app.Service.VoteResults(bg, admin, c.ID)
	if err != nil || res[0].Answers != 1 || res[0].Counts == nil || res[0].Counts.Counts[1] != 1 {
		t.Errorf("results: %+v %v", res, err)
	}
	for _, msg := range append(console(), consoleNoJS()...) {
		if strings.Contains(msg, "Content Security Policy") || strings.Contains(msg, "Refused to") {
			t.Errorf("CSP violation logged: %s", msg)
		}
	}
}
