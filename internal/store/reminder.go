package store

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
)

// DigestItem is one line waiting for an account's daily digest.
type DigestItem struct {
	ID        string
	AccountID string
	Title     string
	Body      string
	URL       string
	CreatedAt time.Time
}

// AddDigestItem queues a line for an account's next digest.
func (q *Q) AddDigestItem(ctx context.Context, d *DigestItem) error {
	if d.ID == "" {
		d.ID = cortege.NewID(q.db.now())
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = q.db.now()
	}
	_, err := q.exec(ctx, "AddDigestItem", d.ID, d.AccountID, d.Title, d.Body, d.URL, ms(d.CreatedAt))
	return err
}

// DigestAccounts lists accounts with lines waiting since before before.
func (q *Q) DigestAccounts(ctx context.Context, before time.Time, limit int) ([]string, error) {
	rows, err := q.query(ctx, "DigestAccounts", ms(before), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, wrap("DigestAccounts", err)
		}
		out = append(out, id)
	}
	return out, wrap("DigestAccounts", rows.Err())
}

// DigestItems lists the lines waiting for an account, oldest first.
func (q *Q) DigestItems(ctx context.Context, accountID string) ([]*DigestItem, error) {
	rows, err := q.query(ctx, "DigestItems", accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*DigestItem
	for rows.Next() {
		d := &DigestItem{AccountID: accountID}
		var c int64
		if err := rows.Scan(&d.ID, &d.Title, &d.Body, &d.URL, &c); err != nil {
			return nil, wrap("DigestItems", err)
		}
		d.CreatedAt = fromMS(c)
		out = append(out, d)
	}
	return out, wrap("DigestItems", rows.Err())
}

// MarkDigestSent marks an account's lines up to upTo as sent.
func (q *Q) MarkDigestSent(ctx context.Context, accountID string, upTo time.Time) error {
	_, err := q.exec(ctx, "MarkDigestSent", ms(q.db.now()), accountID, ms(upTo))
	return err
}
