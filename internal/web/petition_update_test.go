package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestPetitionUpdatesPages(t *testing.T) {
	a := newApp(t)
	org := a.signIn("orga@example.org")
	stranger := a.signIn("inconnu@example.org")
	p := petitionFor(t, a, org)
	confirmedSigner(t, a, p.ID, "Anna", "anna@example.org", true)
	confirmedSigner(t, a, p.ID, "Bruno", "bruno@example.org", false)
	path := "/petitions/" + p.ID + "/updates"

	if rec := a.do(req{path: path}); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Pas encore de nouvelles") || strings.Contains(rec.Body.String(), `name="title"`) {
		t.Fatalf("empty list: %d", rec.Code)
	}
	if rec := a.do(req{path: path, session: org}); !strings.Contains(rec.Body.String(), `name="title"`) {
		t.Fatal("the organiser sees no form")
	}
	for _, c := range []struct {
		who, title string
		status     int
		body       string
	}{
		{stranger, "Pirate", http.StatusForbidden, ""},
		{org, "", http.StatusUnprocessableEntity, "Donnez un titre à la nouvelle."},
		{org, "Le conseil vote lundi", http.StatusSeeOther, ""},
	} {
		rec := a.do(req{method: "POST", path: path, session: c.who, form: url.Values{"title": {c.title}, "body": {"Venez **nombreux**."}}})
		if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.body) {
			t.Fatalf("post %q: %d %.400s", c.title, rec.Code, rec.Body.String())
		}
	}
	rec := a.do(req{path: path})
	if body := rec.Body.String(); !strings.Contains(body, "Le conseil vote lundi") || !strings.Contains(body, "<strong>nombreux</strong>") {
		t.Fatalf("the list: %.400s", body)
	}

	// Anna agreed to hear from the petition, Bruno did not.
	a.drain()
	var unsub string
	for _, m := range a.mails() {
		if !strings.Contains(m.Subject, "Le conseil vote lundi") {
			continue
		}
		if strings.Contains(m.Header.Get("To"), "bruno@") {
			t.Error("Bruno got the update")
		}
		for _, l := range m.Links() {
			if u, err := url.Parse(l); err == nil && strings.HasSuffix(u.Path, "/unsubscribe") {
				unsub = u.RequestURI()
			}
		}
	}
	if unsub == "" {
		t.Fatal("no update mail with an unsubscribe link to Anna")
	}
	// GET shows a button and changes nothing; the RFC 8058 POST (no
	// form fields but List-Unsubscribe=One-Click) unsubscribes at once.
	if rec := a.do(req{path: unsub}); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Me désabonner") {
		t.Fatalf("unsubscribe GET: %d", rec.Code)
	}
	rec = a.do(req{method: "POST", path: unsub, body: strings.NewReader("List-Unsubscribe=One-Click"), ctype: "application/x-www-form-urlencoded"})
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Vous ne recevrez plus les nouvelles") {
		t.Fatalf("one-click POST: %d %.300s", rec.Code, rec.Body.String())
	}
	if rec := a.do(req{path: unsub}); !strings.Contains(rec.Body.String(), "ne recevez déjà plus") {
		t.Fatal("the link does not say the signer unsubscribed")
	}
	if rec := a.do(req{method: "POST", path: "/petitions/" + p.ID + "/unsubscribe?signature=x&token=" + strings.Repeat("A", 43)}); rec.Code != http.StatusGone {
		t.Fatalf("a forged link: %d", rec.Code)
	}
}
