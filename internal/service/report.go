package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// reportsPerPage is the length of a page of the moderation queue and log.
const reportsPerPage = 50

// Report sends something to the instance moderators: a group, post,
// discussion, message or profile the actor can see. Rate-limited.
func (s *Service) Report(ctx context.Context, a cortege.Actor, kind, targetID, reason string) (*cortege.Report, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	now := s.now()
	r := &cortege.Report{ID: cortege.NewID(now), ReporterID: a.Profile.ID, TargetKind: kind, TargetID: targetID, Reason: reason, Status: cortege.ReportOpen, CreatedAt: now}
	if err := s.limit(ctx, "report:"+a.Account.ID, reportsPerDay, 24*time.Hour); err != nil {
		return nil, err
	}
	q := s.db.Q()
	// What is reported must be visible to them before the reason counts.
	groupID, err := s.reportTarget(ctx, q, a, kind, targetID)
	if err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	r.GroupID = groupID
	if err := q.CreateReport(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// reportTarget checks the actor can see what they report and returns the
// group it lives in.
func (s *Service) reportTarget(ctx context.Context, q *store.Q, a cortege.Actor, kind, id string) (string, error) {
	switch kind {
	case cortege.ReportGroup:
		g, _, err := s.groupAccess(ctx, q, a, id)
		if err != nil {
			return "", err
		}
		return g.ID, nil
	case cortege.ReportPost:
		_, g, err := s.Post(ctx, a, id)
		if err != nil {
			return "", err
		}
		return g.ID, nil
	case cortege.ReportDiscussion:
		_, g, _, err := s.discussionAccess(ctx, q, a, id)
		if err != nil {
			return "", err
		}
		return g.ID, nil
	case cortege.ReportMessage:
		m, err := q.MessageByID(ctx, id)
		if err != nil {
			return "", err
		}
		if _, _, _, err := s.discussionAccess(ctx, q, a, m.DiscussionID); err != nil {
			return "", err
		}
		return m.GroupID, nil
	case cortege.ReportProfile:
		p, err := q.ProfileByID(ctx, id)
		if err != nil {
			return "", err
		}
		if p.Deleted {
			return "", cortege.Errorf(cortege.ENOTFOUND, "err.profile.not_found")
		}
		return "", nil
	}
	return "", cortege.Invalid("target_kind", "err.report.target.invalid")
}

// ReportPage is one page of the moderation queue.
type ReportPage struct {
	Reports []*cortege.Report
	Page    int
	Pages   int
}

// Reports lists reports in a status (open: the queue), oldest first;
// instance administrators only.
func (s *Service) Reports(ctx context.Context, a cortege.Actor, status string, page int) (*ReportPage, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	switch status {
	case cortege.ReportOpen, cortege.ReportResolved, cortege.ReportDismissed:
	default:
		return nil, cortege.Invalid("status", "err.status.invalid")
	}
	if page < 1 {
		page = 1
	}
	q := s.db.Q()
	total, err := q.CountReportsByStatus(ctx, status)
	if err != nil {
		return nil, err
	}
	rs, err := q.ReportsByStatus(ctx, status, reportsPerPage, (page-1)*reportsPerPage)
	if err != nil {
		return nil, err
	}
	return &ReportPage{Reports: rs, Page: page, Pages: pageCount(total, reportsPerPage)}, nil
}

// ResolveReport acts on a report and closes it: hide (a group, post or
// discussion), delete (a message, post, discussion or group), suspend the
// account behind a profile (the reported one, or the author of the
// reported content), or dismiss. Every action goes to the moderation log
// with who did it. Instance administrators only.
func (s *Service) ResolveReport(ctx context.Context, a cortege.Actor, reportID, action, note string) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	note, err := checkNote("note", note, cortege.MaxReportReasonLen)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		r, err := q.ReportByID(ctx, reportID)
		if err != nil {
			return err
		}
		if r.Status != cortege.ReportOpen {
			return cortege.Errorf(cortege.ECONFLICT, "err.report.closed")
		}
		kind, target := r.TargetKind, r.TargetID
		switch action {
		case cortege.ModDismiss:
		case cortege.ModHide:
			err = hideTarget(ctx, q, kind, target)
		case cortege.ModDelete:
			err = deleteTarget(ctx, q, a, kind, target)
		case cortege.ModSuspend:
			kind, target, err = s.suspendAuthor(ctx, q, a, r)
		default:
			return cortege.Invalid("action", "err.report.action")
		}
		if err != nil {
			return err
		}
		status := cortege.ReportResolved
		if action == cortege.ModDismiss {
			status = cortege.ReportDismissed
		}
		if err := q.ResolveReport(ctx, r.ID, status, a.Account.ID, action); err != nil {
			return err
		}
		now := s.now()
		return q.AddModerationEntry(ctx, &cortege.ModerationEntry{ID: cortege.NewID(now), ActorID: a.Account.ID, Action: action, TargetKind: kind, TargetID: target, ReportID: r.ID, Note: note, CreatedAt: now})
	})
}

