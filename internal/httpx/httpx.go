// Package httpx holds what the HTML pages and the JSON API share about HTTP:
// the acting principal in a request's context, the client address, and the
// mapping of domain error codes to HTTP statuses (written once, here).
package httpx

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege"
)

type ctxKey int

const (
	actorKey ctxKey = iota
	langKey
)

// WithActor returns ctx carrying the actor of the request.
func WithActor(ctx context.Context, a cortege.Actor) context.Context {
	return context.WithValue(ctx, actorKey, a)
}

// Actor returns the request's actor (Anonymous when none was set).
func Actor(ctx context.Context) cortege.Actor {
	a, _ := ctx.Value(actorKey).(cortege.Actor)
	return a
}

// WithLang returns ctx carrying the language chosen for the response.
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey, lang)
}

// Lang returns the response language set by WithLang, else French.
func Lang(ctx context.Context) string {
	if l, ok := ctx.Value(langKey).(string); ok && l != "" {
		return l
	}
	return cortege.DefaultLang
}

// ClientIP returns the address of the client: the connection's peer, or the
// last hop of X-Forwarded-For when trustProxy is set (a reverse proxy in
// front appends the real client there). The last hop is that of the last
// header line: a proxy may add a line of its own after the client's
// (HAProxy does), and the client's first line must not win.
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if lines := r.Header.Values("X-Forwarded-For"); len(lines) > 0 {
			parts := strings.Split(lines[len(lines)-1], ",")
			if ip := net.ParseIP(strings.TrimSpace(parts[len(parts)-1])); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// RetryAfter is the Retry-After of a 503 for EUNAVAILABLE, in seconds:
// about how long a picture takes to go through the busy decoder.
const RetryAfter = "5"

// StatusClientClosed is the status logged and counted for a request its
// client abandoned while it was handled (nginx's 499): nobody reads the
// answer and nothing failed on the server's side.
const StatusClientClosed = 499

// ClientGone reports whether err comes from the request's client having
// gone away: its context is canceled and err is (or wraps) that.
func ClientGone(r *http.Request, err error) bool {
	return r.Context().Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded))
}

// Status maps a domain error code to an HTTP status.
func Status(code string) int {
	switch code {
	case cortege.EINVALID:
		return http.StatusUnprocessableEntity
	case cortege.ENOTFOUND:
		return http.StatusNotFound
	case cortege.EFORBIDDEN:
		return http.StatusForbidden
	case cortege.EUNAUTH:
		return http.StatusUnauthorized
	case cortege.ECONFLICT:
		return http.StatusConflict
	case cortege.ERATELIMIT:
		return http.StatusTooManyRequests
	case cortege.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}
