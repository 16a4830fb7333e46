package cortege

import "time"

// Channels through which a voter signs the sheet.
const (
	ChannelOnline = "online"
)

// SignOff is one line of a vote's sign-in sheet: who took part, and how,
// on which day. It never says when in the day, nor in which order: the
// ballot box (what was chosen) shares no key, time or sequence with it
// (DESIGN §5).
type SignOff struct {
	ConsultationID string
	// VoterKey is who signed: the profile ID for a group's members.
	VoterKey string
	Channel  string
	Day      string // YYYY-MM-DD in the vote's time zone
}

// SignOffDay is the day of a sign-off at t, in loc: the only time the
// sheet keeps.
func SignOffDay(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.DateOnly) }

// States of an invitation code.
const (
	CodeIssued = "issued"
	CodeUsed   = "used"
	CodeVoid   = "void"
)

// InvitationSlip is one printed slip of a batch of invitation codes: its
// batch and slip numbers (to reprint or void it) and, once, the code to
// print. The database keeps only the code's hash.
type InvitationSlip struct {
	Batch int
	Slip  int
	Code  InvitationCode // only when just generated or reprinted
	State string
}

// Limits of code generation.
const (
	MaxCodesPerBatch = 100_000
)
