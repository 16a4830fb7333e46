package store

import (
	"context"
	"database/sql"

	"codeberg.org/cortege/cortege"
)

// CreatePost inserts p.
func (q *Q) CreatePost(ctx context.Context, p *cortege.Post) error {
	_, err := q.exec(ctx, "CreatePost", p.ID, p.GroupID, nullStr(p.AuthorID), p.Title, p.Body, p.Visibility, p.Status,
		ms(p.PublishedAt), ms(p.CreatedAt), ms(p.UpdatedAt))
	return err
}

// UpdatePost saves p's title, body, audience and status.
func (q *Q) UpdatePost(ctx context.Context, p *cortege.Post) error {
	return q.exec1(ctx, "UpdatePost", p.Title, p.Body, p.Visibility, p.Status, ms(p.PublishedAt), ms(p.UpdatedAt), p.ID)
}

// SetPostHidden hides or shows a post (instance moderation).
func (q *Q) SetPostHidden(ctx context.Context, id string, hidden bool) error {
	return q.exec1(ctx, "SetPostHidden", hidden, id)
}

// DeletePost deletes a post.
func (q *Q) DeletePost(ctx context.Context, id string) error { return q.exec1(ctx, "DeletePost", id) }

func scanPost(s scanner) (*cortege.Post, error) {
	var p cortege.Post
	var pub, c, u int64
	if err := s.Scan(&p.ID, &p.GroupID, &p.AuthorID, &p.Title, &p.Body, &p.Visibility, &p.Status, &p.Hidden, &pub, &c, &u); err != nil {
		return nil, err
	}
	p.PublishedAt, p.CreatedAt, p.UpdatedAt = fromMS(pub), fromMS(c), fromMS(u)
	return &p, nil
}

// PostByID returns a post or ENOTFOUND.
func (q *Q) PostByID(ctx context.Context, id string) (*cortege.Post, error) {
	p, err := scanPost(q.stmt(ctx, "PostByID").QueryRowContext(ctx, id))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.post.not_found")
	}
	return p, wrap("PostByID", err)
}

// GroupPosts lists a group's visible posts, newest first: public published
// ones, with members-only ones and drafts when asked.
func (q *Q) GroupPosts(ctx context.Context, groupID string, membersOnly, drafts bool, limit, offset int) ([]*cortege.Post, error) {
	rows, err := q.query(ctx, "GroupPosts", groupID, membersOnly, drafts, limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, wrap("GroupPosts", err)
		}
		out = append(out, p)
	}
	return out, wrap("GroupPosts", rows.Err())
}

// PostsByAuthor lists every post a profile wrote, drafts and hidden ones
// too, oldest first (the data export).
func (q *Q) PostsByAuthor(ctx context.Context, profileID string) ([]*cortege.Post, error) {
	return all(ctx, q, "PostsByAuthor", scanPost, profileID)
}
