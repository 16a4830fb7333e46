package api

import (
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// realm names the protection space in WWW-Authenticate challenges.
const realm = `Bearer realm="cortege"`

// authenticate returns the actor behind the request's bearer token
// ("Authorization: Bearer ctg_…"), Anonymous when there is none, and an
// EUNAUTH error when a token is presented but not valid (RFC 6750: a bad
// token is refused even on a public route, so a client learns it at once).
func (a *API) authenticate(r *http.Request) (cortege.Actor, error) {
	ip := httpx.ClientIP(r, a.trustProxy)
	values := r.Header.Values("Authorization")
	if len(values) == 0 {
		return cortege.Actor{IP: ip}, nil
	}
	// The service's message speaks of sign-in links; an API client
	// needs to hear about its token.
	invalid := cortege.Errorf(cortege.EUNAUTH, "err.api.token")
	if len(values) > 1 {
		return cortege.Actor{IP: ip}, invalid
	}
	scheme, token, ok := strings.Cut(strings.TrimSpace(values[0]), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return cortege.Actor{IP: ip}, invalid
	}
	actor, err := a.svc.TokenActor(r.Context(), strings.TrimSpace(token), ip)
	if cortege.ErrorCode(err) == cortege.EUNAUTH {
		return actor, invalid
	}
	return actor, err
}

// challenge sets the WWW-Authenticate header of a 401 answer.
func challenge(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "" {
		w.Header().Set("WWW-Authenticate", realm+`, error="invalid_token"`)
		return
	}
	w.Header().Set("WWW-Authenticate", realm)
}
