// Package web is Cortège's server-rendered HTML interface: handlers listed in
// routes.go, view models, embedded templates and content-hashed static
// assets. It talks to the service only, never to the store; every page works
// without JavaScript and references no other origin.
//
// Adding a page:
//   - A handler is a [handler]: it returns the error it cannot handle, and
//     is listed in routes.go wrapped by the access it needs
//     (w.wrap(anyone|member|admin, h)). The wrapper resolves the session
//     cookie, picks the language and turns errors into pages: EUNAUTH goes
//     to /login?next=…, coded errors show their translated message with the
//     status httpx.Status gives, anything else is logged and shown as the
//     generic 500 page.
//   - GET handlers call w.render(rw, r, status, "name", "title.key", data,
//     nil); templates/name.html defines "content" and sees the [page] (its
//     Data, .Me, .Instance, .Link, .F "form").
//   - Form handlers read fields with parseForm, call the service, and on
//     error return w.formPage(…): errors about what was typed come back as
//     the same page with status 422 (409, 429…), the message next to the
//     field ({{template "input" (field $f "name" "text" "label.key")}}) and
//     the values kept; success answers 303 to a GET page, with ?ok=KEY for a
//     confirmation listed in flashes.
//   - Every text is a key of internal/i18n/catalog/{fr,en}.json; a test
//     fails when a template names a missing key.
//   - Pages under /@handle/ (a group's or a profile's), which ServeMux
//     patterns cannot express, register with w.atRoute("GET
//     /{handle}/posts/{id}", level, h) (group_routes.go); group pages
//     render with renderG, which adds the group's name to the title.
//   - No inline script, style attribute or event handler: the CSP forbids
//     them. Styles go in static/app.css, behaviour in static/app.js, and
//     both are optional enhancements.
package web

import (
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"codeberg.org/cortege/cortege/internal/i18n"
	"codeberg.org/cortege/cortege/internal/service"
)

// Options configure the web interface.
type Options struct {
	Service *service.Service
	Catalog *i18n.Catalog
	BaseURL string // public URL, no trailing slash
	// Secure is set when the base URL is https: the session cookie is then
	// "__Host-cortege_session" with the Secure attribute.
	Secure bool
	// TrustProxy takes the client address from X-Forwarded-For.
	TrustProxy bool
	Logger     *slog.Logger
	// SourceURL is where the footer sends visitors for the source code
	// (AGPL-3.0 section 13).
	SourceURL string
	// Tiles, when set, draws a map from the operator's tile server on
	// event pages.
	Tiles TileServer
	// PageCacheBytes bounds the cache of public pages as visitors without
	// an account get them (pagecache.go); 0 turns it off.
	PageCacheBytes int64
	// PageCacheMaxAge is how long a cached page is served at most
	// (default DefaultPageCacheMaxAge).
	PageCacheMaxAge time.Duration
	// FormKey signs the time a signing form was served (petition_form.go);
	// nodes sharing one database should share it. Without one, a random
	// key is drawn at start: a form served before a restart is then sent
	// again once.
	FormKey []byte
}

// Web serves the HTML pages.
type Web struct {
	svc        *service.Service
	cat        *i18n.Catalog
	baseURL    string
	secure     bool
	trustProxy bool
	log        *slog.Logger
	sourceURL  string
	tiles      TileServer
	assets     *assets
	pages      map[string]map[string]*template.Template // lang → page → template
	at         *http.ServeMux                           // routes under /@handle/ (see atRoute)
	patterns   []string                                 // every route registered (see Routes)
	pageCache  *pageCache                               // nil when off
	langs      langMemo                                 // Accept-Language → language
	formKey    []byte                                   // signs the signing form's start (petition_form.go)
}

// New parses the templates and fingerprints the static assets; an error
// means a template is broken.
func New(o Options) (*Web, error) {
	if o.Service == nil || o.Catalog == nil {
		return nil, errors.New("web: Service and Catalog are required")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	w := &Web{svc: o.Service, cat: o.Catalog, baseURL: o.BaseURL, secure: o.Secure, trustProxy: o.TrustProxy, log: o.Logger, assets: a, sourceURL: o.SourceURL, tiles: o.Tiles}
	if w.formKey = o.FormKey; len(w.formKey) == 0 {
		w.formKey = newFormKey()
	}
	if o.PageCacheBytes > 0 {
		w.pageCache = newPageCache(o.PageCacheBytes, o.PageCacheMaxAge, o.Service.Now)
	}
	if w.pages, err = w.parseTemplates(); err != nil {
		return nil, err
	}
	return w, nil
}

// cookieName is the session cookie's name: "__Host-" prefixed over https,
// which browsers only accept with Secure, Path=/ and no Domain.
func (w *Web) cookieName() string {
	if w.secure {
		return "__Host-cortege_session"
	}
	return "cortege_session"
}

// Handler returns a mux with every route registered, for tests and tools
// that want the HTML interface alone.
func (w *Web) Handler() http.Handler {
	mux := http.NewServeMux()
	w.Register(mux)
	return mux
}
