package e2e

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestJourneyVote: two votes of a group, set up through the service: one
// by invitation codes, one of the members with a blind token. On a phone,
// a voter follows their slip's link with JavaScript off, finds the code
// filled in, ranks the options with the selects and casts; a member votes
// with JavaScript on, the page blinding the token (static/vote.js), the
// sign-off and the cast made in two requests, the cast without cookies.
// Once both votes are closed and published, each finds their ballot on
// the board page by the ID of their receipt, with the choices they made.
// Nothing scrolls sideways and no policy violation is logged.
func TestJourneyVote(t *testing.T) {
	ctx := NewBrowser(t)
	app := testkit.NewApp(t)
	bg := context.Background()
	admin, memberSecret, g := voteJourneyGroup(t, app, "vote.example")
	codes := journeyVote(t, app, admin, g.ID, cortege.AudienceCodes, "Élection du bureau",
		service.QuestionInput{Title: "Présidence", Kind: cortege.QuestionSingle, Options: []string{"Amélie", "Bruno"}, Blank: true},
		service.QuestionInput{Title: "Priorités", Kind: cortege.QuestionRanking, Options: []string{"Bancs", "Arbres", "Lumière"}})
	slips, err := app.Service.GenerateCodes(bg, admin, codes, 1)
	if err != nil {
		t.Fatal(err)
	}
	members := journeyVote(t, app, admin, g.ID, cortege.AudienceMembers, "Budget du quartier",
		service.QuestionInput{Title: "Adopter le budget", Kind: cortege.QuestionYesNo, Blank: true},
		service.QuestionInput{Title: "Projets", Kind: cortege.QuestionGrades, Options: []string{"Jardin", "Fresque"}, Grades: []string{"Très bien", "Bien", "À rejeter"}})

	// The slip's holder, without JavaScript.
	nojs, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	consoleA := collectConsole(nojs)
	scripts(t, nojs, false)
	step(t, nojs, "phone", chromedp.EmulateViewport(390, 844))
	code := slips[0].Code.String()
	step(t, nojs, "slip's link", chromedp.Navigate(app.URL+"/votes/"+codes+"?lang=fr&code="+url.QueryEscape(code)))
	waitFor(t, nojs, `document.querySelector("#f-ballot-code") !== null && document.querySelector("#f-ballot-code").value === `+jsString(code))
	noSideways(t, nojs, "the ballot by code")
	shoot(t, nojs, "vote-codes-ballot")
	step(t, nojs, "choose",
		chromedp.Click(chromedp.ID("b-q1-0")),
		chromedp.SetValue(chromedp.ID("b-q2-1"), "1"),
		chromedp.SetValue(chromedp.ID("b-q2-0"), "2"),
		chromedp.Click(chromedp.CSS(`form.vote-form button[type="submit"]`)))
	receiptA := journeyReceipt(t, nojs)
	shoot(t, nojs, "vote-codes-receipt")

	// The member, with JavaScript: a blind token.
	js, cancel2 := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel2()
	consoleB := collectConsole(js)
	step(t, js, "phone", chromedp.EmulateViewport(390, 844))
	step(t, js, "session", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: "cortege_session", Value: memberSecret, URL: app.URL})
		return err
	}))
	step(t, js, "vote page", chromedp.Navigate(app.URL+"/votes/"+members))
	waitFor(t, js, `document.querySelector("form[data-vote-key]") !== null && window.CortegeVote !== undefined`)
	noSideways(t, js, "the members' ballot")
	shoot(t, js, "vote-members-ballot")
	step(t, js, "choose",
		chromedp.Click(chromedp.ID("b-q1-0")),
		chromedp.Click(chromedp.ID("b-q2-0-g0")),
		chromedp.Click(chromedp.ID("b-q2-1-g2")),
		chromedp.Click(chromedp.CSS(`form.vote-form button[type="submit"]`)))
	receiptB := journeyReceipt(t, js)
	step(t, js, "vote page again", chromedp.Navigate(app.URL+"/votes/"+members))
	waitFor(t, js, `document.querySelector("main").textContent.includes("Vous avez déjà voté.") && document.querySelector("form[data-vote-key]") === null`)

	// Closed and published: each finds their ballot on the board.
	for _, id := range []string{codes, members} {
		if err := app.Service.CloseConsultation(bg, admin, id); err != nil {
			t.Fatal(err)
		}
		if err := app.Service.PublishResults(bg, admin, id); err != nil {
			t.Fatal(err)
		}
	}
	step(t, nojs, "board", chromedp.Navigate(app.URL+"/votes/"+codes+"/board?lang=fr"))
	waitFor(t, nojs, `document.querySelector("#f-lookup-ballot") !== null`)
	step(t, nojs, "find", chromedp.SendKeys(chromedp.ID("f-lookup-ballot"), receiptA), chromedp.Submit(chromedp.ID("f-lookup-ballot")))
	waitFor(t, nojs, `document.querySelector(".vote-line") !== null`)
	lineA, err := chromedp.Run(nojs, chromedp.Evaluate[string](`document.querySelector(".vote-line").textContent`))
	if err != nil || !strings.Contains(lineA, receiptA) || !strings.Contains(lineA, "Amélie") || !strings.Contains(lineA, "1. Arbres, 2. Bancs") {
		t.Errorf("the code voter's line on the board: %q %v", lineA, err)
	}
	noSideways(t, nojs, "the board")
	shoot(t, nojs, "vote-board")

	step(t, js, "board", chromedp.Navigate(app.URL+"/votes/"+members+"/board?ballot="+receiptB))
	waitFor(t, js, `document.querySelector(".vote-line") !== null`)
	lineB, err := chromedp.Run(js, chromedp.Evaluate[string](`document.querySelector(".vote-line").textContent`))
	if err != nil || !strings.Contains(lineB, receiptB) || !strings.Contains(lineB, "Oui") || !strings.Contains(lineB, "Jardin\u00a0: Très bien, Fresque\u00a0: À rejeter") {
		t.Errorf("the member's line on the board: %q %v", lineB, err)
	}
	step(t, js, "results", chromedp.Navigate(app.URL+"/votes/"+members+"/results"))
	waitFor(t, js, `document.querySelector("svg.vote-chart") !== null`)
	noSideways(t, js, "the results")
	shoot(t, js, "vote-results")

	for _, msg := range append(consoleA(), consoleB()...) {
		if strings.Contains(msg, "Content Security Policy") || strings.Contains(msg, "Refused to") {
			t.Errorf("CSP violation logged: %s", msg)
		}
	}
}

