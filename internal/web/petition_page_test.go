package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// ptApp is an evApp with a published petition by an organiser.
type ptApp struct {
	*evApp
	org *user
	id  string
}

// newPetitionApp starts an App with a published local petition (goal
// goal) written by alice.
func newPetitionApp(t *testing.T, goal int) *ptApp {
	t.Helper()
	a := newEvApp(t)
	alice := a.signIn("alice@example.org")
	ctx := context.Background()
	p, err := a.Service.CreatePetition(ctx, a.actor(alice), service.PetitionInput{Title: "Une piste cyclable rue Garibaldi",
		Text: "Nous demandons **une piste cyclable** protégée.", Addressee: "La mairie de Lyon", Goal: goal,
		Scope: cortege.ScopeLocal, Place: "69387", Tags: []string{"vélo"}, FundraisingURL: "https://dons.example.org/velo"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Service.PublishPetition(ctx, a.actor(alice), p.ID); err != nil {
		t.Fatal(err)
	}
	return &ptApp{evApp: a, org: alice, id: p.ID}
}

func (a *ptApp) path(suffix string) string { return "/petitions/" + a.id + suffix }

func (a *ptApp) total() int {
	a.t.Helper()
	c, err := a.Service.PetitionCounts(context.Background(), cortege.Anonymous, a.id)
	if err != nil {
		a.t.Fatal(err)
	}
	return c.Total()
}

var startedRE = regexp.MustCompile(`name="started" value="([^"]+)"`)

// signForm reads the petition page as u and returns a filled signing
// form (its stamp included), the clock moved past the minimum fill time.
func (a *ptApp) signForm(u *user, email, postal string) url.Values {
	a.t.Helper()
	r := a.get(u, a.path(""))
	m := startedRE.FindStringSubmatch(r.body)
	if r.code != 200 || m == nil {
		a.t.Fatalf("petition page: %d, stamp %v\n%s", r.code, m, excerpt(r.body))
	}
	a.Clock.Advance(service.MinSignFill + time.Second)
	return url.Values{"first_name": {"Camille"}, "last_name": {"Durand"}, "email": {email}, "postal_code": {postal},
		"comment": {"Enfin !"}, "show_name": {"1"}, "consent_updates": {"1"}, "started": {html.UnescapeString(m[1])}}
}

func TestPetitionPageWithoutJavaScript(t *testing.T) {
	t.Parallel()
	a := newPetitionApp(t, 100)
	v := a.visitor()
	r := a.get(v, a.path(""))
	if r.code != 200 {
		t.Fatalf("page: %d", r.code)
	}
	for _, want := range []string{
		"<h1>Une piste cyclable rue Garibaldi</h1>", "La mairie de Lyon", "<strong>une piste cyclable</strong>", "#vélo",
		`<script type="application/ld+json">`, `"@type":"CreativeWork"`, `"userInteractionCount":0`,
		`<meta property="og:title" content="Une piste cyclable rue Garibaldi">`, `<meta property="og:type" content="article">`,
		`<meta name="twitter:card"`, `<progress class="petition-progress" max="100" value="0"`,
		`action="/petitions/` + a.id + `/sign#sign"`, `name="first_name"`, `name="postal_code"`, `name="website"`, `name="started"`,
		`name="consent_updates"`, `href="https://dons.example.org/velo"`, `readonly value="` + a.URL + `/petitions/` + a.id + `"`,
		`href="mailto:?subject=`, `action="/petitions/` + a.id + `/share/mastodon"`, `&lt;iframe src=&#34;` + a.URL + `/petitions/` + a.id + `/widget&#34;`,
		`name="viewport" content="width=device-width, initial-scale=1"`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(r.body, "/manage") {
		t.Error("a visitor sees the organisers' link")
	}
	if csp := r.h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "form-action 'self' https:") || r.h.Get("X-Frame-Options") != "DENY" {
		t.Errorf("page framing: %q %q", csp, r.h.Get("X-Frame-Options"))
	}
	// The JSON-LD parses.
	ld := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(r.body)
	var j map[string]any
	if ld == nil || json.Unmarshal([]byte(ld[1]), &j) != nil || j["name"] != "Une piste cyclable rue Garibaldi" {
		t.Errorf("JSON-LD: %v", ld)
	}
	if r := a.get(a.org, a.path("")); !strings.Contains(r.body, `href="/petitions/`+a.id+`/manage"`) {
		t.Error("the organiser lacks the link to manage the petition")
	}
	if r := a.get(a.org, a.path("")); !strings.Contains(r.body, "alice@example.org") {
		t.Error("a signed-in signer is not told the address they sign with")
	}

	if en := a.get(a.visitor(), a.path("?lang=en")); !strings.Contains(en.body, "To: La mairie de Lyon") || !strings.Contains(en.body, "Sign the petition") {
		t.Errorf("English page: %s", excerpt(en.body))
	}
	if _, err := a.Service.ClosePetition(context.Background(), a.actor(a.org), a.id); err != nil {
		t.Fatal(err)
	}
	if c := a.get(a.visitor(), a.path("")); !strings.Contains(c.body, "Cette pétition est close depuis le") || strings.Contains(c.body, `name="first_name"`) {
		t.Errorf("closed page: %s", excerpt(c.body))
	}

	// A draft is not found by anyone but its organisers.
	d, err := a.Service.CreatePetition(context.Background(), a.actor(a.org), service.PetitionInput{Title: "Brouillon", Text: "x",
		Addressee: "y", Goal: 10, Scope: cortege.ScopeNational})
	if err != nil {
		t.Fatal(err)
	}
	if r := a.get(a.visitor(), "/petitions/"+d.ID); r.code != 404 {
		t.Errorf("draft to a visitor: %d", r.code)
	}
	if r := a.get(a.org, "/petitions/"+d.ID); r.code != 200 || strings.Contains(r.body, "application/ld+json") || !strings.Contains(r.body, `name="robots" content="noindex"`) {
		t.Errorf("draft to its organiser: %d", r.code)
	}
	if r := a.get(a.visitor(), "/petitions/nope"); r.code != 404 {
		t.Errorf("unknown petition: %d", r.code)
	}
}

func TestPetitionSignConfirmCounts(t *testing.T) {
	t.Parallel()
	a := newPetitionApp(t, 4)
	v := a.visitor()
	r := a.post(v, a.path("/sign"), a.signForm(v, "camille@example.org", "69007"))
	if r.code != 303 || r.h.Get("Location") != a.path("/sent?postcode=69007") {
		t.Fatalf("sign: %d %q\n%s", r.code, r.h.Get("Location"), excerpt(r.body))
	}
	sent := a.get(v, r.h.Get("Location"))
	if sent.code != 200 || !strings.Contains(sent.body, a.path("/targets?postcode=69007")) || !strings.Contains(sent.body, a.path("/gatherings?postcode=69007")) {
		t.Errorf("check your mail: %d\n%s", sent.code, excerpt(sent.body))
	}
	if a.total() != 0 {
		t.Fatal("counted before confirmation")
	}
	link := a.mailPath("camille@example.org", "/petitions/"+a.id+"/confirm")
	tok := strings.TrimPrefix(link, a.path("/confirm?token="))

	// GET shows a button and changes nothing, however often.
	for i := 0; i < 2; i++ {
		g := a.get(v, link)
		if g.code != 200 || !strings.Contains(g.body, `action="`+a.path("/confirm")+`"`) || !strings.Contains(g.body, `value="`+tok+`"`) {
			t.Fatalf("confirm GET: %d\n%s", g.code, excerpt(g.body))
		}
		if g.h.Get("Referrer-Policy") != "no-referrer" || !strings.Contains(g.h.Get("Cache-Control"), "no-store") {
			t.Errorf("confirm GET headers: %v", g.h)
		}
	}
	if a.total() != 0 {
		t.Fatal("GET confirmed the signature")
	}
	before := a.get(a.visitor(), a.path(""))
	if !strings.Contains(before.body, "<strong>0</strong>") {
		t.Errorf("counter before: %s", excerpt(before.body))
	}

	c := a.post(v, a.path("/confirm"), url.Values{"token": {tok}})
	if c.code != 200 || !strings.Contains(c.body, "Votre signature compte") || c.h.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("confirm POST: %d\n%s", c.code, excerpt(c.body))
	}
	for _, want := range []string{a.path("/targets?postcode=69007"), a.path("/gatherings?postcode=69007&amp;token="), a.path("/withdraw?token="),
		a.path("/receipt.json?token="), "au registre public de la pétition, à la position 0", "cortege-receipt/1"} {
		if !strings.Contains(c.body, want) {
			t.Errorf("confirmed page lacks %q", want)
		}
	}
	if a.total() != 1 {
		t.Fatalf("count after confirming: %d", a.total())
	}
	after := a.get(a.visitor(), a.path(""))
	for _, want := range []string{"<strong>1</strong>", `value="25"`, "Camille Durand", "Enfin !", `"userInteractionCount":1`} {
		if !strings.Contains(after.body, want) {
			t.Errorf("page after confirming lacks %q", want)
		}
	}
	w := a.get(a.visitor(), a.path("/widget"))
	if !strings.Contains(w.body, "<strong>1</strong>") {
		t.Errorf("widget after confirming: %s", excerpt(w.body))
	}

	// A link followed again (people open their mail twice): the
	// signature as it stands, counted once.
	again := a.post(v, a.path("/confirm"), url.Values{"token": {tok}})
	if again.code != 200 || !strings.Contains(again.body, "Votre signature compte") || a.total() != 1 {
		t.Errorf("used link: %d, count %d\n%s", again.code, a.total(), excerpt(again.body))
	}
	if bad := a.get(v, a.path("/confirm?token=nope")); bad.code != 404 || !strings.Contains(bad.body, "Ce lien n’est plus valable") {
		t.Errorf("made-up link: %d", bad.code)
	}
}

func TestPetitionSignErrors(t *testing.T) {
	t.Parallel()
	a := newPetitionApp(t, 100)
	v := a.visitor()
	cases := []struct {
		name   string
		change func(url.Values)
		field  string // the control carrying the message, "" for the summary only
		want   string
	}{
		{"no first name", func(f url.Values) { f.Set("first_name", " ") }, "first_name", ""},
		{"no last name", func(f url.Values) { f.Del("last_name") }, "last_name", ""},
		{"bad email", func(f url.Values) { f.Set("email", "pas-une-adresse") }, "email", ""},
		{"bad postal code", func(f url.Values) { f.Set("postal_code", "6900") }, "postal_code", ""},
		{"unknown postal code", func(f url.Values) { f.Set("postal_code", "00000") }, "postal_code", ""},
		{"forged stamp", func(f url.Values) { f.Set("started", "1.abc") }, "", "Le formulaire a expiré"},
		{"several communes", func(f url.Values) { f.Set("postal_code", "01400") }, "postal_code", `name="place_choice" value="01093"`},
	}
	for _, c := range cases {
		f := a.signForm(v, "dominique@example.org", "69007")
		c.change(f)
		r := a.post(v, a.path("/sign"), f)
		if r.code != 422 {
			t.Errorf("%s: %d\n%s", c.name, r.code, excerpt(r.body))
			continue
		}
		if c.field != "" && !strings.Contains(r.body, `id="f-sign-`+c.field+`-error"`) {
			t.Errorf("%s: no message next to %s", c.name, c.field)
		}
		if c.want != "" && !strings.Contains(r.body, c.want) {
			t.Errorf("%s: lacks %q", c.name, c.want)
		}
		if !strings.Contains(r.body, `>Enfin !</textarea>`) || !strings.Contains(r.body, `class="alert alert-error"`) {
			t.Errorf("%s: the form is not shown back with what was typed", c.name)
		}
	}

	// Too fast: a stamp just made (a signed-in page is never cached),
	// sent at once.
	r := a.get(a.org, a.path(""))
	m := startedRE.FindStringSubmatch(r.body)
	f := url.Values{"first_name": {"Bot"}, "last_name": {"Bot"}, "email": {"bot@example.org"}, "postal_code": {"69007"}, "started": {html.UnescapeString(m[1])}}
	if r := a.post(v, a.path("/sign"), f); r.code != 422 || !strings.Contains(r.body, "trop vite") {
		t.Errorf("too fast: %d\n%s", r.code, excerpt(r.body))
	}
	// The honeypot: answered like a signature, nothing kept, no mail.
	hp := a.signForm(v, "robot@example.org", "69007")
	hp.Set("website", "https://spam.example")
	if r := a.post(v, a.path("/sign"), hp); r.code != 303 || !strings.HasPrefix(r.h.Get("Location"), a.path("/sent")) {
		t.Errorf("honeypot: %d %q", r.code, r.h.Get("Location"))
	}
	a.Drain(t)
	if len(a.MailsTo(t, "robot@example.org")) != 0 {
		t.Error("a filled honeypot got a mail")
	}
	// A choice left from another postal code is dropped when the new one
	// serves one commune.
	left := a.signForm(v, "fred@example.org", "69007")
	left.Set("place_choice", "01328")
	if r := a.post(v, a.path("/sign"), left); r.code != 303 {
		t.Errorf("choice left from another postal code: %d\n%s", r.code, excerpt(r.body))
	}
	// A commune chosen among those of the postal code signs.
	ok := a.signForm(v, "eve@example.org", "01400")
	ok.Set("place_choice", "01328")
	if r := a.post(v, a.path("/sign"), ok); r.code != 303 {
		t.Errorf("commune chosen: %d\n%s", r.code, excerpt(r.body))
	}
	a.Drain(t)
	if len(a.MailsTo(t, "eve@example.org")) != 1 {
		t.Error("no confirmation mailed after choosing the commune")
	}
}

func TestPetitionSignedInWithdrawExport(t *testing.T) {
	t.Parallel()
	a := newPetitionApp(t, 100)
	bob := a.signIn("bob@example.org")
	f := a.signForm(bob, "", "69007")
	f.Del("email")
	r := a.post(bob, a.path("/sign"), f)
	loc := r.h.Get("Location")
	if r.code != 303 || !strings.HasPrefix(loc, a.path("/signed?token=")) {
		t.Fatalf("signed-in sign: %d %q\n%s", r.code, loc, excerpt(r.body))
	}
	if a.total() != 1 {
		t.Fatalf("a signed-in signature does not count at once: %d", a.total())
	}
	tok, _ := url.QueryUnescape(strings.TrimPrefix(loc, a.path("/signed?token=")))
	s := a.get(bob, loc)
	if s.code != 200 || !strings.Contains(s.body, "Votre signature compte") || s.h.Get("Referrer-Policy") != "no-referrer" ||
		!strings.Contains(s.body, a.path("/gatherings?postcode=69007&amp;token=")) || !strings.Contains(s.body, a.path("/targets?postcode=69007")) {
		t.Fatalf("signed page: %d %v\n%s", s.code, s.h, excerpt(s.body))
	}

	w := a.get(a.visitor(), a.path("/withdraw?token="+url.QueryEscape(tok)))
	if w.code != 200 || !strings.Contains(w.body, `action="`+a.path("/withdraw")+`"`) || w.h.Get("Referrer-Policy") != "no-referrer" ||
		!strings.Contains(w.body, a.path("/signature.json?token=")) {
		t.Fatalf("withdraw GET: %d\n%s", w.code, excerpt(w.body))
	}
	if a.total() != 1 {
		t.Fatal("GET withdrew")
	}
	ex := a.get(a.visitor(), a.path("/signature.json?token="+url.QueryEscape(tok)))
	var out struct {
		Signature struct {
			Email, Status string
			Consents      []struct{ Purpose, Wording string }
		}
	}
	if ex.code != 200 || ex.h.Get("Referrer-Policy") != "no-referrer" || json.Unmarshal([]byte(ex.body), &out) != nil ||
		out.Signature.Email != "bob@example.org" || len(out.Signature.Consents) != 1 || !strings.Contains(out.Signature.Consents[0].Wording, "nouvelles de cette pétition") {
		t.Fatalf("export: %d %+v\n%s", ex.code, out, ex.body)
	}
	if other := a.get(a.visitor(), "/petitions/other/signature.json?token="+url.QueryEscape(tok)); other.code != 404 {
		t.Errorf("export under another petition: %d", other.code)
	}

	d := a.post(a.visitor(), a.path("/withdraw"), url.Values{"token": {tok}})
	if d.code != 200 || !strings.Contains(d.body, "est retirée") {
		t.Fatalf("withdraw POST: %d\n%s", d.code, excerpt(d.body))
	}
	if a.total() != 0 {
		t.Fatalf("count after withdrawing: %d", a.total())
	}
	if w := a.get(a.visitor(), a.path("/withdraw?token="+url.QueryEscape(tok))); !strings.Contains(w.body, "déjà retirée") {
		t.Errorf("withdraw link again: %d\n%s", w.code, excerpt(w.body))
	}
	if bad := a.get(a.visitor(), a.path("/withdraw?token=x")); bad.code != 404 {
		t.Errorf("made-up withdrawal link: %d", bad.code)
	}
}

func TestPetitionWidgetAloneMayBeFramed(t *testing.T) {
	t.Parallel()
	a := newPetitionApp(t, 100)
	r := a.get(a.visitor(), a.path("/widget"))
	if r.code != 200 || !strings.Contains(r.body, `target="_blank"`) || !strings.Contains(r.body, "<progress") || strings.Contains(r.body, "<script") {
		t.Fatalf("widget: %d\n%s", r.code, r.body)
	}
	if csp := r.h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") || strings.Contains(csp, "'none'; form") && strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("widget CSP: %q", csp)
	}
	if r.h.Get("X-Frame-Options") != "" {
		t.Errorf("widget X-Frame-Options: %q", r.h.Get("X-Frame-Options"))
	}
	// Served again from the cache, with the same headers.
	if again := a.get(a.visitor(), a.path("/widget")); !strings.Contains(again.h.Get("Content-Security-Policy"), "frame-ancestors *") || again.h.Get("X-Frame-Options") != "" {
		t.Errorf("cached widget headers: %v", again.h)
	}
	for _, p := range []string{"", "/signatures", "/sent"} {
		h := a.get(a.visitor(), a.path(p)).h
		if !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s may be framed: %v", a.path(p), h)
		}
	}
}