func hideTarget(ctx context.Context, q *store.Q, kind, id string) error {
	switch kind {
	case cortege.ReportGroup:
		return q.SetGroupHidden(ctx, id, true)
	case cortege.ReportPost:
		return q.SetPostHidden(ctx, id, true)
	case cortege.ReportDiscussion:
		d, err := q.DiscussionByID(ctx, id)
		if err != nil {
			return err
		}
		d.Hidden = true
		return q.UpdateDiscussion(ctx, d)
	case cortege.ReportMessage:
		return q.DeleteMessage(ctx, id, "")
	case ReportEvent:
		return unpublishEvent(ctx, q, id)
	case ReportEventComment:
		return q.DeleteEventComment(ctx, id, "")
	case ReportEventPhoto:
		return q.SetEventPhotoHidden(ctx, id, true)
	}
	return cortege.Invalid("action", "err.report.action")
}

// unpublishEvent takes a reported event back to draft: it leaves every
// listing and page but its organisers', who keep their data.
func unpublishEvent(ctx context.Context, q *store.Q, id string) error {
	e, err := q.EventByID(ctx, id)
	if err != nil {
		return err
	}
	e.Published = false
	return q.UpdateEvent(ctx, e)
}

func deleteTarget(ctx context.Context, q *store.Q, a cortege.Actor, kind, id string) error {
	switch kind {
	case cortege.ReportGroup:
		return q.DeleteGroup(ctx, id)
	case cortege.ReportPost:
		return q.DeletePost(ctx, id)
	case cortege.ReportDiscussion:
		return q.DeleteDiscussion(ctx, id)
	case cortege.ReportMessage:
		return q.DeleteMessage(ctx, id, profileID(a))
	case ReportEvent:
		return unpublishEvent(ctx, q, id) // events keep their participants' history
	case ReportEventComment:
		return q.DeleteEventComment(ctx, id, profileID(a))
	case ReportEventPhoto:
		return q.SetEventPhotoHidden(ctx, id, true)
	}
	return cortege.Invalid("action", "err.report.action")
}

// suspendAuthor suspends the account behind the reported profile, or
// behind the author of the reported content, and ends its sessions.
func (s *Service) suspendAuthor(ctx context.Context, q *store.Q, a cortege.Actor, r *cortege.Report) (string, string, error) {
	pid := ""
	switch r.TargetKind {
	case cortege.ReportProfile:
		pid = r.TargetID
	case cortege.ReportPost:
		p, err := q.PostByID(ctx, r.TargetID)
		if err != nil {
			return "", "", err
		}
		pid = p.AuthorID
	case cortege.ReportDiscussion:
		d, err := q.DiscussionByID(ctx, r.TargetID)
		if err != nil {
			return "", "", err
		}
		pid = d.AuthorID
	case cortege.ReportMessage:
		m, err := q.MessageByID(ctx, r.TargetID)
		if err != nil {
			return "", "", err
		}
		pid = m.AuthorID
	case ReportEvent:
		e, err := q.EventByID(ctx, r.TargetID)
		if err != nil {
			return "", "", err
		}
		pid = e.CreatedBy
	case ReportEventComment:
		c, err := q.EventCommentByID(ctx, r.TargetID)
		if err != nil {
			return "", "", err
		}
		pid = c.ProfileID
	case ReportEventPhoto:
		p, err := q.EventPhotoByID(ctx, r.TargetID)
		if err != nil {
			return "", "", err
		}
		pid = p.ProfileID
	default:
		return "", "", cortege.Invalid("action", "err.report.action")
	}
	p, err := q.ProfileByID(ctx, pid)
	if err != nil {
		return "", "", err
	}
	if p.AccountID == "" {
		return "", "", cortege.Errorf(cortege.ECONFLICT, "err.profile.deleted")
	}
	if p.AccountID == a.Account.ID {
		return "", "", cortege.Errorf(cortege.ECONFLICT, "err.account.self")
	}
	acc, err := q.AccountByID(ctx, p.AccountID)
	if err != nil {
		return "", "", err
	}
	acc.Status = cortege.AccountSuspended
	if err := q.UpdateAccount(ctx, acc); err != nil {
		return "", "", err
	}
	return cortege.ReportProfile, p.ID, q.DeleteAccountSessions(ctx, acc.ID)
}

