package service_test

import (
	"context"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestDeletedAccountOnEvents: after someone deletes their account, their
// registration to an event under way stays, counted, as "deleted
// profile"; their seat at an event still to come goes to the waiting
// list; their comments, photos and the events they created say "deleted
// profile" rather than a stale or empty name.
func TestDeletedAccountOnEvents(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	gone := signIn(t, e, "gone@example.org")
	next := signIn(t, e, "next@example.org")

	soon := eventInput(e, "Atelier")
	soon.Start = e.clock().Add(time.Hour).Truncate(time.Minute)
	soon.End = soon.Start.Add(3 * time.Hour)
	now := mustCreate(t, e, org, soon)
	later := eventInput(e, "Réunion")
	later.Capacity = 1
	upcoming := mustCreate(t, e, org, later)
	own := mustCreate(t, e, gone, eventInput(e, "Pique-nique"))

	mustJoin(t, e, gone, now.ID)
	mustJoin(t, e, gone, upcoming.ID)
	if p := mustJoin(t, e, next, upcoming.ID); p.Status != cortege.PartWaitlisted {
		t.Fatalf("second on a one-seat event: %s", p.Status)
	}
	e.advance(2 * time.Hour) // the first event is under way
	if _, err := e.svc.Comment(ctx, gone, service.ByID(now.ID), "Super atelier"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddPhoto(ctx, gone, service.ByID(now.ID), tinyPNG(t), "Les vélos"); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DeleteAccount(ctx, gone); err != nil {
		t.Fatal(err)
	}

	// Under way: the registration stays, counted, as a deleted profile.
	ps, err := e.svc.Participants(ctx, org, service.ByID(now.ID))
	if err != nil || len(ps) != 1 || !ps[0].ProfileDeleted || ps[0].Name != "" || ps[0].Handle != "" || ps[0].Status != cortege.PartApproved {
		t.Fatalf("participants under way: %+v, %v", ps, err)
	}
	v, err := e.svc.Event(ctx, org, service.ByID(now.ID))
	if err != nil || v.Counts.Approved != 1 {
		t.Fatalf("counts under way: %+v, %v", v.Counts, err)
	}
	cs, err := e.svc.Comments(ctx, org, service.ByID(now.ID), 1)
	if err != nil || len(cs) != 1 || cs[0].Author != nil || cs[0].Comment.Body != "Super atelier" {
		t.Fatalf("comment: %+v, %v", cs, err)
	}
	photos, err := e.svc.Photos(ctx, org, service.ByID(now.ID))
	if err != nil || len(photos) != 1 {
		t.Fatalf("photos: %v, %v", photos, err)
	}
	names, err := e.svc.ProfileNames(ctx, org, []string{photos[0].ProfileID})
	if p := names[photos[0].ProfileID]; err != nil || p == nil || !p.Deleted || p.Name() != "" {
		t.Fatalf("photo author: %+v, %v", p, err)
	}

	// To come: the seat went to the next in line.
	ps, err = e.svc.Participants(ctx, org, service.ByID(upcoming.ID))
	if err != nil || len(ps) != 2 {
		t.Fatalf("participants to come: %+v, %v", ps, err)
	}
	for _, p := range ps {
		if p.ProfileDeleted && p.Status != cortege.PartCancelled || !p.ProfileDeleted && p.Status != cortege.PartApproved {
			t.Errorf("to come: %+v", p)
		}
	}
	if v, _ := e.svc.Event(ctx, org, service.ByID(upcoming.ID)); v.Counts.Approved != 1 || v.Counts.Waitlisted != 0 {
		t.Fatalf("counts to come: %+v", v.Counts)
	}

	// Their own event names no one.
	v, err = e.svc.Event(ctx, visitor, service.ByID(own.ID))
	if err != nil || v.Creator != nil || !v.CreatorDeleted {
		t.Fatalf("own event: creator %+v deleted %v, %v", v.Creator, v.CreatorDeleted, err)
	}
}
