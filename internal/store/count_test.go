package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestMaintainedCountsMatchRecount drives random changes to groups,
// memberships and profiles and checks, after each, that the counts the
// triggers maintain (migration 0021) equal a recount from the rows: the
// listed groups by kind, each group's members and followers (erased
// profiles excluded).
func TestMaintainedCountsMatchRecount(t *testing.T) {
	ctx := context.Background()
	db := testkit.OpenDB(t)
	q := db.Q()
	now := time.Now().UTC().Truncate(time.Millisecond)
	rng := rand.New(rand.NewPCG(1, 2))
	acc := &cortege.Account{ID: cortege.NewID(now), Email: "c@example.org", Role: cortege.RoleUser, Status: cortege.AccountActive, Lang: "fr", CreatedAt: now}
	if err := q.CreateAccount(ctx, acc); err != nil {
		t.Fatal(err)
	}
	var profiles []*cortege.Profile
	for i := range 12 {
		p := &cortege.Profile{ID: cortege.NewID(now), AccountID: acc.ID, Handle: fmt.Sprintf("compte_%d", i), DisplayName: "p", CreatedAt: now}
		if err := q.CreateProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
		profiles = append(profiles, p)
	}
	kinds := []string{cortege.GroupLocal, cortege.GroupThematic}
	var groups []*cortege.Group
	for i := range 6 {
		g := &cortege.Group{ID: cortege.NewID(now), Handle: fmt.Sprintf("groupe_%d", i), Name: "g", Kind: kinds[i%2],
			Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen, Approved: i%3 != 0, CreatedAt: now, UpdatedAt: now}
		if err := q.CreateGroup(ctx, g, "g"); err != nil {
			t.Fatal(err)
		}
		groups = append(groups, g)
	}
	roles := []string{cortege.GroupAdmin, cortege.GroupModerator, cortege.GroupMember, cortege.GroupFollower}
	statuses := []string{cortege.MemberActive, cortege.MemberRequested, cortege.MemberInvited}
	model := map[string]map[string]*cortege.Membership{} // group → profile → membership
	erased := map[string]bool{}
	check := func(step int, what string) {
		t.Helper()
		for _, kind := range []string{"", kinds[0], kinds[1]} {
			got, err := q.CountListedGroups(ctx, kind)
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			for _, g := range groups {
				if g.Visibility == cortege.VisibilityPublic && g.Approved && !g.Hidden && (kind == "" || g.Kind == kind) {
					want++
				}
			}
			if got != want {
				t.Fatalf("step %d (%s): %d listed groups of kind %q, recount %d", step, what, got, kind, want)
			}
		}
		for _, g := range groups {
			members, followers, err := q.CountGroupMembers(ctx, g.ID)
			if err != nil {
				t.Fatal(err)
			}
			var wm, wf int
			for pid, m := range model[g.ID] {
				if m.Status != cortege.MemberActive || erased[pid] {
					continue
				}
				if m.Role == cortege.GroupFollower {
					wf++
				} else {
					wm++
				}
			}
			if members != wm || followers != wf {
				t.Fatalf("step %d (%s): group %s counts %d members %d followers, recount %d %d", step, what, g.Handle, members, followers, wm, wf)
			}
		}
	}
	check(0, "start")
	for step := 1; step <= 300; step++ {
		g := groups[rng.IntN(len(groups))]
		p := profiles[rng.IntN(len(profiles))]
		var what string
		switch r := rng.IntN(10); {
		case r < 5:
			what = "put membership"
			m := &cortege.Membership{GroupID: g.ID, ProfileID: p.ID, Role: roles[rng.IntN(len(roles))], Status: statuses[rng.IntN(len(statuses))], CreatedAt: now, UpdatedAt: now}
			if err := q.PutMembership(ctx, m); err != nil {
				t.Fatal(err)
			}
			if model[g.ID] == nil {
				model[g.ID] = map[string]*cortege.Membership{}
			}
			model[g.ID][p.ID] = m
		case r < 7:
			what = "remove membership"
			if err := q.DeleteMembership(ctx, g.ID, p.ID); err != nil && !cortege.IsNotFound(err) {
				t.Fatal(err)
			}
			delete(model[g.ID], p.ID)
		case r < 8:
			if erased[p.ID] {
				continue
			}
			what = "erase profile"
			if err := q.EraseProfile(ctx, p.ID); err != nil {
				t.Fatal(err)
			}
			erased[p.ID] = true
		default:
			what = "update group"
			g.Kind = kinds[rng.IntN(2)]
			g.Approved = rng.IntN(3) != 0
			g.Hidden = rng.IntN(4) == 0
			if rng.IntN(5) == 0 {
				g.Visibility = cortege.VisibilityPrivate
			} else {
				g.Visibility = cortege.VisibilityPublic
			}
			if err := q.UpdateGroup(ctx, g, "g"); err != nil {
				t.Fatal(err)
			}
			if err := q.SetGroupApproved(ctx, g.ID, g.Approved); err != nil {
				t.Fatal(err)
			}
			if err := q.SetGroupHidden(ctx, g.ID, g.Hidden); err != nil {
				t.Fatal(err)
			}
		}
		check(step, what)
	}
	for len(groups) > 2 {
		if err := q.DeleteGroup(ctx, groups[0].ID); err != nil {
			t.Fatal(err)
		}
		delete(model, groups[0].ID)
		groups = groups[1:]
		check(0, "delete group")
	}
}
