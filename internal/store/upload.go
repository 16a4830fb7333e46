package store

import (
	"context"
	"time"
)

// Kinds of rows that name an upload (UploadRef.Kind).
const (
	UploadEvent    = "event"    // an event's picture
	UploadPhoto    = "photo"    // an event's photo
	UploadGroup    = "group"    // a group's avatar or banner
	UploadProfile  = "profile"  // a profile's avatar
	UploadPetition = "petition" // a petition's picture
)

// UploadRef is a row that names an upload.
type UploadRef struct {
	Kind string
	ID   string
}

// TouchUpload records that the upload name was just written or sent again.
func (q *Q) TouchUpload(ctx context.Context, name string, at time.Time) error {
	_, err := q.exec(ctx, "TouchUpload", name, ms(at))
	return err
}

// ClaimUpload takes the row of the upload name for its collection (created
// with fileTime when missing) and returns when it was last touched. Call it
// in the transaction that deletes the row.
func (q *Q) ClaimUpload(ctx context.Context, name string, fileTime time.Time) (time.Time, error) {
	var at int64
	err := q.get(ctx, "ClaimUpload", []any{name, ms(fileTime)}, &at)
	return fromMS(at), err
}

// DeleteUpload forgets the upload name.
func (q *Q) DeleteUpload(ctx context.Context, name string) error {
	_, err := q.exec(ctx, "DeleteUpload", name)
	return err
}

// UploadRefs lists the rows that name the upload.
func (q *Q) UploadRefs(ctx context.Context, name string) ([]UploadRef, error) {
	rows, err := q.query(ctx, "UploadRefs", name, name, name, name, name, name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []UploadRef
	for rows.Next() {
		var r UploadRef
		if err := rows.Scan(&r.Kind, &r.ID); err != nil {
			return nil, wrap("UploadRefs", err)
		}
		out = append(out, r)
	}
	return out, wrap("UploadRefs", rows.Err())
}

// StaleUploads lists up to limit uploads untouched since before.
func (q *Q) StaleUploads(ctx context.Context, before time.Time, limit int) ([]string, error) {
	rows, err := q.query(ctx, "StaleUploads", ms(before), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, wrap("StaleUploads", err)
		}
		out = append(out, n)
	}
	return out, wrap("StaleUploads", rows.Err())
}
