package service_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/mail/mailtest"
	"codeberg.org/cortege/cortege/internal/service"
)

var bg = context.Background()

// newGroup creates a group administered by a.
func newGroup(t *testing.T, e *env, a cortege.Actor, handle, visibility, join string) *cortege.Group {
	t.Helper()
	g, err := e.svc.CreateGroup(bg, a, service.GroupInput{Handle: handle, Name: "Groupe " + handle, Description: "Un groupe **local**.", Visibility: visibility, JoinMode: join})
	if err != nil {
		t.Fatalf("create group %s: %v", handle, err)
	}
	return g
}

// member signs someone in and makes them an active member of g (with the
// given role) through the real invitation flow.
func member(t *testing.T, e *env, admin cortege.Actor, g *cortege.Group, email, role string) cortege.Actor {
	t.Helper()
	a := signIn(t, e, email)
	if err := e.svc.InviteProfile(bg, admin, g.ID, a.Profile.Handle, ""); err != nil {
		t.Fatalf("invite %s: %v", email, err)
	}
	if err := e.svc.AcceptInvitation(bg, a, g.ID); err != nil {
		t.Fatalf("accept %s: %v", email, err)
	}
	if role != cortege.GroupMember {
		if err := e.svc.SetMemberRole(bg, admin, g.ID, a.Profile.ID, role); err != nil {
			t.Fatalf("set role %s: %v", role, err)
		}
	}
	return a
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := cortege.ErrorCode(err); got != code {
		t.Errorf("%s: got %v (%q), want %q", what, err, got, code)
	}
}

// mailsTo returns the mails received by addr whose subject contains sub.
func mailsTo(e *env, addr, sub string) []*mailtest.Received {
	var out []*mailtest.Received
	for _, m := range e.smtp.Messages() {
		if len(m.To) > 0 && strings.EqualFold(m.To[0], addr) && strings.Contains(m.Subject, sub) {
			out = append(out, m)
		}
	}
	return out
}

// linkWithPath returns the token of the first link in m whose path is p.
func linkWithPath(t *testing.T, m *mailtest.Received, p string) string {
	t.Helper()
	for _, l := range m.Links() {
		if u, err := url.Parse(l); err == nil && u.Path == p {
			return u.Query().Get("token")
		}
	}
	t.Fatalf("no %s link in %q", p, m.Text)
	return ""
}
