package cortege

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on discussions.
const (
	MaxDiscussionTitleLen = 200
	MaxMessageLen         = 20000
)

// Discussion is a thread inside a group. Pinned threads stay on top so that
// important messages do not drown; a locked one takes no more replies
// (except from moderators).
type Discussion struct {
	ID            string
	GroupID       string
	AuthorID      string // profile
	Title         string
	Pinned        bool
	Locked        bool
	Hidden        bool
	MessageCount  int
	CreatedAt     time.Time
	LastMessageAt time.Time
}

// Validate checks and trims a discussion's title.
func (d *Discussion) Validate() error {
	d.Title = strings.TrimSpace(d.Title)
	if d.Title == "" {
		return Invalid("title", "err.title.required")
	}
	if err := CheckChars("title", d.Title, false); err != nil {
		return err
	}
	if utf8.RuneCountInString(d.Title) > MaxDiscussionTitleLen {
		return Invalid("title", "err.title.invalid")
	}
	return nil
}

// Message is one message of a discussion, in Markdown. A deleted message
// keeps its place, without its body, with who deleted it.
type Message struct {
	ID           string
	DiscussionID string
	GroupID      string
	AuthorID     string
	Body         string
	CreatedAt    time.Time
	EditedAt     time.Time
	DeletedAt    time.Time
	DeletedBy    string // profile
}

// Deleted reports whether the message was deleted.
func (m *Message) Deleted() bool { return !m.DeletedAt.IsZero() }

// ValidateMessageBody trims and checks a message body.
func ValidateMessageBody(body string) (string, error) {
	body = strings.TrimSpace(body)
	if body == "" {
		return "", Invalid("body", "err.body.required")
	}
	if err := CheckChars("body", body, true); err != nil {
		return "", err
	}
	if utf8.RuneCountInString(body) > MaxMessageLen {
		return "", Invalid("body", "err.too_long")
	}
	return body, nil
}

// CanReply reports whether someone with role may reply in d.
func (d *Discussion) CanReply(g *Group, role string) bool {
	if !g.Can(role, ActDiscuss) {
		return false
	}
	return !d.Locked || g.Can(role, ActModerate)
}

// CanEditMessage reports whether profile may edit m: only its author, while
// it is not deleted and still a member.
func CanEditMessage(g *Group, role, profileID string, m *Message) bool {
	return !m.Deleted() && m.AuthorID == profileID && g.Can(role, ActDiscuss)
}

// CanDeleteMessage reports whether profile may delete m: its author, or
// any moderator.
func CanDeleteMessage(g *Group, role, profileID string, m *Message) bool {
	if m.Deleted() {
		return false
	}
	return g.Can(role, ActModerate) || (m.AuthorID == profileID && g.Can(role, ActDiscuss))
}
