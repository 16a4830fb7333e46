package store

import (
	"context"
	"database/sql"
	"time"
)

// SetCancelReason records (or replaces) the reason an event was cancelled.
func (q *Q) SetCancelReason(ctx context.Context, eventID, reason string, at time.Time) error {
	_, err := q.exec(ctx, "SetCancelReason", eventID, reason, ms(at))
	return err
}

// CancelReason returns the reason recorded for a cancelled event; "" when
// the organisers gave none (no reason is a normal answer, not an error).
func (q *Q) CancelReason(ctx context.Context, eventID string) (string, error) {
	var reason string
	err := q.stmt(ctx, "CancelReason").QueryRowContext(ctx, eventID).Scan(&reason)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return reason, wrap("CancelReason", err)
}
