package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/store"
)

func discussionPath(g *cortege.Group, d *cortege.Discussion) string {
	return groupPath(g) + "/discussions/" + d.ID
}

// limitMessages caps how fast one account writes in discussions.
func (s *Service) limitMessages(ctx context.Context, a cortege.Actor) error {
	return s.limit(ctx, "group:message:"+a.Account.ID, messagesPerWindow, messagesWindow)
}

// StartDiscussion opens a thread with its first message; members. The
// author follows it.
func (s *Service) StartDiscussion(ctx context.Context, a cortege.Actor, groupID, title, body string) (*cortege.Discussion, error) {
	if err := requirePublisher(a); err != nil {
		return nil, err
	}
	now := s.now()
	d := &cortege.Discussion{ID: cortege.NewID(now), GroupID: groupID, AuthorID: a.Profile.ID, Title: title, CreatedAt: now, LastMessageAt: now}
	if err := s.limitMessages(ctx, a); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(q *store.Q) error {
		if _, _, err := s.need(ctx, q, a, groupID, cortege.ActDiscuss); err != nil {
			return err
		}
		if err := d.Validate(); err != nil {
			return err
		}
		body, err := cortege.ValidateMessageBody(body)
		if err != nil {
			return err
		}
		if err := q.CreateDiscussion(ctx, d); err != nil {
			return err
		}
		m := &cortege.Message{ID: cortege.NewID(now), DiscussionID: d.ID, GroupID: groupID, AuthorID: a.Profile.ID, Body: body, CreatedAt: now}
		if err := q.CreateMessage(ctx, m); err != nil {
			return err
		}
		d.MessageCount = 1
		return q.FollowDiscussion(ctx, d.ID, a.Profile.ID)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// Reply adds a message to a thread; members, and only moderators once it
// is locked. The author then follows the thread, and its other followers
// are notified.
func (s *Service) Reply(ctx context.Context, a cortege.Actor, discussionID, body string) (*cortege.Message, error) {
	if err := requirePublisher(a); err != nil {
		return nil, err
	}
	if err := s.limitMessages(ctx, a); err != nil {
		return nil, err
	}
	var m *cortege.Message
	err := s.inTx(ctx, func(q *store.Q) error {
		d, g, role, err := s.discussionAccess(ctx, q, a, discussionID)
		if err != nil {
			return err
		}
		if err := allow(a, g, role, cortege.ActDiscuss); err != nil {
			return err
		}
		if !d.CanReply(g, role) {
			return cortege.Errorf(cortege.EFORBIDDEN, "err.discussion.locked")
		}
		if body, err = cortege.ValidateMessageBody(body); err != nil {
			return err
		}
		now := s.now()
		m = &cortege.Message{ID: cortege.NewID(now), DiscussionID: d.ID, GroupID: g.ID, AuthorID: a.Profile.ID, Body: body, CreatedAt: now}
		if err := q.CreateMessage(ctx, m); err != nil {
			return err
		}
		if err := q.FollowDiscussion(ctx, d.ID, a.Profile.ID); err != nil {
			return err
		}
		followers, err := q.DiscussionFollowers(ctx, d.ID)
		if err != nil {
			return err
		}
		for _, pid := range followers {
			if pid == a.Profile.ID {
				continue
			}
			// Only members still in the group hear of it.
			if r, err := q.MembershipRole(ctx, g.ID, pid); err != nil || !g.Can(r, cortege.ActViewInside) {
				if err != nil && !cortege.IsNotFound(err) {
					return err
				}
				continue
			}
			n := notice{ProfileID: pid, Kind: cortege.NotifyReply, Group: g.Name, Actor: a.Profile.Name(), Subject: d.Title, Text: markdown.Plain(body, 600), Path: discussionPath(g, d)}
			if err := queueNotice(ctx, q, n, m.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return m, err
}

// discussionAccess loads a thread the actor may read (members only), with
// its group and the actor's role; otherwise ENOTFOUND or EFORBIDDEN.
func (s *Service) discussionAccess(ctx context.Context, q *store.Q, a cortege.Actor, id string) (*cortege.Discussion, *cortege.Group, string, error) {
	d, err := q.DiscussionByID(ctx, id)
	if err != nil {
		return nil, nil, "", err
	}
	g, role, err := s.needOf(ctx, q, a, d.GroupID, cortege.ActViewInside, "err.discussion.not_found")
	if err != nil {
		return nil, nil, "", err
	}
	if d.Hidden && !g.Can(role, cortege.ActModerate) {
		return nil, nil, "", cortege.Errorf(cortege.ENOTFOUND, "err.discussion.not_found")
	}
	return d, g, role, nil
}

// EditMessage changes the body of the actor's own message.
func (s *Service) EditMessage(ctx context.Context, a cortege.Actor, messageID, body string) (*cortege.Message, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	var m *cortege.Message
	err := s.inTx(ctx, func(q *store.Q) error {
		var err error
		m, err = q.MessageByID(ctx, messageID)
		if err != nil {
			return err
		}
		_, g, role, err := s.discussionAccess(ctx, q, a, m.DiscussionID)
		if err != nil {
			return hideAs(err, "err.message.not_found")
		}
		if !cortege.CanEditMessage(g, role, a.Profile.ID, m) {
			return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
		}
		if body, err = cortege.ValidateMessageBody(body); err != nil {
			return err
		}
		m.Body, m.EditedAt = body, s.now()
		return q.EditMessage(ctx, m.ID, body)
	})
	return m, err
}

// DeleteMessage deletes a message: its author, or any moderator. The
// message keeps its place, marked deleted by whom.
func (s *Service) DeleteMessage(ctx context.Context, a cortege.Actor, messageID string) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		m, g, err := s.messageToDelete(ctx, q, a, messageID)
		if err != nil {
			return err
		}
		if err := q.DeleteMessage(ctx, m.ID, a.Profile.ID); err != nil {
			return err
		}
		if m.AuthorID != a.Profile.ID {
			return s.logGroup(ctx, q, a, g.ID, cortege.ModDelete, cortege.ReportMessage, m.ID, "")
		}
		return nil
	})
}

// messageToDelete loads a message the actor may delete, with its group.
func (s *Service) messageToDelete(ctx context.Context, q *store.Q, a cortege.Actor, messageID string) (*cortege.Message, *cortege.Group, error) {
	m, err := q.MessageByID(ctx, messageID)
	if err != nil {
		return nil, nil, err
	}
	_, g, role, err := s.discussionAccess(ctx, q, a, m.DiscussionID)
	if err != nil {
		return nil, nil, hideAs(err, "err.message.not_found")
	}
	if !cortege.CanDeleteMessage(g, role, a.Profile.ID, m) {
		return nil, nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return m, g, nil
}

// moderateDiscussion applies change to a thread; moderators only.
func (s *Service) moderateDiscussion(ctx context.Context, a cortege.Actor, id string, change func(d *cortege.Discussion)) (*cortege.Discussion, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	var out *cortege.Discussion
	err := s.inTx(ctx, func(q *store.Q) error {
		d, g, role, err := s.discussionAccess(ctx, q, a, id)
		if err != nil {
			return err
		}
		if err := allow(a, g, role, cortege.ActModerate); err != nil {
			return err
		}
		change(d)
		out = d
		return q.UpdateDiscussion(ctx, d)
	})
	return out, err
}

// SetPinned pins or unpins a thread, so important messages do not drown;
// moderators.
func (s *Service) SetPinned(ctx context.Context, a cortege.Actor, discussionID string, pinned bool) (*cortege.Discussion, error) {
	return s.moderateDiscussion(ctx, a, discussionID, func(d *cortege.Discussion) { d.Pinned = pinned })
}

// SetLocked locks or unlocks a thread; moderators.
func (s *Service) SetLocked(ctx context.Context, a cortege.Actor, discussionID string, locked bool) (*cortege.Discussion, error) {
	return s.moderateDiscussion(ctx, a, discussionID, func(d *cortege.Discussion) { d.Locked = locked })
}

// RenameDiscussion changes a thread's title: its author or a moderator.
func (s *Service) RenameDiscussion(ctx context.Context, a cortege.Actor, discussionID, title string) (*cortege.Discussion, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	var out *cortege.Discussion
	err := s.inTx(ctx, func(q *store.Q) error {
		d, g, role, err := s.discussionAccess(ctx, q, a, discussionID)
		if err != nil {
			return err
		}
		if !(g.Can(role, cortege.ActModerate) || d.AuthorID == a.Profile.ID && g.Can(role, cortege.ActDiscuss)) {
			return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
		}
		d.Title = title
		if err := d.Validate(); err != nil {
			return err
		}
		out = d
		return q.UpdateDiscussion(ctx, d)
	})
	return out, err
}

// DeleteDiscussion deletes a whole thread; moderators.
func (s *Service) DeleteDiscussion(ctx context.Context, a cortege.Actor, discussionID string) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		d, g, role, err := s.discussionAccess(ctx, q, a, discussionID)
		if err != nil {
			return err
		}
		if err := allow(a, g, role, cortege.ActModerate); err != nil {
			return err
		}
		if err := q.DeleteDiscussion(ctx, d.ID); err != nil {
			return err
		}
		return s.logGroup(ctx, q, a, g.ID, cortege.ModDelete, cortege.ReportDiscussion, d.ID, d.Title)
	})
}

// FollowDiscussion turns reply notifications for a thread on or off.
func (s *Service) FollowDiscussion(ctx context.Context, a cortege.Actor, discussionID string, follow bool) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	q := s.db.Q()
	d, _, _, err := s.discussionAccess(ctx, q, a, discussionID)
	if err != nil {
		return err
	}
	if follow {
		return q.FollowDiscussion(ctx, d.ID, a.Profile.ID)
	}
	return q.UnfollowDiscussion(ctx, d.ID, a.Profile.ID)
}

