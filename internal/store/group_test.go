package store_test

import (
	"context"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestMembershipRole pins down what the events code relies on: the role
// of an active relation, ENOTFOUND for pending ones and strangers.
func TestMembershipRole(t *testing.T) {
	ctx := context.Background()
	db := testkit.OpenDB(t)
	q := db.Q()
	now := time.Now().UTC().Truncate(time.Millisecond)
	acc := &cortege.Account{ID: cortege.NewID(now), Email: "g@example.org", Role: cortege.RoleUser, Status: cortege.AccountActive, Lang: "fr", CreatedAt: now}
	if err := q.CreateAccount(ctx, acc); err != nil {
		t.Fatal(err)
	}
	prof := func(h string) *cortege.Profile {
		p := &cortege.Profile{ID: cortege.NewID(now), AccountID: acc.ID, Handle: h, DisplayName: h, CreatedAt: now}
		if err := q.CreateProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	admin, asked, stranger := prof("admin_p"), prof("asked_p"), prof("stranger_p")
	g := &cortege.Group{ID: cortege.NewID(now), Handle: "groupe_test", Name: "Groupe", Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen, Tags: []string{"a", "b"}, HasCoords: true, Lat: 45.5, Lon: 4.5, Approved: true, CreatedBy: admin.ID, CreatedAt: now, UpdatedAt: now}
	if err := q.CreateGroup(ctx, g, "groupe test"); err != nil {
		t.Fatal(err)
	}
	if err := q.CreateGroup(ctx, &cortege.Group{ID: cortege.NewID(now), Handle: "admin_p", Name: "x", Visibility: "public", JoinMode: "open", CreatedAt: now, UpdatedAt: now}, ""); cortege.ErrorCode(err) != cortege.ECONFLICT {
		t.Fatalf("group on a profile's handle: %v", err)
	}
	q.PutMembership(ctx, &cortege.Membership{GroupID: g.ID, ProfileID: admin.ID, Role: cortege.GroupAdmin, Status: cortege.MemberActive, CreatedAt: now, UpdatedAt: now})
	q.PutMembership(ctx, &cortege.Membership{GroupID: g.ID, ProfileID: asked.ID, Role: cortege.GroupMember, Status: cortege.MemberRequested, CreatedAt: now, UpdatedAt: now})
	if r, err := q.MembershipRole(ctx, g.ID, admin.ID); err != nil || r != cortege.GroupAdmin {
		t.Fatalf("admin role = %q %v", r, err)
	}
	for _, p := range []*cortege.Profile{asked, stranger} {
		if _, err := q.MembershipRole(ctx, g.ID, p.ID); !cortege.IsNotFound(err) {
			t.Fatalf("%s: %v", p.Handle, err)
		}
	}
	got, err := q.GroupByHandle(ctx, "groupe_test")
	if err != nil || got.ID != g.ID || len(got.Tags) != 2 || !got.HasCoords || got.Lat != 45.5 || !got.Approved || !got.CreatedAt.Equal(now) {
		t.Fatalf("GroupByHandle = %+v %v", got, err)
	}
	if n, err := q.CountGroupRole(ctx, g.ID, cortege.GroupAdmin); err != nil || n != 1 {
		t.Fatalf("admins = %d %v", n, err)
	}
	// An erased profile no longer counts.
	if err := q.EraseProfile(ctx, admin.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := q.CountGroupRole(ctx, g.ID, cortege.GroupAdmin); n != 0 {
		t.Fatalf("erased admin still counted")
	}
}
