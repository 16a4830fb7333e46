package service

import (
	"context"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/store"
)

// Sign-in limits. What an IP does is refused past its own limits (per IP,
// and per address and IP together), so nobody spends another person's
// allowance. What concerns an address from every IP is a ceiling that
// slows down and never refuses: past it, sign-in links are spaced (asked
// for again, they are not re-sent, and the answer is the same) and
// passwords wait longer and longer, then an IP that has failed for the
// address is sent the emailed link instead. The counters live in the
// database, so every node shares them; none depends on whether the address
// has an account, so the answers and their timing tell nothing.
const (
	loginWindow  = 10 * time.Minute
	loginPerIP   = 30              // link requests from one IP, any address
	loginPerPair = 5               // link requests for one address from one IP
	loginPerMail = 5               // links mailed to one address before spacing
	loginSpacing = 2 * time.Minute // past that, at most one link mail per spacing

	passwordPerIP     = 30 // password attempts from one IP, any address
	passwordPerPair   = 10 // password attempts for one address from one IP
	passwordSlowAfter = 10 // failures on one address, any IP, free of delay
	passwordLinkAfter = 20 // failures on one address before failed IPs get the link
	passwordDelay     = 250 * time.Millisecond
	passwordDelayMax  = 4 * time.Second

	confirmPerIP = 60
)

// limitKey names a counter: kind, then the parts, lower-cased.
func limitKey(kind string, parts ...string) string {
	return kind + ":" + strings.ToLower(strings.Join(parts, "|"))
}

// requestLink counts a sign-in link request for email from a.IP, refusing
// past the IP's own limits, and enqueues the mail unless the address is
// past its ceiling and a link went out within the spacing (the person
// holds a live link: the spacing is shorter than a link's life).
func (s *Service) requestLink(ctx context.Context, a cortege.Actor, email string, job loginMailJob) error {
	if err := s.limit(ctx, limitKey("login:ip", a.IP), loginPerIP, loginWindow); err != nil {
		return err
	}
	if err := s.limit(ctx, limitKey("login:pair", email, a.IP), loginPerPair, loginWindow); err != nil {
		return err
	}
	return s.mailLink(ctx, email, job)
}

// mailLink enqueues a sign-in mail for email, spaced past the ceiling on
// the address. Whether it did is never told.
func (s *Service) mailLink(ctx context.Context, email string, job loginMailJob) error {
	q := s.db.Q()
	n, err := q.HitRateLimit(ctx, s.limitName(limitKey("login:email", email)), loginWindow)
	if err != nil {
		return err
	}
	if n > loginPerMail {
		m, err := q.HitRateLimit(ctx, s.limitName(limitKey("login:spaced", email)), loginSpacing)
		if err != nil || m > 1 {
			return err
		}
	}
	return s.inTx(ctx, func(q *store.Q) error {
		return enqueue(ctx, q, loginLinkJobKind, job, jobs.Options{MaxAttempts: 5})
	})
}

// passwordGate runs before a password is checked for email from a.IP. It
// refuses past the IP's own limits, waits when the address is past its
// ceiling of failures, and answers useLink when the address is far past
// it and this IP has failed for it: the password is then not checked and
// a link is mailed (spaced). An IP that has not failed for the address
// always has its password checked, so failures from elsewhere, however
// many, never make the owner's right password fail.
func (s *Service) passwordGate(ctx context.Context, a cortege.Actor, email string) (useLink bool, err error) {
	if err := s.limit(ctx, limitKey("password:ip", a.IP), passwordPerIP, loginWindow); err != nil {
		return false, err
	}
	if err := s.limit(ctx, limitKey("password:pair", email, a.IP), passwordPerPair, loginWindow); err != nil {
		return false, err
	}
	q := s.db.Q()
	failed, err := q.RateLimitCount(ctx, s.limitName(limitKey("password:failed", email)), loginWindow)
	if err != nil {
		return false, err
	}
	if failed >= passwordLinkAfter {
		mine, err := q.RateLimitCount(ctx, s.limitName(limitKey("password:failed", email, a.IP)), loginWindow)
		if err != nil {
			return false, err
		}
		if mine > 0 {
			return true, nil
		}
	}
	if failed > passwordSlowAfter {
		s.cfg.Sleep(ctx, passwordWait(failed-passwordSlowAfter-1))
	}
	return false, nil
}

// passwordWait is the delay after n failures past the ceiling: doubling
// from passwordDelay up to passwordDelayMax.
func passwordWait(n int) time.Duration {
	d := passwordDelay
	for i := 0; i < n && d < passwordDelayMax; i++ {
		d *= 2
	}
	return min(d, passwordDelayMax)
}

// passwordFailed counts a wrong password (or an unknown address) for email
// and for email from a.IP.
func (s *Service) passwordFailed(ctx context.Context, a cortege.Actor, email string) error {
	q := s.db.Q()
	if _, err := q.HitRateLimit(ctx, s.limitName(limitKey("password:failed", email)), loginWindow); err != nil {
		return err
	}
	_, err := q.HitRateLimit(ctx, s.limitName(limitKey("password:failed", email, a.IP)), loginWindow)
	return err
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
