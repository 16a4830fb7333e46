package store

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
)

// LockAccount holds the account's row until the transaction ends, so
// that its invitation windows are counted and filled one request at a
// time. ENOTFOUND when there is no such account.
func (q *Q) LockAccount(ctx context.Context, id string) error {
	var got string
	return q.get(ctx, "LockAccount", []any{id}, &got)
}

// AddInvitationSend counts one invitation the account sent to a group.
func (q *Q) AddInvitationSend(ctx context.Context, accountID, groupID string) error {
	now := q.db.now()
	_, err := q.exec(ctx, "AddInvitationSend", cortege.NewID(now), accountID, groupID, ms(now))
	return err
}

// CountInvitationSends returns how many invitations the account sent
// after since, and when the oldest of them was sent (zero when none).
func (q *Q) CountInvitationSends(ctx context.Context, accountID string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest int64
	err := q.get(ctx, "CountInvitationSends", []any{accountID, ms(since)}, &n, &oldest)
	return n, fromMS(oldest), err
}

// CountInvitationsAccepted returns how many people with another account
// are members through the account's invitations.
func (q *Q) CountInvitationsAccepted(ctx context.Context, accountID string) (int, error) {
	var n int
	err := q.get(ctx, "CountInvitationsAccepted", []any{accountID, accountID}, &n)
	return n, err
}

// InvitationHeld reports whether an administrator stopped the account's
// invitations.
func (q *Q) InvitationHeld(ctx context.Context, accountID string) (bool, error) {
	var n int
	err := q.get(ctx, "InvitationHeld", []any{accountID}, &n)
	return n > 0, err
}

// PutInvitationHold stops the account's invitations (by an administrator).
func (q *Q) PutInvitationHold(ctx context.Context, accountID, by string) error {
	_, err := q.exec(ctx, "PutInvitationHold", accountID, by, ms(q.db.now()))
	return err
}

// DeleteInvitationHold lets the account invite again.
func (q *Q) DeleteInvitationHold(ctx context.Context, accountID string) error {
	_, err := q.exec(ctx, "DeleteInvitationHold", accountID)
	return err
}

// CancelUnsentInvitations deletes the account's invitations by address
// whose mail has not gone yet and returns how many.
func (q *Q) CancelUnsentInvitations(ctx context.Context, accountID string) (int, error) {
	n, err := q.execN(ctx, "CancelUnsentInvitations", accountID)
	return int(n), err
}

// InvitationSender is an account that sent invitations lately.
type InvitationSender struct {
	Account           *cortege.Account
	LastHour, LastDay int
	HeldAt            time.Time // zero unless an administrator stopped it
}

// InvitationSenders lists up to limit accounts that sent invitations
// after dayStart, busiest after hourStart first.
func (q *Q) InvitationSenders(ctx context.Context, hourStart, dayStart time.Time, limit int) ([]*InvitationSender, error) {
	return q.senders(ctx, "InvitationSenders", true, ms(hourStart), ms(dayStart), limit)
}

// InvitationHolds lists up to limit accounts whose invitations are
// stopped, most recent first.
func (q *Q) InvitationHolds(ctx context.Context, limit int) ([]*InvitationSender, error) {
	return q.senders(ctx, "InvitationHolds", false, limit)
}

// senders runs a query of accounts, with their two counts when counted,
// then the time of their hold.
func (q *Q) senders(ctx context.Context, name string, counted bool, args ...any) ([]*InvitationSender, error) {
	rows, err := q.query(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*InvitationSender
	for rows.Next() {
		var s InvitationSender
		var a cortege.Account
		var created, last, held int64
		dest := []any{&a.ID, &a.Email, &a.Role, &a.Status, &a.Lang, &a.PasswordHash, &a.DefaultProfileID, &created, &last}
		if counted {
			dest = append(dest, &s.LastHour, &s.LastDay)
		}
		if err := rows.Scan(append(dest, &held)...); err != nil {
			return nil, err
		}
		a.CreatedAt, a.LastLoginAt, s.HeldAt = fromMS(created), fromMS(last), fromMS(held)
		s.Account = &a
		out = append(out, &s)
	}
	return out, rows.Err()
}

// CountWaitingJobs returns how many queued jobs of kind wait for a later
// time than now.
func (q *Q) CountWaitingJobs(ctx context.Context, kind string) (int, error) {
	var n int
	err := q.get(ctx, "CountWaitingJobs", []any{kind, ms(q.db.now())}, &n)
	return n, err
}

// PurgeInvitationSends forgets invitations sent before t (the windows
// reach back a day).
func (q *Q) PurgeInvitationSends(ctx context.Context, before time.Time) error {
	_, err := q.exec(ctx, "PurgeInvitationSends", ms(before))
	return err
}
