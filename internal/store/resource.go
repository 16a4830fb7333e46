package store

import (
	"context"
	"database/sql"

	"codeberg.org/cortege/cortege"
)

// CreateResource inserts r.
func (q *Q) CreateResource(ctx context.Context, r *cortege.Resource) error {
	_, err := q.exec(ctx, "CreateResource", r.ID, r.GroupID, nullStr(r.ParentID), r.Kind, r.Title, r.URL, r.Body,
		nullStr(r.CreatedBy), ms(r.CreatedAt), ms(r.UpdatedAt))
	return err
}

// UpdateResource saves r's folder, title, URL and body.
func (q *Q) UpdateResource(ctx context.Context, r *cortege.Resource) error {
	return q.exec1(ctx, "UpdateResource", nullStr(r.ParentID), r.Title, r.URL, r.Body, ms(r.UpdatedAt), r.ID)
}

// DeleteResource deletes a resource (a folder with what it holds).
func (q *Q) DeleteResource(ctx context.Context, id string) error {
	return q.exec1(ctx, "DeleteResource", id)
}

func scanResource(s scanner) (*cortege.Resource, error) {
	var r cortege.Resource
	var c, u int64
	if err := s.Scan(&r.ID, &r.GroupID, &r.ParentID, &r.Kind, &r.Title, &r.URL, &r.Body, &r.CreatedBy, &c, &u); err != nil {
		return nil, err
	}
	r.CreatedAt, r.UpdatedAt = fromMS(c), fromMS(u)
	return &r, nil
}

// ResourceByID returns a resource or ENOTFOUND.
func (q *Q) ResourceByID(ctx context.Context, id string) (*cortege.Resource, error) {
	r, err := scanResource(q.stmt(ctx, "ResourceByID").QueryRowContext(ctx, id))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.resource.not_found")
	}
	return r, wrap("ResourceByID", err)
}

// GroupResources lists a group's whole resource tree, flat.
func (q *Q) GroupResources(ctx context.Context, groupID string) ([]*cortege.Resource, error) {
	rows, err := q.query(ctx, "GroupResources", groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Resource
	for rows.Next() {
		r, err := scanResource(rows)
		if err != nil {
			return nil, wrap("GroupResources", err)
		}
		out = append(out, r)
	}
	return out, wrap("GroupResources", rows.Err())
}

// CountGroupResources counts a group's resources.
func (q *Q) CountGroupResources(ctx context.Context, groupID string) (int, error) {
	var n int
	return n, q.get(ctx, "CountGroupResources", []any{groupID}, &n)
}

// ResourcesByCreator lists the links, notes and folders a profile added
// (the data export).
func (q *Q) ResourcesByCreator(ctx context.Context, profileID string) ([]*cortege.Resource, error) {
	return all(ctx, q, "ResourcesByCreator", scanResource, profileID)
}