// ModerationLog lists the instance moderation log, newest first;
// instance administrators only.
func (s *Service) ModerationLog(ctx context.Context, a cortege.Actor, page int) ([]*cortege.ModerationEntry, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	if page < 1 {
		page = 1
	}
	return s.db.Q().ModerationLog(ctx, "", reportsPerPage, (page-1)*reportsPerPage)
}

// GroupsAwaitingApproval lists new groups waiting to be listed (when the
// instance requires approval); instance administrators only.
func (s *Service) GroupsAwaitingApproval(ctx context.Context, a cortege.Actor, page int) ([]*cortege.Group, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	if page < 1 {
		page = 1
	}
	return s.db.Q().GroupsAwaitingApproval(ctx, reportsPerPage, (page-1)*reportsPerPage)
}

// ApproveGroup lists a new group; instance administrators only, logged.
func (s *Service) ApproveGroup(ctx context.Context, a cortege.Actor, groupID string) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		if err := q.SetGroupApproved(ctx, groupID, true); err != nil {
			return err
		}
		now := s.now()
		return q.AddModerationEntry(ctx, &cortege.ModerationEntry{ID: cortege.NewID(now), ActorID: a.Account.ID, Action: cortege.ModApprove, TargetKind: cortege.ReportGroup, TargetID: groupID, CreatedAt: now})
	})
}

// UnhideGroup shows again a group the moderators hid; instance
// administrators only, logged.
func (s *Service) UnhideGroup(ctx context.Context, a cortege.Actor, groupID string) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		if err := q.SetGroupHidden(ctx, groupID, false); err != nil {
			return err
		}
		now := s.now()
		return q.AddModerationEntry(ctx, &cortege.ModerationEntry{ID: cortege.NewID(now), ActorID: a.Account.ID, Action: cortege.ModUnhide, TargetKind: cortege.ReportGroup, TargetID: groupID, CreatedAt: now})
	})
}

// ReportedContent is what a report points at, for the moderators' queue:
// exactly one of the pointers after Group is set (Group alone for a
// report on a group), and fields may be nil once the target is gone.
type ReportedContent struct {
	Report     *cortege.Report
	Reporter   *cortege.Profile
	Group      *cortege.Group
	Post       *cortege.Post
	Discussion *cortege.Discussion
	Message    *cortege.Message
	Event      *cortege.Event        // the reported event, or the one holding the comment or photo
	Comment    *cortege.EventComment // a reported event comment
	Photo      *cortege.EventPhoto   // a reported event photo
	Profile    *cortege.Profile      // the reported profile, or the content's author
}

// ReportedContent loads a report with its target, whatever the group's
// visibility (moderators must see what was reported); instance
// administrators only.
func (s *Service) ReportedContent(ctx context.Context, a cortege.Actor, reportID string) (*ReportedContent, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	q := s.db.Q()
	r, err := q.ReportByID(ctx, reportID)
	if err != nil {
		return nil, err
	}
	c := &ReportedContent{Report: r}
	found := func(err error) error {
		if cortege.IsNotFound(err) {
			return nil // deleted since: show the report alone
		}
		return err
	}
	if r.ReporterID != "" {
		if c.Reporter, err = q.ProfileByID(ctx, r.ReporterID); found(err) != nil {
			return nil, err
		}
	}
	if r.GroupID != "" {
		if c.Group, err = q.GroupByID(ctx, r.GroupID); found(err) != nil {
			return nil, err
		}
	}
	author := ""
	switch r.TargetKind {
	case cortege.ReportPost:
		if c.Post, err = q.PostByID(ctx, r.TargetID); err == nil {
			author = c.Post.AuthorID
		}
	case cortege.ReportDiscussion:
		if c.Discussion, err = q.DiscussionByID(ctx, r.TargetID); err == nil {
			author = c.Discussion.AuthorID
		}
	case cortege.ReportMessage:
		if c.Message, err = q.MessageByID(ctx, r.TargetID); err == nil {
			author = c.Message.AuthorID
		}
	case cortege.ReportProfile:
		author = r.TargetID
	case ReportEvent:
		if c.Event, err = q.EventByID(ctx, r.TargetID); err == nil {
			author = c.Event.CreatedBy
		}
	case ReportEventComment:
		if c.Comment, err = q.EventCommentByID(ctx, r.TargetID); err == nil {
			author = c.Comment.ProfileID
			c.Event, err = q.EventByID(ctx, c.Comment.EventID)
		}
	case ReportEventPhoto:
		if c.Photo, err = q.EventPhotoByID(ctx, r.TargetID); err == nil {
			author = c.Photo.ProfileID
			c.Event, err = q.EventByID(ctx, c.Photo.EventID)
		}
	}
	if found(err) != nil {
		return nil, err
	}
	if author != "" {
		if c.Profile, err = q.ProfileByID(ctx, author); found(err) != nil {
			return nil, err
		}
	}
	return c, nil
}
