package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
)

// LoginToken is the stored half of an emailed one-time link.
type LoginToken struct {
	Hash      string
	Purpose   string
	Email     string
	AccountID string
	Lang      string // the language of the page where the link was asked for
	ExpiresAt time.Time
}

// CreateLoginToken stores a token's hash.
func (q *Q) CreateLoginToken(ctx context.Context, t *LoginToken) error {
	_, err := q.exec(ctx, "CreateLoginToken", t.Hash, t.Purpose, t.Email, nullStr(t.AccountID), t.Lang, ms(q.db.now()), ms(t.ExpiresAt))
	return err
}

// ConsumeLoginToken marks a live token used in one conditional update and
// returns what it was for (Hash and ExpiresAt left empty); a used, expired
// or unknown token is ENOTFOUND.
func (q *Q) ConsumeLoginToken(ctx context.Context, hash, purpose string) (*LoginToken, error) {
	now := ms(q.db.now())
	t := &LoginToken{Purpose: purpose}
	err := q.get(ctx, "ConsumeLoginToken", []any{now, hash, purpose, now}, &t.Email, &t.AccountID, &t.Lang)
	if cortege.IsNotFound(err) {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.token.invalid")
	}
	return t, err
}

// LoginTokenLive reports whether a token can still be consumed (the
// confirmation page checks it without using it).
func (q *Q) LoginTokenLive(ctx context.Context, hash, purpose string) (bool, error) {
	var n int
	err := q.get(ctx, "LoginTokenExists", []any{hash, purpose, ms(q.db.now())}, &n)
	return n > 0, err
}

// CreateSession stores a session.
func (q *Q) CreateSession(ctx context.Context, s *cortege.Session) error {
	_, err := q.exec(ctx, "CreateSession", s.ID, s.AccountID, nullStr(s.ProfileID), ms(s.CreatedAt), ms(s.ExpiresAt), ms(s.CreatedAt))
	return err
}

// SessionByID returns a live session or ENOTFOUND.
func (q *Q) SessionByID(ctx context.Context, id string) (*cortege.Session, error) {
	var s cortege.Session
	var created, expires, seen int64
	err := q.get(ctx, "SessionByID", []any{id, ms(q.db.now())}, &s.ID, &s.AccountID, &s.ProfileID, &created, &expires, &seen)
	if err != nil {
		return nil, err
	}
	s.CreatedAt, s.ExpiresAt = fromMS(created), fromMS(expires)
	return &s, nil
}

// TouchSession extends a session's life.
func (q *Q) TouchSession(ctx context.Context, id string, expires time.Time) error {
	_, err := q.exec(ctx, "TouchSession", ms(q.db.now()), ms(expires), id)
	return err
}

// SetSessionProfile changes the acting profile of a session.
func (q *Q) SetSessionProfile(ctx context.Context, id, profileID string) error {
	_, err := q.exec(ctx, "SetSessionProfile", profileID, id)
	return err
}

// DeleteSession signs one browser out.
func (q *Q) DeleteSession(ctx context.Context, id string) error {
	_, err := q.exec(ctx, "DeleteSession", id)
	return err
}

// DeleteAccountSessions signs an account out everywhere.
func (q *Q) DeleteAccountSessions(ctx context.Context, accountID string) error {
	_, err := q.exec(ctx, "DeleteAccountSessions", accountID)
	return err
}

// CreateAPIToken stores a personal token's hash.
func (q *Q) CreateAPIToken(ctx context.Context, t *cortege.APIToken, hash string) error {
	_, err := q.exec(ctx, "CreateAPIToken", t.ID, hash, t.AccountID, t.Label, strings.Join(t.Scopes, ","), ms(t.CreatedAt), ms(t.ExpiresAt))
	return err
}

func scanAPIToken(s scanner) (*cortege.APIToken, error) {
	var t cortege.APIToken
	var scopes string
	var created, used, expires int64
	if err := s.Scan(&t.ID, &t.AccountID, &t.Label, &scopes, &created, &used, &expires); err != nil {
		return nil, err
	}
	t.Scopes, _ = cortege.ParseScopes(scopes)
	t.CreatedAt, t.LastUsedAt, t.ExpiresAt = fromMS(created), fromMS(used), fromMS(expires)
	return &t, nil
}