// DiscussionPage is one page of a group's threads, pinned first.
type DiscussionPage struct {
	Discussions []*cortege.Discussion
	Page        int
	Pages       int
}

// Discussions lists a group's threads; members only.
func (s *Service) Discussions(ctx context.Context, a cortege.Actor, groupID string, page int) (*DiscussionPage, error) {
	q := s.db.Q()
	g, _, err := s.need(ctx, q, a, groupID, cortege.ActViewInside)
	if err != nil {
		return nil, err
	}
	if page < 1 {
		page = 1
	}
	total, err := q.CountGroupDiscussions(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	ds, err := q.GroupDiscussions(ctx, g.ID, discussionsPerPage, (page-1)*discussionsPerPage)
	if err != nil {
		return nil, err
	}
	return &DiscussionPage{Discussions: ds, Page: page, Pages: pageCount(total, discussionsPerPage)}, nil
}

// DiscussionView is a thread with one page of its messages.
type DiscussionView struct {
	Discussion *cortege.Discussion
	Group      *cortege.Group
	Role       string
	Messages   []*cortege.Message
	Following  bool
	CanReply   bool
	Page       int
	Pages      int
}

// Discussion returns a thread and a page of its messages; members only.
func (s *Service) Discussion(ctx context.Context, a cortege.Actor, discussionID string, page int) (*DiscussionView, error) {
	q := s.db.Q()
	d, g, role, err := s.discussionAccess(ctx, q, a, discussionID)
	if err != nil {
		return nil, err
	}
	if page < 1 {
		page = 1
	}
	ms, err := q.DiscussionMessages(ctx, d.ID, messagesPerPage, (page-1)*messagesPerPage)
	if err != nil {
		return nil, err
	}
	v := &DiscussionView{Discussion: d, Group: g, Role: role, Messages: ms, CanReply: d.CanReply(g, role), Page: page, Pages: pageCount(d.MessageCount, messagesPerPage)}
	v.Following, err = q.FollowsDiscussion(ctx, d.ID, a.Profile.ID)
	return v, err
}
