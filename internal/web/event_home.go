package web

import (
	"net/http"
	"strings"
	"time"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// homeEvents is the home page's discovery part: upcoming public events
// and groups, near the place the visitor typed (?near=, kept in the
// address only: no cookie).
type homeEvents struct {
	Events  []eventItem
	Groups  []*service.GroupHit
	Near    string
	Unknown bool // the place typed is not known here
}

// homeEventsOf gathers the home page's events and groups; a failure only
// leaves the lists empty (the home page must always answer).
func (w *Web) homeEventsOf(r *http.Request) *homeEvents {
	ctx, a := r.Context(), httpx.Actor(r.Context())
	d := &homeEvents{Near: truncate(strings.TrimSpace(r.URL.Query().Get("near")), 200)}
	eq := service.EventQuery{PerPage: 6}
	gq := service.GroupQuery{Page: 1}
	if d.Near != "" {
		lat, lon, ok := w.place(r, d.Near)
		if ok {
			eq.Near, eq.Lat, eq.Lon, eq.RadiusKM = true, lat, lon, 50
			gq.Near, gq.Lat, gq.Lon, gq.RadiusKm = true, lat, lon, 50
		} else {
			d.Unknown = true
		}
	}
	if res, err := w.svc.SearchEvents(ctx, a, eq); err == nil {
		for _, it := range res.Items {
			d.Events = append(d.Events, listItem(info(r).lang, it, time.Now()))
		}
	} else {
		w.log.Warn("home events", "err", err)
	}
	if res, err := w.svc.SearchGroups(ctx, a, gq); err == nil {
		d.Groups = res.Hits
		if len(d.Groups) > 6 {
			d.Groups = d.Groups[:6]
		}
	} else {
		w.log.Warn("home groups", "err", err)
	}
	return d
}
