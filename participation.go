package cortege

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Participation statuses.
const (
	PartUnconfirmed = "unconfirmed" // anonymous, waiting for the emailed confirmation
	PartInvited     = "invited"     // invited by an organiser, not yet accepted
	PartPending     = "pending"     // waiting for an organiser's approval
	PartApproved    = "approved"
	PartWaitlisted  = "waitlisted" // admitted but the event is full: promoted in order
	PartRefused     = "refused"
	PartCancelled   = "cancelled" // by the participant
	PartAttended    = "attended"  // checked in at the door
)

// Limits on participation fields.
const (
	MaxParticipantNameLen = 80
	MaxAnswerLen          = 1000
	MaxQuestions          = 20
	MaxQuestionLen        = 300
	MaxChoices            = 20
	MaxOrganiserMessage   = 1000
)

// Participation is a person's registration to an event: a profile, or a
// name and an email address for someone without an account.
type Participation struct {
	ID              string
	EventID         string
	ProfileID       string // empty for an anonymous participant
	Name            string // anonymous participant's name
	Email           string // anonymous participant's address
	Status          string
	Position        int // order of arrival; the waiting list is promoted by it
	Answers         []Answer
	ConductAccepted bool
	Message         string // the organiser's message on approval or refusal
	TicketShort     string // first characters of the ticket code, shown in lists
	CheckedInAt     time.Time
	NoUpdates       bool   // turned off "updates" (reminders and cancellations still go out)
	Lang            string // language of mails to an anonymous participant
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Anonymous reports whether the participant has no profile.
func (p *Participation) Anonymous() bool { return p.ProfileID == "" }

// HoldsSeat reports whether the participation counts against the capacity.
func (p *Participation) HoldsSeat() bool { return HoldsSeat(p.Status) }

// HoldsSeat reports whether a status counts against the capacity.
func HoldsSeat(status string) bool { return status == PartApproved || status == PartAttended }

// Active reports whether the participation is still alive (not refused or
// cancelled).
func (p *Participation) Active() bool {
	switch p.Status {
	case PartRefused, PartCancelled:
		return false
	}
	return true
}

// Admitted reports whether the participant may see hidden details and
// receives a ticket: approved or attended.
func (p *Participation) Admitted() bool { return p != nil && HoldsSeat(p.Status) }

// Admit decides the status of someone joining (or confirming, or being
// approved) given the event and how many seats are taken: pending when the
// organisers approve each person (unless approved is true), else approved
// while seats remain and waitlisted after.
func Admit(e *Event, seatsTaken int, approved bool) string {
	if e.JoinMode == JoinApproval && !approved {
		return PartPending
	}
	if e.Capacity > 0 && seatsTaken >= e.Capacity {
		return PartWaitlisted
	}
	return PartApproved
}

// Promotions returns how many waitlisted people move up when seatsTaken
// seats are held: every free seat goes to the next in line.
func Promotions(e *Event, seatsTaken, waitlisted int) int {
	if e.Capacity == 0 {
		return waitlisted
	}
	free := e.Capacity - seatsTaken
	if free < 0 {
		free = 0
	}
	if free > waitlisted {
		return waitlisted
	}
	return free
}

// CanJoin checks that a person may register now: the event is published,
// not cancelled, not over, and not invitation only (unless invited).
func CanJoin(e *Event, now time.Time, invited bool) error {
	switch {
	case !e.Published || !e.Confirmed:
		return Errorf(ENOTFOUND, "err.event.not_found")
	case e.Cancelled():
		return Errorf(EINVALID, "err.event.cancelled")
	case e.Past(now):
		return Errorf(EINVALID, "err.event.over")
	case e.JoinMode == JoinInvitation && !invited:
		return Errorf(EFORBIDDEN, "err.event.invitation_only")
	}
	return nil
}

// Validate checks the fields an anonymous participant types.
func (p *Participation) Validate() error {
	if p.ProfileID != "" {
		return nil
	}
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		return Invalid("name", "err.participant.name_required")
	}
	if err := CheckChars("name", p.Name, false); err != nil {
		return err
	}
	if !oneLine(p.Name, MaxParticipantNameLen) {
		return Invalid("name", "err.participant.name_invalid")
	}
	email, err := NormalizeEmail(p.Email)
	if err != nil {
		return err
	}
	p.Email = email
	if p.Lang == "" {
		p.Lang = DefaultLang
	}
	return CheckLang("lang", p.Lang)
}

