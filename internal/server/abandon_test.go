package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// recordsOf is a slog handler that hands each record to a channel.
type recordsOf chan slog.Record

func (c recordsOf) Enabled(context.Context, slog.Level) bool      { return true }
func (c recordsOf) Handle(_ context.Context, r slog.Record) error { c <- r; return nil }
func (c recordsOf) WithAttrs([]slog.Attr) slog.Handler            { return c }
func (c recordsOf) WithGroup(string) slog.Handler                 { return c }

// A request its client abandoned while it was being handled (the
// context canceled, the handler failing with context.Canceled and
// answering 500 to nobody) is logged and counted as 499, not as a 500:
// nothing went wrong on the server's side.
func TestAbandonedRequestIs499(t *testing.T) {
	started := make(chan struct{})
	records := make(recordsOf, 16)
	m := NewMetrics()
	h := New(Options{
		Routes: []func(*http.ServeMux){func(mux *http.ServeMux) {
			mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
				close(started)
				<-r.Context().Done()
				http.Error(w, "context canceled", http.StatusInternalServerError)
			})
		}},
		Metrics: m,
		Logger:  slog.New(records),
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/slow", nil)
	go func() { <-started; cancel() }()
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("the request was not abandoned")
	}
	for r := range records {
		if r.Message != "http" {
			continue
		}
		var status int64
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "status" {
				status = a.Value.Int64()
			}
			return true
		})
		if status != 499 || r.Level != slog.LevelInfo {
			t.Errorf("access log: status %d at %v, want 499 at INFO", status, r.Level)
		}
		break
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if strings.Contains(rec.Body.String(), `route="GET /slow",status="500"`) {
		t.Error("the abandoned request was counted as a 500")
	}
	if !strings.Contains(rec.Body.String(), `cortege_http_requests_total{method="GET",route="GET /slow",status="499"} 1`) {
		t.Errorf("not counted as 499: %s", rec.Body.String())
	}
}