func TestPetitionMastodonShare(t *testing.T) {
	t.Parallel()
	a := newPetitionApp(t, 100)
	v := a.visitor()
	for in, host := range map[string]string{"mastodon.social": "mastodon.social", "@camille@Piaille.fr": "piaille.fr", "https://social.example.org/": "social.example.org"} {
		r := a.get(v, a.path("/share/mastodon?instance="+url.QueryEscape(in)))
		u, _ := url.Parse(r.h.Get("Location"))
		if r.code != 303 || u == nil || u.Scheme != "https" || u.Host != host || u.Path != "/share" ||
			!strings.Contains(u.Query().Get("text"), a.URL+a.path("")) || !strings.Contains(u.Query().Get("text"), "Une piste cyclable") {
			t.Errorf("%q: %d %q", in, r.code, r.h.Get("Location"))
		}
	}
	for _, bad := range []string{"localhost", "127.0.0.1", "evil.example/../x", "a b", "host:8080"} {
		r := a.get(v, a.path("/share/mastodon?instance="+url.QueryEscape(bad)))
		if r.code != 422 || !strings.Contains(r.body, `id="f-mastodon-instance-error"`) {
			t.Errorf("%q: %d %q", bad, r.code, r.h.Get("Location"))
		}
	}
	if r := a.get(v, a.path("/share/mastodon")); r.code != 200 || !strings.Contains(r.body, `name="instance"`) {
		t.Errorf("ask for the instance: %d", r.code)
	}
}

