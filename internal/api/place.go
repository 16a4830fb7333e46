package api

import (
	"net/http"
	"strconv"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// placeRoutes are the routes of the gazetteer.
func (a *API) placeRoutes() []route {
	return []route{
		{"GET", "/api/v1/places", public, a.handlePlaceList},
	}
}

// PlaceList is the answer of GET /api/v1/places.
type PlaceList struct {
	Places []Place `json:"places"`
}

// Place is a commune of the gazetteer.
type Place struct {
	INSEE       string   `json:"insee"`
	Name        string   `json:"name"`
	Label       string   `json:"label"`
	Text        string   `json:"text"`
	PostalCodes []string `json:"postal_codes"`
	Departement string   `json:"departement"`
	DepCode     string   `json:"departement_code"`
	Region      string   `json:"region"`
	Lat         float64  `json:"lat"`
	Lon         float64  `json:"lon"`
	Approximate bool     `json:"approximate"`
	Population  int      `json:"population"`
}

func toPlace(p service.Place) Place {
	codes := p.PostalCodes
	if codes == nil {
		codes = []string{}
	}
	return Place{INSEE: p.INSEE, Name: p.Name, Label: p.Label, Text: p.Text, PostalCodes: codes, Departement: p.Departement,
		DepCode: p.DepCode, Region: p.Region, Lat: p.Lat, Lon: p.Lon, Approximate: p.Approximate, Population: p.Population}
}

// handlePlaceList suggests communes from the embedded gazetteer: ?q= what
// is being typed (a postal code's first digits, a name's first letters;
// &limit= at most 20), or ?lat=&lon= for the commune nearest to a
// position. It calls no outside service.
func (a *API) handlePlaceList(w http.ResponseWriter, r *http.Request) error {
	lat, hasLat, err := queryFloat(r, "lat", -90, 90)
	if err != nil {
		return err
	}
	lon, hasLon, err := queryFloat(r, "lon", -180, 180)
	if err != nil {
		return err
	}
	if hasLat != hasLon {
		return cortege.Invalid("lon", "err.api.query")
	}
	out := PlaceList{Places: []Place{}}
	if hasLat {
		if p, ok := a.svc.PlaceAt(lat, lon); ok {
			out.Places = append(out.Places, toPlace(p))
		}
		return writeJSON(w, http.StatusOK, out)
	}
	q, err := queryText(r, "q", 200)
	if err != nil {
		return err
	}
	limit := 8
	if s := r.URL.Query().Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 || limit > 20 {
			return cortege.Invalid("limit", "err.api.query")
		}
	}
	for _, p := range a.svc.SuggestPlaces(q, limit) {
		out.Places = append(out.Places, toPlace(p))
	}
	return writeJSON(w, http.StatusOK, out)
}

// nearQuery reads where a list is searched around: ?near= a place as a
// person types it ("Lyon", "69007", "près de Villeurbanne"), or ?lat=&lon=,
// with ?radius_km= (default 10 km around a commune, never less than a
// city's arrondissements; 25 km around a point, as before). An unknown
// place is an error on "near", never every result.
func (a *API) nearQuery(r *http.Request) (near bool, lat, lon, radius float64, err error) {
	if radius, _, err = queryFloat(r, "radius_km", 0, 20000); err != nil {
		return
	}
	text, err := queryText(r, "near", 200)
	if err != nil {
		return
	}
	if text != "" {
		n, err := a.svc.ResolveNear("near", text)
		if err != nil {
			return false, 0, 0, 0, err
		}
		return true, n.Place.Lat, n.Place.Lon, service.SearchRadius(radius, n), nil
	}
	lat, hasLat, err := queryFloat(r, "lat", -90, 90)
	if err != nil {
		return
	}
	lon, hasLon, err := queryFloat(r, "lon", -180, 180)
	if err != nil {
		return
	}
	if hasLat != hasLon {
		return false, 0, 0, 0, cortege.Invalid("lon", "err.api.query")
	}
	return hasLat, lat, lon, radius, nil
}
