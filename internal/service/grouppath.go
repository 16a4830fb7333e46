package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// Kinds of the objects an address names under a group (/@handle/…).
const (
	PathPost       = "post"
	PathDiscussion = "discussion"
	PathMessage    = "message"
	PathTaskList   = "tasklist"
	PathTask       = "task"
	PathResource   = "resource"
	PathInvitation = "invitation"
)

// GroupPathObject is one object an address names under a group; Parent is
// the discussion a message is named under.
type GroupPathObject struct {
	Kind, ID, Parent string
}

// CheckGroupPath answers ENOTFOUND unless every object lives in the group
// of that handle (and a message in the discussion named before it): an
// address under one group never reaches another group's objects, whoever
// asks. It only reads where each object belongs; who may see or do what
// is the use case's to check.
func (s *Service) CheckGroupPath(ctx context.Context, handle string, objs []GroupPathObject) error {
	if len(objs) == 0 {
		return nil
	}
	h, err := cortege.NormalizeHandle(handle)
	if err != nil {
		return cortege.Errorf(cortege.ENOTFOUND, "err.group.not_found")
	}
	q := s.db.Q()
	grp, err := q.GroupByHandle(ctx, h)
	if err != nil {
		return err
	}
	groupID := grp.ID
	for _, o := range objs {
		g, parent, err := objectGroup(ctx, q, o)
		if cortege.IsNotFound(err) || err == nil && (g != groupID || o.Parent != "" && parent != o.Parent) {
			return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// MayDelete answers nil when the actor may delete the group object of that
// kind (PathMessage, PathTask, PathTaskList or PathResource), else the
// error its deletion would give; it changes nothing (the page that asks
// to confirm).
func (s *Service) MayDelete(ctx context.Context, a cortege.Actor, kind, id string) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	q := s.db.Q()
	var err error
	switch kind {
	case PathMessage:
		_, _, err = s.messageToDelete(ctx, q, a, id)
	case PathTask:
		_, err = s.taskToDelete(ctx, q, a, id)
	case PathTaskList:
		_, err = s.taskListToDelete(ctx, q, a, id)
	case PathResource:
		_, err = s.resourceToDelete(ctx, q, a, id)
	default:
		err = cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	return err
}

// objectGroup returns the group an object belongs to, and the discussion
// of a message.
func objectGroup(ctx context.Context, q *store.Q, o GroupPathObject) (group, parent string, err error) {
	switch o.Kind {
	case PathPost:
		p, err := q.PostByID(ctx, o.ID)
		if err != nil {
			return "", "", err
		}
		return p.GroupID, "", nil
	case PathDiscussion:
		d, err := q.DiscussionByID(ctx, o.ID)
		if err != nil {
			return "", "", err
		}
		return d.GroupID, "", nil
	case PathMessage:
		m, err := q.MessageByID(ctx, o.ID)
		if err != nil {
			return "", "", err
		}
		return m.GroupID, m.DiscussionID, nil
	case PathTaskList:
		l, err := q.TaskListByID(ctx, o.ID)
		if err != nil {
			return "", "", err
		}
		return l.GroupID, "", nil
	case PathTask:
		t, err := q.TaskByID(ctx, o.ID)
		if err != nil {
			return "", "", err
		}
		return t.GroupID, "", nil
	case PathResource:
		r, err := q.ResourceByID(ctx, o.ID)
		if err != nil {
			return "", "", err
		}
		return r.GroupID, "", nil
	case PathInvitation:
		inv, err := q.GroupInvitationByID(ctx, o.ID)
		if err != nil {
			return "", "", err
		}
		return inv.GroupID, "", nil
	}
	return "", "", cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
}
