package service

import (
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// Retention is how long this instance keeps what people give it, as the
// privacy page states it: each duration is the one the code acts on, so
// the page cannot drift from what is done.
type Retention struct {
	// Signers: a petition's signers' names, addresses, postal codes,
	// comments, consents and links to accounts are erased this long after
	// the petition closes (SweepPetitions).
	Signers time.Duration
	// ConfirmLink is how long a signature's confirmation link works;
	// Unconfirmed, how long after signing a signature never confirmed is
	// deleted.
	ConfirmLink time.Duration
	Unconfirmed time.Duration
	// RateLimits: the rate limits' counters are deleted this long after
	// their window starts.
	RateLimits time.Duration
	// SentMail: a mail's job, with its recipient's address, is deleted
	// this long after the mail went out.
	SentMail time.Duration
	// FailedMail: a mail's job that failed for good is deleted that long
	// after its last try.
	FailedMail time.Duration
	// Session is how long a sign-in lasts.
	Session time.Duration
}

// SignatureRetention is how long after a petition closes its signers'
// data is kept: the configured setting (--signature-retention-days),
// else DefaultSignatureRetention.
func (s *Service) SignatureRetention() time.Duration {
	if s.cfg.SignatureRetention > 0 {
		return s.cfg.SignatureRetention
	}
	return DefaultSignatureRetention
}

// Retention returns this instance's retention periods, for its privacy
// page; anyone may read them.
func (s *Service) Retention() Retention {
	return Retention{
		Signers:     s.SignatureRetention(),
		ConfirmLink: signConfirmTTL,
		Unconfirmed: unconfirmedKept,
		RateLimits:  store.RateLimitsKept,
		SentMail:    store.DoneJobsKept,
		FailedMail:  store.DeadJobsKept,
		Session:     cortege.SessionTTL,
	}
}
