package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// registerGroups adds the group pages (issue 3): directory, creation, the
// pages under /@handle/ (see atRoute), invitations, unsubscribe links,
// notification settings, the dashboard and the moderation queue.
func (w *Web) registerGroups(mux *http.ServeMux) {
	w.atRoute("GET /{handle}", anyone, w.handleAtPage)
}

// atRoute registers a route under /@handle/, which a ServeMux pattern
// cannot express ("@" glued to a wildcard). Patterns are written without
// the "@": "GET /{handle}/posts/{id}" serves /@handle/posts/ID. Any file
// may add its own (events: "GET /{handle}/events.ics"); the handler sees
// the request as it came, with the pattern's path values.
func (w *Web) atRoute(pattern string, level access, h handler) {
	if w.at == nil {
		w.at = http.NewServeMux()
	}
	w.at.Handle(pattern, &atHandler{level: level, h: h})
}

// atHandler is one route under /@handle/.
type atHandler struct {
	level access
	h     handler
}

// atCall carries a request under /@handle/ through the inner mux: the URL
// as it came, and the error the handler returned.
type atCall struct {
	url *url.URL
	err error
}

type atCallKey struct{}

func (h *atHandler) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	call := r.Context().Value(atCallKey{}).(*atCall)
	r.URL = call.url // path values are kept; links and "come back" use the real path
	a := httpx.Actor(r.Context())
	switch {
	case h.level >= member && !a.SignedIn():
		call.err = cortege.Errorf(cortege.EUNAUTH, "err.signin_required")
	case h.level == admin && !a.IsAdmin():
		call.err = cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	default:
		call.err = h.h(rw, r)
	}
}

// serveAt answers /@handle and what lies under it through the routes of
// atRoute, with the access already resolved by the fallback's wrapper.
// What no route matches (a wrong method included) is the 404 page.
func (w *Web) serveAt(rw http.ResponseWriter, r *http.Request) error {
	rest := strings.TrimPrefix(r.URL.Path, "/@")
	if w.at == nil || rest == "" {
		w.ErrorPage(rw, r, http.StatusNotFound)
		return nil
	}
	call := &atCall{url: r.URL}
	inner := r.Clone(context.WithValue(r.Context(), atCallKey{}, call))
	inner.URL = &url.URL{Path: "/" + rest, RawQuery: r.URL.RawQuery}
	if _, pattern := w.at.Handler(inner); pattern == "" {
		w.ErrorPage(rw, r, http.StatusNotFound)
		return nil
	}
	w.at.ServeHTTP(rw, inner)
	return call.err
}

// handleAtPage shows /@handle: the group's page when the handle is a
// group's, else the public profile.
func (w *Web) handleAtPage(rw http.ResponseWriter, r *http.Request) error {
	return w.handleProfilePublic(rw, r, r.PathValue("handle"))
}
