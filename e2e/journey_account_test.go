package e2e

import (
	"bufio"
	"context"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"codeberg.org/cortege/cortege/internal/cli"
	"codeberg.org/cortege/cortege/internal/mail/mailtest"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestJourneyAccount walks a newcomer through the account basics in a real
// browser against "cortege serve": ask for a sign-in link, read it from the
// mail folder, confirm, create a second profile, act as it, switch the
// interface to English, sign out.
func TestJourneyAccount(t *testing.T) {
	ctx := NewBrowser(t)
	base, data := startCortege(t)
	const email = "camille@example.org"

	// Ask for a sign-in link, in French.
	step(t, ctx, "login", chromedp.Navigate(base+"/login?lang=fr"))
	shoot(t, ctx, "login")
	step(t, ctx, "request link",
		chromedp.SendKeys(chromedp.ID("f-link-email"), email),
		chromedp.Submit(chromedp.ID("f-link-email")),
	)
	waitFor(t, ctx, `document.querySelector("h1").textContent.includes("Vérifiez")`)
	shoot(t, ctx, "check-mail")

	// The emailed link shows a confirmation button; pressing it signs in.
	link := mailedLink(t, data, email, "/login/confirm")
	step(t, ctx, "open link", chromedp.Navigate(link))
	waitFor(t, ctx, `document.querySelector("main form button") !== null && location.pathname === "/login/confirm"`)
	shoot(t, ctx, "confirm")
	step(t, ctx, "confirm", chromedp.Click(chromedp.CSS("main form button")))
	// A first sign-in asks how the person appears, suggesting a neutral
	// handle rather than one made from the address.
	waitFor(t, ctx, `location.pathname === "/welcome" && !document.querySelector("#f-identity-handle").value.includes("camille")`)
	shoot(t, ctx, "welcome")
	chooseIdentity(t, ctx, "camille", "camille")
	waitFor(t, ctx, `location.pathname === "/dashboard"`)
	shoot(t, ctx, "dashboard")

	// Create a second profile.
	step(t, ctx, "profiles", chromedp.Navigate(base+"/settings/profiles"))
	step(t, ctx, "create profile",
		chromedp.SendKeys(chromedp.ID("f-create-handle"), "collectif_velo"),
		chromedp.SendKeys(chromedp.ID("f-create-display_name"), "Collectif Vélo"),
		chromedp.SendKeys(chromedp.ID("f-create-bio"), "Pour des rues où l’on respire."),
		chromedp.Submit(chromedp.ID("f-create-handle")),
	)
	waitFor(t, ctx, `document.body.textContent.includes("@collectif_velo") && document.querySelector(".flash") !== null`)
	shoot(t, ctx, "profiles")

	// Act as it: the header's switcher now shows it.
	step(t, ctx, "act", chromedp.Click(chromedp.CSS(`.profile-list form[action$="/act"] button`)))
	waitFor(t, ctx, `document.querySelector(".switcher-name").textContent.includes("Collectif Vélo")`)

	// Switch the interface to English; it sticks to the account.
	step(t, ctx, "english", chromedp.Click(chromedp.CSS(`.lang-switch button`)))
	waitFor(t, ctx, `document.documentElement.lang === "en" && document.body.textContent.includes("Acting profile")`)
	step(t, ctx, "dashboard again", chromedp.Navigate(base+"/dashboard"))
	waitFor(t, ctx, `document.documentElement.lang === "en" && document.querySelector("h1").textContent === "Hello, Collectif Vélo"`)
	shoot(t, ctx, "dashboard-en")

	// Public page of the new profile shows no address.
	step(t, ctx, "public profile", chromedp.Navigate(base+"/@collectif_velo"))
	waitFor(t, ctx, `document.querySelector("h1").textContent === "Collectif Vélo" && !document.body.textContent.includes("`+email+`")`)

	// Sign out through the profile menu.
	step(t, ctx, "sign out",
		chromedp.Click(chromedp.CSS(".switcher summary")),
		chromedp.Click(chromedp.CSS(".menu-signout")),
	)
	waitFor(t, ctx, `location.pathname === "/" && document.querySelector(".switcher") === null && document.documentElement.lang === "en" && document.querySelector(".flash") !== null`)
	shoot(t, ctx, "signed-out")
	step(t, ctx, "settings need sign-in", chromedp.Navigate(base+"/settings"))
	waitFor(t, ctx, `location.pathname === "/login"`)
}

// serverDatabaseURL remembers the PostgreSQL URL each started server uses,
// by data folder, so commands run beside it reach the same database.
var serverDatabaseURL = map[string]string{}

// serverBase remembers each started server's URL by data folder, for
// helpers that only get the folder (apiToken).
var serverBase = map[string]string{}

// startCortege runs "cortege serve" in-process on a free port over a fresh
// data folder (and a fresh PostgreSQL schema when the suite runs there) and
// returns its URL and data folder. extra flags are passed to serve.
func startCortege(t *testing.T, extra ...string) (string, string) {
	t.Helper()
	data := t.TempDir()
	args := append([]string{"serve", "--listen", "127.0.0.1:0", "--data", data}, extra...)
	if u := testkit.TestDatabaseURL(t); u != "" {
		args = append(args, "--database-url", u)
		serverDatabaseURL[data] = u
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, args, cli.Env{Stdout: pw, Stderr: io.Discard, Getenv: func(string) string { return "" }})
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("cortege serve did not stop")
		}
	})
	found := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`running at (http://\S+)`)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, pr)
	}()
	select {
	case u := <-found:
		serverBase[data] = u
		return u, data
	case code := <-done:
		t.Fatalf("cortege serve exited with %d", code)
	case <-time.After(30 * time.Second):
		t.Fatal("cortege serve did not start")
	}
	return "", ""
}

// mailedLink waits for a mail to email in DATA/mail and returns its link
// whose path is path.
func mailedLink(t *testing.T, data, email, path string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		files, _ := filepath.Glob(filepath.Join(data, "mail", "*.eml"))
		sort.Sort(sort.Reverse(sort.StringSlice(files)))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			m, err := mailtest.ParseEML(b)
			if err != nil || !strings.Contains(m.Header.Get("To"), email) {
				continue
			}
			for _, l := range m.Links() {
				if u, err := url.Parse(l); err == nil && u.Path == path {
					return l
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no mail to %s with a %s link", email, path)
	return ""
}

// step runs browser actions one by one, failing the test with name on
// error. Right after a navigation the browser can still answer a query
// with the node of the document it is leaving ("No node with given id
// found"); the action has then done nothing, so it is tried again.
func step(t *testing.T, ctx context.Context, name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	for _, a := range actions {
		var err error
		for try := 0; try < 5; try++ {
			if err = chromedp.Do(ctx, a); err == nil || !strings.Contains(err.Error(), "No node with given id found") {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// waitFor evaluates a JavaScript condition until it holds, riding over
// the page changes a navigation causes meanwhile.
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("(() => { try { return !!("+cond+") } catch (e) { return false } })()"))
		if err == nil && ok {
			return
		}
		lastErr = err
		time.Sleep(100 * time.Millisecond)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	t.Fatalf("waiting for %s (last error %v)\nat %s\n%.600s", cond, lastErr, loc, body)
}

// shoot saves a desktop and a phone-width screenshot of the page when
// CORTEGE_E2E_ARTIFACTS is set.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("CORTEGE_E2E_ARTIFACTS") == "" {
		return
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err == nil {
		SaveScreenshot(t, ctx, name+"-phone")
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err == nil {
		SaveScreenshot(t, ctx, name+"-desktop")
	}
}
