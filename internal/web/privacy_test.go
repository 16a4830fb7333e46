package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
	"codeberg.org/cortege/cortege/internal/web"
)

// TestPrivacyPage: /about/privacy states, in French and English, this
// instance's own retention (a setting other than the default), its
// operator's contact when there is one, the tile server when one is set,
// and is linked from every page's footer and once from the signing form.
func TestPrivacyPage(t *testing.T) {
	t.Parallel()
	a := &evApp{t: t, App: testkit.NewAppWith(t, func(c *service.Config) { c.SignatureRetention = 45 * 24 * time.Hour },
		func(o *web.Options) {
			o.Tiles = web.TileServer{URL: "https://tiles.example.org/{z}/{x}/{y}.png", Origin: "https://tiles.example.org"}
		})}
	v := a.visitor()
	fr := a.get(v, "/about/privacy")
	if fr.code != 200 {
		t.Fatalf("privacy page: %d", fr.code)
	}
	mustContain(t, fr, "<h1>Vie privée</h1>", "45\u00a0jours après la clôture d’une pétition", "l’exploitant règle cette durée",
		"Le lien fonctionne 7\u00a0jours", "supprimée 8\u00a0jours après", "Votre adresse IP n’est jamais enregistrée",
		"empreinte à clé de votre réseau", "texte exact qui vous a été montré", "engagement salé", "effacée aussitôt",
		`href="/settings/export.json"`, `href="/settings/delete"`, "effacés au premier nettoyage 24\u00a0heures après", "jamais sous l’adresse elle-même",
		"serveur de tuiles de l’exploitant, https://tiles.example.org.", "L’exploitant n’a publié aucun contact",
		"la session, quand vous vous connectez (30\u00a0jours)", `<a href="#pv-keep">`, `id="pv-keep"`)
	mustLack(t, fr, "183", "serveur d’adresses")
	if fr.h.Get("Set-Cookie") != "" {
		t.Errorf("the page sets a cookie: %q", fr.h.Get("Set-Cookie"))
	}
	en := a.get(v, "/about/privacy?lang=en")
	mustContain(t, en, "<h1>Privacy</h1>", "45\u00a0days after a petition closes", "Your IP address is never stored",
		"salted commitment", "erased at once", "The link works 7\u00a0days", "first clean-up 24\u00a0hours after",
		"tile server, https://tiles.example.org.", "The operator has published no contact")

	// The operator's contact, once the administrator gives one.
	adm := a.admin("root@example.org")
	set := cortege.DefaultInstanceSettings()
	set.Name, set.Contact = "Lyon en lutte", "contact@lyon-en-lutte.example"
	if err := a.Service.UpdateSettings(context.Background(), a.actor(adm), set); err != nil {
		t.Fatal(err)
	}
	fr = a.get(v, "/about/privacy")
	mustContain(t, fr, "Ce que Lyon en lutte conserve de vous", "L’instance Lyon en lutte est tenue par son exploitant",
		"Pour joindre l’exploitant\u00a0:", "contact@lyon-en-lutte.example")
	mustLack(t, fr, "aucun contact")

	// Linked from the footer of every page, and once from the signing form.
	p, err := a.Service.CreatePetition(context.Background(), a.actor(adm), service.PetitionInput{Title: "Une piste cyclable rue Garibaldi",
		Text: "Nous demandons une piste cyclable.", Addressee: "La mairie de Lyon", Goal: 100, Scope: cortege.ScopeLocal, Place: "69387"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Service.PublishPetition(context.Background(), a.actor(adm), p.ID); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/events", "/login", "/about/places", "/petitions/" + p.ID} {
		r := a.get(v, path)
		foot := r.body[strings.Index(r.body, "<footer"):]
		if !strings.Contains(foot, `<a href="/about/privacy">Vie privée</a>`) {
			t.Errorf("%s: no privacy link in the footer", path)
		}
	}
	page := a.get(v, "/petitions/"+p.ID)
	i := strings.Index(page.body, `id="pt-sign"`)
	if i < 0 {
		t.Fatal("no signing form")
	}
	form := page.body[i : i+strings.Index(page.body[i:], "</form>")]
	if n := strings.Count(form, `href="/about/privacy"`); n != 1 {
		t.Errorf("the signing form links the privacy page %d times", n)
	}
	mustContain(t, page, "Ce qui est conservé, et combien de temps</a>")
	mustContain(t, a.get(v, "/petitions/"+p.ID+"?lang=en"), `<a href="/about/privacy?lang=en">What is kept, and for how long</a>`)
}

// TestPrivacyPageDefaults: without a setting, the page says the default
// retention; without tiles, no map exception; with an address server, it
// says event addresses go there.
func TestPrivacyPageDefaults(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	r := a.get(a.visitor(), "/about/privacy")
	mustContain(t, r, "183\u00a0jours après la clôture")
	mustLack(t, r, "serveur de tuiles", "serveur d’adresses")
	g := &evApp{t: t, App: testkit.NewAppWith(t, func(c *service.Config) { c.Geocoder = noGeocoder{} })}
	mustContain(t, g.get(g.visitor(), "/about/privacy?lang=en"), "the operator’s own address server")
}

// noGeocoder is an address server that finds nothing.
type noGeocoder struct{}

func (noGeocoder) Geocode(context.Context, string, string, string) (float64, float64, bool, error) {
	return 0, 0, false, nil
}
