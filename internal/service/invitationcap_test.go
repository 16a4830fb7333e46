package service_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
)

// TestImportCountsEveryRow is the finding: a new account imported a
// 600-row file and sent 600 invitations. Every row now counts against its
// caps: a new account sends ten in its first hour.
func TestImportCountsEveryRow(t *testing.T) {
	e := newEnv(t)
	a := signIn(t, e, "newcomer@example.org")
	g := newGroup(t, e, a, "burst", cortege.VisibilityPublic, cortege.JoinApproval)
	var b strings.Builder
	b.WriteString("email\n")
	for i := range 600 {
		fmt.Fprintf(&b, "target%d@example.net\n", i)
	}
	rep, err := e.svc.ImportMembers(bg, a, g.ID, []byte(b.String()), "Mon texte à moi")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Invited != 10 || len(rep.Skipped) != 590 {
		t.Fatalf("a new account's import invited %d (skipped %d), want 10 and 590", rep.Invited, len(rep.Skipped))
	}
	c := rep.Cap
	if c == nil || c.Limit != 10 || c.Window != time.Hour || c.Sent != 10 || c.Refused != 590 || c.Held ||
		!c.NextAt.Equal(e.clock().Add(time.Hour).Truncate(time.Millisecond)) {
		t.Fatalf("cap = %+v, want 10 an hour, 10 sent, 590 refused, next in an hour", c)
	}
	if rep.Skipped[0].Message != "err.invitees.over_cap" || rep.Skipped[0].Line != 12 {
		t.Errorf("first skipped row = %+v", rep.Skipped[0])
	}
	e.drain(t)
	n := 0
	for _, m := range e.smtp.Messages() {
		if strings.HasPrefix(m.To[0], "target") {
			n++
		}
	}
	if n != 10 {
		t.Fatalf("%d invitation mails went out, want 10", n)
	}
}

// invitees returns a pasted list of n new addresses.
func invitees(prefix string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s%d@example.net\n", prefix, i)
	}
	return b.String()
}

// TestInviteCapsWindows: the hour's cap, then the day's, over every way
// of inviting (a list, one address, one handle); the report and the
// error say how many went and when the next can.
func TestInviteCapsWindows(t *testing.T) {
	e := newEnv(t)
	a := signIn(t, e, "organiser@example.org")
	start := e.clock()
	g := newGroup(t, e, a, "fenetres", cortege.VisibilityPublic, cortege.JoinApproval)
	other := signIn(t, e, "other@example.org")

	rep, err := e.svc.InviteList(bg, a, g.ID, invitees("a", 8), "")
	if err != nil || rep.Invited != 8 || rep.Cap != nil {
		t.Fatalf("8 of 10: %+v, %v", rep, err)
	}
	if err := e.svc.InviteProfile(bg, a, g.ID, other.Profile.Handle, ""); err != nil {
		t.Fatalf("a handle counts, within the cap: %v", err)
	}
	e.advance(10 * time.Minute)
	rep, err = e.svc.InviteList(bg, a, g.ID, invitees("b", 5), "")
	if err != nil || rep.Invited != 1 || len(rep.Problems) != 4 || rep.Cap == nil || rep.Cap.Refused != 4 || rep.Cap.Sent != 1 {
		t.Fatalf("over the hour: %+v (cap %+v), %v", rep, rep.Cap, err)
	}
	if !rep.Cap.NextAt.Equal(start.Add(time.Hour).Truncate(time.Millisecond)) || rep.Cap.Daily() {
		t.Errorf("next at %v, want an hour after the first (%v)", rep.Cap.NextAt, start.Add(time.Hour))
	}
	_, err = e.svc.InviteEmail(bg, a, g.ID, "single@example.net", "", "")
	var c *cortege.InviteCap
	if !errors.As(err, &c) || cortege.ErrorCode(err) != cortege.ERATELIMIT || cortege.ErrorOf(err).Message != "err.invite.cap" || c.Limit != 10 {
		t.Fatalf("one address over the cap: %v", err)
	}
	// An hour later ten more go, then the day's cap (20 for a new
	// account) holds until a day after the first.
	e.advance(time.Hour)
	rep, _ = e.svc.InviteList(bg, a, g.ID, invitees("c", 12), "")
	if rep.Invited != 10 || rep.Cap == nil || !rep.Cap.Daily() || rep.Cap.Limit != 20 ||
		!rep.Cap.NextAt.Equal(start.Add(24*time.Hour).Truncate(time.Millisecond)) {
		t.Fatalf("the day's cap: invited %d, cap %+v", rep.Invited, rep.Cap)
	}
	// A failed invitation (already invited) costs nothing.
	e.advance(24 * time.Hour)
	rep, _ = e.svc.InviteList(bg, a, g.ID, "a0@example.net\nnew@example.net", "")
	if rep.Invited != 1 || len(rep.Problems) != 1 || rep.Problems[0].Message != "err.invitation.pending" {
		t.Fatalf("after a day: %+v", rep)
	}
}

