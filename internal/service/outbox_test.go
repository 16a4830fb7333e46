package service_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// recorder is a transport that notes the Message-ID of every message it
// is handed, then passes it on.
type recorder struct {
	mu   sync.Mutex
	ids  []string
	next mail.Transport
}

func (r *recorder) Send(ctx context.Context, from mail.Address, m *mail.Message) error {
	r.mu.Lock()
	r.ids = append(r.ids, m.ID)
	r.mu.Unlock()
	return r.next.Send(ctx, from, m)
}

// TestOutboxAtMostOneDuplicate: a mail job that runs again after a crash
// sends nothing more when the first try was recorded as sent, and, when
// the crash fell between the transport's acceptance and that record,
// sends the same message again: one duplicate at most, which the
// directory transport writes once.
func TestOutboxAtMostOneDuplicate(t *testing.T) {
	ctx := context.Background()
	db := testkit.OpenDB(t)
	dir := filepath.Join(t.TempDir(), "mail")
	rec := &recorder{next: mail.NewDir(dir)}
	out := service.NewOutbox(db, rec)
	from := mail.Address{Email: "noreply@cortege.example"}
	r := jobs.NewRunner(db, jobs.Config{})

	// Crash after the record: the handler fails once after sending.
	tries := map[string]int{}
	r.Register("after_record", func(ctx context.Context, p json.RawMessage) error {
		tries["after_record"]++
		if err := out.Send(ctx, from, &mail.Message{To: mail.Address{Email: "a@example.org"}, Subject: "a", Text: "a"}); err != nil {
			return err
		}
		if tries["after_record"] == 1 {
			return jobs.Defer(time.Now(), "simulated crash before the job was marked done")
		}
		return nil
	})
	// Crash between acceptance and record: the transport panics once
	// after delivering.
	crash := &crashing{next: rec}
	out2 := service.NewOutbox(db, crash)
	r.Register("before_record", func(ctx context.Context, p json.RawMessage) error {
		tries["before_record"]++
		return out2.Send(ctx, from, &mail.Message{To: mail.Address{Email: "b@example.org"}, Subject: "b", Text: "b"})
	})
	for _, kind := range []string{"after_record", "before_record"} {
		if _, err := jobs.Enqueue(ctx, db.Q(), kind, nil, jobs.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 10; i++ {
		r.Drain(ctx)
		db.SetClock(func() time.Time { return time.Now().Add(time.Duration(i+1) * time.Hour) })
	}
	if tries["after_record"] != 2 || tries["before_record"] != 2 {
		t.Fatalf("tries = %v, want each job run twice", tries)
	}
	// after_record: handed over once; before_record: twice, same ID.
	count := map[string]int{}
	for _, id := range rec.ids {
		if id == "" {
			t.Fatal("a job's mail was sent without a recorded Message-ID")
		}
		count[id]++
	}
	if len(count) != 2 {
		t.Fatalf("%d distinct messages handed over (%v), want 2", len(count), rec.ids)
	}
	dups := len(rec.ids) - len(count)
	if dups != 1 {
		t.Errorf("%d duplicates handed to the transport, want exactly 1 (the crash between send and record)", dups)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 2 {
		t.Errorf("%d .eml files, want 2 (the resend is a no-op)", len(files))
	}
	// Outside a job the outbox just sends.
	if err := out.Send(ctx, from, &mail.Message{To: mail.Address{Email: "c@example.org"}, Subject: "c", Text: "c"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
}

// crashing delivers, then panics the first time, as a process killed
// right after the server said 250 would.
type crashing struct {
	mu   sync.Mutex
	done bool
	next mail.Transport
}

func (c *crashing) Send(ctx context.Context, from mail.Address, m *mail.Message) error {
	if err := c.next.Send(ctx, from, m); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.done {
		c.done = true
		panic(errors.New("killed after the transport accepted the message"))
	}
	return nil
}
