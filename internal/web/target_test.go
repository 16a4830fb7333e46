package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// targetsFile has a target at each level around Lyon 7e and one in Gironde.
const targetsFile = `id,name,kind,email,fediverse,form_url,area,area_name,communes,departements
mairie-lyon-7,Mairie du 7e arrondissement,official,mairie7@lyon.example,,,commune,Lyon 7e,69387,
prefecture-rhone,Préfecture du Rhône,official,,@prefet69@social.example,https://www.rhone.example/contact,departement,Rhône,,69
elysee,Présidence de la République,institution,,,https://www.elysee.example/ecrire,national,,,
prefecture-gironde,Préfecture de la Gironde,official,pref@gironde.example,,,departement,,,33
`

// targetsApp is an app with the targets above and a published petition.
func targetsApp(t *testing.T) (*app, *cortege.Petition, map[string]string) {
	t.Helper()
	a := newApp(t)
	rows, err := service.ParseTargetsCSV([]byte(targetsFile))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := a.svc.LoadTargets(context.Background(), rows); err != nil || len(res.Errors) > 0 {
		t.Fatalf("import: %+v %v", res, err)
	}
	alice := a.actor(a.signIn("alice@example.org"))
	p, err := a.svc.CreatePetition(context.Background(), alice, service.PetitionInput{Title: "Des arbres rue Garibaldi",
		Text: "Plantons.", Addressee: "la Métropole de Lyon", Goal: 100, Scope: cortege.ScopeLocal, Place: "69387"})
	if err != nil {
		t.Fatal(err)
	}
	if p, err = a.svc.PublishPetition(context.Background(), alice, p.ID); err != nil {
		t.Fatal(err)
	}
	at, err := a.svc.TargetsFor(context.Background(), "69007", "")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, tg := range at.Targets {
		ids[tg.Key] = tg.ID
	}
	at, _ = a.svc.TargetsFor(context.Background(), "33000", "")
	for _, tg := range at.Targets {
		ids[tg.Key] = tg.ID
	}
	return a, p, ids
}

func TestTargetsPage(t *testing.T) {
	a, p, ids := targetsApp(t)
	base := "/petitions/" + p.ID + "/targets"

	// Without a postal code, the page asks for one.
	rec := a.do(req{path: base})
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, `name="postcode"`) || strings.Contains(body, "Mairie du 7e") {
		t.Fatalf("ask: %d %s", rec.Code, body)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' https: mailto:") || !strings.Contains(csp, "default-src 'self'") {
		t.Fatalf("CSP %q", csp)
	}

	// 69007: the arrondissement's mairie first, then the préfecture, then
	// the Élysée; not Gironde's préfecture.
	rec = a.do(req{path: base + "?postcode=69007"})
	body = rec.Body.String()
	if rec.Code != 200 {
		t.Fatalf("69007: %d %s", rec.Code, body)
	}
	i1, i2, i3 := strings.Index(body, "Mairie du 7e arrondissement"), strings.Index(body, "Préfecture du Rhône"), strings.Index(body, "Présidence de la République")
	if i1 < 0 || i2 < i1 || i3 < i2 || strings.Contains(body, "Gironde") {
		t.Fatalf("order %d %d %d: %s", i1, i2, i3, body)
	}
	// The pre-written message names the petition, its addressee and URL;
	// the mailto: link carries it; the form and share links are there.
	plain := html.UnescapeString(body)
	if !strings.Contains(plain, "Des arbres rue Garibaldi") || !strings.Contains(plain, "la Métropole de Lyon") ||
		!strings.Contains(plain, "/petitions/"+p.ID) || !strings.Contains(body, "<textarea") {
		t.Fatalf("message: %s", body)
	}
	if !strings.Contains(body, `href="mailto:mairie7@lyon.example?subject=`) || !strings.Contains(body, "&amp;body=") {
		t.Fatalf("mailto: %s", body)
	}
	if !strings.Contains(body, `href="https://www.rhone.example/contact"`) || !strings.Contains(body, `formaction="/petitions/`+p.ID+`/targets/`+ids["prefecture-rhone"]+`/share"`) {
		t.Fatalf("form and share: %s", body)
	}

	// The redirect to the mail application carries the edited text.
	rec = a.do(req{method: "POST", path: base + "/" + ids["mairie-lyon-7"] + "/mail", form: url.Values{"message": {"Bonjour,\nplantez des arbres."}}})
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "mailto:mairie7@lyon.example?subject=") || !strings.Contains(loc, "body=Bonjour%2C%0D%0Aplantez%20des%20arbres.") {
		t.Fatalf("mail redirect: %d %q", rec.Code, loc)
	}
	rec = a.do(req{method: "POST", path: base + "/" + ids["elysee"] + "/mail", form: url.Values{}})
	if rec.Code != http.StatusNotFound {
		t.Fatalf("mail to a target without address: %d", rec.Code)
	}
	// Enter in the server field submits the form to the mail route: a
	// server typed means a share.
	rec = a.do(req{method: "POST", path: base + "/" + ids["mairie-lyon-7"] + "/mail", form: url.Values{"instance": {"mastodon.social"}, "message": {"Lisez"}}})
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || loc != "https://mastodon.social/share?text=Lisez" {
		t.Fatalf("enter in the server field: %d %q", rec.Code, loc)
	}

	// Mastodon: the instance is checked, the handle mentioned.
	share := base + "/" + ids["prefecture-rhone"] + "/share"
	rec = a.do(req{method: "POST", path: share, form: url.Values{"instance": {"https://Piaille.fr/"}, "message": {"Lisez la pétition"}, "postcode": {"69007"}}})
	loc = rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || loc != "https://piaille.fr/share?text="+url.QueryEscape("@prefet69@social.example Lisez la pétition") {
		t.Fatalf("share: %d %q", rec.Code, loc)
	}
	for _, bad := range []string{"", "127.0.0.1", "evil.example/phish?x=", "localhost", "javascript:alert(1)", "[::1]", "host.example:8080", "@me@"} {
		rec = a.do(req{method: "POST", path: share, form: url.Values{"instance": {bad}, "message": {"Mon texte gardé"}, "postcode": {"69007"}}})
		if rec.Code != http.StatusUnprocessableEntity || rec.Header().Get("Location") != "" || !strings.Contains(rec.Body.String(), "Mon texte gardé") {
			t.Fatalf("share to %q: %d %q", bad, rec.Code, rec.Header().Get("Location"))
		}
	}

	// "I sent it" counts, and the page shows the count.
	sent := base + "/" + ids["mairie-lyon-7"] + "/sent"
	for i := 0; i < 2; i++ {
		rec = a.do(req{method: "POST", path: sent, form: url.Values{"postcode": {"69007"}}})
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), base+"?") {
			t.Fatalf("sent: %d %q", rec.Code, rec.Header().Get("Location"))
		}
	}
	loc, _, _ = strings.Cut(rec.Header().Get("Location"), "#") // a browser keeps the fragment
	rec = a.do(req{path: loc})
	if body := rec.Body.String(); !strings.Contains(body, "2 envois comptés") || !strings.Contains(body, "0 envoi compté") {
		t.Fatalf("counts: %s", body)
	}
	if c, err := a.svc.InterpellationCounts(context.Background(), cortege.Anonymous, p.ID); err != nil || c[ids["mairie-lyon-7"]] != 2 {
		t.Fatalf("stored counts %v %v", c, err)
	}
}