// Question kinds.
const (
	QuestionText   = "text"
	QuestionChoice = "choice"
)

// Question is a registration question an organiser sets; answers are
// visible to organisers only.
type Question struct {
	ID       string
	EventID  string
	Label    string
	Kind     string
	Choices  []string
	Required bool
	Position int
}

// Validate checks a question.
func (q *Question) Validate() error {
	q.Label = strings.TrimSpace(q.Label)
	if err := CheckChars("questions", q.Label, false); err != nil {
		return err
	}
	if q.Label == "" || !oneLine(q.Label, MaxQuestionLen) {
		return Invalid("questions", "err.question.label_invalid")
	}
	switch q.Kind {
	case QuestionText:
		q.Choices = nil
	case QuestionChoice:
		var cs []string
		for _, c := range q.Choices {
			if c = strings.TrimSpace(c); c != "" {
				if err := CheckChars("questions", c, false); err != nil {
					return err
				}
				if !oneLine(c, MaxQuestionLen) || strings.Contains(c, "\x1f") {
					return Invalid("questions", "err.question.choice_invalid")
				}
				cs = append(cs, c)
			}
		}
		if len(cs) < 2 || len(cs) > MaxChoices {
			return Invalid("questions", "err.question.choices_count")
		}
		q.Choices = cs
	default:
		return Invalid("questions", "err.question.kind_invalid")
	}
	return nil
}

// Answer is a participant's answer to one question.
type Answer struct {
	QuestionID string
	Value      string
}

// CheckAnswers validates answers against the questions: required ones
// answered, choices among those offered, no answer to an unknown question.
// It returns the answers in question order.
func CheckAnswers(qs []*Question, in []Answer) ([]Answer, error) {
	byID := map[string]string{}
	for _, a := range in {
		byID[a.QuestionID] = strings.TrimSpace(a.Value)
	}
	var out []Answer
	for _, q := range qs {
		v, ok := byID[q.ID]
		delete(byID, q.ID)
		if !ok || v == "" {
			if q.Required {
				return nil, Invalid("answer_"+q.ID, "err.answer.required")
			}
			continue
		}
		if err := CheckChars("answer_"+q.ID, v, true); err != nil {
			return nil, err
		}
		if utf8.RuneCountInString(v) > MaxAnswerLen {
			return nil, Invalid("answer_"+q.ID, "err.too_long")
		}
		if q.Kind == QuestionChoice && !contains(q.Choices, v) {
			return nil, Invalid("answer_"+q.ID, "err.answer.choice_invalid")
		}
		out = append(out, Answer{QuestionID: q.ID, Value: v})
	}
	for id := range byID {
		return nil, Invalid("answer_"+id, "err.answer.unknown_question")
	}
	return out, nil
}

// ParticipantCounts are the figures an organiser sees: registered (every
// active participation), approved (holding a seat, attended included),
// attended, pending and waitlisted.
type ParticipantCounts struct {
	Registered int
	Approved   int
	Attended   int
	Pending    int
	Waitlisted int
}

// Announcement filters: which participants receive an announcement.
const (
	AudienceAll        = "all" // every active participant
	AudienceApproved   = "approved"
	AudiencePending    = "pending"
	AudienceWaitlisted = "waitlisted"
	AudienceAttended   = "attended"
)

// InAudience reports whether a participation with status receives an
// announcement sent to audience.
func InAudience(audience, status string) bool {
	switch audience {
	case AudienceAll:
		return status == PartApproved || status == PartAttended || status == PartPending || status == PartWaitlisted
	case AudienceApproved:
		return status == PartApproved || status == PartAttended
	}
	return audience == status
}

// ValidAudience reports whether audience is one of the filters.
func ValidAudience(audience string) bool {
	return contains([]string{AudienceAll, AudienceApproved, AudiencePending, AudienceWaitlisted, AudienceAttended}, audience)
}
