// Package api is Cortège's JSON API under /api/v1/: bearer-token
// authentication, handlers listed in routes.go, request and response types
// of its own (converted from the domain by one function per type), and the
// OpenAPI document that describes them. It talks to the service only.
package api

import (
	"log/slog"
	"strings"

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
func (a *API) t(lang, key string) string {
	if a.cat == nil {
		return key
	}
	return a.cat.T(lang, key)
}