func TestPetitionPageGroupsPaperPagesAndAnswer(t *testing.T) {
	t.Parallel()
	a := newPetitionApp(t, 20)
	ctx := context.Background()
	alice := a.actor(a.org)
	g, err := a.Service.CreateGroup(ctx, alice, service.GroupInput{Handle: "velolyon", Name: "Vélo Lyon", Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen})
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.Service.CreatePetition(ctx, alice, service.PetitionInput{Title: "Des arceaux", Text: "Des arceaux partout.",
		Addressee: "La métropole", Goal: 20, Scope: cortege.ScopeNational, GroupID: g.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Service.PublishPetition(ctx, alice, p.ID); err != nil {
		t.Fatal(err)
	}
	a.id = p.ID
	var rows []service.PaperSignature
	for i := 0; i < 12; i++ {
		rows = append(rows, service.PaperSignature{FirstName: "P", LastName: "N", Postal: "69007", Comment: "papier " + string(rune('a'+i))})
	}
	if _, err := a.Service.AddPaperSignatures(ctx, alice, p.ID, rows); err != nil {
		t.Fatal(err)
	}

	v := a.visitor()
	r := a.get(v, a.path(""))
	for _, want := range []string{`href="/@velolyon">Vélo Lyon</a>`, `name="consent_groups"`, "du groupe qui organise cette pétition\u00a0: Vélo Lyon.",
		"<strong>12</strong> signatures", "Dont 0 en ligne et 12 sur papier.", `value="60"`, `href="/petitions/` + p.ID + `/signatures?before=`,
		`"@type":"Organization","name":"Vélo Lyon"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	comments := regexp.MustCompile(`papier [a-l]`)
	seen := map[string]bool{}
	for _, c := range comments.FindAllString(r.body, -1) {
		seen[c] = true
	}
	if len(seen) != 10 {
		t.Errorf("the page lists %d signatures, not the latest 10", len(seen))
	}
	more := regexp.MustCompile(`href="(/petitions/[^"]+/signatures\?before=[^"]+)"`).FindStringSubmatch(r.body)
	if more == nil {
		t.Fatal("no link to more signatures")
	}
	older := a.get(v, html.UnescapeString(more[1]))
	rest := comments.FindAllString(older.body, -1)
	for _, c := range rest {
		if seen[c] {
			t.Errorf("%s on both pages", c)
		}
		seen[c] = true
	}
	if older.code != 200 || len(rest) != 2 || len(seen) != 12 || strings.Contains(older.body, `rel="next"`) {
		t.Errorf("older signatures: %d %v\n%s", older.code, rest, excerpt(older.body))
	}

	// The consent to the groups' news is recorded with the wording shown.
	bob := a.signIn("bob@example.org")
	f := a.signForm(bob, "", "69007")
	f.Set("consent_groups", "1")
	f.Del("consent_updates")
	s := a.post(bob, a.path("/sign"), f)
	tok, _ := url.QueryUnescape(strings.TrimPrefix(s.h.Get("Location"), a.path("/signed?token=")))
	ex, err := a.Service.ExportSignature(ctx, tok)
	if err != nil {
		t.Fatalf("sign: %d %q: %v", s.code, s.h.Get("Location"), err)
	}
	var groups *cortege.Consent
	for i := range ex.Signature.Consents {
		if c := &ex.Signature.Consents[i]; c.Purpose == cortege.ConsentGroupNews {
			groups = c
		}
	}
	if groups == nil || !groups.Given || !strings.Contains(groups.Wording, "Vélo Lyon") || ex.Signature.Consented(cortege.ConsentPetitionUpdates) {
		t.Errorf("consents recorded: %+v", ex.Signature.Consents)
	}

	// Answered: the answer shows, the form goes, the widget says so.
	if _, err := a.Service.RecordAnswer(ctx, alice, p.ID, "Nous installerons **200 arceaux**."); err != nil {
		t.Fatal(err)
	}
	r = a.get(a.visitor(), a.path(""))
	if !strings.Contains(r.body, "<strong>200 arceaux</strong>") || !strings.Contains(r.body, "Réponse reçue") || strings.Contains(r.body, `name="first_name"`) {
		t.Errorf("answered page: %s", excerpt(r.body))
	}
	if w := a.get(a.visitor(), a.path("/widget")); !strings.Contains(w.body, "ne recueille plus de signatures") {
		t.Errorf("answered widget: %s", w.body)
	}
	late := url.Values{"first_name": {"L"}, "last_name": {"L"}, "email": {"late@example.org"}, "postal_code": {"69007"}}
	if r := a.post(a.visitor(), a.path("/sign"), late); r.code != 409 {
		t.Errorf("signing an answered petition: %d", r.code)
	}
}
