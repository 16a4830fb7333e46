package service_test

import (
	"reflect"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
)

// TestInviteList pastes a list as it comes from a spreadsheet and a mail
// client: the valid people are invited (by mail, or on their dashboard
// for @handles), duplicates once, and each piece that could not be
// invited comes back with its line and why.
func TestInviteList(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "admin@example.org")
	g := newGroup(t, e, admin, "collectif", cortege.VisibilityPublic, cortege.JoinInvitation)
	bob := member(t, e, admin, g, "bob@example.org", cortege.GroupMember)
	carol := signIn(t, e, "carol@example.org")
	list := "Marie Curie <marie@example.org>, pierre@example.org\n" +
		"pas-une-adresse@\n" +
		"\"Joliot, Irène\" <irene@example.org>; MARIE@example.org\n" +
		"@" + carol.Profile.Handle + " @" + bob.Profile.Handle + " @personne\n" +
		"Jean Sans Adresse\n"
	rep, err := e.svc.InviteList(bg, admin, g.ID, list, "Bienvenue")
	if err != nil {
		t.Fatal(err)
	}
	type prob struct {
		Line       int
		Text, What string
	}
	var got []prob
	for _, p := range rep.Problems {
		got = append(got, prob{p.Line, p.Text, p.Message})
	}
	want := []prob{
		{2, "pas-une-adresse@", "err.invitees.invalid_email"},
		{4, "@" + bob.Profile.Handle, "err.invitees.already_member"},
		{4, "@personne", "err.profile.not_found"},
		{5, "Jean Sans Adresse", "err.invitees.no_address"},
	}
	if rep.Invited != 4 || !reflect.DeepEqual(got, want) {
		t.Fatalf("invited %d, problems\n got %+v\nwant %+v", rep.Invited, got, want)
	}
	if u := rep.Unsent(); u != "pas-une-adresse@\n@"+bob.Profile.Handle+"\n@personne\nJean Sans Adresse\n" {
		t.Errorf("unsent = %q", u)
	}
	invs, err := e.svc.GroupInvitations(bg, admin, g.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, i := range invs {
		names[i.Email] = i.Name
	}
	if !reflect.DeepEqual(names, map[string]string{"marie@example.org": "Marie Curie", "pierre@example.org": "", "irene@example.org": "Joliot, Irène"}) {
		t.Errorf("invitations by mail: %v", names)
	}
	if dash, err := e.svc.Dashboard(bg, carol); err != nil || len(dash.Invitations) != 1 {
		t.Errorf("carol's invitation by handle: %+v %v", dash, err)
	}
	e.drain(t)
	for _, addr := range []string{"marie@example.org", "pierre@example.org", "irene@example.org"} {
		if ms := mailsTo(e, addr, "vous invite"); len(ms) != 1 || !strings.Contains(ms[0].Text, "Bienvenue") {
			t.Errorf("%s: %d invitation mails", addr, len(ms))
		}
	}

	// Sent again, the same list invites nobody twice.
	rep, err = e.svc.InviteList(bg, admin, g.ID, "marie@example.org, new@example.org", "")
	if err != nil || rep.Invited != 1 || len(rep.Problems) != 1 || rep.Problems[0].Message != "err.invitation.pending" {
		t.Fatalf("again: %+v %v", rep, err)
	}
	// One person, not a list: the error itself, on the field.
	_, err = e.svc.InviteList(bg, admin, g.ID, "marie@example.org", "")
	if ce := cortege.ErrorOf(err); ce == nil || ce.Code != cortege.ECONFLICT || ce.Field != "who" {
		t.Errorf("one pending address: %v", err)
	}
	_, err = e.svc.InviteList(bg, admin, g.ID, "x@@y", "")
	if ce := cortege.ErrorOf(err); ce == nil || ce.Code != cortege.EINVALID || ce.Field != "who" {
		t.Errorf("one bad address: %v", err)
	}
	_, err = e.svc.InviteList(bg, admin, g.ID, strings.Repeat("a@example.org ", 6000), "")
	wantCode(t, "a paste over 64 KB", err, cortege.EINVALID)
	_, err = e.svc.InviteList(bg, bob, g.ID, "z@example.org", "")
	wantCode(t, "a member who may not invite", err, cortege.EFORBIDDEN)
}
