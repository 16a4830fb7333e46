// Package server assembles Cortège's http.Handler: the HTML and API routes
// plus what every response needs — panic recovery, access logs, security
// headers, cross-origin (CSRF) protection, health and metrics.
package server

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"codeberg.org/cortege/cortege/internal/httpx"
)

// CSP is the Content-Security-Policy of every response: nothing loads from
// another origin, no plugin, no <base>, no framing. The event page alone
// widens img-src to the operator's tile server (httpx.CSPWithImages).
const CSP = httpx.CSP

// Options are the parts the server assembles.
type Options struct {
	// Routes register handlers on the mux (web.Register, api.Register).
	Routes []func(*http.ServeMux)
	// ErrorPage writes a translated HTML error page.
	ErrorPage func(w http.ResponseWriter, r *http.Request, status int)
	// Health reports whether the database answers.
	Health func(r *http.Request) error
	// Secure: the public URL is https, so send HSTS.
	Secure bool
	// Metrics, when set, counts requests; MetricsToken, when set, serves
	// /metrics on this handler to bearers of that token.
	Metrics      *Metrics
	MetricsToken string
	Logger       *slog.Logger
}

// New returns the root handler.
func New(o Options) http.Handler {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	for _, reg := range o.Routes {
		reg(mux)
	}
	mux.HandleFunc(healthzRoute, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if o.Health != nil {
			if err := o.Health(r); err != nil {
				o.Logger.Error("health check", "err", err)
				w.WriteHeader(http.StatusServiceUnavailable)
				w.Write([]byte("database unavailable\n"))
				return
			}
		}
		w.Write([]byte("ok"))
	})
	if o.Metrics != nil && o.MetricsToken != "" {
		mux.Handle(metricsRoute, o.Metrics.TokenHandler(o.MetricsToken))
	}

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(o, w, r, http.StatusForbidden)
	}))

	var h http.Handler = mux
	h = cop.Handler(h)
	h = headers(o.Secure, h)
	h = recovery(o, h)
	h = accessLog(o, h)
	return h
}

// The routes the server answers itself.
const (
	healthzRoute = "GET /healthz"
	metricsRoute = "GET /metrics"
)

// Routes returns the patterns of the routes New adds to those of
// o.Routes, for tests that must try every route.
func Routes(o Options) []string {
	out := []string{healthzRoute}
	if o.Metrics != nil && o.MetricsToken != "" {
		out = append(out, metricsRoute)
	}
	return out
}

// headers sets the security headers of every response. Their values are
// made once and shared by every response (a full slice: an Add copies,
// a Set replaces), so that a page served from the cache costs no
// allocation here.
func headers(secure bool, next http.Handler) http.Handler {
	set := http.Header{}
	set.Set("Content-Security-Policy", CSP)
	set.Set("X-Content-Type-Options", "nosniff")
	set.Set("Referrer-Policy", "same-origin")
	set.Set("X-Frame-Options", "DENY")
	set.Set("Cross-Origin-Opener-Policy", "same-origin")
	set.Set("Permissions-Policy", "camera=(self), geolocation=(self), microphone=(), interest-cohort=()")
	if secure {
		set.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
	for k, v := range set {
		set[k] = v[:len(v):len(v)]
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range set {
			h[k] = v
		}
		next.ServeHTTP(w, r)
	})
}

// recovery turns a panic into a logged 500 error page, never a stack trace
// sent to the client.
func recovery(o Options, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				o.Logger.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				if rw, ok := w.(*statusWriter); !ok || rw.status == 0 {
					writeError(o, w, r, http.StatusInternalServerError)
				}
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// writeError answers JSON under /api/, an HTML page elsewhere.
func writeError(o Options, w http.ResponseWriter, r *http.Request, status int) {
	if strings.HasPrefix(r.URL.Path, "/api/") || o.ErrorPage == nil {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		code := "internal"
		msg := "Internal error."
		if status == http.StatusForbidden {
			code, msg = "forbidden", "Cross-origin request refused."
		}
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": msg}})
		return
	}
	o.ErrorPage(w, r, status)
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// accessLog logs one line per request: method, path without the query (it
// may carry a token), route pattern, status, size and duration. Client
// addresses are not logged; a request whose handler called httpx.Quiet
// gets its route alone. A request its client abandoned is 499
// (httpx.StatusClientClosed), never a 500.
func accessLog(o Options, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		ctx, note := httpx.WithLogNote(r.Context())
		r = r.WithContext(ctx)
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		if r.Context().Err() != nil && sw.status >= 500 {
			// The client went away while it was handled: whatever failed
			// then failed for want of a reader, not on the server's side.
			sw.status = httpx.StatusClientClosed
		}
		d := time.Since(start)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		if o.Metrics != nil {
			o.Metrics.observe(r.Method, route, sw.status, d)
		}
		if r.URL.Path == "/healthz" || !o.Logger.Enabled(r.Context(), slog.LevelInfo) {
			return
		}
		if note.Quiet {
			// A request that asked for it (httpx.Quiet: a ballot's cast,
			// a receipt): the route alone, nothing of the vote, the ballot,
			// the answer or the duration to set beside a sign-off.
			o.Logger.Info("http", "route", route)
			return
		}
		o.Logger.Info("http", "method", r.Method, "path", r.URL.Path, "route", route, "status", sw.status, "bytes", sw.bytes, "ms", d.Milliseconds())
	})
}
