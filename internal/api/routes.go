package api

import (
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/i18n"
)

// Prefix is the root of every API route.
const Prefix = "/api/v1/"

// access is what a route asks of its caller.
type access int

const (
	// public routes serve anyone; a token, when presented, must be valid.
	public access = iota
	// signedIn routes need the bearer token of an active account.
	signedIn
	// ballotBox routes (a vote's cast) never look at who calls: the
	// Authorization header is not read, no token is looked up, the client's
	// address is not taken; the handler acts for no one (DESIGN §5).
	ballotBox
)

// handler serves one route; a returned error becomes the JSON error body.
type handler func(w http.ResponseWriter, r *http.Request) error

// route is one line of the route table.
type route struct {
	Method string
	Path   string
	Access access
	Handle handler
}

// routes is the route table: every API route, gathered in one place so
// that the OpenAPI test can check each one is documented. Each feature keeps
// its own part (coreRoutes here, groupRoutes, eventRoutes… in their files).
func (a *API) routes() []route {
	var rs []route
	for _, part := range a.routeParts() {
		rs = append(rs, part()...)
	}
	return rs
}

// coreRoutes are the routes of accounts, profiles, tokens and the instance.
func (a *API) coreRoutes() []route {
	return []route{
		{"GET", "/api/v1/openapi.json", public, a.handleOpenAPI},
		{"GET", "/api/v1/instance", public, a.handleInstanceGet},
		{"PATCH", "/api/v1/instance", signedIn, a.handleInstanceUpdate},
		{"GET", "/api/v1/me", signedIn, a.handleMeGet},
		{"PATCH", "/api/v1/me", signedIn, a.handleMeUpdate},
		{"GET", "/api/v1/me/export", signedIn, a.handleMeExport},
		{"POST", "/api/v1/profiles", signedIn, a.handleProfileCreate},
		{"GET", "/api/v1/profiles/{profile}", public, a.handleProfileGet},
		{"PATCH", "/api/v1/profiles/{profile}", signedIn, a.handleProfileUpdate},
		{"DELETE", "/api/v1/profiles/{profile}", signedIn, a.handleProfileDelete},
		{"GET", "/api/v1/tokens", signedIn, a.handleTokenList},
		{"POST", "/api/v1/tokens", signedIn, a.handleTokenCreate},
		{"DELETE", "/api/v1/tokens/{id}", signedIn, a.handleTokenDelete},
	}
}

// Routes returns the pattern of every route Register mounts ("GET
// /api/v1/me"…, and the catch-all Prefix), for tests that must try them
// all.
func (a *API) Routes() []string {
	var out []string
	for _, rt := range a.routes() {
		out = append(out, rt.Method+" "+rt.Path)
	}
	return append(out, Prefix)
}

// Register mounts every route on mux with Go 1.22 method patterns, plus a
// catch-all under Prefix that answers unknown routes (404) and known paths
// asked with another method (405) in JSON.
func (a *API) Register(mux *http.ServeMux) {
	rs := a.routes()
	for _, rt := range rs {
		mux.Handle(rt.Method+" "+rt.Path, a.serve(rt))
	}
	mux.Handle(Prefix, a.fallback(rs))
}

// serve wraps a route: it authenticates the caller, picks the language of
// messages, enforces the route's access level and writes any error.
func (a *API) serve(rt route) http.Handler {
	if rt.Access == ballotBox {
		return a.serveBallotBox(rt)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		actor, err := a.authenticate(r)
		ctx := httpx.WithActor(r.Context(), actor)
		ctx = httpx.WithLang(ctx, a.lang(r, actor))
		r = r.WithContext(ctx)
		if err == nil && rt.Access == signedIn && !actor.SignedIn() {
			err = cortege.Errorf(cortege.EUNAUTH, "err.signin_required")
		}
		if err == nil && !safeMethod(r.Method) && !actor.Allows(cortege.ScopeWrite) {
			// RFC 6750 §3.1: say which scope the token lacks.
			w.Header().Set("WWW-Authenticate", realm+`, error="insufficient_scope", scope="write"`)
			err = cortege.Errorf(cortege.EFORBIDDEN, "err.token.write_scope")
		}
		if err == nil {
			err = rt.Handle(w, r)
		}
		if err != nil {
			a.writeError(w, r, err)
		}
	})
}

// serveBallotBox wraps a ballotBox route: messages in the language of
// Accept-Language, the anonymous actor, nothing of the caller read.
func (a *API) serveBallotBox(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := httpx.WithActor(r.Context(), cortege.Anonymous)
		r = r.WithContext(httpx.WithLang(ctx, a.lang(r, cortege.Anonymous)))
		if err := rt.Handle(w, r); err != nil {
			a.writeError(w, r, err)
		}
	})
}

// safeMethod reports whether an HTTP method only reads.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// lang is the language of messages: the account's, else Accept-Language.
func (a *API) lang(r *http.Request, actor cortege.Actor) string {
	if actor.Account != nil && cortege.ValidLang(actor.Account.Lang) {
		return actor.Account.Lang
	}
	return i18n.Match(r.Header.Get("Accept-Language"))
}

// fallback answers requests no route took: 405 with Allow when the path
// exists under other methods, 404 otherwise.
func (a *API) fallback(rs []route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(httpx.WithLang(r.Context(), a.lang(r, cortege.Anonymous)))
		var allow []string
		for _, rt := range rs {
			if matchPath(rt.Path, r.URL.Path) {
				allow = append(allow, rt.Method)
				if rt.Method == http.MethodGet {
					allow = append(allow, http.MethodHead)
				}
			}
		}
		if len(allow) == 0 {
			a.writeError(w, r, errNoRoute)
			return
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		a.writeError(w, r, errMethod)
	})
}

// matchPath reports whether path fits a route pattern, where a {wildcard}
// stands for one non-empty segment.
func matchPath(pattern, path string) bool {
	ps, qs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(qs) {
		return false
	}
	for i, p := range ps {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			if qs[i] == "" {
				return false
			}
		} else if p != qs[i] {
			return false
		}
	}
	return true
}
