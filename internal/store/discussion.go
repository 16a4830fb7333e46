package store

import (
	"context"
	"database/sql"

	"codeberg.org/cortege/cortege"
)

// CreateDiscussion inserts a thread (its first message is added with
// CreateMessage).
func (q *Q) CreateDiscussion(ctx context.Context, d *cortege.Discussion) error {
	_, err := q.exec(ctx, "CreateDiscussion", d.ID, d.GroupID, nullStr(d.AuthorID), d.Title, ms(d.CreatedAt), ms(d.LastMessageAt))
	return err
}

// UpdateDiscussion saves a thread's title, pin, lock and hidden flags.
func (q *Q) UpdateDiscussion(ctx context.Context, d *cortege.Discussion) error {
	return q.exec1(ctx, "UpdateDiscussion", d.Title, d.Pinned, d.Locked, d.Hidden, d.ID)
}

// DeleteDiscussion deletes a thread and its messages.
func (q *Q) DeleteDiscussion(ctx context.Context, id string) error {
	return q.exec1(ctx, "DeleteDiscussion", id)
}

func scanDiscussion(s scanner) (*cortege.Discussion, error) {
	var d cortege.Discussion
	var c, l int64
	if err := s.Scan(&d.ID, &d.GroupID, &d.AuthorID, &d.Title, &d.Pinned, &d.Locked, &d.Hidden, &d.MessageCount, &c, &l); err != nil {
		return nil, err
	}
	d.CreatedAt, d.LastMessageAt = fromMS(c), fromMS(l)
	return &d, nil
}

// DiscussionByID returns a thread or ENOTFOUND.
func (q *Q) DiscussionByID(ctx context.Context, id string) (*cortege.Discussion, error) {
	d, err := scanDiscussion(q.stmt(ctx, "DiscussionByID").QueryRowContext(ctx, id))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.discussion.not_found")
	}
	return d, wrap("DiscussionByID", err)
}

func (q *Q) discussions(ctx context.Context, name string, args ...any) ([]*cortege.Discussion, error) {
	rows, err := q.query(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Discussion
	for rows.Next() {
		d, err := scanDiscussion(rows)
		if err != nil {
			return nil, wrap(name, err)
		}
		out = append(out, d)
	}
	return out, wrap(name, rows.Err())
}

// GroupDiscussions lists a group's threads, pinned first then by activity.
func (q *Q) GroupDiscussions(ctx context.Context, groupID string, limit, offset int) ([]*cortege.Discussion, error) {
	return q.discussions(ctx, "GroupDiscussions", groupID, limit, offset)
}

// CountGroupDiscussions counts a group's visible threads.
func (q *Q) CountGroupDiscussions(ctx context.Context, groupID string) (int, error) {
	var n int
	return n, q.get(ctx, "CountGroupDiscussions", []any{groupID}, &n)
}

// LatestDiscussionsForProfile lists the most recently active threads in a
// profile's groups.
func (q *Q) LatestDiscussionsForProfile(ctx context.Context, profileID string, limit int) ([]*cortege.Discussion, error) {
	return q.discussions(ctx, "LatestDiscussionsForProfile", profileID, limit)
}

// CreateMessage inserts m and bumps its thread's activity.
func (q *Q) CreateMessage(ctx context.Context, m *cortege.Message) error {
	return q.InTx(ctx, func(q *Q) error {
		if _, err := q.exec(ctx, "CreateMessage", m.ID, m.DiscussionID, m.GroupID, nullStr(m.AuthorID), m.Body, ms(m.CreatedAt)); err != nil {
			return err
		}
		return q.exec1(ctx, "TouchDiscussion", ms(m.CreatedAt), m.DiscussionID)
	})
}

func scanMessage(s scanner) (*cortege.Message, error) {
	var m cortege.Message
	var c, e, d int64
	if err := s.Scan(&m.ID, &m.DiscussionID, &m.GroupID, &m.AuthorID, &m.Body, &c, &e, &d, &m.DeletedBy); err != nil {
		return nil, err
	}
	m.CreatedAt, m.EditedAt, m.DeletedAt = fromMS(c), fromMS(e), fromMS(d)
	return &m, nil
}

// MessageByID returns a message or ENOTFOUND.
func (q *Q) MessageByID(ctx context.Context, id string) (*cortege.Message, error) {
	m, err := scanMessage(q.stmt(ctx, "MessageByID").QueryRowContext(ctx, id))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.message.not_found")
	}
	return m, wrap("MessageByID", err)
}

// DiscussionMessages lists a thread's messages, oldest first.
func (q *Q) DiscussionMessages(ctx context.Context, discussionID string, limit, offset int) ([]*cortege.Message, error) {
	rows, err := q.query(ctx, "DiscussionMessages", discussionID, limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, wrap("DiscussionMessages", err)
		}
		out = append(out, m)
	}
	return out, wrap("DiscussionMessages", rows.Err())
}

// EditMessage replaces a live message's body.
func (q *Q) EditMessage(ctx context.Context, id, body string) error {
	return q.exec1(ctx, "EditMessage", body, ms(q.db.now()), id)
}

// DeleteMessage blanks a message and records who deleted it.
func (q *Q) DeleteMessage(ctx context.Context, id, by string) error {
	return q.exec1(ctx, "DeleteMessage", ms(q.db.now()), nullStr(by), id)
}

// FollowDiscussion makes a profile follow a thread (idempotent).
func (q *Q) FollowDiscussion(ctx context.Context, discussionID, profileID string) error {
	_, err := q.exec(ctx, "FollowDiscussion", discussionID, profileID)
	return err
}

// UnfollowDiscussion stops a profile following a thread.
func (q *Q) UnfollowDiscussion(ctx context.Context, discussionID, profileID string) error {
	_, err := q.exec(ctx, "UnfollowDiscussion", discussionID, profileID)
	return err
}

// FollowsDiscussion reports whether a profile follows a thread.
func (q *Q) FollowsDiscussion(ctx context.Context, discussionID, profileID string) (bool, error) {
	var n int
	err := q.get(ctx, "FollowsDiscussion", []any{discussionID, profileID}, &n)
	return n > 0, err
}

// DiscussionFollowers lists the profiles following a thread.
func (q *Q) DiscussionFollowers(ctx context.Context, discussionID string) ([]string, error) {
	return q.strings(ctx, "DiscussionFollowers", discussionID)
}

// strings runs a query returning one text column.
func (q *Q) strings(ctx context.Context, name string, args ...any) ([]string, error) {
	rows, err := q.query(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, wrap(name, err)
		}
		out = append(out, s)
	}
	return out, wrap(name, rows.Err())
}

// DiscussionsByAuthor lists the threads a profile started (the data export).
func (q *Q) DiscussionsByAuthor(ctx context.Context, profileID string) ([]*cortege.Discussion, error) {
	return q.discussions(ctx, "DiscussionsByAuthor", profileID)
}

// MessagesByAuthor lists every message a profile wrote, deleted ones too
// (the data export).
func (q *Q) MessagesByAuthor(ctx context.Context, profileID string) ([]*cortege.Message, error) {
	return all(ctx, q, "MessagesByAuthor", scanMessage, profileID)
}
