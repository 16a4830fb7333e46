// Package service holds Cortège's use cases. It is the only package that
// combines the store, the job queue and the domain rules, and every method
// takes the acting principal explicitly and checks permission itself: the
// HTML pages, the JSON API and federation all come through here, so each
// rule is written once.
package service

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"sync"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/imaging"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/ledger"
	"codeberg.org/cortege/cortege/internal/store"
)

// Config is what the service needs to know of the deployment.
type Config struct {
	BaseURL    string // public URL, no trailing slash
	UploadsDir string // where uploaded files are kept by content hash
	MailFrom   string // sender address; default noreply@ the base URL's host
	// LogLinks logs each sign-in link (zero-configuration installs that
	// write mail to files rather than send it).
	LogLinks bool
	// LinkKey is the secret from which emailed links and tickets are
	// derived (DATA/keys/link.key); it never goes into the database.
	LinkKey []byte
	Now     func() time.Time
	Logger  *slog.Logger
	// Wake is called after a commit that enqueued jobs, so local workers
	// start at once instead of at their next poll.
	Wake func()
	// Geocoder, when the operator configured one, gives events and groups
	// the position of their street; without it they get their commune's
	// centre from the embedded gazetteer.
	Geocoder Geocoder
	// Images decodes uploads within their limits, a few at a time; one
	// per process (nil: the defaults of imaging, 2 at a time).
	Images *imaging.Decoder
	// UploadLimits cap the pictures sent per hour.
	UploadLimits UploadLimits
	// UploadGrace is how long an upload no row names is kept before the
	// collection deletes it (0: DefaultUploadGrace).
	UploadGrace time.Duration
	// Sleep waits before a password is checked for an address past its
	// ceiling of failures (nil: a timer that ends with the request).
	Sleep func(context.Context, time.Duration)
	// SignatureRetention is how long after a petition closes its signers'
	// names and addresses are kept (0: DefaultSignatureRetention).
	SignatureRetention time.Duration
	// SignLimits cap the signatures per address and per petition.
	SignLimits SignLimits
	// LedgerKey signs the heads of the petitions' logs (DATA/ledger.key);
	// nil makes a key for this process only (tests).
	LedgerKey *ledger.Key
	// VoucherKeys sign the groups' monthly vouchers (DATA/voucher.key or
	// --voucher-key-file); nil makes keys for this process only (tests).
	VoucherKeys *cortege.VoucherKeys
}

// Defaults of the process's picture decoder.
const (
	DefaultImageDecoders = 2               // pictures decoding at once
	DefaultImageWait     = 5 * time.Second // how long an upload waits for a slot
)

// Service runs Cortège's use cases.
type Service struct {
	db     *store.DB
	cfg    Config
	log    *slog.Logger
	images *imaging.Decoder
	gen    *generation // of the public content, for the page cache
	// settings and eventSettings are kept while gen is current.
	settings      kept[cortege.InstanceSettings]
	eventSettings kept[EventSettings]
	// ledger is the key petition logs' heads are signed with (ledgerKey).
	ledgerOnce sync.Once
	ledger     ledger.Key
	// box is the ballot box's shuffled batch writer (ballot.go).
	box castBox
}

// New returns a Service over db.
func New(db *store.DB, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Wake == nil {
		cfg.Wake = func() {}
	}
	if cfg.Images == nil {
		cfg.Images = imaging.NewDecoder(imaging.Limits{}, DefaultImageDecoders, imaging.DefaultQueue, DefaultImageWait)
	}
	cfg.UploadLimits = cfg.UploadLimits.withDefaults()
	cfg.SignLimits = cfg.SignLimits.withDefaults()
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	if cfg.VoucherKeys == nil {
		k := cortege.NewVoucherKeys()
		cfg.VoucherKeys = &k
	}
	return &Service{db: db, cfg: cfg, log: cfg.Logger, images: cfg.Images, gen: newGeneration(db, cfg.Now)}
}

func (s *Service) now() time.Time { return s.cfg.Now().UTC() }

// inTx runs fn in a transaction and wakes the workers once it committed.
func (s *Service) inTx(ctx context.Context, fn func(q *store.Q) error) error {
	if err := s.db.InTx(ctx, fn); err != nil {
		return err
	}
	s.cfg.Wake()
	return nil
}

// enqueue adds a job in q's transaction.
func enqueue(ctx context.Context, q *store.Q, kind string, payload any, o jobs.Options) error {
	_, err := jobs.Enqueue(ctx, q, kind, payload, o)
	return err
}

// limit counts one hit on key and refuses with ERATELIMIT past max hits in
// the window. The counter lives in the database so every node shares it.
func (s *Service) limit(ctx context.Context, key string, max int, window time.Duration) error {
	return s.limitIn(ctx, s.db.Q(), key, max, window)
}

// limitIn is limit inside q's transaction: the hit commits, or rolls
// back, with the rest.
func (s *Service) limitIn(ctx context.Context, q *store.Q, key string, max int, window time.Duration) error {
	n, err := q.HitRateLimit(ctx, s.limitName(key), window)
	if err != nil {
		return err
	}
	if n > max {
		return cortege.Errorf(cortege.ERATELIMIT, "err.rate_limited")
	}
	return nil
}

// Health reports whether the database answers.
func (s *Service) Health(ctx context.Context) error { return s.db.Ping(ctx) }

// Settings returns the instance settings; anyone may read them.
func (s *Service) Settings(ctx context.Context) (cortege.InstanceSettings, error) {
	return s.settings.get(ctx, s.gen, s.db.Q().InstanceSettings)
}

// URL returns the absolute public URL of a path.
func (s *Service) URL(path string) string { return s.cfg.BaseURL + path }

func requireSignedIn(a cortege.Actor) error {
	if !a.SignedIn() {
		return cortege.Errorf(cortege.EUNAUTH, "err.signin_required")
	}
	return nil
}

func requireAdmin(a cortege.Actor) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	if !a.IsAdmin() {
		if a.Account.IsAdmin() {
			return cortege.Errorf(cortege.EFORBIDDEN, "err.token.admin_scope")
		}
		return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return nil
}

// runtimeBaseURL is the setting where serve records its public URL.
const runtimeBaseURL = "runtime.base_url"

// RecordBaseURL notes the public URL of the running server, so command-line
// tools run without --base-url print links that work.
func (s *Service) RecordBaseURL(ctx context.Context) error {
	return s.db.Q().PutSetting(ctx, runtimeBaseURL, s.cfg.BaseURL)
}

// UseRecordedBaseURL makes links use the URL the server last recorded,
// when there is one (for command-line tools given no --base-url).
func (s *Service) UseRecordedBaseURL(ctx context.Context) error {
	u, err := s.db.Q().Setting(ctx, runtimeBaseURL, "")
	if err == nil && u != "" {
		s.cfg.BaseURL = u
	}
	return err
}

// limitName is the name a rate limit's counter is stored under: a keyed
// hash of its key, which may hold an address (IP or mail), so that the
// counters keep no one's address (the privacy page says so).
func (s *Service) limitName(key string) string {
	m := hmac.New(sha256.New, append([]byte("rate-limit:"), s.cfg.LinkKey...))
	m.Write([]byte(key))
	return "h:" + hex.EncodeToString(m.Sum(nil)[:16])
}
