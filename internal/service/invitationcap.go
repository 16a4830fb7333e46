package service

import (
	"context"
	"math/rand/v2"
	"strconv"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/store"
)

// Mail fan-out limits beyond the per-account caps (cortege.InviteCaps).
const (
	// strangerCeilingKey is the instance setting of the hourly ceiling on
	// invitation mails to addresses that have no account.
	strangerCeilingKey = "invitations.stranger_hourly"
	// DefaultStrangerCeiling is that ceiling until an administrator sets it.
	DefaultStrangerCeiling = 300
	// MaxStrangerCeiling bounds what may be set.
	MaxStrangerCeiling = 100000
	strangerMailKey    = "mail:stranger"
)

// inviteQuota is what one account may still send, counted in the
// transaction that sends: the account's row is locked first, so two
// requests of one account take from its windows one after the other.
type inviteQuota struct {
	accountID           string
	hour, day           int // the caps
	leftHour, leftDay   int
	held                bool
	sent                int
	refused             *cortege.InviteCap // set at the first refusal
	now                 func() time.Time
	hourStart, dayStart time.Time
}

// inviteQuota reads the actor's caps and what its windows hold.
func (s *Service) inviteQuota(ctx context.Context, q *store.Q, a cortege.Actor) (*inviteQuota, error) {
	id := a.Account.ID
	if err := q.LockAccount(ctx, id); err != nil {
		return nil, err
	}
	held, err := q.InvitationHeld(ctx, id)
	if err != nil {
		return nil, err
	}
	accepted, err := q.CountInvitationsAccepted(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	u := &inviteQuota{accountID: id, held: held, now: s.now, hourStart: now.Add(-time.Hour), dayStart: now.Add(-24 * time.Hour)}
	u.hour, u.day = cortege.InviteCaps(now.Sub(a.Account.CreatedAt), accepted, a.IsAdmin())
	nh, _, err := q.CountInvitationSends(ctx, id, u.hourStart)
	if err != nil {
		return nil, err
	}
	nd, _, err := q.CountInvitationSends(ctx, id, u.dayStart)
	if err != nil {
		return nil, err
	}
	u.leftHour, u.leftDay = u.hour-nh, u.day-nd
	return u, nil
}

// allow reports whether one more invitation may go; when not, it counts
// the refusal and works out when the next one can go.
func (u *inviteQuota) allow(ctx context.Context, q *store.Q) (bool, error) {
	if !u.held && u.leftHour > 0 && u.leftDay > 0 {
		return true, nil
	}
	if u.refused == nil {
		c := &cortege.InviteCap{Held: u.held}
		if !u.held {
			for _, w := range []struct {
				left, limit int
				start       time.Time
				length      time.Duration
			}{{u.leftHour, u.hour, u.hourStart, time.Hour}, {u.leftDay, u.day, u.dayStart, 24 * time.Hour}} {
				if w.left > 0 {
					continue
				}
				_, oldest, err := q.CountInvitationSends(ctx, u.accountID, w.start)
				if err != nil {
					return false, err
				}
				// The window frees a place when its oldest invitation
				// leaves it.
				if next := oldest.Add(w.length); oldest.IsZero() || next.After(c.NextAt) {
					c.Limit, c.Window, c.NextAt = w.limit, w.length, next
					if oldest.IsZero() {
						c.NextAt = u.now().Add(w.length)
					}
				}
			}
		}
		u.refused = c
	}
	u.refused.Refused++
	return false, nil
}

// record counts one invitation sent to a group.
func (u *inviteQuota) record(ctx context.Context, q *store.Q, groupID string) error {
	if err := q.AddInvitationSend(ctx, u.accountID, groupID); err != nil {
		return err
	}
	u.leftHour, u.leftDay, u.sent = u.leftHour-1, u.leftDay-1, u.sent+1
	return nil
}

// capReached returns what was refused (nil when nothing was), with how
// many were sent.
func (u *inviteQuota) capReached() *cortege.InviteCap {
	if u.refused != nil {
		u.refused.Sent = u.sent
	}
	return u.refused
}

// inInstanceZone shows a cap's next time in the zone of the instance's
// events, as people read the hours of the pages.
func (s *Service) inInstanceZone(ctx context.Context, c *cortege.InviteCap) *cortege.InviteCap {
	if c == nil || c.NextAt.IsZero() {
		return c
	}
	if set, err := s.EventSettings(ctx); err == nil {
		if loc, err := cortege.LoadLocation(set.DefaultTZ); err == nil {
			c.NextAt = c.NextAt.In(loc)
		}
	}
	return c
}

// takeInvite checks and counts the single invitation of a request: a
// refusal is the *cortege.InviteCap error (ERATELIMIT). send does the
// inviting; nothing is counted when it fails.
func (s *Service) takeInvite(ctx context.Context, q *store.Q, a cortege.Actor, groupID string, send func() error) error {
	u, err := s.inviteQuota(ctx, q, a)
	if err != nil {
		return err
	}
	if ok, err := u.allow(ctx, q); err != nil || !ok {
		if err == nil {
			err = s.inInstanceZone(ctx, u.capReached())
		}
		return err
	}
	if err := send(); err != nil {
		return err
	}
	return u.record(ctx, q, groupID)
}

// strangerCeiling returns the hourly ceiling on invitation mails to
// addresses without an account.
func strangerCeiling(ctx context.Context, q *store.Q) (int, error) {
	v, err := q.Setting(ctx, strangerCeilingKey, "")
	if err != nil || v == "" {
		return DefaultStrangerCeiling, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return DefaultStrangerCeiling, nil
	}
	return n, nil
}

// holdStrangerMail counts one invitation mail to an address without an
// account in the instance's hourly window and, past the ceiling, returns
// the error that holds its job to the next hour (spread over its first
// minutes): held, not dropped.
func (s *Service) holdStrangerMail(ctx context.Context, q *store.Q) error {
	ceiling, err := strangerCeiling(ctx, q)
	if err != nil {
		return err
	}
	n, err := q.HitRateLimit(ctx, strangerMailKey, time.Hour)
	if err != nil || n <= ceiling {
		return err
	}
	next := s.now().Truncate(time.Hour).Add(time.Hour + time.Duration(rand.Int64N(int64(5*time.Minute))))
	return jobs.Defer(next, "hourly ceiling on mail to addresses without an account ("+strconv.Itoa(ceiling)+")")
}

// InvitationSender is an account as the administrators' page of
// invitations shows it.
type InvitationSender struct {
	Account           *cortege.Account
	LastHour, LastDay int
	HeldAt            time.Time // zero unless its invitations are stopped
}

// InvitationActivity is what administrators see of the mail fan-out: who
// sent invitations in the last day (busiest of the last hour first), whose
// invitations are stopped, and the instance's hourly ceiling on mail to
// addresses without an account with what it holds.
type InvitationActivity struct {
	Senders  []*InvitationSender
	Held     []*InvitationSender
	Ceiling  int // per hour
	ThisHour int // such mails counted in the current hour
	Waiting  int // invitation mails held for a later hour
}

// InvitationActivity returns the fan-out figures; administrators only.
func (s *Service) InvitationActivity(ctx context.Context, a cortege.Actor) (*InvitationActivity, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	q := s.db.Q()
	now := s.now()
	senders, err := q.InvitationSenders(ctx, now.Add(-time.Hour), now.Add(-24*time.Hour), 30)
	if err != nil {
		return nil, err
	}
	held, err := q.InvitationHolds(ctx, 100)
	if err != nil {
		return nil, err
	}
	out := &InvitationActivity{Senders: senderViews(senders), Held: senderViews(held)}
	if out.Ceiling, err = strangerCeiling(ctx, q); err != nil {
		return nil, err
	}
	if out.ThisHour, err = q.RateLimitCount(ctx, strangerMailKey, time.Hour); err != nil {
		return nil, err
	}
	out.ThisHour = min(out.ThisHour, out.Ceiling) // what was held is not sent
	if out.Waiting, err = q.CountWaitingJobs(ctx, inviteMailJob); err != nil {
		return nil, err
	}
	return out, nil
}

func senderViews(in []*store.InvitationSender) []*InvitationSender {
	out := make([]*InvitationSender, len(in))
	for i, x := range in {
		out[i] = &InvitationSender{Account: x.Account, LastHour: x.LastHour, LastDay: x.LastDay, HeldAt: x.HeldAt}
	}
	return out
}

// StopInvitations stops a burst: the account can send no invitation until
// an administrator resumes it, and its invitations by address whose mail
// has not gone yet are withdrawn (their jobs then send nothing). It
// returns how many were withdrawn; administrators only.
func (s *Service) StopInvitations(ctx context.Context, a cortege.Actor, accountID string) (int, error) {
	if err := requireAdmin(a); err != nil {
		return 0, err
	}
	var n int
	err := s.inTx(ctx, func(q *store.Q) error {
		if _, err := q.AccountByID(ctx, accountID); err != nil {
			return err
		}
		if err := q.PutInvitationHold(ctx, accountID, a.Account.ID); err != nil {
			return err
		}
		var err error
		n, err = q.CancelUnsentInvitations(ctx, accountID)
		return err
	})
	return n, err
}

// ResumeInvitations lets a stopped account invite again, within its caps;
// administrators only.
func (s *Service) ResumeInvitations(ctx context.Context, a cortege.Actor, accountID string) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	return s.db.Q().DeleteInvitationHold(ctx, accountID)
}

// SetStrangerCeiling sets the hourly ceiling on invitation mails to
// addresses without an account (mail past it waits for the next hour);
// administrators only.
func (s *Service) SetStrangerCeiling(ctx context.Context, a cortege.Actor, perHour string) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	n, err := strconv.Atoi(perHour)
	if err != nil || n < 1 || n > MaxStrangerCeiling {
		return cortege.Invalid("ceiling", "err.invite.ceiling")
	}
	return s.db.Q().PutSetting(ctx, strangerCeilingKey, strconv.Itoa(n))
}
