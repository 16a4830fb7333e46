package store

import (
	"context"
	"database/sql"

	"codeberg.org/cortege/cortege"
)

func scanPetitionUpdate(s scanner) (*cortege.PetitionUpdate, error) {
	var u cortege.PetitionUpdate
	var at int64
	if err := s.Scan(&u.ID, &u.PetitionID, &u.Title, &u.Body, &u.ByProfile, &at); err != nil {
		return nil, err
	}
	u.CreatedAt = fromMS(at)
	return &u, nil
}

// CreatePetitionUpdate inserts an update.
func (q *Q) CreatePetitionUpdate(ctx context.Context, u *cortege.PetitionUpdate) error {
	_, err := q.exec(ctx, "CreatePetitionUpdate", u.ID, u.PetitionID, u.Title, u.Body, nullStr(u.ByProfile), ms(u.CreatedAt))
	return err
}

// PetitionUpdateByID returns an update; ENOTFOUND when there is none.
func (q *Q) PetitionUpdateByID(ctx context.Context, id string) (*cortege.PetitionUpdate, error) {
	u, err := scanPetitionUpdate(q.stmt(ctx, "PetitionUpdateByID").QueryRowContext(ctx, id))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.petition_update.not_found")
	}
	return u, wrap("PetitionUpdateByID", err)
}

// PetitionUpdates lists up to limit of a petition's updates, newest
// first, those older than the update before ("" for the newest).
func (q *Q) PetitionUpdates(ctx context.Context, petitionID, before string, limit int) ([]*cortege.PetitionUpdate, error) {
	rows, err := q.query(ctx, "PetitionUpdates", petitionID, before, before, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.PetitionUpdate
	for rows.Next() {
		u, err := scanPetitionUpdate(rows)
		if err != nil {
			return nil, wrap("PetitionUpdates", err)
		}
		out = append(out, u)
	}
	return out, wrap("PetitionUpdates", rows.Err())
}

// RefuseSignatureConsent turns a signer's consent to purpose to refused
// (the one-click unsubscribe); a signature without it changes nothing.
func (q *Q) RefuseSignatureConsent(ctx context.Context, signatureID, purpose string) error {
	_, err := q.exec(ctx, "RefuseSignatureConsent", signatureID, purpose)
	return err
}
