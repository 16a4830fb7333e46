package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"codeberg.org/cortege/cortege/internal/i18n"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
	"codeberg.org/cortege/cortege/internal/web"
)

// lockedBuffer is a log sink handlers may write to concurrently.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// A page whose visitor went away while it was built (its context
// canceled, the database call failing with context.Canceled) is answered
// 499 and not logged as a failure of the server.
func TestAbandonedPage(t *testing.T) {
	db := testkit.OpenDB(t)
	logs := &lockedBuffer{}
	w, err := web.New(web.Options{Service: service.New(db, service.Config{BaseURL: "http://x.test", UploadsDir: t.TempDir()}),
		Catalog: i18n.MustLoad(), BaseURL: "http://x.test", Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	w.Handler().ServeHTTP(rec, httptest.NewRequestWithContext(ctx, "GET", "/events?q=marche", nil))
	if rec.Code != 499 {
		t.Errorf("status %d, want 499", rec.Code)
	}
	if strings.Contains(logs.String(), "failed") {
		t.Errorf("logged as a failure: %s", logs.String())
	}
}
