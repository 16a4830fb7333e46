package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"codeberg.org/cortege/cortege"
)

// Kinds of owner in the shared handle namespace.
const (
	HandleProfile = "profile"
	HandleGroup   = "group"
)

// ReserveHandle claims handle for an owner; a taken handle is ECONFLICT with
// field "handle".
func (q *Q) ReserveHandle(ctx context.Context, handle, kind, ownerID string) error {
	_, err := q.exec(ctx, "ReserveHandle", handle, kind, ownerID)
	if cortege.ErrorCode(err) == cortege.ECONFLICT {
		return &cortege.Error{Code: cortege.ECONFLICT, Field: "handle", Message: "err.handle.taken"}
	}
	return err
}

// HandleTaken reports whether a handle is used by a profile or group.
func (q *Q) HandleTaken(ctx context.Context, handle string) (bool, error) {
	var n int
	err := q.get(ctx, "HandleTaken", []any{handle}, &n)
	return n > 0, err
}

// RenameProfile gives profile id a new handle and display name: the new
// handle is reserved (ECONFLICT with field "handle" when taken) and, when
// release is set, the old one freed; otherwise it stays reserved so nobody
// can pass for its former holder.
func (q *Q) RenameProfile(ctx context.Context, id, oldHandle, newHandle, name string, release bool) error {
	return q.InTx(ctx, func(q *Q) error {
		if newHandle != oldHandle {
			if err := q.ReserveHandle(ctx, newHandle, HandleProfile, id); err != nil {
				return err
			}
			if release {
				if _, err := q.exec(ctx, "ReleaseHandle", oldHandle, HandleProfile, id); err != nil {
					return err
				}
			}
		}
		_, err := q.exec(ctx, "RenameProfile", newHandle, name, id)
		return err
	})
}

// CreateProfile reserves the handle and inserts p.
func (q *Q) CreateProfile(ctx context.Context, p *cortege.Profile) error {
	return q.InTx(ctx, func(q *Q) error {
		if err := q.ReserveHandle(ctx, p.Handle, HandleProfile, p.ID); err != nil {
			return err
		}
		_, err := q.exec(ctx, "CreateProfile", p.ID, nullStr(p.AccountID), p.Handle, p.DisplayName, p.Bio, p.Avatar, ms(p.CreatedAt))
		return err
	})
}

func scanProfile(s scanner) (*cortege.Profile, error) {
	var p cortege.Profile
	var created int64
	if err := s.Scan(&p.ID, &p.AccountID, &p.Handle, &p.DisplayName, &p.Bio, &p.Avatar, &p.Deleted, &created, &p.Suspended); err != nil {
		return nil, err
	}
	p.CreatedAt = fromMS(created)
	return &p, nil
}

func (q *Q) profile(ctx context.Context, name string, arg any) (*cortege.Profile, error) {
	p, err := scanProfile(q.stmt(ctx, name).QueryRowContext(ctx, arg))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.profile.not_found")
	}
	return p, wrap(name, err)
}

// ProfileByID returns a profile or ENOTFOUND.
func (q *Q) ProfileByID(ctx context.Context, id string) (*cortege.Profile, error) {
	return q.profile(ctx, "ProfileByID", id)
}

// ProfileByHandle returns a profile or ENOTFOUND.
func (q *Q) ProfileByHandle(ctx context.Context, handle string) (*cortege.Profile, error) {
	return q.profile(ctx, "ProfileByHandle", handle)
}

// ProfilesByIDs returns the profiles of ids that exist, erased ones
// included, by ID, in one statement.
func (q *Q) ProfilesByIDs(ctx context.Context, ids []string) (map[string]*cortege.Profile, error) {
	out := map[string]*cortege.Profile{}
	if len(ids) == 0 {
		return out, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := q.query(ctx, "ProfilesByIDs", string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, err
		}
		out[p.ID] = p
	}
	return out, rows.Err()
}

// ProfilesByAccount lists an account's live profiles, oldest first.
func (q *Q) ProfilesByAccount(ctx context.Context, accountID string) ([]*cortege.Profile, error) {
	rows, err := q.query(ctx, "ProfilesByAccount", accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Profile
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// UpdateProfile saves the editable fields of p (the handle never changes).
func (q *Q) UpdateProfile(ctx context.Context, p *cortege.Profile) error {
	_, err := q.exec(ctx, "UpdateProfile", p.DisplayName, p.Bio, p.Avatar, p.ID)
	return err
}

// EraseProfile turns a profile into a "deleted profile" placeholder: no
// owner, no name, no bio, no avatar. Its handle stays reserved so nobody
// can impersonate it later.
func (q *Q) EraseProfile(ctx context.Context, id string) error {
	_, err := q.exec(ctx, "EraseProfile", id)
	return err
}
