package e2e

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"codeberg.org/cortege/cortege/internal/cli"
)

// TestJourneyModeration: the instance asks new groups to wait for
// approval; a new group is approved from the admin area; a visitor's
// report on one of its posts reaches the queue, where the administrator
// hides the post, and the log says who did it.
func TestJourneyModeration(t *testing.T) {
	admin := NewBrowser(t)
	user := NewBrowser(t)
	base, data := startCortege(t)

	var out bytes.Buffer
	if code := cli.Main(context.Background(), append([]string{"admin", "create", "--email", "root@example.org", "--data", data}, databaseArgs(t, data)...), cli.Env{Stdout: &out, Getenv: func(string) string { return "" }}); code != 0 {
		t.Fatalf("admin create exited with %d: %s", code, out.String())
	}
	link := regexp.MustCompile(`http://\S+/login/confirm\?token=\S+`).FindString(out.String())
	step(t, admin, "admin link", chromedp.Navigate(link))
	waitFor(t, admin, `document.querySelector("main form button") !== null`)
	step(t, admin, "admin confirms", chromedp.Click(chromedp.CSS("main form button")))
	chooseIdentity(t, admin, "Root", "root_admin")
	waitFor(t, admin, `location.pathname === "/dashboard"`)
	step(t, admin, "approval on", chromedp.Navigate(base+"/admin/groups"))
	step(t, admin, "tick", chromedp.Click(chromedp.ID("f-approval")), chromedp.Submit(chromedp.ID("f-approval")))
	waitFor(t, admin, `document.querySelector(".flash") !== null && document.querySelector("#f-approval").checked`)

	// A member creates a group: it waits for approval.
	groupSignIn(t, user, base, data, "dominique@example.org")
	step(t, user, "new group", chromedp.Navigate(base+"/groups/new"))
	step(t, user, "fill", chromedp.SendKeys(chromedp.ID("f-group-handle"), "amap_croix_rousse"),
		chromedp.SendKeys(chromedp.ID("f-group-name"), "AMAP de la Croix-Rousse"),
		chromedp.Submit(chromedp.ID("f-group-handle")))
	waitFor(t, user, `location.pathname === "/@amap_croix_rousse" && document.querySelector(".notice") !== null`)
	step(t, user, "post", chromedp.Navigate(base+"/@amap_croix_rousse/posts/new"))
	step(t, user, "write", chromedp.SendKeys(chromedp.ID("f-post-title"), "Promo exceptionnelle"),
		chromedp.SendKeys(chromedp.ID("f-post-body"), "Achetez nos paniers sur un autre site !"),
		chromedp.Click(chromedp.CSS(`button[name="publish"][value="1"]`)))
	waitFor(t, user, `document.querySelector(".post-body") !== null`)
	postURL, err := chromedp.Run(user, chromedp.Evaluate[string](`location.origin + location.pathname`))
	if err != nil {
		t.Fatal(err)
	}

	// The administrator approves the group.
	step(t, admin, "waiting list", chromedp.Navigate(base+"/admin/groups"))
	waitFor(t, admin, `document.body.textContent.includes("AMAP de la Croix-Rousse")`)
	shoot(t, admin, "admin-groups")
	step(t, admin, "approve", chromedp.Click(chromedp.CSS(`form[action$="/approve"] button`)))
	waitFor(t, admin, `document.querySelector(".flash") !== null && !document.body.textContent.includes("AMAP de la Croix-Rousse")`)

	// The administrator reads the post and reports it (anyone signed in may).
	step(t, admin, "open post", chromedp.Navigate(postURL))
	step(t, admin, "report", chromedp.Click(chromedp.CSS(".report-disclosure summary")))
	step(t, admin, "reason", chromedp.SendKeys(chromedp.CSS(".report-disclosure textarea"), "Publicité pour un autre site"),
		chromedp.Click(chromedp.CSS(".report-disclosure button")))
	waitFor(t, admin, `location.search.includes("ok=reported") && document.querySelector(".flash") !== null`)

	step(t, admin, "queue", chromedp.Navigate(base+"/admin/reports"))
	waitFor(t, admin, `document.querySelector("article.report") !== null && document.body.textContent.includes("Publicité pour un autre site")`)
	shoot(t, admin, "admin-reports")
	step(t, admin, "hide", chromedp.SetValue(chromedp.CSS(`article.report select[name="action"]`), "hide"),
		chromedp.SendKeys(chromedp.CSS(`article.report input[name="note"]`), "publicité"),
		chromedp.Click(chromedp.CSS(`article.report form button`)))
	waitFor(t, admin, `document.querySelector(".flash") !== null && document.querySelector("#mod-log") !== null && document.querySelector("tbody").textContent.includes("root@example.org") && document.querySelector("tbody").textContent.includes("AMAP de la Croix-Rousse")`)
	shoot(t, admin, "admin-log")

	step(t, user, "post gone", chromedp.Navigate(postURL))
	waitFor(t, user, `document.querySelector(".error-code") !== null && document.querySelector(".error-code").textContent === "404"`)
	step(t, user, "listed now", chromedp.Navigate(base+"/groups?q=amap"))
	waitFor(t, user, `document.querySelector('.group-card a[href="/@amap_croix_rousse"]') !== null`)
}
