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
