package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestInvitationCapPages: the members page says how many invitations
// went, how many did not and from when the rest can go; the CSV import
// says the same; administrators see the burst, stop it (after a
// confirmation naming the account), let the account go on, and set the
// hourly ceiling on mail to addresses without an account.
func TestInvitationCapPages(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("rafale@example.org")
	_, err := a.Service.CreateGroup(context.Background(), a.actor(org), service.GroupInput{Handle: "salves", Name: "Rafale", Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinApproval})
	if err != nil {
		t.Fatal(err)
	}
	var list strings.Builder
	for i := range 12 {
		fmt.Fprintf(&list, "p%d@example.net\n", i)
	}
	r := a.post(org, "/@salves/members/invite", url.Values{"who": {list.String()}})
	mustContain(t, r, "10 invitations envoyées", "Votre compte peut envoyer 10 invitations par heure", "2 invitations n’ont pas été envoyées", "à partir du", "Europe/Paris", "plafond d’invitations atteint")
	if r.code != 200 {
		t.Errorf("partly sent list: %d", r.code)
	}
	r = a.multipart(org, "/@salves/members/import", nil, "file", []byte("email\nq1@example.net\nq2@example.net\n"))
	mustContain(t, r, "Votre compte peut envoyer 10 invitations par heure", "2 invitations n’ont pas été envoyées")

	adm := a.admin("root@example.org")
	if r := a.get(org, "/admin/invitations"); r.code != 403 {
		t.Errorf("a member opened the admin page: %d", r.code)
	}
	id := a.actor(org).Account.ID
	if r := a.post(org, "/admin/invitations/"+id+"/stop", url.Values{"confirmed": {"1"}}); r.code != 403 {
		t.Errorf("a member stopped invitations: %d", r.code)
	}
	r = a.get(adm, "/admin/invitations")
	mustContain(t, r, "rafale@example.org", "<td>10</td>", `action="/admin/invitations/`+id+`/stop"`, "sur un plafond de 300")
	r = a.post(adm, "/admin/invitations/"+id+"/stop", url.Values{"next": {"/admin/invitations"}})
	mustContain(t, r, "Arrêter les invitations de ce compte ?", "rafale@example.org", `name="confirmed" value="1"`)
	r = a.post(adm, "/admin/invitations/"+id+"/stop", url.Values{"confirmed": {"1"}})
	if r.code != 303 || r.h.Get("Location") != "/admin/invitations?ok=invitations_stopped&n=10" {
		t.Fatalf("stop: %d %q", r.code, r.h.Get("Location"))
	}
	mustContain(t, a.get(adm, r.h.Get("Location")), "10 invitations pas encore envoyées ont été retirées", "Arrêtées", "Autoriser de nouveau")
	a.Drain(t)
	if n := len(a.MailsTo(t, "p1@example.net")); n != 0 {
		t.Errorf("a withdrawn invitation was mailed (%d)", n)
	}
	r = a.post(org, "/@salves/members/invite", url.Values{"who": {"late@example.net"}})
	mustContain(t, r, "Un administrateur de l’instance a arrêté les invitations de votre compte")
	if r := a.post(adm, "/admin/invitations/"+id+"/resume", nil); r.code != 303 {
		t.Errorf("resume: %d", r.code)
	}
	r = a.post(adm, "/admin/invitations", url.Values{"ceiling": {"beaucoup"}})
	if r.code != 422 {
		t.Errorf("bad ceiling: %d", r.code)
	}
	mustContain(t, r, `id="f-ceiling-ceiling-error"`, "Indiquez un nombre entier")
	if r := a.post(adm, "/admin/invitations", url.Values{"ceiling": {"50"}}); r.code != 303 {
		t.Fatalf("ceiling: %d", r.code)
	}
	mustContain(t, a.get(adm, "/admin/invitations"), "sur un plafond de 50")
}

// admin signs in an administrator of the instance.
func (a *evApp) admin(email string) *user {
	a.t.Helper()
	link, err := a.Service.CreateAdmin(context.Background(), email, "Root")
	if err != nil {
		a.t.Fatal(err)
	}
	u, _ := url.Parse(link)
	secret, _, err := a.Service.ConfirmLogin(context.Background(), cortege.Actor{IP: "192.0.2.7"}, u.Query().Get("token"))
	if err != nil {
		a.t.Fatal(err)
	}
	testkit.IdentifySession(a.t, a.Service, secret)
	adm := a.visitor()
	base, _ := url.Parse(a.URL)
	adm.c.Jar.SetCookies(base, []*http.Cookie{{Name: "cortege_session", Value: secret, Path: "/"}})
	adm.secret, adm.email = secret, email
	return adm
}
