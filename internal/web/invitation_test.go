package web_test

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"testing"
)

// TestInvitationPrefillsSignIn follows an emailed invitation as a
// visitor: the sign-in it offers (and the one a POST without a session is
// sent to) shows the invited address already typed in the "email" field
// of both forms; a sign-in page without an invitation stays empty.
func TestInvitationPrefillsSignIn(t *testing.T) {
	t.Parallel()
	w := newGroupWorld(t)
	if _, err := w.app.Service.InviteEmail(context.Background(), w.actors["alice"], w.ids["velo"], "Nouvelle@Example.org", "", ""); err != nil {
		t.Fatal(err)
	}
	w.app.Drain(t)
	link, _ := url.Parse(w.app.LastLink(t, "nouvelle@example.org", "/invitations/accept"))
	tok := link.Query().Get("token")
	_, page, _ := w.send("", "GET", link.RequestURI(), nil, nil)
	m := regexp.MustCompile(`href="(/login\?next=[^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the invitation page offers no sign-in:\n%s", excerpt(page))
	}
	_, _, redirected := w.send("", "POST", "/invitations/accept", vals("token", tok), nil)
	prefilled := `name="email" value="Nouvelle@example.org"`
	w.run([]groupCase{
		{name: "sign-in from the invitation page", path: html.UnescapeString(m[1]), status: 200, contains: []string{prefilled, `id="f-password-email" type="email" name="email" value="Nouvelle@example.org"`}},
		{name: "sign-in after accepting without a session", path: redirected, status: 200, contains: []string{prefilled}},
		{name: "plain sign-in", path: "/login", status: 200, contains: []string{`name="email" value=""`}},
		{name: "a made-up token prefills nothing", path: "/login?next=" + url.QueryEscape("/invitations/accept?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), status: 200, contains: []string{`name="email" value=""`}},
	})
}

// TestInvitationPastedList pastes several addresses in the members page's
// field: the valid ones are invited, the others come back in the field
// with their line and why; all invalid is a 422.
func TestInvitationPastedList(t *testing.T) {
	t.Parallel()
	w := newGroupWorld(t)
	list := "Eve <eve@example.org>, frank@example.org\npas-une-adresse@\n@dan"
	w.run([]groupCase{
		{name: "list with a bad line", method: "POST", path: "/@velo/members/invite", as: "alice", form: vals("who", list, "next", "/@velo/members"), status: 200,
			contains: []string{"3 invitations envoyées.", "1 personne n’a pas été invitée", "ligne 2 : « pas-une-adresse@ » — Cette adresse e-mail n’est pas valide.",
				`id="f-invite-who-error"`, ">pas-une-adresse@\n</textarea>"}},
		{name: "invited by mail", path: "/@velo/members?status=invited", as: "alice", status: 200, contains: []string{"eve@example.org", "frank@example.org"}},
		{name: "list all bad", method: "POST", path: "/@velo/members/invite", as: "alice", form: vals("who", "nope\nx@@y"), status: 422,
			contains: []string{"2 personnes n’ont pas été invitées", "ligne 1 : « nope » — Ni adresse e-mail ni @identifiant.", "ligne 2"}},
		{name: "all good", method: "POST", path: "/@velo/members/invite", as: "alice", form: vals("who", "g@example.org; h@example.org"), status: 303, location: "/@velo/members?ok=invited"},
		{name: "the field is a textarea", path: "/@velo/members", as: "alice", status: 200, contains: []string{`<textarea id="f-invite-who" name="who"`}},
	})
	w.app.Drain(t)
	if len(w.app.MailsTo(t, "frank@example.org")) != 1 {
		t.Error("frank got no invitation mail")
	}
}
