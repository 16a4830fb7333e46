package service_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
)

// TestConcurrentRegistrationsKeepCapacity: 200 people register at once on
// an event of 50 seats, then all confirm at once. With group commit many
// share a commit, yet every position is given once, in a row, exactly 50
// are admitted and the other 150 wait in the order they arrived.
func TestConcurrentRegistrationsKeepCapacity(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Salle des fêtes")
	in.Capacity = 50
	ev := mustCreate(t, e, org, in)
	const n = 200
	c0, t0 := e.db.Commits()
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := cortege.Actor{IP: fmt.Sprintf("203.0.113.%d", i)}
			if _, err := e.svc.JoinEvent(ctx, a, service.ByID(ev.ID), service.JoinInput{Name: fmt.Sprint("P", i), Email: fmt.Sprintf("p%d@example.org", i), Lang: "fr"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	c1, t1 := e.db.Commits()
	t.Logf("%d registrations in %d transactions, %d commits", n, t1-t0, c1-c0)
	ps, err := e.db.Q().Participations(ctx, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != n {
		t.Fatalf("%d participations, want %d", len(ps), n)
	}
	for i, p := range ps {
		if p.Position != i+1 || p.Status != cortege.PartUnconfirmed {
			t.Fatalf("participation %d: position %d, status %s", i, p.Position, p.Status)
		}
	}

	e.drain(t)
	for i := range n {
		wg.Add(1)
		tok, _ := linkWith(t, e, fmt.Sprintf("p%d@example.org", i), "/events/participation/confirm")
		go func() {
			defer wg.Done()
			if _, err := e.svc.ConfirmParticipation(ctx, tok); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	counts, err := e.db.Q().CountParticipations(ctx, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if counts[cortege.PartApproved] != 50 || counts[cortege.PartWaitlisted] != 150 {
		t.Fatalf("after 200 confirmations on 50 seats: %v", counts)
	}
	// The waiting list is in order of arrival (position), with no gap.
	wl, err := e.db.Q().WaitingList(ctx, ev.ID, n)
	if err != nil {
		t.Fatal(err)
	}
	if !sort.SliceIsSorted(wl, func(i, j int) bool { return wl[i].Position < wl[j].Position }) || len(wl) != 150 {
		t.Fatalf("waiting list of %d not in order", len(wl))
	}
}

// TestRegistrationCostDoesNotGrow: an anonymous registration runs the
// same statements, in one commit, on an event of 10 participants and on
// one of 5,000.
func TestRegistrationCostDoesNotGrow(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	cost := func(participants int) (statements, commits uint64) {
		ev := mustCreate(t, e, org, eventInput(e, fmt.Sprintf("Marche à %d", participants)))
		fill(t, e.db, ev.ID, participants)
		// The first registration warms what is read once (the link key).
		anonJoin(t, e, ev.ID, "Premier", fmt.Sprintf("first%d@example.org", participants))
		s0 := e.db.Statements()
		c0, _ := e.db.Commits()
		a := cortege.Actor{IP: fmt.Sprintf("192.0.2.%d", participants%250)}
		if _, err := e.svc.JoinEvent(ctx, a, service.ByID(ev.ID), service.JoinInput{Name: "Zoé", Email: fmt.Sprintf("zoe%d@example.org", participants), Lang: "fr"}); err != nil {
			t.Fatal(err)
		}
		c1, _ := e.db.Commits()
		return e.db.Statements() - s0, c1 - c0
	}
	small, smallCommits := cost(10)
	big, bigCommits := cost(5000)
	if small != big {
		t.Errorf("a registration runs %d statements on an event of 10, %d on one of 5,000", small, big)
	}
	if smallCommits != 1 || bigCommits != 1 {
		t.Errorf("a registration made %d and %d commits, want 1", smallCommits, bigCommits)
	}
	t.Logf("an anonymous registration: %d statements, one commit", small)
}

// fill gives an event n anonymous, confirmed participants, in one
// transaction.
func fill(t *testing.T, db *store.DB, eventID string, n int) {
	t.Helper()
	now := time.Now().UTC()
	err := db.InTx(context.Background(), func(q *store.Q) error {
		for i := range n {
			id := cortege.NewID(now)
			p := &cortege.Participation{ID: id, EventID: eventID, Name: "Manif", Email: fmt.Sprintf("m%d-%s@example.org", i, eventID),
				Status: cortege.PartApproved, Position: i + 1, Lang: "fr", CreatedAt: now, UpdatedAt: now}
			sec := store.ParticipationSecrets{ConfirmHash: "c" + id, CancelHash: "x" + id, TicketHash: "t" + id}
			p.TicketShort = "ABCD"
			if err := q.CreateParticipation(context.Background(), p, sec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentEventsOfOneStart: events created at once that start the
// same minute each get their own start_key (on PostgreSQL two inserts
// took the same "next free" key and the second failed with a conflict).
func TestConcurrentEventsOfOneStart(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	const n = 12
	orgs := make([]cortege.Actor, n)
	for i := range orgs {
		orgs[i] = signIn(t, e, fmt.Sprintf("org%d@example.org", i))
	}
	var wg sync.WaitGroup
	ids := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev, err := e.svc.CreateEvent(ctx, orgs[i], eventInput(e, fmt.Sprint("Rassemblement ", i)))
			if err != nil {
				t.Errorf("event %d: %v", i, err)
				return
			}
			ids[i] = ev.ID
		}()
	}
	wg.Wait()
	page, err := e.svc.SearchEvents(ctx, cortege.Actor{}, service.EventQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != n {
		t.Fatalf("%d events listed, want %d", len(page.Items), n)
	}
}
