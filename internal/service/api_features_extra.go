package service

import (
	"context"

	"codeberg.org/cortege/cortege"
)

// Use cases the JSON API needs beyond those of the HTML pages. Each takes
// the acting principal and checks its permission like the others.

// TaskForAPI returns a task of a group the actor is a member of, so a
// partial update can start from its current values; ENOTFOUND or
// EFORBIDDEN otherwise.
func (s *Service) TaskForAPI(ctx context.Context, a cortege.Actor, taskID string) (*cortege.Task, error) {
	q := s.db.Q()
	t, err := q.TaskByID(ctx, taskID)
	if err != nil {
		return nil, err
	}
	if _, _, err := s.need(ctx, q, a, t.GroupID, cortege.ActViewInside); err != nil {
		return nil, err
	}
	return t, nil
}

// ResourceForAPI returns a resource of a group the actor is a member of;
// ENOTFOUND or EFORBIDDEN otherwise.
func (s *Service) ResourceForAPI(ctx context.Context, a cortege.Actor, resourceID string) (*cortege.Resource, error) {
	q := s.db.Q()
	r, err := q.ResourceByID(ctx, resourceID)
	if err != nil {
		return nil, err
	}
	if _, _, err := s.need(ctx, q, a, r.GroupID, cortege.ActViewInside); err != nil {
		return nil, err
	}
	return r, nil
}
