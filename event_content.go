package cortege

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on what people write around an event.
const (
	MaxAnnouncementLen = 10000
	MaxCommentLen      = 5000
	MaxPhotoCaption    = 300
	MaxPhotosPerPerson = 30
)

// Announcement is a private message from the organisers to the event's
// participants with some statuses. It is not a forum: nobody replies.
type Announcement struct {
	ID        string
	EventID   string
	Audience  string // AudienceAll, AudienceApproved…
	Subject   string
	Body      string // Markdown, rendered and sanitised at the boundary (page and mail)
	ByProfile string
	SentTo    int // how many participants it was sent to
	CreatedAt time.Time
}

// Validate checks an announcement.
func (a *Announcement) Validate() error {
	a.Subject = strings.TrimSpace(a.Subject)
	a.Body = strings.TrimSpace(a.Body)
	if !ValidAudience(a.Audience) {
		return Invalid("audience", "err.announcement.audience_invalid")
	}
	if a.Subject == "" || !oneLine(a.Subject, MaxEventTitleLen) {
		return Invalid("subject", "err.announcement.subject_invalid")
	}
	if a.Body == "" || !utf8.ValidString(a.Body) || utf8.RuneCountInString(a.Body) > MaxAnnouncementLen {
		return Invalid("body", "err.announcement.body_invalid")
	}
	return checkFields(textField{"subject", a.Subject, false}, textField{"body", a.Body, true})
}

// EventComment is a public comment or question on an event page.
type EventComment struct {
	ID        string
	EventID   string
	ProfileID string
	Body      string // plain text
	Deleted   bool   // removed by its author or a moderator: shown as removed
	DeletedBy string
	CreatedAt time.Time
}

// Validate checks a comment.
func (c *EventComment) Validate() error {
	c.Body = strings.TrimSpace(c.Body)
	if c.Body == "" {
		return Invalid("body", "err.comment.empty")
	}
	if err := CheckChars("body", c.Body, true); err != nil {
		return err
	}
	if utf8.RuneCountInString(c.Body) > MaxCommentLen {
		return Invalid("body", "err.too_long")
	}
	return nil
}

// DefaultPhotoLicence is the licence of participants' photos unless the
// instance configures another.
const DefaultPhotoLicence = "CC BY-NC-SA 4.0"

// EventPhoto is a picture a participant or organiser added after the event,
// re-encoded with its metadata stripped.
type EventPhoto struct {
	ID        string
	EventID   string
	ProfileID string
	File      string // upload name
	Caption   string
	Licence   string
	Hidden    bool // hidden by an organiser
	CreatedAt time.Time
}

// Validate checks a photo's caption and licence.
func (p *EventPhoto) Validate() error {
	p.Caption = strings.TrimSpace(p.Caption)
	if err := CheckChars("caption", p.Caption, false); err != nil {
		return err
	}
	if !oneLine(p.Caption, MaxPhotoCaption) {
		return Invalid("caption", "err.too_long")
	}
	if p.Licence == "" {
		p.Licence = DefaultPhotoLicence
	}
	return nil
}

// Co-organising statuses of a group on an event.
const (
	OrganiserInvited  = "invited"  // invited by an organiser, waiting for the group's administrators
	OrganiserAccepted = "accepted" // organises the event
)

// EventOrganiser is a group organising an event.
type EventOrganiser struct {
	EventID   string
	GroupID   string
	Status    string
	InvitedBy string // profile
	CreatedAt time.Time
}

// ICSFeedToken is a secret URL of a profile's personal calendar feed ("my
// events"); only its hash is stored and it can be revoked.
type ICSFeedToken struct {
	ID        string
	ProfileID string
	CreatedAt time.Time
	RevokedAt time.Time
}