var journeyReceiptRE = regexp.MustCompile(`/receipt/([a-z2-7]{26})$`)

// journeyReceipt waits for the receipt page and returns its ballot ID,
// which must be the one in its address.
func journeyReceipt(t *testing.T, ctx context.Context) string {
	t.Helper()
	waitFor(t, ctx, `location.pathname.includes("/receipt/") && document.querySelector(".vote-ballot-id code") !== null`)
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(loc)
	m := journeyReceiptRE.FindStringSubmatch(u.Path)
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".vote-ballot-id code").textContent`))
	if err != nil || m == nil || id != m[1] {
		t.Fatalf("receipt at %s shows %q (%v)", loc, id, err)
	}
	return id
}

// noSideways fails when the page scrolls sideways (at 390 px).
func noSideways(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if err != nil || wide {
		t.Errorf("%s scrolls sideways at 390 px (%v)", what, err)
	}
}

// jsString writes s as a JavaScript string literal.
func jsString(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

// journeySession signs email in through the mailed link and returns the
// session's secret, its identity chosen.
func journeySession(t *testing.T, app *testkit.App, email string) string {
	t.Helper()
	bg := context.Background()
	if err := app.Service.RequestLogin(bg, cortege.Actor{IP: "192.0.2.1"}, email, "fr"); err != nil {
		t.Fatal(err)
	}
	app.Drain(t)
	u, _ := url.Parse(app.LastLink(t, email, "/login/confirm"))
	secret, _, err := app.Service.ConfirmLogin(bg, cortege.Actor{IP: "192.0.2.1"}, u.Query().Get("token"))
	if err != nil {
		t.Fatal(err)
	}
	testkit.IdentifySession(t, app.Service, secret)
	return secret
}

// journeyActor is a signed-in actor for email (an instance administrator
// when admin).
func journeyActor(t *testing.T, app *testkit.App, email string, admin bool) cortege.Actor {
	t.Helper()
	bg := context.Background()
	secret := ""
	if admin {
		link, err := app.Service.CreateAdmin(bg, email, "Admin")
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(link)
		if secret, _, err = app.Service.ConfirmLogin(bg, cortege.Actor{IP: "192.0.2.1"}, u.Query().Get("token")); err != nil {
			t.Fatal(err)
		}
	} else {
		secret = journeySession(t, app, email)
	}
	a, err := app.Service.SessionActor(bg, secret, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	return testkit.Identify(t, app.Service, a)
}

// journeyVote writes and opens a secret vote of the group with the
// questions, open from an hour ago for a day, and returns its ID.
func journeyVote(t *testing.T, app *testkit.App, admin cortege.Actor, groupID, audience, title string, qs ...service.QuestionInput) string {
	t.Helper()
	bg := context.Background()
	loc, _ := time.LoadLocation("Europe/Paris")
	now := app.Clock.Now()
	c, err := app.Service.CreateConsultation(bg, admin, service.ConsultationInput{Title: title, Description: "Un vote **secret**.", Secret: true,
		Opens: cortege.WallOf(now.Add(-time.Hour), loc), Closes: cortege.WallOf(now.Add(24*time.Hour), loc), TZ: "Europe/Paris",
		Audience: audience, MinRole: cortege.GroupMember, GroupID: groupID})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if _, err := app.Service.AddQuestion(bg, admin, c.ID, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := app.Service.OpenConsultation(bg, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// voteJourneyGroup makes the journeys' group, "Assemblée du quartier":
// its administrator, and a member signed in (their session's secret, for
// the browser's cookie), who joined it.
func voteJourneyGroup(t *testing.T, app *testkit.App, domain string) (admin cortege.Actor, memberSecret string, g *cortege.Group) {
	t.Helper()
	bg := context.Background()
	admin = journeyActor(t, app, "admin@"+domain, true)
	memberSecret = journeySession(t, app, "membre@"+domain)
	member, err := app.Service.SessionActor(bg, memberSecret, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	g, err = app.Service.CreateGroup(bg, admin, service.GroupInput{Handle: "assemblee", Name: "Assemblée du quartier",
		Kind: cortege.GroupLocal, Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Service.Join(bg, member, g.ID, ""); err != nil {
		t.Fatal(err)
	}
	return admin, memberSecret, g
}
