package cortege

import "time"

// Limits of a petition update.
const (
	MaxPetitionUpdateTitleLen = 200
	MaxPetitionUpdateBodyLen  = 20000
)

// PetitionUpdate is news the organisers post on a petition: listed on
// the petition's updates page, mailed to the signers who agreed to hear
// from the petition and told to the organising groups' members.
type PetitionUpdate struct {
	ID         string
	PetitionID string
	Title      string
	Body       string // Markdown
	ByProfile  string // "" once the author's profile is gone
	CreatedAt  time.Time
}

// Validate trims and checks what the organiser typed; errors name the
// field.
func (u *PetitionUpdate) Validate() error {
	var err error
	if u.Title, err = CheckText("title", u.Title, MaxPetitionUpdateTitleLen, false); err != nil {
		return err
	}
	if u.Title == "" {
		return Invalid("title", "err.petition_update.title.required")
	}
	if u.Body, err = CheckText("body", u.Body, MaxPetitionUpdateBodyLen, true); err != nil {
		return err
	}
	if u.Body == "" {
		return Invalid("body", "err.petition_update.body.required")
	}
	return nil
}
