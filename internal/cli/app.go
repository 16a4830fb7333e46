package cli

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"codeberg.org/cortege/cortege/internal/config"
	"codeberg.org/cortege/cortege/internal/geocode"
	"codeberg.org/cortege/cortege/internal/imaging"
	"codeberg.org/cortege/cortege/internal/ledger"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
)

// openStore creates the data directory and opens, migrates and prepares the
// database the configuration names.
func openStore(ctx context.Context, cfg config.Config) (*store.DB, error) {
	return openStoreWith(ctx, cfg, store.Config{})
}

// openStoreWith is openStore with store settings of the caller's (the
// generator's bulk load).
func openStoreWith(ctx context.Context, cfg config.Config, sc store.Config) (*store.DB, error) {
	if err := os.MkdirAll(cfg.Data, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	sc.URL, sc.UnsafeLateCommit = cfg.DatabaseTarget(), unsafeLateCommit()
	return store.OpenAndMigrate(ctx, sc)
}

// newService builds the service for cfg; now is its clock (nil: the
// system's).
func newService(db *store.DB, cfg config.Config, log *slog.Logger, wake func(), now func() time.Time) (*service.Service, error) {
	key, err := loadKey(filepath.Join(cfg.Data, "keys", "link.key"))
	if err != nil {
		return nil, err
	}
	host := "localhost"
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Host != "" {
		host = u.Host
	}
	ledgerKey, err := ledger.LoadOrCreateKey(cfg.Data, host)
	if err != nil {
		return nil, err
	}
	voucherKeys, err := loadVoucherKeys(cfg.VoucherKeyFile, cfg.Data)
	if err != nil {
		return nil, err
	}
	var geo service.Geocoder
	if cfg.Geocoder != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c, err := geocode.ForOperator(ctx, cfg.Geocoder, cfg.GeocoderURL)
		if err != nil {
			return nil, err
		}
		geo = c
	}
	images := imaging.NewDecoder(imaging.Limits{DecodeBudget: int64(cfg.ImageBudgetMB) << 20},
		cfg.ImageDecoders, imaging.DefaultQueue, time.Duration(cfg.ImageWait)*time.Second)
	return service.New(db, service.Config{
		Images: images,
		UploadLimits: service.UploadLimits{PerAccount: cfg.UploadLimitAccount, PerIP: cfg.UploadLimitIP,
			Anonymous: cfg.UploadLimitAnonymous, AnonymousInstance: cfg.UploadLimitInstance},
		Geocoder:           geo,
		LinkKey:            key,
		LedgerKey:          &ledgerKey,
		VoucherKeys:        &voucherKeys,
		SignLimits:         service.SignLimits{PerIP: cfg.SignLimitIP, PerPetition: cfg.SignLimitPetition},
		SignatureRetention: time.Duration(cfg.SignatureRetentionDay) * 24 * time.Hour,
		BaseURL:            cfg.BaseURL,
		UploadsDir:         cfg.UploadsDir(),
		MailFrom:           cfg.MailFrom,
		LogLinks:           cfg.SMTPURL == "",
		Logger:             log,
		Wake:               wake,
		Now:                now,
	}), nil
}

// loadKey reads a 32-byte secret from path, creating it (0600, in a 0700
// folder) on first use. Nodes sharing a database must share this file.
func loadKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		if len(b) < 32 {
			return nil, fmt.Errorf("%s: key too short (delete it to make a new one; old links stop working)", path)
		}
		return b, nil
	}
	if !os.IsNotExist(err) {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	b = make([]byte, 32)
	rand.Read(b)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if os.IsExist(err) { // another process made it first
		return loadKey(path)
	}
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	return b, f.Close()
}

// newMailer returns the SMTP transport, or the directory transport writing
// .eml files under DATA/mail when no SMTP server is configured (its
// temporary files tagged with owner, see nodeSlot).
func newMailer(cfg config.Config, owner string) (service.Mailer, error) {
	r, err := mail.NewRenderer()
	if err != nil {
		return service.Mailer{}, err
	}
	if cfg.SMTPURL == "" {
		return service.Mailer{Transport: mail.NewDir(cfg.MailDir()).WithOwner(owner), Renderer: r}, nil
	}
	t, err := mail.NewSMTP(cfg.SMTPURL)
	if err != nil {
		return service.Mailer{}, err
	}
	return service.Mailer{Transport: t, Renderer: r}, nil
}

// ensureDir creates the data directory, readable by its owner only.
func ensureDir(dir string) error { return os.MkdirAll(dir, 0o700) }

// openRaw opens the database without migrating it.
func openRaw(ctx context.Context, cfg config.Config) (*store.DB, error) {
	return store.Open(ctx, store.Config{URL: cfg.DatabaseTarget()})
}
