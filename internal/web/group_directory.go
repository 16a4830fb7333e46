package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/service"
)

// directoryData is the view model of the group directory.
type directoryData struct {
	Query   string
	Kind    string // "" for every kind
	Kinds   []string
	Place   *placeSearch
	Near    bool
	Results *service.GroupResults
	Hits    []*groupHit
	Pages   []pageLink
}

// groupHit is a group in the directory, with its summary.
type groupHit struct {
	Group    *cortege.Group
	Summary  string
	Distance string // "12 km" when searching near a place
}

// handleGroupDirectory lists and searches the listed groups: full text,
// near a place when coordinates are given, numbered pages. Unlisted and
// private groups never appear (the service leaves them out).
func (w *Web) handleGroupDirectory(rw http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := &directoryData{Query: truncate(strings.TrimSpace(q.Get("q")), 200)}
	d.Kinds = []string{cortege.GroupLocal, cortege.GroupThematic, cortege.GroupOther}
	for _, k := range d.Kinds {
		if q.Get("kind") == k {
			d.Kind = k
		}
	}
	gq := service.GroupQuery{Text: d.Query, Kind: d.Kind, Page: pageParam(r)}
	ps, near, perr := w.readPlaceSearch(r, "g", "/groups")
	d.Place = ps
	if near.On {
		gq.Near, gq.Lat, gq.Lon, gq.RadiusKm, d.Near = true, near.Lat, near.Lon, near.KM, true
	}
	var res *service.GroupResults
	var err error
	if perr == nil {
		res, err = w.svc.SearchGroups(r.Context(), httpx.Actor(r.Context()), gq)
	} else {
		res = &service.GroupResults{Page: 1} // an unknown place lists nothing, and says so
	}
	if err != nil {
		return err
	}
	d.Results = res
	for _, h := range res.Hits {
		gh := &groupHit{Group: h.Group, Summary: markdown.Plain(h.Group.Description, 220)}
		if d.Near {
			gh.Distance = strconv.FormatFloat(h.DistanceKm, 'f', 1, 64)
		}
		d.Hits = append(d.Hits, gh)
	}
	d.Pages = pagerLinks(res.Page, res.Pages, func(n int) string {
		v := url.Values{}
		for _, k := range []string{"q", "kind", "near", "lat", "lon", "radius"} {
			if s := q.Get(k); s != "" {
				v.Set(k, s)
			}
		}
		v.Set("page", strconv.Itoa(n))
		return withLang("/groups?"+v.Encode(), info(r).langQuery)
	})
	status := http.StatusOK
	if perr != nil {
		status = http.StatusUnprocessableEntity
	}
	return w.render(rw, r, status, "group_directory", "groups.title", d, nil)
}

// groupFormFields are the fields of the group creation and settings forms.
var groupFormFields = []string{"handle", "name", "description", "kind", "tags", "address", "lat", "lon", "visibility", "join_mode", "public_members", "place_choice", "coords_auto"}

// groupInput reads the group form; coordinates are optional, both or
// neither.
func groupInput(f *form) (service.GroupInput, error) {
	in := service.GroupInput{
		Handle: f.V("handle"), Name: f.V("name"), Description: f.V("description"), Kind: f.V("kind"),
		Address: f.V("address"), Visibility: f.V("visibility"), JoinMode: f.V("join_mode"),
		PublicMembers: f.V("public_members") == "1", PlaceChoice: f.V("place_choice"),
	}
	if t := strings.TrimSpace(f.V("tags")); t != "" {
		in.Tags = strings.Split(t, ",")
	}
	lat, lon := strings.TrimSpace(f.V("lat")), strings.TrimSpace(f.V("lon"))
	if f.V("coords_auto") == "1" {
		lat, lon = "", "" // filled by the page's script from the commune: the server places it again
	}
	if lat != "" || lon != "" {
		var err1, err2 error
		in.Lat, err1 = strconv.ParseFloat(strings.ReplaceAll(lat, ",", "."), 64)
		in.Lon, err2 = strconv.ParseFloat(strings.ReplaceAll(lon, ",", "."), 64)
		if err1 != nil || lat == "" {
			return in, invalid("lat", "err.coordinates.invalid")
		}
		if err2 != nil || lon == "" {
			return in, invalid("lon", "err.coordinates.invalid")
		}
		in.HasCoords = true
	}
	return in, nil
}

// coordsField moves the service's message about coordinates next to the
// latitude field.
func coordsField(err error) error {
	if e := cortege.ErrorOf(err); e != nil && e.Field == "coordinates" {
		return invalid("lat", e.Message)
	}
	return err
}

// handleGroupNew shows the group creation form.
func (w *Web) handleGroupNew(rw http.ResponseWriter, r *http.Request) error {
	return w.render(rw, r, http.StatusOK, "group_new", "group.new.title", newGroupData(), nil)
}

// handleGroupCreate creates a group administered by the acting profile.
func (w *Web) handleGroupCreate(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "group", groupFormFields...)
	err = checkText(f, err)
	var g *cortege.Group
	if err == nil {
		var in service.GroupInput
		if in, err = groupInput(f); err == nil {
			g, err = w.svc.CreateGroup(r.Context(), httpx.Actor(r.Context()), in)
			err = coordsField(err)
		}
	}
	if err != nil {
		w.placeChoices(f, "address", err)
		return w.formPage(rw, r, "group_new", "group.new.title", newGroupData(), f, err)
	}
	return w.redirect(rw, r, "/@"+g.Handle+"?ok=group_created")
}

// newGroupData is the view model of the creation form.
func newGroupData() *groupSettingsData { return &groupSettingsData{Values: &groupValues{}} }
