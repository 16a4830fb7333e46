package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"codeberg.org/cortege/cortege/internal/config"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/server"
	"codeberg.org/cortege/cortege/internal/store"
)

// cmdServe runs the HTTP server and the background workers until ctx ends
// (SIGINT or SIGTERM), then shuts down gracefully: it stops accepting,
// lets requests finish, and lets running jobs finish.
func cmdServe(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "serve", "serve [--listen ADDR] [--data DIR] [--database-url URL] [--base-url URL] [--smtp-url URL]")
	loader := config.Register(fs, env.Getenv)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loader.Load()
	if err != nil {
		return err
	}
	log := cfg.Logger(env.Stderr)

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	defer ln.Close()
	if strings.HasSuffix(cfg.BaseURL, ":0") { // --listen HOST:0 picked a free port
		cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "0") + fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
	}

	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	slot, err := claimSlot(cfg.Data)
	if err != nil {
		return err
	}
	defer slot.Release()
	mailer, err := newMailer(cfg, slot.Owner)
	if err != nil {
		return err
	}
	runner := jobs.NewRunner(db, jobs.Config{Workers: cfg.Workers, Logger: log, Node: slot.Name})
	if err := recoverSlot(ctx, log, slot, runner, mailer); err != nil {
		return err
	}
	svc, err := newService(db, cfg, log, runner.Wake, nil)
	if err != nil {
		return err
	}
	svc.RegisterJobs(runner, mailer)
	if err := svc.RecordBaseURL(ctx); err != nil {
		return err
	}

	metrics := server.NewMetrics()
	metrics.Registry.MustRegister(newQueueCollector(db, runner))
	handler, err := newHandler(cfg, svc, metrics, log)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}

	var wg sync.WaitGroup
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	if cfg.Workers > 0 {
		wg.Add(1)
		go func() { defer wg.Done(); runner.Run(workCtx) }()
	}
	wg.Add(1)
	go func() { defer wg.Done(); db.KeepStatistics(workCtx) }()
	if db.Dialect == store.Postgres {
		// Other nodes may serve the same database: hear their changes,
		// tell them ours, so no node's page cache keeps a stale page.
		wg.Add(1)
		go func() { defer wg.Done(); svc.FollowChanges(workCtx, cfg.DatabaseTarget()) }()
	}
	var metricsSrv *http.Server
	if cfg.MetricsListen != "" {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", metrics.Handler())
		metricsSrv = &http.Server{Addr: cfg.MetricsListen, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go func() {
			if err := metricsSrv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("metrics listener", "err", err)
			}
		}()
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	engine := "SQLite " + cfg.DatabaseTarget()
	if cfg.DatabaseURL != "" {
		engine = "PostgreSQL"
	}
	fmt.Fprintf(env.Stdout, "Cortège is running at %s (%s)\n", cfg.BaseURL, engine)
	if cfg.SMTPURL == "" {
		fmt.Fprintf(env.Stdout, "No --smtp-url: mail is written to %s and sign-in links are logged.\n", cfg.MailDir())
	}
	if n, _ := db.Q().CountAdmins(ctx); n == 0 {
		where := "--data " + cfg.Data
		if cfg.DatabaseURL != "" {
			where = "--database-url '…'"
		}
		fmt.Fprintf(env.Stdout, "Create the first administrator: cortege admin create --email you@example.org %s\n", where)
	}
	log.Info("serving", "url", cfg.BaseURL, "listen", ln.Addr().String(), "workers", cfg.Workers)

	select {
	case err := <-errc:
		stopWork()
		wg.Wait()
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		log.Warn("shutdown", "err", err)
	}
	if metricsSrv != nil {
		metricsSrv.Shutdown(shutCtx)
	}
	stopWork()
	wg.Wait()
	log.Info("stopped")
	return nil
}
