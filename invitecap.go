package cortege

import "time"

// Invitation caps. Every invitation an account sends, by address or by
// handle, one at a time, pasted as a list or imported from a file, counts
// against two sliding windows, an hour and a day. A new account may send
// few: its caps grow with its age and with the invitations people
// accepted, up to the ceiling administrators have from the start.
const (
	InviteDayFloor   = 20  // what an account sends in its first day
	InviteDayCeiling = 500 // the most any account sends in a day
	InviteHourFloor  = 10  // the hourly cap is a quarter of the daily, at least this
	invitesPerAge    = 10  // a day's cap grows by this for each day of age
	invitesPerAccept = 2   // and by this for each invitation accepted
)

// InviteCaps returns how many invitations an account may send in any
// hour and in any 24 hours: age is the account's, accepted how many of its
// invitations were accepted (by someone else), admin whether it
// administers the instance.
func InviteCaps(age time.Duration, accepted int, admin bool) (perHour, perDay int) {
	perDay = InviteDayCeiling
	if !admin {
		days := int(max(age, 0) / (24 * time.Hour))
		perDay = min(InviteDayFloor+invitesPerAge*min(days, InviteDayCeiling)+invitesPerAccept*min(max(accepted, 0), InviteDayCeiling), InviteDayCeiling)
	}
	return max(perDay/4, InviteHourFloor), perDay
}

// InviteCap says why invitations were not sent: the cap reached (Limit
// in Window), or Held when an administrator stopped the account's
// invitations; Sent and Refused count those of the request; NextAt is
// when the next one can go (zero while Held).
type InviteCap struct {
	Limit   int
	Window  time.Duration // time.Hour or 24 * time.Hour
	Sent    int
	Refused int
	NextAt  time.Time
	Held    bool
}

// Daily reports whether the day's cap was the one reached.
func (c *InviteCap) Daily() bool { return c.Window >= 24*time.Hour }

// Error makes a cap that refused a single invitation an error.
func (c *InviteCap) Error() string {
	if c.Held {
		return "invitations stopped by an administrator"
	}
	return "invitation cap reached"
}

// Unwrap gives the coded error every boundary knows: ERATELIMIT, with the
// message for a cap reached or for invitations stopped.
func (c *InviteCap) Unwrap() error {
	if c.Held {
		return Errorf(ERATELIMIT, "err.invite.held")
	}
	return Errorf(ERATELIMIT, "err.invite.cap")
}
