package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// placeSearch is the place field of a search form: the same partial
// ("place_search"), name (near, radius), label and help on /events,
// /groups and the home page.
type placeSearch struct {
	ID       string // prefix of the controls' ids
	Near     string // as typed
	Radius   int    // as chosen, km
	Radii    []int
	Err      string         // translated message about the place
	Place    *service.Place // what the text was read as
	RadiusKM string         // the radius used ("10")
	Others   []placeLink    // other communes the text could mean
}

// placeLink is the same search around another commune.
type placeLink struct{ Label, URL string }

// nearAt is where a search looks around, when On.
type nearAt struct {
	On           bool
	Lat, Lon, KM float64
}

// apply sets the place of an event query.
func (n nearAt) apply(eq *service.EventQuery) {
	eq.Near, eq.Lat, eq.Lon, eq.RadiusKM = n.On, n.Lat, n.Lon, n.KM
}

// readPlaceSearch reads ?near= (and ?radius=) of a search page: a commune
// as a person types it, or coordinates. For links made before the place
// field, ?lat=&lon= stand for "lat, lon". An unknown place is an error on
// "near" (also set, translated, in Err): the caller shows it rather than
// every result.
func (w *Web) readPlaceSearch(r *http.Request, id, path string) (*placeSearch, nearAt, error) {
	q := r.URL.Query()
	ps := &placeSearch{ID: id, Near: truncate(strings.TrimSpace(q.Get("near")), 200), Radius: service.DefaultPlaceRadiusKM, Radii: service.PlaceRadii}
	if ps.Near == "" && q.Get("lat") != "" && q.Get("lon") != "" {
		ps.Near = truncate(strings.TrimSpace(q.Get("lat")), 30) + ", " + truncate(strings.TrimSpace(q.Get("lon")), 30)
	}
	if s := strings.TrimSpace(q.Get("radius")); s != "" {
		km, err := strconv.Atoi(s)
		if err != nil || km <= 0 || km > 500 {
			ps.Err = w.cat.T(info(r).lang, "err.place.radius")
			return ps, nearAt{}, invalid("radius", "err.place.radius")
		}
		ps.Radius = km
	}
	if ps.Near == "" {
		return ps, nearAt{}, nil
	}
	n, err := w.svc.ResolveNear("near", ps.Near)
	if err != nil {
		ps.Err = w.cat.T(info(r).lang, cortege.ErrorOf(err).Message)
		return ps, nearAt{}, err
	}
	radius := service.SearchRadius(float64(ps.Radius), n)
	ps.Place, ps.RadiusKM = &n.Place, strconv.FormatFloat(radius, 'f', -1, 64)
	for _, o := range n.Others {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Del("page")
		v.Del("lat")
		v.Del("lon")
		v.Set("near", o.Text)
		ps.Others = append(ps.Others, placeLink{Label: o.Label, URL: withLang(path+"?"+v.Encode(), info(r).langQuery)})
		if len(ps.Others) == 5 {
			break
		}
	}
	return ps, nearAt{On: true, Lat: n.Place.Lat, Lon: n.Place.Lon, KM: radius}, nil
}

// placeChoices lists, on a form shown again because the place typed in
// field fits several communes, the communes to choose from.
func (w *Web) placeChoices(f *form, field string, err error) {
	if e := cortege.ErrorOf(err); e != nil && e.Message == "err.place.ambiguous" && e.Field == field {
		f.Places = w.svc.ResolvePlace(f.V(field))
	}
}

// aboutPlaces is the view model of /about/places, the credits of the
// place data.
type aboutPlaces struct {
	Sources  map[string]string // npm package → version
	Geocoder bool
}

// handleAboutPlaces shows where the gazetteer's data comes from and its
// licences (GeoNames' CC BY 4.0 asks for this attribution).
func (w *Web) handleAboutPlaces(rw http.ResponseWriter, r *http.Request) error {
	return w.render(rw, r, http.StatusOK, "about_places", "about.places.title",
		&aboutPlaces{Sources: w.svc.PlaceSources(), Geocoder: w.svc.HasGeocoder()}, nil)
}
