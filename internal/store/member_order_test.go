package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestGroupMembersOrder checks the order a group's members are shown in,
// page by page (the index of migration 0028): administrators, moderators,
// then members, each by date of joining; followers apart by date of
// following; other statuses and erased profiles left out.
func TestGroupMembersOrder(t *testing.T) {
	ctx := context.Background()
	db := testkit.OpenDB(t)
	q := db.Q()
	now := time.Now().UTC().Truncate(time.Millisecond)
	rng := rand.New(rand.NewPCG(3, 5))
	acc := &cortege.Account{ID: cortege.NewID(now), Email: "ordre@example.org", Role: cortege.RoleUser, Status: cortege.AccountActive, Lang: "fr", CreatedAt: now}
	if err := q.CreateAccount(ctx, acc); err != nil {
		t.Fatal(err)
	}
	g := &cortege.Group{ID: cortege.NewID(now), Handle: "ordre", Name: "g", Kind: cortege.GroupLocal,
		Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen, CreatedAt: now, UpdatedAt: now}
	if err := q.CreateGroup(ctx, g, "g"); err != nil {
		t.Fatal(err)
	}
	roles := []string{cortege.GroupAdmin, cortege.GroupModerator, cortege.GroupMember, cortege.GroupFollower}
	type want struct {
		rank   int
		joined time.Time
		id     string
	}
	var members, followers []want
	for i := range 60 {
		p := &cortege.Profile{ID: cortege.NewID(now), AccountID: acc.ID, Handle: fmt.Sprintf("ordre_%d", i),
			DisplayName: fmt.Sprintf("%c personne", 'Z'-rune(i%26)), CreatedAt: now}
		if err := q.CreateProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
		rank := rng.IntN(4)
		if i%7 == 0 {
			rank = 2
		}
		joined := now.Add(-time.Duration(rng.IntN(1000)) * time.Hour)
		status := cortege.MemberActive
		if i%11 == 0 {
			status = cortege.MemberRequested
		}
		m := &cortege.Membership{GroupID: g.ID, ProfileID: p.ID, Role: roles[rank], Status: status, CreatedAt: joined, UpdatedAt: joined}
		if err := q.PutMembership(ctx, m); err != nil {
			t.Fatal(err)
		}
		erased := i%13 == 5
		if erased {
			if err := q.EraseProfile(ctx, p.ID); err != nil {
				t.Fatal(err)
			}
		}
		if status != cortege.MemberActive || erased {
			continue
		}
		if rank == 3 {
			followers = append(followers, want{rank, joined, p.ID})
		} else {
			members = append(members, want{rank, joined, p.ID})
		}
	}
	order := func(a, b want) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		if c := a.joined.Compare(b.joined); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	}
	for _, c := range []struct {
		followers bool
		want      []want
	}{{false, members}, {true, followers}} {
		slices.SortFunc(c.want, order)
		var wantIDs, got []string
		for _, w := range c.want {
			wantIDs = append(wantIDs, w.id)
		}
		for off := 0; ; off += 7 {
			page, err := q.GroupMembers(ctx, g.ID, cortege.MemberActive, c.followers, 7, off)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range page {
				got = append(got, m.Membership.ProfileID)
			}
			if len(page) < 7 {
				break
			}
		}
		if !slices.Equal(got, wantIDs) {
			t.Errorf("followers=%v:\n got %v\nwant %v", c.followers, got, wantIDs)
		}
	}
}
