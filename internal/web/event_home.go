package web

import (
	"net/http"
	"time"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// homeEvents is the home page's discovery part: upcoming public events
// and groups, near the place the visitor typed (?near=, kept in the
// address only: no cookie).
type homeEvents struct {
	Events []eventItem
	Groups []*service.GroupHit
	Place  *placeSearch
}

// homeEventsOf gathers the home page's events and groups; a failure only
// leaves the lists empty (the home page must always answer).
func (w *Web) homeEventsOf(r *http.Request) *homeEvents {
	ctx, a := r.Context(), httpx.Actor(r.Context())
	ps, near, err := w.readPlaceSearch(r, "home", "/")
	d := &homeEvents{Place: ps}
	if err != nil {
		return d // the field says what is wrong; no list "near" nowhere
	}
	eq := service.EventQuery{PerPage: 6, Near: near.On, Lat: near.Lat, Lon: near.Lon, RadiusKM: near.KM}
	gq := service.GroupQuery{Page: 1, Near: near.On, Lat: near.Lat, Lon: near.Lon, RadiusKm: near.KM}
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
