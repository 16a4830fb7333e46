package e2e

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"codeberg.org/cortege/cortege/internal/cli"
)

// TestJourneyAdmin: the operator creates the first administrator at the
// command line, opens the printed link, renames the instance, puts
// registrations under approval, and finds and suspends an account.
func TestJourneyAdmin(t *testing.T) {
	ctx := NewBrowser(t)
	base, data := startCortege(t)
	dbArgs := databaseArgs(t, data)

	var out bytes.Buffer
	if code := cli.Main(context.Background(), append([]string{"admin", "create", "--email", "admin@example.org", "--data", data}, dbArgs...), cli.Env{Stdout: &out, Getenv: func(string) string { return "" }}); code != 0 {
		t.Fatalf("admin create exited with %d: %s", code, out.String())
	}
	link := regexp.MustCompile(`http://\S+/login/confirm\?token=\S+`).FindString(out.String())
	if link == "" {
		t.Fatalf("no sign-in link printed: %s", out.String())
	}

	// A member signs up first, so there is an account to manage.
	step(t, ctx, "member asks for a link", chromedp.Navigate(base+"/login?lang=fr"),
		chromedp.SendKeys(chromedp.ID("f-link-email"), "dominique@example.org"),
		chromedp.Submit(chromedp.ID("f-link-email")))
	waitFor(t, ctx, `document.querySelector("h1").textContent.includes("Vérifiez")`)
	step(t, ctx, "member confirms", chromedp.Navigate(mailedLink(t, data, "dominique@example.org", "/login/confirm")))
	waitFor(t, ctx, `location.pathname === "/login/confirm" && document.querySelector("main form button") !== null`)
	step(t, ctx, "member signs in", chromedp.Click(chromedp.CSS("main form button")))
	chooseIdentityOf(t, ctx, "dominique@example.org")
	waitFor(t, ctx, `location.pathname === "/dashboard"`)
	step(t, ctx, "member tries admin", chromedp.Navigate(base+"/admin"))
	waitFor(t, ctx, `document.querySelector(".error-code") !== null && document.querySelector(".error-code").textContent === "403"`)
	shoot(t, ctx, "forbidden")
	step(t, ctx, "member settings", chromedp.Navigate(base+"/settings"))
	waitFor(t, ctx, `document.querySelector("#s-password") !== null`)
	shoot(t, ctx, "settings")
	step(t, ctx, "member signs out", chromedp.Click(chromedp.CSS(".switcher summary")), chromedp.Click(chromedp.CSS(".menu-signout")))
	waitFor(t, ctx, `location.pathname === "/" && document.querySelector(".switcher") === null`)

	// The administrator signs in with the printed link.
	step(t, ctx, "admin link", chromedp.Navigate(link))
	waitFor(t, ctx, `location.pathname === "/login/confirm" && document.querySelector("main form button") !== null`)
	step(t, ctx, "admin confirms", chromedp.Click(chromedp.CSS("main form button")))
	chooseIdentity(t, ctx, "Admin", "admin_lyon")
	waitFor(t, ctx, `location.pathname === "/dashboard" && document.querySelector('a[href="/admin"]') !== null`)

	// Instance settings.
	step(t, ctx, "admin page", chromedp.Navigate(base+"/admin"))
	waitFor(t, ctx, `document.querySelector("#f-settings-name") !== null`)
	step(t, ctx, "rename",
		chromedp.Clear(chromedp.ID("f-settings-name")),
		chromedp.SendKeys(chromedp.ID("f-settings-name"), "Vélorution Lyon"),
		chromedp.SendKeys(chromedp.ID("f-settings-description"), "Le collectif qui roule pour une ville respirable."),
		chromedp.SetValue(chromedp.ID("f-settings-registrations"), "approval"),
		chromedp.Submit(chromedp.ID("f-settings-name")))
	waitFor(t, ctx, `document.querySelector(".flash") !== null && document.querySelector(".brand").textContent.includes("Vélorution Lyon")`)
	shoot(t, ctx, "admin-settings")

	// Accounts: search, open, suspend.
	step(t, ctx, "accounts", chromedp.Navigate(base+"/admin/accounts?q=dominique"))
	waitFor(t, ctx, `document.querySelector("tbody") !== null && document.querySelector("tbody").textContent.includes("dominique@example.org") && !document.querySelector("tbody").textContent.includes("admin@example.org")`)
	shoot(t, ctx, "admin-accounts")
	step(t, ctx, "open account", chromedp.Click(chromedp.CSS(`tbody a[href^="/admin/accounts/"]`)))
	waitFor(t, ctx, `document.querySelector("h1").textContent === "dominique@example.org"`)
	step(t, ctx, "suspend", chromedp.Click(chromedp.CSS(`form[action$="/status"] button`)))
	waitFor(t, ctx, `document.querySelector(".flash") !== null && document.querySelector(".badge-suspended") !== null`)
	shoot(t, ctx, "admin-account")

	// The home page shows the new name and description to visitors.
	step(t, ctx, "home", chromedp.Navigate(base+"/"))
	waitFor(t, ctx, `document.querySelector("h1").textContent === "Vélorution Lyon" && document.body.textContent.includes("ville respirable")`)
}

// databaseArgs returns the --database-url flag matching the running
// server's (PostgreSQL runs), or nothing on SQLite where --data suffices.
func databaseArgs(t *testing.T, data string) []string {
	if u := serverDatabaseURL[data]; u != "" {
		return []string{"--database-url", u}
	}
	return nil
}
