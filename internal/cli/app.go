package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"codeberg.org/cortege/cortege/internal/config"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
)

// openStore creates the data directory and opens, migrates and prepares the
// database the configuration names.
func openStore(ctx context.Context, cfg config.Config) (*store.DB, error) {
	if err := os.MkdirAll(cfg.Data, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	return store.OpenAndMigrate(ctx, store.Config{URL: cfg.DatabaseTarget()})
}

// newService builds the service for cfg.
func newService(db *store.DB, cfg config.Config, log *slog.Logger, wake func()) *service.Service {
	return service.New(db, service.Config{
		BaseURL:    cfg.BaseURL,
		UploadsDir: cfg.UploadsDir(),
		MailFrom:   cfg.MailFrom,
		LogLinks:   cfg.SMTPURL == "",
		Logger:     log,
		Wake:       wake,
	})
}

// newMailer returns the SMTP transport, or the directory transport writing
// .eml files under DATA/mail when no SMTP server is configured.
func newMailer(cfg config.Config) (service.Mailer, error) {
	r, err := mail.NewRenderer()
	if err != nil {
		return service.Mailer{}, err
	}
	if cfg.SMTPURL == "" {
		return service.Mailer{Transport: mail.NewDir(cfg.MailDir()), Renderer: r}, nil
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
