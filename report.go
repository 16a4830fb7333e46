package cortege

import (
	"strings"
	"time"
	"unicode/utf8"
)

// What a report may point at.
const (
	ReportGroup      = "group"
	ReportPost       = "post"
	ReportDiscussion = "discussion"
	ReportMessage    = "message"
	ReportProfile    = "profile"
)

// Report statuses.
const (
	ReportOpen      = "open"
	ReportResolved  = "resolved"
	ReportDismissed = "dismissed"
)

// Actions instance moderators take on a report.
const (
	ModHide    = "hide"            // hide a group, post or discussion
	ModDelete  = "delete"          // delete a message, post, discussion or group
	ModSuspend = "suspend_profile" // suspend the account behind a profile
	ModDismiss = "dismiss"         // nothing to do
	ModBlock   = "block"           // a group moderator blocked a profile
	ModUnblock = "unblock"
	ModRemove  = "remove_member"
	ModApprove = "approve_group" // an instance moderator listed a new group
	ModUnhide  = "unhide"
)

// MaxReportReasonLen caps a report's text.
const MaxReportReasonLen = 2000

// Report asks the instance moderators to look at something.
type Report struct {
	ID         string
	ReporterID string // profile
	TargetKind string
	TargetID   string
	GroupID    string // the group the target lives in, "" for a profile
	Reason     string
	Status     string
	CreatedAt  time.Time
	ResolvedBy string // account of the moderator
	ResolvedAt time.Time
	Resolution string // the action taken
}

// Validate checks a report's target and reason.
func (r *Report) Validate() error {
	switch r.TargetKind {
	case ReportGroup, ReportPost, ReportDiscussion, ReportMessage, ReportProfile:
	default:
		return Invalid("target_kind", "err.report.target.invalid")
	}
	if r.TargetID == "" {
		return Invalid("target_id", "err.report.target.invalid")
	}
	r.Reason = strings.TrimSpace(r.Reason)
	if r.Reason == "" {
		return Invalid("reason", "err.report.reason.required")
	}
	if err := CheckChars("reason", r.Reason, true); err != nil {
		return err
	}
	if utf8.RuneCountInString(r.Reason) > MaxReportReasonLen {
		return Invalid("reason", "err.too_long")
	}
	return nil
}

// ModerationEntry is one line of the moderation log: who did what to what.
type ModerationEntry struct {
	ID         string
	ActorID    string // account of the moderator (instance) or profile (group)
	GroupID    string // set for group-level moderation
	Action     string
	TargetKind string
	TargetID   string
	ReportID   string
	Note       string
	CreatedAt  time.Time

	// Read with the entry, for display: the moderator's address (instance
	// log) or @handle (group log), and the group's name or the live
	// profile's handle the action targeted, with the handle to link to.
	ActorLabel   string
	TargetLabel  string
	TargetHandle string
}
