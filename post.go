package cortege

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Post statuses.
const (
	PostDraft     = "draft"
	PostPublished = "published"
)

// Post audiences.
const (
	PostPublic  = "public"  // on the group page and in its Atom feed
	PostMembers = "members" // members only
)

// Limits on posts.
const (
	MaxPostTitleLen = 200
	MaxPostBodyLen  = 50000
)

// Post is a group's announcement or article, written in Markdown.
type Post struct {
	ID          string
	GroupID     string
	AuthorID    string // profile
	Title       string
	Body        string
	Visibility  string
	Status      string
	Hidden      bool // hidden by the instance moderators
	PublishedAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Validate checks and trims a post.
func (p *Post) Validate() error {
	p.Title = strings.TrimSpace(p.Title)
	p.Body = strings.TrimSpace(p.Body)
	if p.Title == "" {
		return Invalid("title", "err.title.required")
	}
	if err := checkFields(textField{"title", p.Title, false}, textField{"body", p.Body, true}); err != nil {
		return err
	}
	if utf8.RuneCountInString(p.Title) > MaxPostTitleLen {
		return Invalid("title", "err.title.invalid")
	}
	if utf8.RuneCountInString(p.Body) > MaxPostBodyLen {
		return Invalid("body", "err.too_long")
	}
	switch p.Visibility {
	case PostPublic, PostMembers:
	default:
		return Invalid("visibility", "err.post.visibility.invalid")
	}
	switch p.Status {
	case PostDraft, PostPublished:
	default:
		return Invalid("status", "err.post.status.invalid")
	}
	return nil
}

// VisibleTo reports whether someone holding role in g may read p: drafts
// only those who publish, members-only posts only members, public posts
// whoever sees the group.
func (p *Post) VisibleTo(g *Group, role string) bool {
	if p.Hidden || !g.Can(role, ActViewGroup) {
		return false
	}
	if p.Status != PostPublished {
		return g.Can(role, ActPublishPost)
	}
	return p.Visibility == PostPublic || g.Can(role, ActViewInside)
}
