package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// waitlistView says whether e is full (joining then means the waiting
// list) and where the viewer stands on that list.
func (s *Service) waitlistView(ctx context.Context, q *store.Q, e *cortege.Event, ev *EventView) error {
	if e.Capacity > 0 {
		seats, err := q.SeatsTaken(ctx, e.ID)
		if err != nil {
			return err
		}
		ev.Full = seats >= e.Capacity
	}
	if ev.Mine != nil && ev.Mine.Status == cortege.PartWaitlisted {
		rank, err := q.WaitlistRank(ctx, ev.Mine.ID)
		if err != nil {
			return err
		}
		ev.WaitlistRank = rank
	}
	return nil
}
