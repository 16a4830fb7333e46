package service_test

import (
	"context"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestSuspendedProfileNotPublic: once an administrator suspends an account,
// its profile page is refused to others ("err.profile.suspended"), and
// lists (authors, members, participants, organisers, comments) keep the
// entry without name, bio nor avatar, and hide its comments' bodies; the
// administrator still sees everything, counts stay, and reactivating
// brings it all back.
func TestSuspendedProfileNotPublic(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	admin := adminActor(t, e)
	owner := signIn(t, e, "owner@example.org")
	g := newGroup(t, e, owner, "collectif", cortege.VisibilityPublic, cortege.JoinOpen)
	sus := member(t, e, owner, g, "sus@example.org", cortege.GroupMember)
	if _, err := e.svc.UpdateProfile(ctx, sus, sus.Profile.ID, service.ProfileInput{Handle: sus.Profile.Handle, DisplayName: "Zorglub"}); err != nil {
		t.Fatal(err)
	}
	ev := mustCreate(t, e, sus, eventInput(e, "Atelier"))
	ref := service.ByID(ev.ID)
	mustJoin(t, e, sus, ev.ID)
	ev2 := mustCreate(t, e, owner, eventInput(e, "Réunion"))
	mustJoin(t, e, sus, ev2.ID)
	if _, err := e.svc.Comment(ctx, sus, ref, "Venez nombreux"); err != nil {
		t.Fatal(err)
	}
	handle, pid := sus.Profile.Handle, sus.Profile.ID
	if err := e.svc.SetAccountStatus(ctx, admin, sus.Account.ID, cortege.AccountSuspended); err != nil {
		t.Fatal(err)
	}

	for name, a := range map[string]cortege.Actor{"visitor": visitor, "member": owner} {
		if _, err := e.svc.ProfileByHandle(ctx, a, handle); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Message != "err.profile.suspended" {
			t.Errorf("%s opens the suspended profile: %v", name, err)
		}
		if _, err := e.svc.ProfileByRef(ctx, a, pid); cortege.ErrorCode(err) != cortege.ENOTFOUND {
			t.Errorf("%s by ID: %v", name, err)
		}
		names, err := e.svc.ProfileNames(ctx, a, []string{pid})
		if p := names[pid]; err != nil || p == nil || !p.Suspended || p.DisplayName != "" || p.Bio != "" || p.Avatar != "" {
			t.Errorf("%s: ProfileNames %+v, %v", name, p, err)
		}
		v, err := e.svc.Event(ctx, a, ref)
		if err != nil || v.Creator == nil || v.Creator.DisplayName != "" || !v.Creator.Suspended || v.Counts.Approved != 1 {
			t.Errorf("%s: event creator %+v counts %+v, %v", name, v.Creator, v.Counts, err)
		}
		if ics, err := e.svc.EventICS(ctx, a, ref); err != nil || strings.Contains(string(ics), "Zorglub") {
			t.Errorf("%s: the calendar names the suspended organiser (%v):\n%s", name, err, ics)
		}
		cs, err := e.svc.Comments(ctx, a, ref, 1)
		if err != nil || len(cs) != 1 || !cs[0].Withheld || cs[0].Comment.Body != "" || cs[0].Author.DisplayName != "" {
			t.Errorf("%s: comments %+v, %v", name, cs, err)
		}
	}
	mp, err := e.svc.Members(ctx, owner, g.ID, cortege.MemberActive, 1)
	if err != nil || len(mp.Members) != 2 {
		t.Fatalf("members: %+v, %v", mp, err)
	}
	for _, m := range mp.Members {
		if m.ProfileID == pid && (m.Profile.DisplayName != "" || !m.Profile.Suspended) {
			t.Errorf("member list shows the suspended profile: %+v", m.Profile)
		}
	}
	// The organiser of another event keeps the registration, unnamed.
	ps, err := e.svc.Participants(ctx, owner, service.ByID(ev2.ID))
	if err != nil || len(ps) != 1 || !ps[0].ProfileSuspended || ps[0].Name != "" || ps[0].Handle != "" {
		t.Fatalf("participants: %+v, %v", ps, err)
	}
	if v, _ := e.svc.Event(ctx, owner, service.ByID(ev2.ID)); v.Counts.Approved != 1 {
		t.Fatalf("counts: %+v", v.Counts)
	}

	// Administrators see the profile and its comment.
	if p, err := e.svc.ProfileByHandle(ctx, admin, handle); err != nil || !p.Suspended || p.DisplayName == "" {
		t.Fatalf("admin: %+v, %v", p, err)
	}
	if cs, _ := e.svc.Comments(ctx, admin, ref, 1); len(cs) != 1 || cs[0].Withheld || cs[0].Comment.Body != "Venez nombreux" {
		t.Fatalf("admin comments: %+v", cs)
	}

	if err := e.svc.SetAccountStatus(ctx, admin, sus.Account.ID, cortege.AccountActive); err != nil {
		t.Fatal(err)
	}
	if p, err := e.svc.ProfileByHandle(ctx, visitor, handle); err != nil || p.Suspended || p.DisplayName != "Zorglub" {
		t.Fatalf("reactivated: %+v, %v", p, err)
	}
}