// TestInviteCapsGrow: accepted invitations and age raise the caps, and
// an administrator of the instance has the ceiling from the start.
func TestInviteCapsGrow(t *testing.T) {
	e := newEnv(t)
	a := signIn(t, e, "grower@example.org")
	g := newGroup(t, e, a, "pousse", cortege.VisibilityPublic, cortege.JoinApproval)
	for i := range 10 {
		member(t, e, a, g, fmt.Sprintf("m%d@example.org", i), cortege.GroupMember)
	}
	// 10 accepted: 40 a day, still 10 an hour, all used by the members.
	e.advance(time.Hour)
	rep, _ := e.svc.InviteList(bg, a, g.ID, invitees("x", 12), "")
	if rep.Invited != 10 || rep.Cap == nil || rep.Cap.Limit != 10 {
		t.Fatalf("hour after 10 accepted: %+v %+v", rep, rep.Cap)
	}
	e.advance(7 * 24 * time.Hour) // a week old: 90+20 a day, 27 an hour
	rep, _ = e.svc.InviteList(bg, a, g.ID, invitees("y", 30), "")
	if rep.Invited != 27 {
		t.Fatalf("a week later: invited %d, want 27 (%+v)", rep.Invited, rep.Cap)
	}
	admin := adminActor(t, e)
	ga := newGroup(t, e, admin, "lyon", cortege.VisibilityPublic, cortege.JoinApproval)
	rep, _ = e.svc.InviteList(bg, admin, ga.ID, invitees("z", 130), "")
	if rep.Invited != 125 {
		t.Fatalf("a new administrator invited %d, want 125 an hour", rep.Invited)
	}
}

// TestStopInvitations: administrators see who sends how many, stop one
// (their mails not yet gone are withdrawn, nothing more can be sent) and
// let them go on.
func TestStopInvitations(t *testing.T) {
	e := newEnv(t)
	admin := adminActor(t, e)
	a := signIn(t, e, "sender@example.org")
	g := newGroup(t, e, a, "rafale", cortege.VisibilityPublic, cortege.JoinApproval)
	if _, err := e.svc.InviteList(bg, a, g.ID, invitees("s", 7), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.InvitationActivity(bg, a); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("a member read the activity: %v", err)
	}
	if _, err := e.svc.StopInvitations(bg, a, a.Account.ID); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("a member stopped invitations: %v", err)
	}
	act, err := e.svc.InvitationActivity(bg, admin)
	if err != nil || len(act.Senders) != 1 || act.Senders[0].Account.ID != a.Account.ID || act.Senders[0].LastHour != 7 || act.Senders[0].LastDay != 7 {
		t.Fatalf("activity = %+v, %v", act, err)
	}
	n, err := e.svc.StopInvitations(bg, admin, a.Account.ID)
	if err != nil || n != 7 {
		t.Fatalf("stop: %d withdrawn, %v; want 7", n, err)
	}
	e.drain(t)
	for _, m := range e.smtp.Messages() {
		if strings.HasPrefix(m.To[0], "s") && strings.HasSuffix(m.To[0], "@example.net") {
			t.Fatalf("a withdrawn invitation was mailed to %s", m.To[0])
		}
	}
	_, err = e.svc.InviteEmail(bg, a, g.ID, "late@example.net", "", "")
	if cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Message != "err.invite.held" {
		t.Fatalf("invite while stopped: %v", err)
	}
	rep, _ := e.svc.InviteList(bg, a, g.ID, invitees("t", 2), "")
	if rep.Invited != 0 || rep.Cap == nil || !rep.Cap.Held || rep.Problems[0].Message != "err.invite.held" {
		t.Fatalf("list while stopped: %+v", rep)
	}
	if act, _ := e.svc.InvitationActivity(bg, admin); len(act.Held) != 1 || act.Senders[0].HeldAt.IsZero() {
		t.Fatalf("held accounts = %+v", act.Held)
	}
	if err := e.svc.ResumeInvitations(bg, admin, a.Account.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.InviteEmail(bg, a, g.ID, "late@example.net", "", ""); err != nil {
		t.Fatalf("after resuming: %v", err)
	}
}

// TestStrangerCeiling: past the instance's hourly ceiling, invitation
// mails to addresses without an account wait for the next hour; none is
// dropped, and mail to accounts is not held.
func TestStrangerCeiling(t *testing.T) {
	e := newEnv(t)
	admin := adminActor(t, e)
	known := signIn(t, e, "known@example.org")
	g := newGroup(t, e, admin, "plafond", cortege.VisibilityPublic, cortege.JoinApproval)
	for _, bad := range []string{"0", "x", "100001"} {
		if err := e.svc.SetStrangerCeiling(bg, admin, bad); cortege.ErrorCode(err) != cortege.EINVALID {
			t.Errorf("ceiling %q: %v", bad, err)
		}
	}
	if err := e.svc.SetStrangerCeiling(bg, known, "3"); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Errorf("a member set the ceiling: %v", err)
	}
	if err := e.svc.SetStrangerCeiling(bg, admin, "3"); err != nil {
		t.Fatal(err)
	}
	e.advance(e.clock().Truncate(time.Hour).Add(time.Hour + time.Minute).Sub(e.clock())) // a fresh hour
	if _, err := e.svc.InviteList(bg, admin, g.ID, invitees("far", 5)+known.Account.Email, ""); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	count := func(prefix string) int {
		n := 0
		for _, m := range e.smtp.Messages() {
			if strings.HasPrefix(m.To[0], prefix) && strings.Contains(m.Subject, "invite") {
				n++
			}
		}
		return n
	}
	if count("far") != 3 || count("known@") != 1 {
		t.Fatalf("first hour: %d mails to strangers (want 3), %d to the account (want 1)", count("far"), count("known@"))
	}
	act, _ := e.svc.InvitationActivity(bg, admin)
	if act.Ceiling != 3 || act.ThisHour != 3 || act.Waiting != 2 {
		t.Fatalf("activity = ceiling %d, this hour %d, waiting %d", act.Ceiling, act.ThisHour, act.Waiting)
	}
	e.advance(time.Hour + 5*time.Minute) // held jobs wake over the hour's first minutes
	e.drain(t)
	if count("far") != 5 {
		t.Fatalf("next hour: %d mails to strangers, want all 5", count("far"))
	}
}
