package store

import (
	"context"

	"codeberg.org/cortege/cortege"
)

// CreateICSFeedToken stores the hash of a new personal calendar feed token.
func (q *Q) CreateICSFeedToken(ctx context.Context, t *cortege.ICSFeedToken, hash string) error {
	_, err := q.exec(ctx, "CreateICSFeedToken", t.ID, hash, t.ProfileID, ms(t.CreatedAt))
	return err
}

// ICSFeedProfile returns the profile whose live feed token has this hash,
// or ENOTFOUND.
func (q *Q) ICSFeedProfile(ctx context.Context, hash string) (string, error) {
	var id string
	return id, q.get(ctx, "ICSFeedProfile", []any{hash}, &id)
}

// ICSFeedTokens lists a profile's feed tokens, latest first.
func (q *Q) ICSFeedTokens(ctx context.Context, profileID string) ([]*cortege.ICSFeedToken, error) {
	rows, err := q.query(ctx, "ICSFeedTokens", profileID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.ICSFeedToken
	for rows.Next() {
		var t cortege.ICSFeedToken
		var c, r int64
		if err := rows.Scan(&t.ID, &t.ProfileID, &c, &r); err != nil {
			return nil, wrap("ICSFeedTokens", err)
		}
		t.CreatedAt, t.RevokedAt = fromMS(c), fromMS(r)
		out = append(out, &t)
	}
	return out, wrap("ICSFeedTokens", rows.Err())
}

// RevokeICSFeedToken revokes one of a profile's feed tokens.
func (q *Q) RevokeICSFeedToken(ctx context.Context, id, profileID string) error {
	return q.changed(ctx, "RevokeICSFeedToken", ms(q.db.now()), id, profileID)
}
