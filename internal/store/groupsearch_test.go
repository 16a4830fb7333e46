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

// TestGroupSearchMatchesScan drives random changes to groups (their text,
// listing, kind, creation and deletion) and checks after each that a
// search through the index (groups_fts and the expanded words of
// migration 0027 on SQLite, the GIN index on PostgreSQL) returns exactly
// the listed groups a scan finds with cortege.MatchesWords, newest first,
// page by page, with the same count.
func TestGroupSearchMatchesScan(t *testing.T) {
	ctx := context.Background()
	db := testkit.OpenDB(t)
	q := db.Q()
	rng := rand.New(rand.NewPCG(7, 11))
	base := time.Now().UTC().Truncate(time.Millisecond)
	vocab := []string{"velo", "velorution", "velos", "vel", "jardin", "jardins", "jardiniers", "quartier", "quartiers", "quart",
		"solidarite", "solidaires", "logement", "lyon", "lyonnais", "ecole", "ecologie", "ecologistes", "ab", "abri"}
	text := func() string {
		n := 1 + rng.IntN(6)
		w := make([]string, n)
		for i := range w {
			w[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(w, " ")
	}
	kinds := []string{cortege.GroupLocal, cortege.GroupThematic}
	type row struct {
		g    *cortege.Group
		text string
	}
	var rows []*row
	made := 0
	create := func() {
		made++
		at := base.Add(time.Duration(made) * time.Millisecond)
		g := &cortege.Group{ID: cortege.NewID(at), Handle: fmt.Sprintf("groupe_%d", made), Name: "g", Kind: kinds[rng.IntN(2)],
			Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen, Approved: rng.IntN(4) != 0, CreatedAt: at, UpdatedAt: at}
		r := &row{g: g, text: text()}
		if err := q.CreateGroup(ctx, g, r.text); err != nil {
			t.Fatal(err)
		}
		if g.Approved {
			if err := q.SetGroupApproved(ctx, g.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		rows = append(rows, r)
	}
	for range 25 {
		create()
	}
	queries := [][]string{{"velo"}, {"vel"}, {"velor"}, {"jardin"}, {"jardi"}, {"quart"}, {"quartier"}, {"ab"}, {"ecol"}, {"ecologie", "lyon"},
		{"lyon", "jard"}, {"solidar"}, {"logements"}, {"zzzz"}, {"velorution", "velos", "abri"}}
	check := func(step int, what string) {
		t.Helper()
		for _, terms := range queries {
			for _, kind := range []string{"", kinds[0], kinds[1]} {
				var want []string
				for _, r := range rows {
					g := r.g
					if g.Visibility == cortege.VisibilityPublic && g.Approved && !g.Hidden && (kind == "" || g.Kind == kind) &&
						cortege.MatchesWords(r.text, terms) {
						want = append(want, g.ID)
					}
				}
				slices.Sort(want)
				slices.Reverse(want)
				arg := strings.Join(terms, "%")
				n, err := q.CountSearchGroups(ctx, kind, arg)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for off := 0; ; off += 4 {
					page, err := q.SearchGroups(ctx, kind, arg, 4, off)
					if err != nil {
						t.Fatal(err)
					}
					for _, g := range page {
						got = append(got, g.ID)
					}
					if len(page) < 4 {
						break
					}
				}
				if n != len(want) || !slices.Equal(got, want) {
					t.Fatalf("step %d (%s): search %v kind %q: %d %v, scan %v", step, what, terms, kind, n, got, want)
				}
			}
		}
	}
	check(0, "start")
	for step := 1; step <= 150; step++ {
		r := rows[rng.IntN(len(rows))]
		g := r.g
		var what string
		switch x := rng.IntN(10); {
		case x < 4:
			what = "new text"
			r.text = text()
			if err := q.UpdateGroup(ctx, g, r.text); err != nil {
				t.Fatal(err)
			}
		case x < 7:
			what = "listing"
			g.Approved = rng.IntN(3) != 0
			g.Hidden = rng.IntN(4) == 0
			g.Kind = kinds[rng.IntN(2)]
			g.Visibility = cortege.VisibilityPublic
			if rng.IntN(4) == 0 {
				g.Visibility = cortege.VisibilityUnlisted
			}
			if err := q.UpdateGroup(ctx, g, r.text); err != nil {
				t.Fatal(err)
			}
			if err := q.SetGroupApproved(ctx, g.ID, g.Approved); err != nil {
				t.Fatal(err)
			}
			if err := q.SetGroupHidden(ctx, g.ID, g.Hidden); err != nil {
				t.Fatal(err)
			}
		case x < 8 && len(rows) > 5:
			what = "delete"
			if err := q.DeleteGroup(ctx, g.ID); err != nil {
				t.Fatal(err)
			}
			rows = slices.DeleteFunc(rows, func(o *row) bool { return o == r })
		default:
			what = "create"
			create()
		}
		check(step, what)
	}
}
