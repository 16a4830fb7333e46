package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// journeyTargets: a target at each level around Lyon 7e, and one elsewhere.
const journeyTargets = `id,name,kind,email,fediverse,form_url,area,area_name,communes,departements
mairie-lyon-7,Mairie du 7e arrondissement,official,mairie7@lyon.example,,,commune,Lyon 7e,69387,
prefecture-rhone,Préfecture du Rhône,official,,@prefet69@social.example,https://www.rhone.example/contact,departement,Rhône,,69
elysee,Présidence de la République,institution,,,https://www.elysee.example/ecrire,national,,,
prefecture-gironde,Préfecture de la Gironde,official,pref@gironde.example,,,departement,Gironde,,33
`

// TestJourneyInterpellation: on a phone, a signer gives their postal code
// and finds their representatives, the most local first; the mailto: link
// follows the message as they edit it (static/targets.js); "I sent my
// message" counts; nothing scrolls sideways and the page's policy logs no
// violation.
func TestJourneyInterpellation(t *testing.T) {
	ctx := NewBrowser(t)
	app := testkit.NewApp(t)
	bg := context.Background()
	rows, err := service.ParseTargetsCSV([]byte(journeyTargets))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := app.Service.LoadTargets(bg, rows); err != nil || len(res.Errors) > 0 {
		t.Fatalf("targets: %+v %v", res, err)
	}
	link, err := app.Service.CreateAdmin(bg, "orga@example.org", "Orga")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(link)
	secret, _, err := app.Service.ConfirmLogin(bg, cortege.Actor{IP: "192.0.2.1"}, u.Query().Get("token"))
	if err != nil {
		t.Fatal(err)
	}
	orga, err := app.Service.SessionActor(bg, secret, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	orga = testkit.Identify(t, app.Service, orga)
	p, err := app.Service.CreatePetition(bg, orga, service.PetitionInput{Title: "Des arbres rue Garibaldi",
		Text: "Plantons des arbres.", Addressee: "la Métropole de Lyon", Goal: 100, Scope: cortege.ScopeLocal, Place: "69387"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Service.PublishPetition(bg, orga, p.ID); err != nil {
		t.Fatal(err)
	}

	vctx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	console := collectConsole(vctx)
	step(t, vctx, "phone", chromedp.EmulateViewport(390, 844))
	step(t, vctx, "targets page", chromedp.Navigate(app.URL+"/petitions/"+p.ID+"/targets?lang=fr"))
	waitFor(t, vctx, `document.querySelector("#f-place-postcode") !== null && document.querySelectorAll("article.target").length === 0`)
	step(t, vctx, "postal code",
		chromedp.SendKeys(chromedp.ID("f-place-postcode"), "69007"),
		chromedp.Submit(chromedp.ID("f-place-postcode")),
	)
	waitFor(t, vctx, `document.querySelectorAll("article.target").length === 3`)
	names, err := chromedp.Run(vctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("article.target h3")).map(h => h.textContent).join("|")`))
	if err != nil || names != "Mairie du 7e arrondissement|Préfecture du Rhône|Présidence de la République" {
		t.Fatalf("targets of 69007: %q %v", names, err)
	}
	shoot(t, vctx, "targets")

	// Editing the message updates the mailto: link.
	step(t, vctx, "edit",
		chromedp.Clear(chromedp.CSS("article.target textarea")),
		chromedp.SendKeys(chromedp.CSS("article.target textarea"), "Plantez des arbres, s’il vous plaît."),
	)
	waitFor(t, vctx, `document.querySelector("[data-target-mailto]").getAttribute("href").startsWith("mailto:mairie7@lyon.example?subject=") &&
		decodeURIComponent(document.querySelector("[data-target-mailto]").getAttribute("href").split("&body=")[1]) === "Plantez des arbres, s’il vous plaît."`)

	wide, err := chromedp.Run(vctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if err != nil || wide {
		t.Errorf("the page scrolls sideways at 390 px (%v)", err)
	}

	// "I sent my message" counts one, shown back on the page.
	step(t, vctx, "sent", chromedp.Click(chromedp.CSS(`article.target form[action*="/sent"] button`)))
	waitFor(t, vctx, `document.querySelector(".flash") !== null && document.querySelector("article.target").textContent.includes("1 envoi compté")`)
	counts, err := app.Service.InterpellationCounts(bg, cortege.Anonymous, p.ID)
	if err != nil || len(counts) != 1 {
		t.Fatalf("counts %v %v", counts, err)
	}
	shoot(t, vctx, "counted")

	// Without JavaScript's link, the form's buttons go through our
	// redirects to the mail application and to the person's server: the
	// page's policy lets both through (form-action), so the browser leaves
	// for https://SERVER/share (which does not exist here).
	step(t, vctx, "mail button", chromedp.Click(chromedp.CSS(`article.target form[action*="/mail"] button[type=submit]:not([formaction])`)))
	step(t, vctx, "settle", chromedp.Sleep(500e6))
	step(t, vctx, "server", chromedp.SendKeys(chromedp.CSS(`article.target input[name=instance]`), "mastodon.example"))
	step(t, vctx, "share", chromedp.Click(chromedp.CSS(`article.target button[formaction*="/share"]`)))
	waitFor(t, vctx, `!location.href.startsWith("`+app.URL+`")`)

	for _, m := range console() {
		if strings.Contains(m, "Content Security Policy") || strings.Contains(m, "Refused") {
			t.Errorf("console: %s", m)
		}
	}
}
