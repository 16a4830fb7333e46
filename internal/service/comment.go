package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// Targets of reports about events, in the moderation queue shared with groups.
const (
	ReportEvent        = "event"
	ReportEventComment = "event_comment"
	ReportEventPhoto   = "event_photo"
)

// EventCommentView is a comment with its author.
type EventCommentView struct {
	Comment   *cortege.EventComment
	Author    *cortege.Profile // nil when deleted; masked while suspended
	CanDelete bool
	// Withheld: the author's account is suspended, so the body is not
	// shown (to anyone but instance administrators), as Mastodon hides a
	// suspended account's posts.
	Withheld bool
}

// Comment posts a public comment or question on an event page; signed-in
// people, while comments are open.
func (s *Service) Comment(ctx context.Context, a cortege.Actor, ref EventRef, body string) (*cortege.EventComment, error) {
	if err := requirePublisher(a); err != nil {
		return nil, err
	}
	now := s.now()
	c := &cortege.EventComment{ID: cortege.NewID(now), Body: body, CreatedAt: now}
	// One transaction, so one durable commit: the limit's counter and the
	// comment. A refused comment counts nothing: it rolls back.
	err := s.inTx(ctx, func(q *store.Q) error {
		if err := s.limitIn(ctx, q, "comment:"+a.Profile.ID, commentPerProfile, commentWindow); err != nil {
			return err
		}
		e, v, _, err := s.loadEvent(ctx, q, a, ref)
		if err != nil {
			return err
		}
		if !e.CanComment(v) {
			return cortege.Errorf(cortege.EFORBIDDEN, "err.comment.closed")
		}
		if err := c.Validate(); err != nil {
			return err
		}
		c.EventID, c.ProfileID = e.ID, a.Profile.ID
		return q.CreateEventComment(ctx, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Comments lists an event's comments, oldest first, 50 a page.
func (s *Service) Comments(ctx context.Context, a cortege.Actor, ref EventRef, page int) ([]EventCommentView, error) {
	q := s.db.Q()
	e, v, _, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, err
	}
	return s.comments(ctx, q, a, e, v, page)
}

// comments is Comments for an event already loaded for a.
func (s *Service) comments(ctx context.Context, q *store.Q, a cortege.Actor, e *cortege.Event, v cortege.EventViewer, page int) ([]EventCommentView, error) {
	if page < 1 {
		page = 1
	}
	cs, err := q.EventComments(ctx, e.ID, 50, (page-1)*50)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(cs))
	for _, c := range cs {
		if c.ProfileID != "" {
			ids = append(ids, c.ProfileID)
		}
	}
	authors, err := q.ProfilesByIDs(ctx, ids) // one statement for the page
	if err != nil {
		return nil, err
	}
	out := make([]EventCommentView, 0, len(cs))
	for _, c := range cs {
		cv := EventCommentView{Comment: c}
		if c.ProfileID != "" {
			if p := authors[c.ProfileID]; p != nil && !p.Deleted {
				cv.Author = shownProfile(a, p)
				if p.Suspended && !a.IsAdmin() && !c.Deleted {
					withheld := *c
					withheld.Body = ""
					cv.Comment, cv.Withheld = &withheld, true
				}
			}
		}
		cv.CanDelete = !c.Deleted && (v.Organiser || v.Admin || a.Profile != nil && c.ProfileID == a.Profile.ID)
		out = append(out, cv)
	}
	return out, nil
}

// DeleteComment removes a comment: its author, the organisers (moderation)
// or an instance administrator. A trace "comment removed" stays.
func (s *Service) DeleteComment(ctx context.Context, a cortege.Actor, ref EventRef, commentID string) error {
	q := s.db.Q()
	c, err := s.commentToDelete(ctx, q, a, ref, commentID)
	if err != nil {
		return err
	}
	by := ""
	if a.Profile != nil {
		by = a.Profile.ID
	}
	return q.DeleteEventComment(ctx, c.ID, by)
}

// MayDeleteComment answers nil when the actor may delete the comment, else
// the error DeleteComment would give; it changes nothing (the page that
// asks to confirm).
func (s *Service) MayDeleteComment(ctx context.Context, a cortege.Actor, ref EventRef, commentID string) error {
	_, err := s.commentToDelete(ctx, s.db.Q(), a, ref, commentID)
	return err
}

// commentToDelete loads a comment of the event the actor may delete.
func (s *Service) commentToDelete(ctx context.Context, q *store.Q, a cortege.Actor, ref EventRef, commentID string) (*cortege.EventComment, error) {
	e, v, _, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, err
	}
	c, err := q.EventCommentByID(ctx, commentID)
	if err != nil || c.EventID != e.ID {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	own := a.Profile != nil && c.ProfileID == a.Profile.ID && a.SignedIn()
	if !own && !v.Organiser && !v.Admin {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return c, nil
}

// ReportToModerators reports an event, a comment or a photo to the
// instance moderators (kind ReportEvent, ReportEventComment or
// ReportEventPhoto).
func (s *Service) ReportToModerators(ctx context.Context, a cortege.Actor, kind, targetID, reason string) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	q := s.db.Q()
	eventID := targetID
	switch kind {
	case ReportEvent:
	case ReportEventComment:
		c, err := q.EventCommentByID(ctx, targetID)
		if err != nil {
			return err
		}
		eventID = c.EventID
	case ReportEventPhoto:
		p, err := q.EventPhotoByID(ctx, targetID)
		if err != nil {
			return err
		}
		eventID = p.EventID
	default:
		return cortege.Invalid("target_kind", "err.report.target.invalid")
	}
	_, v, _, err := s.loadEvent(ctx, q, a, ByID(eventID))
	if err != nil {
		return err
	}
	if kind == ReportEvent && v.Organiser {
		// Organisers edit, unpublish or cancel their event instead.
		return cortege.Errorf(cortege.ECONFLICT, "err.report.own_event")
	}
	reason, err = cortege.CheckText("reason", reason, cortege.MaxReportReasonLen, true)
	if err != nil {
		return err
	}
	if reason == "" {
		return cortege.Invalid("reason", "err.report.reason.required")
	}
	if err := s.limit(ctx, "report:"+a.Account.ID, 20, time.Hour); err != nil {
		return err
	}
	return q.CreateEventReport(ctx, cortege.NewID(s.now()), a.Profile.ID, kind, targetID, reason)
}
