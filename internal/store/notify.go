package store

import (
	"context"

	"codeberg.org/cortege/cortege"
)

// NotificationPrefs returns an account's saved email preferences; kinds
// never saved are absent (on by default).
func (q *Q) NotificationPrefs(ctx context.Context, accountID string) (cortege.NotificationPrefs, error) {
	rows, err := q.query(ctx, "NotificationPrefs", accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := cortege.NotificationPrefs{}
	for rows.Next() {
		var k string
		var on bool
		if err := rows.Scan(&k, &on); err != nil {
			return nil, wrap("NotificationPrefs", err)
		}
		out[k] = on
	}
	return out, wrap("NotificationPrefs", rows.Err())
}

// PutNotificationPref saves whether kind is emailed to an account.
func (q *Q) PutNotificationPref(ctx context.Context, accountID, kind string, email bool) error {
	_, err := q.exec(ctx, "PutNotificationPref", accountID, kind, email)
	return err
}

// CreateUnsubscribeToken stores the hash of a one-click unsubscribe token
// for an account and a kind.
func (q *Q) CreateUnsubscribeToken(ctx context.Context, hash, accountID, kind string) error {
	_, err := q.exec(ctx, "CreateUnsubscribeToken", hash, accountID, kind, ms(q.db.now()))
	return err
}

// UnsubscribeTokenByHash returns the account and kind of a token, or ENOTFOUND.
func (q *Q) UnsubscribeTokenByHash(ctx context.Context, hash string) (accountID, kind string, err error) {
	err = q.get(ctx, "UnsubscribeTokenByHash", []any{hash}, &accountID, &kind)
	return
}
