package cortege

import (
	"net/url"
	"strings"
	"time"
)

// States of a petition. A petition is written as a draft, published to
// gather signatures, closed (by its organisers or at its end date) and
// finally answered once the organisers record the addressee's answer.
const (
	PetitionDraft     = "draft"
	PetitionPublished = "published"
	PetitionClosed    = "closed"
	PetitionAnswered  = "answered"
)

// Scopes of a petition: where its addressee answers for.
const (
	ScopeLocal       = "local"       // a commune (PlaceINSEE)
	ScopeDepartement = "departement" // a département (Departement)
	ScopeNational    = "national"
	ScopeEuropean    = "european"
)

// PetitionScopes lists the scopes in the order forms show them.
var PetitionScopes = []string{ScopeLocal, ScopeDepartement, ScopeNational, ScopeEuropean}

// Limits of a petition's texts and goal.
const (
	MaxPetitionTitleLen     = 200
	MaxPetitionTextLen      = 50000
	MaxPetitionAddresseeLen = 300
	MaxPetitionAnswerLen    = 50000
	MaxPetitionGoal         = 100_000_000
)

// Petition is a text addressed to someone, signed by people who agree
// with it, created by a profile or on behalf of a group.
type Petition struct {
	ID        string
	Title     string
	Text      string // Markdown
	Addressee string
	Goal      int
	Picture   string // an upload's name (content hash), "" for none
	Scope     string
	// PlaceINSEE is the commune of a local petition; Departement the code
	// of a départemental one (and of a local one's commune).
	PlaceINSEE     string
	Departement    string
	Tags           []string
	EndsAt         time.Time // zero: no end date
	FundraisingURL string    // shown on the page; "" for none
	State          string
	Answer         string // the addressee's answer, recorded by the organisers
	AnsweredAt     time.Time
	PublishedAt    time.Time
	ClosedAt       time.Time
	CreatedBy      string // profile
	Lang           string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Validate trims and checks the fields people type; errors name the field.
func (p *Petition) Validate() error {
	var err error
	if p.Title, err = CheckText("title", p.Title, MaxPetitionTitleLen, false); err != nil {
		return err
	}
	if p.Title == "" {
		return Invalid("title", "err.petition.title.required")
	}
	if p.Text, err = CheckText("text", p.Text, MaxPetitionTextLen, true); err != nil {
		return err
	}
	if p.Text == "" {
		return Invalid("text", "err.petition.text.required")
	}
	if p.Addressee, err = CheckText("addressee", p.Addressee, MaxPetitionAddresseeLen, false); err != nil {
		return err
	}
	if p.Addressee == "" {
		return Invalid("addressee", "err.petition.addressee.required")
	}
	if p.Goal < 1 || p.Goal > MaxPetitionGoal {
		return Invalid("goal", "err.petition.goal.invalid")
	}
	switch p.Scope {
	case ScopeLocal:
		if p.PlaceINSEE == "" {
			return Invalid("place", "err.petition.place.required")
		}
	case ScopeDepartement:
		p.PlaceINSEE = ""
		if p.Departement == "" {
			return Invalid("departement", "err.petition.departement.required")
		}
	case ScopeNational, ScopeEuropean:
		p.PlaceINSEE, p.Departement = "", ""
	default:
		return Invalid("scope", "err.petition.scope.invalid")
	}
	if p.Tags, err = NormalizeTags(p.Tags); err != nil {
		return err
	}
	p.FundraisingURL = strings.TrimSpace(p.FundraisingURL)
	if p.FundraisingURL != "" && !ValidFundraisingURL(p.FundraisingURL) {
		return Invalid("fundraising_url", "err.petition.fundraising_url.invalid")
	}
	if p.Answer, err = CheckText("answer", p.Answer, MaxPetitionAnswerLen, true); err != nil {
		return err
	}
	if p.Lang == "" {
		p.Lang = "fr"
	}
	return nil
}

// ValidFundraisingURL reports whether s may be shown as a petition's
// fundraising link: an https URL (http only for localhost in tests would
// not be published, so it is refused), with a host and no credentials,
// whose rendering cannot carry script.
func ValidFundraisingURL(s string) bool {
	if !ValidWebURL(s) {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.User == nil && u.Hostname() != "" && !strings.ContainsAny(u.Hostname(), "<>\"'")
}

// StateAt is the petition's state as seen at now: a published petition
// past its end date is closed even before the sweep writes it.
func (p *Petition) StateAt(now time.Time) string {
	if p.State == PetitionPublished && !p.EndsAt.IsZero() && !now.Before(p.EndsAt) {
		return PetitionClosed
	}
	return p.State
}

// Signable reports whether the petition takes signatures at now.
func (p *Petition) Signable(now time.Time) bool { return p.StateAt(now) == PetitionPublished }

// CanMove reports whether the petition may go from its state at now to
// state to: draft → published → closed → answered, and published →
// answered (an answer given before the end ends the signing).
func (p *Petition) CanMove(to string, now time.Time) bool {
	switch from := p.StateAt(now); to {
	case PetitionPublished:
		return from == PetitionDraft
	case PetitionClosed:
		return from == PetitionPublished
	case PetitionAnswered:
		return from == PetitionPublished || from == PetitionClosed
	}
	return false
}

// VisibleTo reports whether someone sees the petition: drafts only its
// organisers, everything else everyone.
func (p *Petition) VisibleTo(organiser bool) bool { return p.State != PetitionDraft || organiser }

// CanEdit reports whether an organiser may still change the text: while
// it is a draft or gathering signatures. The addressee's answer is
// recorded apart (RecordAnswer).
func (p *Petition) CanEdit(organiser bool, now time.Time) bool {
	if !organiser {
		return false
	}
	st := p.StateAt(now)
	return st == PetitionDraft || st == PetitionPublished
}

// Milestones are the shares of the goal (in per cent) whose crossing
// tells the organisers; each is told once.
var Milestones = []int{10, 50, 100}

// MilestonesCrossed returns the milestones passed when the count went
// from before to after, for a goal.
func MilestonesCrossed(goal, before, after int) []int {
	var out []int
	if goal <= 0 {
		return nil
	}
	for _, m := range Milestones {
		at := (goal*m + 99) / 100 // the first count at or past m %
		if before < at && after >= at {
			out = append(out, m)
		}
	}
	return out
}

// PetitionOrganiser is a group co-signing (and co-editing) a petition; an
// invited group becomes one when its administrators accept.
type PetitionOrganiser struct {
	PetitionID string
	GroupID    string
	Status     string
	InvitedBy  string
	CreatedAt  time.Time
}
