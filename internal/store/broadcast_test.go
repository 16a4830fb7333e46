package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestListener: on PostgreSQL a Listener hears what Broadcast sends on
// its channel; when its connection is killed it says so (Down), comes
// back by itself (Up again) and hears what is sent after.
func TestListener(t *testing.T) {
	u := testkit.TestDatabaseURL(t)
	if u == "" {
		t.Skip("LISTEN/NOTIFY needs PostgreSQL: set " + testkit.EnvDatabaseURL)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := store.OpenAndMigrate(ctx, store.Config{URL: u, MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	channel := "cortege_test_" + strings.ReplaceAll(t.Name(), "/", "_") + time.Now().Format("150405.000000")
	channel = strings.NewReplacer(".", "_").Replace(strings.ToLower(channel))
	var mu sync.Mutex
	var heard []string
	ups, downs := make(chan struct{}, 4), make(chan struct{}, 4)
	l := &store.Listener{URL: u, Channel: channel, Retry: 50 * time.Millisecond,
		Heard: func(p string) { mu.Lock(); heard = append(heard, p); mu.Unlock() },
		Up:    func() { ups <- struct{}{} }, Down: func() { downs <- struct{}{} }}
	listening, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- l.Run(listening) }()
	wait := func(c chan struct{}, what string) {
		t.Helper()
		select {
		case <-c:
		case <-ctx.Done():
			t.Fatalf("no %s", what)
		}
	}
	hears := func(p string) {
		t.Helper()
		if err := db.Q().Broadcast(ctx, channel, p); err != nil {
			t.Fatal(err)
		}
		for {
			mu.Lock()
			got := strings.Join(heard, ",")
			mu.Unlock()
			if strings.Contains(got, p) {
				return
			}
			select {
			case <-ctx.Done():
				t.Fatalf("%q never heard (heard %q)", p, got)
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	wait(ups, "connection")
	hears("one")
	// Kill the listening connection, as a restart of the server would.
	if err := db.ExecRaw(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = ?`, `LISTEN "`+channel+`"`); err != nil {
		t.Fatal(err)
	}
	wait(downs, "loss noticed")
	wait(ups, "reconnection")
	hears("two")
	stop()
	if err := <-done; err != context.Canceled {
		t.Errorf("Run returned %v", err)
	}
}