func TestTargetsPagePlaces(t *testing.T) {
	a, p, _ := targetsApp(t)
	base := "/petitions/" + p.ID + "/targets"
	// A postal code of several communes lets the person pick one.
	rec := a.do(req{path: base + "?postcode=01400"})
	body := rec.Body.String()
	if rec.Code != 200 || strings.Count(body, `name="commune"`) < 10 || strings.Contains(body, "Présidence") {
		t.Fatalf("choices: %d %s", rec.Code, body)
	}
	rec = a.do(req{path: base + "?postcode=01400&commune=01093"})
	if body := rec.Body.String(); rec.Code != 200 || !strings.Contains(body, "Châtillon-sur-Chalaronne") || !strings.Contains(body, "Présidence de la République") || strings.Contains(body, "Mairie du 7e") {
		t.Fatalf("picked: %d %s", rec.Code, body)
	}
	// Bordeaux: Gironde's préfecture and the Élysée.
	rec = a.do(req{path: base + "?postcode=33000"})
	if body := rec.Body.String(); !strings.Contains(body, "Préfecture de la Gironde") || strings.Contains(body, "Préfecture du Rhône") {
		t.Fatalf("33000: %s", body)
	}
	// An unknown postal code is the form again with the message.
	rec = a.do(req{path: base + "?postcode=99999"})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Ce code postal est introuvable") {
		t.Fatalf("unknown: %d %s", rec.Code, rec.Body.String())
	}
	rec = a.do(req{path: base + "?postcode=69007", header: map[string]string{"Accept-Language": "en"}})
	if !strings.Contains(rec.Body.String(), "Addressees for") {
		t.Fatalf("english: %s", rec.Body.String())
	}

	// A draft is not found by others.
	alice := a.actor(a.signIn("bob@example.org"))
	d, err := a.svc.CreatePetition(context.Background(), alice, service.PetitionInput{Title: "Brouillon", Text: "x",
		Addressee: "y", Goal: 10, Scope: cortege.ScopeNational})
	if err != nil {
		t.Fatal(err)
	}
	if rec := a.do(req{path: "/petitions/" + d.ID + "/targets?postcode=69007"}); rec.Code != http.StatusNotFound {
		t.Fatalf("draft: %d", rec.Code)
	}
	if rec := a.do(req{path: "/petitions/nope/targets"}); rec.Code != http.StatusNotFound {
		t.Fatalf("unknown petition: %d", rec.Code)
	}
}
