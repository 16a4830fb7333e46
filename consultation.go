package cortege

import (
	"time"
)

// States of a consultation: written as a draft, open to answers between
// its opening and closing times, closed, and finally its results
// published.
const (
	ConsultationDraft     = "draft"
	ConsultationOpen      = "open"
	ConsultationClosed    = "closed"
	ConsultationPublished = "published"
)

// Audiences: who may take part.
const (
	// AudienceLink is anyone with the link, one answer per browser: weak,
	// so consultations only (never a vote).
	AudienceLink = "link"
	// AudienceMembers is the members of the owning group holding at
	// least MinRole (the instance's active accounts for an instance's
	// consultation).
	AudienceMembers = "members"
	// AudienceCodes is the holders of anonymous invitation codes.
	AudienceCodes = "codes"
	// AudienceRoll is the people of a voter roll (the votation issue);
	// refused until it exists.
	AudienceRoll = "roll"
)

// Limits of a consultation's texts and questions.
const (
	MaxConsultationTitleLen  = 200
	MaxConsultationTextLen   = 20000
	MaxConsultationQuestions = 100
)

// Consultation collects answers to questions. When Secret it is a vote:
// nobody, the operator included, can tell who chose what (DESIGN §5); a
// consultation that is not secret may store answers with the profile and
// says so, and is never called a vote.
type Consultation struct {
	ID string
	// GroupID is the owning group; "" for one of the instance's
	// administrators.
	GroupID     string
	Title       string
	Description string // Markdown
	Secret      bool
	State       string
	OpensAt     time.Time // UTC
	ClosesAt    time.Time // UTC
	TZ          string    // IANA zone the times are shown and typed in
	Revote      bool      // the last ballot of a voter counts (against coercion)
	Audience    string
	MinRole     string // AudienceMembers: the lowest role that takes part
	Lang        string
	CreatedBy   string // profile
	CreatedAt   time.Time
	UpdatedAt   time.Time
	OpenedAt    time.Time
	ClosedAt    time.Time
	PublishedAt time.Time
}

// Location is the consultation's time zone (UTC when unknown).
func (c *Consultation) Location() *time.Location {
	if loc, err := LoadLocation(c.TZ); err == nil {
		return loc
	}
	return time.UTC
}

// Validate trims and checks the fields people type; errors name the field.
func (c *Consultation) Validate() error {
	var err error
	if c.Title, err = CheckText("title", c.Title, MaxConsultationTitleLen, false); err != nil {
		return err
	}
	if c.Title == "" {
		return Invalid("title", "err.consultation.title.required")
	}
	if c.Description, err = CheckText("description", c.Description, MaxConsultationTextLen, true); err != nil {
		return err
	}
	if _, err := LoadLocation(c.TZ); err != nil || c.TZ == "" || c.TZ == "Local" {
		return Invalid("tz", "err.consultation.tz.invalid")
	}
	if c.OpensAt.IsZero() {
		return Invalid("opens_at", "err.consultation.opens_at.required")
	}
	if err := CheckTime("opens_at", c.OpensAt); err != nil {
		return err
	}
	if c.ClosesAt.IsZero() {
		return Invalid("closes_at", "err.consultation.closes_at.required")
	}
	if err := CheckTime("closes_at", c.ClosesAt); err != nil {
		return err
	}
	if !c.ClosesAt.After(c.OpensAt) {
		return Invalid("closes_at", "err.consultation.closes_at.before_opening")
	}
	switch c.Audience {
	case AudienceLink:
		if c.Secret {
			return Invalid("audience", "err.consultation.audience.link_secret")
		}
		c.MinRole = ""
	case AudienceMembers:
		if c.MinRole == "" {
			c.MinRole = GroupMember
		}
		if !ValidGroupRole(c.MinRole) {
			return Invalid("min_role", "err.consultation.min_role.invalid")
		}
	case AudienceCodes:
		c.MinRole = ""
	case AudienceRoll:
		return Invalid("audience", "err.consultation.audience.roll_unavailable")
	default:
		return Invalid("audience", "err.consultation.audience.invalid")
	}
	if c.Revote && !c.Secret {
		// Linked answers are edited in place until closing: re-voting is
		// a rule of secret ballots.
		c.Revote = false
	}
	if c.Lang == "" {
		c.Lang = "fr"
	}
	return nil
}

// StateAt is the consultation's state as seen at now: an open one past
// its closing time is closed even before the job writes it.
func (c *Consultation) StateAt(now time.Time) string {
	if c.State == ConsultationOpen && !now.Before(c.ClosesAt) {
		return ConsultationClosed
	}
	return c.State
}

// Accepting reports whether the consultation takes answers at now: open,
// past its opening time and before its closing time.
func (c *Consultation) Accepting(now time.Time) bool {
	return c.StateAt(now) == ConsultationOpen && !now.Before(c.OpensAt)
}

// CanEdit reports whether the consultation's text, rules and questions
// may still change: only a draft (once open, every voter must have seen
// the same questions, and the board's opening commits to them).
func (c *Consultation) CanEdit() bool { return c.State == ConsultationDraft }

// CanMove reports whether the consultation may go from its state at now
// to state to: draft → open → closed → published.
func (c *Consultation) CanMove(to string, now time.Time) bool {
	from := c.StateAt(now)
	switch to {
	case ConsultationOpen:
		return from == ConsultationDraft
	case ConsultationClosed:
		return from == ConsultationOpen || (c.State == ConsultationOpen && from == ConsultationClosed)
	case ConsultationPublished:
		return c.State == ConsultationClosed
	}
	return false
}

// Word is how the interface names it: "vote" when secret, "consultation"
// otherwise (a poll whose answers are linked is never called a vote).
func (c *Consultation) Word() string {
	if c.Secret {
		return "vote"
	}
	return "consultation"
}
