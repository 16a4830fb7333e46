package store

import (
	"context"
	"database/sql"
	"strings"

	"codeberg.org/cortege/cortege"
)

// emailKey is the case-insensitive form under which an address is unique.
func emailKey(email string) string { return strings.ToLower(email) }

// CreateAccount inserts a; an address already used is ECONFLICT.
func (q *Q) CreateAccount(ctx context.Context, a *cortege.Account) error {
	if a.Identity == "" {
		a.Identity = cortege.IdentityChosen
	}
	_, err := q.exec(ctx, "CreateAccount", a.ID, a.Email, emailKey(a.Email), a.Role, a.Status, a.Lang, a.Identity, ms(a.CreatedAt))
	return err
}

type scanner interface{ Scan(...any) error }

func scanAccount(s scanner) (*cortege.Account, error) {
	var a cortege.Account
	var created, last int64
	if err := s.Scan(&a.ID, &a.Email, &a.Role, &a.Status, &a.Lang, &a.PasswordHash, &a.DefaultProfileID, &a.Identity, &created, &last); err != nil {
		return nil, err
	}
	a.CreatedAt, a.LastLoginAt = fromMS(created), fromMS(last)
	return &a, nil
}

func (q *Q) account(ctx context.Context, name string, arg any) (*cortege.Account, error) {
	a, err := scanAccount(q.stmt(ctx, name).QueryRowContext(ctx, arg))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.account.not_found")
	}
	return a, wrap(name, err)
}

// AccountByID returns the account with that ID or ENOTFOUND.
func (q *Q) AccountByID(ctx context.Context, id string) (*cortege.Account, error) {
	return q.account(ctx, "AccountByID", id)
}

// AccountByEmail returns the account using that address (any case) or ENOTFOUND.
func (q *Q) AccountByEmail(ctx context.Context, email string) (*cortege.Account, error) {
	return q.account(ctx, "AccountByEmail", emailKey(email))
}

// UpdateAccount saves every editable column of a.
func (q *Q) UpdateAccount(ctx context.Context, a *cortege.Account) error {
	if a.Identity == "" {
		a.Identity = cortege.IdentityChosen
	}
	_, err := q.exec(ctx, "UpdateAccount", a.Email, emailKey(a.Email), a.Role, a.Status, a.Lang, a.PasswordHash, nullStr(a.DefaultProfileID), a.Identity, a.ID)
	return err
}

// SetAccountIdentity records where an account stands with the identity
// step (cortege.IdentityChosen and the others).
func (q *Q) SetAccountIdentity(ctx context.Context, id, identity string) error {
	_, err := q.exec(ctx, "SetAccountIdentity", identity, id)
	return err
}

// TouchAccountLogin records a successful sign-in.
func (q *Q) TouchAccountLogin(ctx context.Context, id string) error {
	_, err := q.exec(ctx, "TouchAccountLogin", ms(q.db.now()), id)
	return err
}

// DeleteAccount removes the account row; its sessions and tokens go with it,
// and its profiles must have been erased first.
func (q *Q) DeleteAccount(ctx context.Context, id string) error {
	_, err := q.exec(ctx, "DeleteAccount", id)
	return err
}

// CountAccounts returns how many accounts exist.
func (q *Q) CountAccounts(ctx context.Context) (int, error) {
	var n int
	err := q.get(ctx, "CountAccounts", nil, &n)
	return n, err
}

// SearchAccounts lists accounts whose address, handle or display name
// contains text ("" lists all), newest first.
func (q *Q) SearchAccounts(ctx context.Context, text string, limit, offset int) ([]*cortege.Account, error) {
	like := "%" + escapeLike(strings.ToLower(text)) + "%"
	rows, err := q.query(ctx, "SearchAccounts", text, like, like, like, limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// escapeLike drops LIKE wildcards from user text so they match literally
// enough for a search box (no ESCAPE clause needed on either engine).
func escapeLike(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

// CountAdmins returns how many active administrators exist.
func (q *Q) CountAdmins(ctx context.Context) (int, error) {
	var n int
	err := q.get(ctx, "CountAdmins", nil, &n)
	return n, err
}
