package store

import "context"

// WaitlistRank is a waitlisted participation's place in line, 1 for the
// next person promoted (0 when it is not on the waiting list).
func (q *Q) WaitlistRank(ctx context.Context, participationID string) (int, error) {
	var n int
	err := q.get(ctx, "WaitlistRank", []any{participationID}, &n)
	return n, err
}
