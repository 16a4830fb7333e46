package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Broadcast tells every node listening on channel (Listen) that
// something changed, payload saying who or what: PostgreSQL's NOTIFY.
// On SQLite, which serves a single node, it does nothing.
func (q *Q) Broadcast(ctx context.Context, channel, payload string) error {
	if q.db.Dialect != Postgres {
		return nil
	}
	var ignored any
	return q.get(ctx, "Broadcast", []any{channel, payload}, &ignored)
}

// Listener hears the broadcasts of every node over one PostgreSQL
// database on a dedicated connection of its own (LISTEN needs one that
// stays open), reconnecting when it is lost.
type Listener struct {
	URL     string // the database's postgres:// URL
	Channel string
	// Heard is called with each notification's payload.
	Heard func(payload string)
	// Up is called once LISTEN holds, after each (re)connection, and Down
	// when the connection is lost: in between, notifications may have been
	// missed, so a cache listening must not trust what it kept.
	Up, Down func()
	// Retry is the wait between attempts to reconnect (default 1 s).
	Retry time.Duration
}

// Run listens until ctx ends, reconnecting after every failure; it
// returns ctx's error.
func (l *Listener) Run(ctx context.Context) error {
	if l.Retry <= 0 {
		l.Retry = time.Second
	}
	for {
		err := l.listen(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		_ = err // the connection was lost: try again after a pause
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(l.Retry):
		}
	}
}

// listen holds one connection until it fails or ctx ends.
func (l *Listener) listen(ctx context.Context) error {
	if !IsPostgresURL(l.URL) {
		return errors.New("listen: not a PostgreSQL URL")
	}
	conn, err := pgx.Connect(ctx, l.URL)
	if err != nil {
		return fmt.Errorf("listen: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	// LISTEN takes an identifier, not a parameter: the one statement of
	// the store not in queries/, as it runs on no pool.
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{l.Channel}.Sanitize()); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	if l.Up != nil {
		l.Up()
	}
	if l.Down != nil {
		defer l.Down()
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("listen: %w", err)
		}
		if l.Heard != nil {
			l.Heard(n.Payload)
		}
	}
}
