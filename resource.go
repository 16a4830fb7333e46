package cortege

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Kinds of resource.
const (
	ResourceFolder = "folder"
	ResourceLink   = "link"
	ResourceNote   = "note"
)

// Limits on resources.
const (
	MaxResourceTitleLen  = 200
	MaxResourceBodyLen   = 20000
	MaxResourceDepth     = 8
	MaxResourcesPerGroup = 2000
)

// Resource is an entry of a group's folder tree: a folder, a link (to a
// pad, a drive, a chat…) or a Markdown note, so that all the tools' links
// are in one place.
type Resource struct {
	ID        string
	GroupID   string
	ParentID  string // folder, "" at the root
	Kind      string
	Title     string
	URL       string // links only
	Body      string // notes (Markdown) and descriptions of links
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks and trims a resource.
func (r *Resource) Validate() error {
	r.Title = strings.TrimSpace(r.Title)
	r.URL = strings.TrimSpace(r.URL)
	r.Body = strings.TrimSpace(r.Body)
	if r.Title == "" {
		return Invalid("title", "err.title.required")
	}
	if err := checkFields(textField{"title", r.Title, false}, textField{"url", r.URL, false}, textField{"body", r.Body, true}); err != nil {
		return err
	}
	if utf8.RuneCountInString(r.Title) > MaxResourceTitleLen {
		return Invalid("title", "err.title.invalid")
	}
	if utf8.RuneCountInString(r.Body) > MaxResourceBodyLen {
		return Invalid("body", "err.too_long")
	}
	switch r.Kind {
	case ResourceFolder:
		r.URL, r.Body = "", ""
	case ResourceLink:
		if !ValidWebURL(r.URL) {
			return Invalid("url", "err.url.invalid")
		}
	case ResourceNote:
		r.URL = ""
	default:
		return Invalid("kind", "err.resource.kind.invalid")
	}
	return nil
}

// CanDeleteResource reports whether profile may delete r: its creator or a
// moderator.
func CanDeleteResource(g *Group, role, profileID string, r *Resource) bool {
	return g.Can(role, ActModerate) || (r.CreatedBy == profileID && g.Can(role, ActEditResources))
}