// APITokenByHash returns the token with that hash or ENOTFOUND.
func (q *Q) APITokenByHash(ctx context.Context, hash string) (*cortege.APIToken, error) {
	t, err := scanAPIToken(q.stmt(ctx, "APITokenByHash").QueryRowContext(ctx, hash))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.token.invalid")
	}
	return t, wrap("APITokenByHash", err)
}

// APITokensByAccount lists an account's tokens (never their secret).
func (q *Q) APITokensByAccount(ctx context.Context, accountID string) ([]*cortege.APIToken, error) {
	rows, err := q.query(ctx, "APITokensByAccount", accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.APIToken
	for rows.Next() {
		t, err := scanAPIToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TouchAPIToken records a use of the token at now, unless one was
// recorded less than cortege.TokenTouchEvery before.
func (q *Q) TouchAPIToken(ctx context.Context, id string, now time.Time) error {
	_, err := q.exec(ctx, "TouchAPIToken", ms(now), id, ms(now.Add(-cortege.TokenTouchEvery)))
	return err
}

// DeleteAccountAPITokens revokes every token of an account.
func (q *Q) DeleteAccountAPITokens(ctx context.Context, accountID string) error {
	_, err := q.exec(ctx, "DeleteAccountAPITokens", accountID)
	return err
}

// DeleteAPIToken revokes one of the account's tokens; another's is ENOTFOUND.
func (q *Q) DeleteAPIToken(ctx context.Context, id, accountID string) error {
	n, err := q.execN(ctx, "DeleteAPIToken", id, accountID)
	if err == nil && n == 0 {
		return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	return err
}

// HitRateLimit counts one hit on key in the window of the given length and
// returns the count so far in this window. Every node shares the counter.
func (q *Q) HitRateLimit(ctx context.Context, key string, window time.Duration) (int, error) {
	return q.rateLimit(ctx, "HitRateLimit", key, window)
}

// RateLimitCount returns the hits on key in the current window of the
// given length, counting none.
func (q *Q) RateLimitCount(ctx context.Context, key string, window time.Duration) (int, error) {
	return q.rateLimit(ctx, "RateLimitCount", key, window)
}

// rateLimit runs the rate-limit statement name on key for the current
// fixed window (aligned on multiples of its length) and returns the count.
func (q *Q) rateLimit(ctx context.Context, name, key string, window time.Duration) (int, error) {
	w := window.Milliseconds()
	start := ms(q.db.now()) / w * w
	var n int
	err := q.get(ctx, name, []any{key, start}, &n)
	return n, err
}

// How long Purge keeps rate-limit windows (the counters' keys hold an
// address for some limits) and finished jobs (a mail's job holds its
// recipient's address): what the privacy page states.
const (
	RateLimitsKept = 24 * time.Hour
	DoneJobsKept   = 7 * 24 * time.Hour
	DeadJobsKept   = 30 * 24 * time.Hour // failed for good: kept for the operator to look into
)

// Purge deletes expired sign-in tokens, sessions, rate-limit windows older
// than a day, finished jobs older than a week, jobs failed for good older
// than a month, unsubscribe links older
// than a year (the mails that carried them are long read), reminder keys
// older than three months and digest lines sent a month ago.
func (q *Q) Purge(ctx context.Context) error {
	now := q.db.now()
	for _, p := range []struct {
		name string
		at   time.Time
	}{
		{"PurgeLoginTokens", now.Add(-24 * time.Hour)},
		{"PurgeSessions", now},
		{"PurgeEventSessions", now},
		{"PurgeRateLimits", now.Add(-RateLimitsKept)},
		{"PurgeDoneJobs", now.Add(-DoneJobsKept)},
		{"PurgeDeadJobs", now.Add(-DeadJobsKept)},
		{"PurgeUnsubscribeTokens", now.Add(-365 * 24 * time.Hour)},
		{"PurgeEventMailLog", now.Add(-90 * 24 * time.Hour)},
		{"PurgeDigestItems", now.Add(-30 * 24 * time.Hour)},
	} {
		if _, err := q.exec(ctx, p.name, ms(p.at)); err != nil {
			return err
		}
	}
	return nil
}

// RateLimitKeys lists the keys of the rate limits' counters (tests: what
// the table keeps).
func (q *Q) RateLimitKeys(ctx context.Context) ([]string, error) {
	rows, err := q.query(ctx, "RateLimitKeys")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
