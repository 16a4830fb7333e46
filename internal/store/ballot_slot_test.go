package store_test

import (
	"context"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestEmptySlotRenamesTheRow: a re-vote frees the row of the earlier
// ballot under a new ID, so that the earlier receipt can never name the
// ballot a later voter puts in that row.
func TestEmptySlotRenamesTheRow(t *testing.T) {
	ctx := context.Background()
	db := testkit.OpenDB(t)
	q := db.Q()
	now := time.Now().UTC().Truncate(time.Millisecond)
	c := &cortege.Consultation{ID: cortege.NewID(now), Title: "Vote", Secret: true, State: cortege.ConsultationOpen, Revote: true,
		OpensAt: now, ClosesAt: now.Add(time.Hour), TZ: "Europe/Paris", Audience: cortege.AudienceMembers, Lang: "fr", CreatedAt: now, UpdatedAt: now}
	if err := q.CreateConsultation(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := q.AllocateBallot(ctx, c.ID, "premierbulletinaaaaaaaaaaa", 7); err != nil {
		t.Fatal(err)
	}
	first, err := q.PickFreeBallot(ctx, c.ID, 7)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(ctx, func(q *store.Q) error {
		return q.FillBallot(ctx, c.ID, store.StoredBallot{ID: first, Answers: `[]`, Token: "t", Signature: "s", Slot: "slot-1"})
	}); err != nil {
		t.Fatal(err)
	}
	if ok, err := q.EmptySlot(ctx, c.ID, "slot-1", "nouveaunumeroaaaaaaaaaaaaa", 3); err != nil || !ok {
		t.Fatalf("empty slot: %v, %v", ok, err)
	}
	if taken, _ := q.SlotTaken(ctx, c.ID, "slot-1"); taken {
		t.Error("the slot is still taken")
	}
	again, err := q.PickFreeBallot(ctx, c.ID, 3)
	if err != nil {
		t.Fatal(err)
	}
	if again == first || again != "nouveaunumeroaaaaaaaaaaaaa" {
		t.Errorf("the freed row is %q; want the new ID, never the earlier receipt %q", again, first)
	}
}
