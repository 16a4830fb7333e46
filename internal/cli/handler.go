package cli

import (
	"log/slog"
	"net/http"
	"path/filepath"

	"codeberg.org/cortege/cortege/internal/api"
	"codeberg.org/cortege/cortege/internal/config"
	"codeberg.org/cortege/cortege/internal/i18n"
	"codeberg.org/cortege/cortege/internal/server"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/web"
)

// newHandler assembles the root handler serve puts behind its listener:
// the HTML pages and the JSON API over svc, with the server's middleware.
// The benches measure this same handler. The page cache's counters go
// to metrics (when given).
func newHandler(cfg config.Config, svc *service.Service, metrics *server.Metrics, log *slog.Logger) (http.Handler, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	// The signing forms' stamps are signed with the link key, so every node
	// sharing the data directory's key reads the others' (web.Options.FormKey).
	formKey, err := loadKey(filepath.Join(cfg.Data, "keys", "link.key"))
	if err != nil {
		return nil, err
	}
	w, err := web.New(web.Options{Service: svc, Catalog: cat, BaseURL: cfg.BaseURL, Secure: cfg.Secure(), TrustProxy: cfg.TrustProxy, Logger: log, SourceURL: cfg.SourceURL,
		Tiles: web.TileServer{URL: cfg.MapTiles, Origin: cfg.MapOrigin(), Attribution: cfg.MapAttribution, MaxZoom: cfg.MapMaxZoom}, PageCacheBytes: cfg.PageCacheBytes(),
		FormKey: formKey})
	if err != nil {
		return nil, err
	}
	if metrics != nil {
		metrics.Registry.MustRegister(newPageCacheCollector(w.PageCacheStats))
	}
	a := api.New(api.Options{Service: svc, Catalog: cat, BaseURL: cfg.BaseURL, TrustProxy: cfg.TrustProxy, Logger: log})
	return server.New(server.Options{
		Routes:       []func(*http.ServeMux){w.Register, a.Register},
		ErrorPage:    w.ErrorPage,
		Health:       func(r *http.Request) error { return svc.Health(r.Context()) },
		Secure:       cfg.Secure(),
		Metrics:      metrics,
		MetricsToken: cfg.MetricsToken,
		Logger:       log,
	}), nil
}
