package store

import (
	"context"
	"database/sql"

	"codeberg.org/cortege/cortege"
)

func scanEventComment(s scanner) (*cortege.EventComment, error) {
	var c cortege.EventComment
	var at int64
	if err := s.Scan(&c.ID, &c.EventID, &c.ProfileID, &c.Body, &c.Deleted, &c.DeletedBy, &at); err != nil {
		return nil, err
	}
	c.CreatedAt = fromMS(at)
	return &c, nil
}

// CreateEventComment inserts a comment.
func (q *Q) CreateEventComment(ctx context.Context, c *cortege.EventComment) error {
	_, err := q.exec(ctx, "CreateEventComment", c.ID, c.EventID, nullStr(c.ProfileID), c.Body, ms(c.CreatedAt))
	return err
}

// EventCommentByID returns a comment or ENOTFOUND.
func (q *Q) EventCommentByID(ctx context.Context, id string) (*cortege.EventComment, error) {
	c, err := scanEventComment(q.stmt(ctx, "EventCommentByID").QueryRowContext(ctx, id))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	return c, wrap("EventCommentByID", err)
}

// EventComments lists an event's comments, oldest first.
func (q *Q) EventComments(ctx context.Context, eventID string, limit, offset int) ([]*cortege.EventComment, error) {
	rows, err := q.query(ctx, "EventComments", eventID, limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.EventComment
	for rows.Next() {
		c, err := scanEventComment(rows)
		if err != nil {
			return nil, wrap("EventComments", err)
		}
		out = append(out, c)
	}
	return out, wrap("EventComments", rows.Err())
}

// DeleteEventComment blanks a comment, keeping a "removed" trace.
func (q *Q) DeleteEventComment(ctx context.Context, id, by string) error {
	return q.changed(ctx, "DeleteEventComment", by, id)
}

// EventCommentsByProfile lists every comment a profile wrote (the data
// export).
func (q *Q) EventCommentsByProfile(ctx context.Context, profileID string) ([]*cortege.EventComment, error) {
	return all(ctx, q, "EventCommentsByProfile", scanEventComment, profileID)
}
