package store

import (
	"context"
	"database/sql"

	"codeberg.org/cortege/cortege"
)

func scanEventPhoto(s scanner) (*cortege.EventPhoto, error) {
	var p cortege.EventPhoto
	var at int64
	if err := s.Scan(&p.ID, &p.EventID, &p.ProfileID, &p.File, &p.Caption, &p.Licence, &p.Hidden, &at); err != nil {
		return nil, err
	}
	p.CreatedAt = fromMS(at)
	return &p, nil
}

// CreateEventPhoto inserts a photo.
func (q *Q) CreateEventPhoto(ctx context.Context, p *cortege.EventPhoto) error {
	_, err := q.exec(ctx, "CreateEventPhoto", p.ID, p.EventID, nullStr(p.ProfileID), p.File, p.Caption, p.Licence, ms(p.CreatedAt))
	return err
}

// EventPhotoByID returns a photo or ENOTFOUND.
func (q *Q) EventPhotoByID(ctx context.Context, id string) (*cortege.EventPhoto, error) {
	p, err := scanEventPhoto(q.stmt(ctx, "EventPhotoByID").QueryRowContext(ctx, id))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	return p, wrap("EventPhotoByID", err)
}

// EventPhotos lists an event's photos, hidden ones too when withHidden.
func (q *Q) EventPhotos(ctx context.Context, eventID string, withHidden bool) ([]*cortege.EventPhoto, error) {
	rows, err := q.query(ctx, "EventPhotos", eventID, withHidden)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.EventPhoto
	for rows.Next() {
		p, err := scanEventPhoto(rows)
		if err != nil {
			return nil, wrap("EventPhotos", err)
		}
		out = append(out, p)
	}
	return out, wrap("EventPhotos", rows.Err())
}

// SetEventPhotoHidden hides or shows a photo.
func (q *Q) SetEventPhotoHidden(ctx context.Context, id string, hidden bool) error {
	return q.changed(ctx, "SetEventPhotoHidden", hidden, id)
}

// CountEventPhotosBy counts the photos a profile added to an event.
func (q *Q) CountEventPhotosBy(ctx context.Context, eventID, profileID string) (int, error) {
	var n int
	return n, q.get(ctx, "CountEventPhotosBy", []any{eventID, profileID}, &n)
}

// EventPhotosByProfile lists every photo a profile added, hidden ones too
// (the data export).
func (q *Q) EventPhotosByProfile(ctx context.Context, profileID string) ([]*cortege.EventPhoto, error) {
	return all(ctx, q, "EventPhotosByProfile", scanEventPhoto, profileID)
}

// DeleteEventPhoto deletes a photo; ENOTFOUND when there is none.
func (q *Q) DeleteEventPhoto(ctx context.Context, id string) error {
	return q.changed(ctx, "DeleteEventPhoto", id)
}
