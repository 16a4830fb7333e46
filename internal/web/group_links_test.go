package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestGroupMailLinks follows the links mails carry: an invitation by
// email accepted after signing in, a one-click unsubscribe (RFC 8058), and
// the moderation queue acting on a report.
func TestGroupMailLinks(t *testing.T) {
	t.Parallel()
	w := newGroupWorld(t)
	ctx := context.Background()
	if _, err := w.app.Service.InviteEmail(ctx, w.actors["alice"], w.ids["velo"], "carol@example.org", "", "Rejoins-nous"); err != nil {
		t.Fatal(err)
	}
	w.app.Drain(w.t)
	link, _ := url.Parse(w.app.LastLink(t, "carol@example.org", "/invitations/accept"))
	tok := link.Query().Get("token")
	// A reply in a thread carol follows, so she gets a notification mail.
	if _, err := w.app.Service.Reply(ctx, w.actors["alice"], w.ids["disc-velo"], "Du nouveau"); err != nil {
		t.Fatal(err)
	}
	if err := w.app.Service.FollowDiscussion(ctx, w.actors["bob"], w.ids["disc-velo"], true); err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.Service.Reply(ctx, w.actors["alice"], w.ids["disc-velo"], "Encore du nouveau"); err != nil {
		t.Fatal(err)
	}
	w.app.Drain(w.t)
	unsub, _ := url.Parse(w.app.LastLink(t, "bob@example.org", "/unsubscribe"))

	w.run([]groupCase{
		{name: "invitation page for a visitor", path: link.RequestURI(), status: 200, contains: []string{"Groupe velo", "Rejoins-nous", "Se connecter pour accepter", "carol@example.org"}},
		{name: "visitor accepting is sent to sign in", method: "POST", path: "/invitations/accept", form: vals("token", tok), status: 303, location: "/login?next=%2Finvitations%2Faccept%3Ftoken%3D"},
		{name: "invitation page signed in", path: link.RequestURI(), as: "carol", status: 200, contains: []string{`action="/invitations/accept"`, `value="` + tok + `"`}},
		{name: "accept", method: "POST", path: "/invitations/accept", as: "carol", form: vals("token", tok), status: 303, location: "/@velo?ok=invitation_accepted"},
		{name: "now a member", path: "/@velo/discussions", as: "carol", status: 200},
		{name: "link used", method: "POST", path: "/invitations/accept", as: "carol", form: vals("token", tok), status: 410},
		{name: "unsubscribe page changes nothing", path: unsub.RequestURI(), status: 200, contains: []string{"Réponses aux discussions suivies", `action="/unsubscribe"`}},
		{name: "settings still on", path: "/settings/notifications", as: "bob", status: 200, contains: []string{`name="reply" value="1" checked`}},
		{name: "one-click POST", method: "POST", path: unsub.RequestURI(), form: vals("List-Unsubscribe", "One-Click"), status: 200, contains: []string{"Vous ne recevrez plus"}},
		{name: "settings now off", path: "/settings/notifications", as: "bob", status: 200, absent: []string{`name="reply" value="1" checked`}},
	})

	// Reports and the moderation queue.
	admin := w.app.Service
	link2, err := admin.CreateAdmin(ctx, "root@example.org", "Root")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(link2)
	secret, _, err := admin.ConfirmLogin(ctx, cortege.Actor{IP: "192.0.2.99"}, u.Query().Get("token"))
	if err != nil {
		t.Fatal(err)
	}
	testkit.IdentifySession(t, admin, secret)
	c := w.app.Client()
	base, _ := url.Parse(w.app.URL)
	c.Jar.SetCookies(base, []*http.Cookie{{Name: "cortege_session", Value: secret, Path: "/"}})
	w.clients["root"] = c
	p, err := admin.CreatePost(ctx, w.actors["alice"], w.ids["velo"], service.PostInput{Title: "Pub douteuse", Body: "Achetez !", Visibility: cortege.PostPublic, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	w.run([]groupCase{
		{name: "report a post", method: "POST", path: "/@velo/report", as: "dan", form: vals("kind", "post", "target", p.ID, "reason", "C’est du spam", "next", "/@velo/posts/"+p.ID), status: 303, location: "/@velo/posts/" + p.ID + "?ok=reported"},
		{name: "queue shows it", path: "/admin/reports", as: "root", status: 200, contains: []string{"Pub douteuse", "C’est du spam", "@dan"}},
		{name: "unknown action", method: "POST", path: "/admin/reports/nope", as: "root", form: vals("action", "hide"), status: 404},
		{name: "queue is for administrators", method: "POST", path: "/admin/reports/nope", as: "alice", form: vals("action", "hide"), status: 403},
		{name: "approval setting", method: "POST", path: "/admin/groups/approval", as: "root", form: vals("approval", "1"), status: 303},
		{name: "approval page", path: "/admin/groups", as: "root", status: 200, contains: []string{`name="approval" value="1" checked`}},
		{name: "new group waits", method: "POST", path: "/groups", as: "dan", form: vals("handle", "attente", "name", "En attente", "visibility", "public", "join_mode", "open"), status: 303},
		{name: "not listed yet", path: "/groups?q=attente", status: 200, absent: []string{"En attente"}},
		{name: "waiting list", path: "/admin/groups", as: "root", status: 200, contains: []string{"En attente"}},
	})
	reps, err := admin.Reports(ctx, w.actorOf(secret), cortege.ReportOpen, 1)
	if err != nil || len(reps.Reports) != 1 {
		t.Fatalf("reports: %v %v", err, reps)
	}
	gs, _ := admin.GroupsAwaitingApproval(ctx, w.actorOf(secret), 1)
	w.run([]groupCase{
		{name: "hide with a note", method: "POST", path: "/admin/reports/" + reps.Reports[0].ID, as: "root", form: vals("action", "hide", "note", "spam évident"), status: 303, location: "/admin/reports?ok=report_resolved"},
		{name: "hidden post gone", path: "/@velo/posts/" + p.ID, as: "bob", status: 404},
		{name: "log says who did what", path: "/admin/reports?status=resolved", as: "root", status: 200, contains: []string{"root@example.org", "spam évident", "Masquer"}},
		{name: "approve the group", method: "POST", path: "/admin/groups/" + gs[0].ID + "/approve", as: "root", form: vals(), status: 303},
		{name: "listed now", path: "/groups?q=attente", status: 200, contains: []string{"En attente"}},
	})
}

// TestGroupDashboardInvitations answers invitations from the dashboard:
// one by handle (accept, then another declined) and one sent to the
// account's address (no link needed, the address is theirs).
func TestGroupDashboardInvitations(t *testing.T) {
	t.Parallel()
	w := newGroupWorld(t)
	ctx := context.Background()
	alice := w.actors["alice"]
	if err := w.app.Service.InviteProfile(ctx, alice, w.ids["secret"], "dan", "Viens"); err != nil {
		t.Fatal(err)
	}
	if err := w.app.Service.InviteProfile(ctx, alice, w.ids["cache"], "dan", ""); err != nil {
		t.Fatal(err)
	}
	inv, err := w.app.Service.InviteEmail(ctx, alice, w.ids["velo"], "dan@example.org", "", "Par courriel")
	if err != nil {
		t.Fatal(err)
	}
	w.run([]groupCase{
		{name: "invited profile sees the private page", path: "/@secret", as: "dan", status: 200, contains: []string{"Accepter l’invitation"}},
		{name: "dashboard lists the invitations", path: "/dashboard", as: "dan", status: 200, contains: []string{"À traiter (3)", "Groupe secret", "Groupe cache", "Par courriel", `name="email" value="` + inv.ID + `"`}},
		{name: "accept by handle", method: "POST", path: "/invitations/" + w.ids["secret"], as: "dan", form: vals("accept", "1"), status: 303, location: "/dashboard?ok=invitation_accepted"},
		{name: "decline by handle", method: "POST", path: "/invitations/" + w.ids["cache"], as: "dan", form: vals(), status: 303, location: "/dashboard?ok=invitation_declined"},
		{name: "someone else's invitation", method: "POST", path: "/invitations/" + w.ids["velo"], as: "carol", form: vals("accept", "1", "email", inv.ID), status: 404},
		{name: "accept the emailed one", method: "POST", path: "/invitations/" + w.ids["velo"], as: "dan", form: vals("accept", "1", "email", inv.ID), status: 303, location: "/@velo?ok=invitation_accepted"},
		{name: "nothing left to handle", path: "/dashboard", as: "dan", status: 200, absent: []string{"À traiter"}, contains: []string{"Groupe secret", "Groupe velo"}},
		{name: "private discussions open to the new member", path: "/@secret/discussions", as: "dan", status: 200, contains: []string{"Fil secret"}},
	})
}
