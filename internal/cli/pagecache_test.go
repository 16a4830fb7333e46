package cli

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/config"
	"codeberg.org/cortege/cortege/internal/server"
	"codeberg.org/cortege/cortege/internal/service"
)

// BenchmarkPageCacheHit serves an event page kept in the page cache
// through serve's whole handler (middleware, routing, the cache), without
// the network: the server's share of one answer of a reload storm.
func BenchmarkPageCacheHit(b *testing.B) {
	ctx := context.Background()
	cfg := config.Defaults()
	cfg.Data, cfg.Workers, cfg.BaseURL = b.TempDir(), 0, "http://127.0.0.1:8080"
	db, err := openStore(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	log := slog.New(slog.DiscardHandler)
	svc, err := newService(db, cfg, log, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	h, err := newHandler(cfg, svc, server.NewMetrics(), log)
	if err != nil {
		b.Fatal(err)
	}
	secret, err := svc.CreateTokenFor(ctx, "orga@example.org", "bench", service.IdentityInput{DisplayName: "Collectif", Handle: "collectif"})
	if err != nil {
		b.Fatal(err)
	}
	org, err := svc.TokenActor(ctx, secret, "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	at := time.Now().Add(7 * 24 * time.Hour).Truncate(time.Hour)
	ev, err := svc.CreateEvent(ctx, org, service.EventInput{Title: "Marche pour le climat", Start: at, End: at.Add(3 * time.Hour), TZ: "Europe/Paris",
		PlaceArea: "Paris", Place: "Place de la République", Publish: true})
	if err != nil {
		b.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodGet, "/events/"+ev.ID, nil)
	r.Header.Set("Accept-Encoding", "gzip")
	r.Header.Set("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.8")
	h.ServeHTTP(httptest.NewRecorder(), r) // rendered and kept
	before := db.Statements()
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != "gzip" {
			b.Fatalf("%d, %q", rec.Code, rec.Header().Get("Content-Encoding"))
		}
	}
	if n := db.Statements() - before; n != 0 {
		b.Fatalf("%d statements for answers kept in the cache", n)
	}
}
