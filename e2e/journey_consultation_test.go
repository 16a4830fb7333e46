package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestJourneyConsultation: on a phone, a visitor with the link answers a
// consultation whose answers are linked. With JavaScript, the question
// shown only after "yes" appears when they tick "yes"; they answer, come
// back and find their answers (one per browser). Without JavaScript, in
// another browser, every question shows with its condition written out,
// and an answer typed in a question that does not apply is dropped.
// Nothing scrolls sideways and the page's policy logs no violation.
func TestJourneyConsultation(t *testing.T) {
	ctx := NewBrowser(t)
	app := testkit.NewApp(t)
	bg := context.Background()
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
	loc, _ := time.LoadLocation("Europe/Paris")
	now := app.Service.Now()
	c, err := app.Service.CreateConsultation(bg, orga, service.ConsultationInput{Title: "Le square de la rue Garibaldi",
		TZ: "Europe/Paris", Opens: cortege.WallOf(now.Add(-time.Hour), loc), Closes: cortege.WallOf(now.Add(48*time.Hour), loc),
		Audience: cortege.AudienceLink})
	if err != nil {
		t.Fatal(err)
	}
	hundred := 100.0
	for _, q := range []service.QuestionInput{
		{Title: "Venez-vous à la réunion ?", Kind: cortege.QuestionYesNo},
		{Title: "Ce que vous apportez", Kind: cortege.QuestionText, ShowIf: &cortege.QuestionCondition{Question: "q1", Option: 0}},
		{Title: "Combien d’arbres planter ?", Kind: cortege.QuestionNumber, Blank: true, Number: &cortege.NumberRule{Max: &hundred}},
		{Title: "Vos priorités", Kind: cortege.QuestionMultiple, Options: []string{"Des arbres", "Des bancs", "Des jeux pour les enfants du quartier"}, Min: 1, Max: 2},
	} {
		if _, err := app.Service.AddQuestion(bg, orga, c.ID, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := app.Service.OpenConsultation(bg, orga, c.ID); err != nil {
		t.Fatal(err)
	}
	page := app.URL + "/votes/" + c.ID + "/respond?lang=fr"
	shown := func(ctx context.Context, id string) bool {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.getElementById("`+id+`").hidden`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	narrow := func(ctx context.Context, what string) {
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if err != nil || wide {
			t.Errorf("%s scrolls sideways at 390 px (%v)", what, err)
		}
	}

	// With JavaScript.
	js, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	console := collectConsole(js)
	step(t, js, "phone", chromedp.EmulateViewport(390, 844))
	step(t, js, "form", chromedp.Navigate(page))
	waitFor(t, js, `document.querySelector("form[data-consultation-form]") !== null && document.readyState === "complete"`)
	if shown(js, "q-q2") {
		t.Error("the question after “yes” shows before anything is ticked")
	}
	narrow(js, "the answer form")
	step(t, js, "yes", chromedp.Click(chromedp.ID("q1-0")))
	waitFor(t, js, `!document.getElementById("q-q2").hidden`)
	step(t, js, "answers",
		chromedp.SendKeys(chromedp.ID("q2-text"), "Des gants"),
		chromedp.SendKeys(chromedp.ID("q3-number"), "12"),
		chromedp.Click(chromedp.ID("q4-0")),
		chromedp.Click(chromedp.CSS(`form[data-consultation-form] button[type=submit]`)),
	)
	waitFor(t, js, `location.search.includes("ok=response_saved")`)
	step(t, js, "again", chromedp.Navigate(page))
	waitFor(t, js, `document.body.textContent.includes("Vous avez déjà répondu") && document.getElementById("q2-text").value === "Des gants"`)
	narrow(js, "the edit form")
	shoot(t, js, "consultation-respond")
	for _, m := range console() {
		if strings.Contains(m, "Content Security Policy") || strings.Contains(m, "Refused") {
			t.Errorf("console: %s", m)
		}
	}

	// Without JavaScript, another browser: a second response.
	nojs, cancel2 := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel2()
	step(t, nojs, "phone", chromedp.EmulateViewport(390, 844))
	scripts(t, nojs, false)
	step(t, nojs, "form", chromedp.Navigate(page))
	waitFor(t, nojs, `document.querySelector("form[data-consultation-form]") !== null`)
	if !shown(nojs, "q-q2") {
		t.Error("without JavaScript the conditional question is hidden")
	}
	step(t, nojs, "answers",
		chromedp.Click(chromedp.ID("q1-1")),
		chromedp.SendKeys(chromedp.ID("q2-text"), "Rien"),
		chromedp.Click(chromedp.ID("q4-1")),
		chromedp.Click(chromedp.CSS(`form[data-consultation-form] button[type=submit]`)),
	)
	waitFor(t, nojs, `location.search.includes("ok=response_saved")`)

	// The organisers' table on a phone: an administrator signs in by the
	// link CreateAdmin gives.
	adminLink, err := app.Service.CreateAdmin(bg, "orga2@example.org", "Orga deux")
	if err != nil {
		t.Fatal(err)
	}
	org, cancel3 := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel3()
	step(t, org, "phone", chromedp.EmulateViewport(390, 844))
	step(t, org, "admin link", chromedp.Navigate(adminLink))
	waitFor(t, org, `location.pathname === "/login/confirm" && document.querySelector("main form button") !== null`)
	step(t, org, "confirm", chromedp.Click(chromedp.CSS("main form button")))
	chooseIdentityOf(t, org, "orga2@example.org")
	step(t, org, "responses", chromedp.Navigate(app.URL+"/votes/"+c.ID+"/responses?lang=fr"))
	waitFor(t, org, `document.querySelectorAll("main tbody tr").length === 2 && document.body.textContent.includes("Des gants") && document.querySelector("main tbody").textContent.includes("Oui")`)
	narrow(org, "the responses page")
	shoot(t, org, "consultation-responses")
	rows, err := app.Service.Responses(bg, orga, c.ID, "", 10)
	if err != nil || rows.Total != 2 {
		t.Fatalf("responses: %+v %v", rows, err)
	}
	for _, r := range rows.Rows {
		if r.Kind != service.RespondentBrowser {
			t.Errorf("a response by link is %q", r.Kind)
		}
		for _, a := range r.Response.Answers {
			if a.Text == "Rien" {
				t.Error("the answer to a question that did not apply was kept")
			}
		}
	}
}
