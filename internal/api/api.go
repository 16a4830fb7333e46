// Package api is Cortège's JSON API under /api/v1/: bearer-token
// authentication, handlers listed in routes.go, request and response types
// of its own (converted from the domain by one function per type), and the
// OpenAPI document that describes them. It talks to the service only.
package api

import (
	"log/slog"
	"strings"

	"codeberg.org/cortege/cortege"

	"codeberg.org/cortege/cortege/internal/i18n"
	"codeberg.org/cortege/cortege/internal/service"
)

// Options configure the API.
type Options struct {
	Service *service.Service
	// Catalog translates error message keys; nil leaves the keys as they are.
	Catalog *i18n.Catalog
	// BaseURL is the public URL, no trailing slash; links in responses
	// (avatars, profile pages) start with it.
	BaseURL string
	// TrustProxy takes the client address from X-Forwarded-For.
	TrustProxy bool
	Logger     *slog.Logger
}

// API serves the JSON API.
type API struct {
	svc        *service.Service
	cat        *i18n.Catalog
	baseURL    string
	trustProxy bool
	log        *slog.Logger
}

// New returns the API; Register mounts it.
func New(o Options) *API {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &API{
		svc:        o.Service,
		cat:        o.Catalog,
		baseURL:    strings.TrimRight(o.BaseURL, "/"),
		trustProxy: o.TrustProxy,
		log:        o.Logger,
	}
}

// t translates a message key, or returns it when there is no catalogue.
// A key of the API's own that the catalogues lack yet falls back to a
// broader one they have.
func (a *API) t(lang, key string) string {
	if a.cat == nil {
		return key
	}
	if fb, ok := fallbackKeys[key]; ok && !a.cat.Has(lang, key) && !a.cat.Has(cortege.DefaultLang, key) {
		key = fb
	}
	return a.cat.T(lang, key)
}

// fallbackKeys maps each message key the API itself uses to a broader key
// of the shared catalogues, shown until the precise one is translated.
var fallbackKeys = map[string]string{
	"err.api.no_route":           "err.not_found",
	"err.api.method":             "err.method",
	"err.api.token":              "err.signin_required",
	"err.api.content_type":       "err.bad_request",
	"err.api.too_large":          "err.bad_request",
	"err.api.json_empty":         "err.bad_request",
	"err.api.json_syntax":        "err.bad_request",
	"err.api.json_type":          "err.bad_request",
	"err.api.json_unknown_field": "err.bad_request",
	"err.api.json_trailing":      "err.bad_request",
	"err.api.nul":                "err.bad_request",
	"err.api.query":              "err.bad_request",
	"err.api.time":               "err.bad_request",
	"err.api.scope":              "err.bad_request",
	"err.api.handle_or_email":    "err.bad_request",
	"err.api.image_type":         "err.bad_request",
}
