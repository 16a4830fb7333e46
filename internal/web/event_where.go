package web

import (
	"cmp"
	"html/template"
	"math"
	"net/url"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/places"
	"codeberg.org/cortege/cortege/internal/service"
)

// TileServer is a raster tile server the operator hosts, for a map on
// event pages (docs/maps.md). The zero value draws no map.
type TileServer struct {
	URL         string // template with {z}, {x} and {y}, checked by the configuration
	Origin      string // scheme://host[:port], allowed in the event page's img-src
	Attribution string // credit under the map; "" gives OpenStreetMap's
	MaxZoom     int    // highest zoom the server has (0: 19)
}

// Zoom levels of the tile map and the OpenStreetMap link: a street for an
// exact place, a commune and its surroundings for an approximate one.
const (
	zoomExact  = 16
	zoomCoarse = 11
	// coarseRadius (metres) is drawn around a position rounded to 0.1°,
	// which lies within about 7 km of the real one.
	coarseRadius = 7000
)

// whereView is the "where" panel of an event page: the address to copy,
// links that open the place in the visitor's maps application or on
// OpenStreetMap (plain links: nothing loads until followed), and a drawing
// of the position. It is built from the redacted event only, so a viewer
// who may not see the exact place gets the commune-level position in every
// part of it.
type whereView struct {
	Coarse      bool   // only the commune-level position is shown
	Hidden      bool   // an exact address exists and is shown after approval
	Address     string // exact address to copy, "" when coarse
	Coords      string // exact coordinates to copy, "" when coarse
	Label       string // what the links open: the address, else the commune
	GeoURI      template.URL
	OSMURL      string
	RouteURL    string // OpenStreetMap directions to an exact position
	Locator     template.HTML
	Map         template.HTML
	Attribution string // operator's credit under the map, "" for OpenStreetMap's
}

// eventWhere builds the panel for the view, nil when there is no place to
// show (online events, places to be announced).
func (w *Web) eventWhere(lang string, v *service.EventView) *whereView {
	e := v.Event
	if !e.Physical() {
		return nil
	}
	wv := &whereView{Coarse: !e.PlaceVisibleTo(v.Viewer), Hidden: v.PlaceHidden}
	if !wv.Coarse && e.Place != "" {
		wv.Address = strings.Trim(e.Place+", "+e.PlaceArea, ", ")
	}
	wv.Label = wv.Address
	if wv.Label == "" {
		wv.Label = e.PlaceArea
	}
	switch {
	case e.HasCoords && wv.Coarse:
		w.coarseLinks(lang, wv, e)
	case e.HasCoords:
		w.exactLinks(lang, wv, e)
	case wv.Label != "":
		q := queryEscape(wv.Label)
		wv.GeoURI = template.URL("geo:0,0?q=" + q)
		wv.OSMURL = "https://www.openstreetmap.org/search?query=" + q
	}
	if wv.GeoURI == "" && !wv.Hidden {
		return nil
	}
	return wv
}

// exactLinks fills the panel for a viewer who sees the exact place.
func (w *Web) exactLinks(lang string, wv *whereView, e *cortege.Event) {
	lat, lon := coord(e.Lat, 5), coord(e.Lon, 5)
	wv.Coords = lat + ", " + lon
	// Parentheses would end the label early.
	name := strings.Join(strings.Fields(strings.NewReplacer("(", " ", ")", "").Replace(cmp.Or(wv.Label, e.Title))), " ")
	// RFC 5870 position; q= "lat,lon(label)" is how Android apps name a pin.
	wv.GeoURI = template.URL("geo:" + lat + "," + lon + "?q=" + queryEscape(lat+","+lon+"("+name+")"))
	wv.OSMURL = "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=" + strconv.Itoa(zoomExact+1) + "/" + lat + "/" + lon
	wv.RouteURL = "https://www.openstreetmap.org/directions?route=" + queryEscape(";"+lat+","+lon)
	what := cmp.Or(e.PlaceArea, wv.Label, w.cat.T(lang, "maps.the_place"))
	wv.Locator = template.HTML(places.Locator(e.Lat, e.Lon, w.cat.T(lang, "maps.locator", what)))
	w.tileMap(wv, e.Lat, e.Lon, zoomExact, 0, w.cat.T(lang, "maps.map.exact", cmp.Or(wv.Label, w.cat.T(lang, "maps.the_place"))))
}

// coarseLinks fills the panel for a viewer who may only see the commune:
// the redacted position (rounded to 0.1°), no pin, no directions.
func (w *Web) coarseLinks(lang string, wv *whereView, e *cortege.Event) {
	lat, lon := coord(e.Lat, 1), coord(e.Lon, 1)
	if e.PlaceArea != "" {
		// The maps app looks the commune up by name near the rough position.
		wv.GeoURI = template.URL("geo:" + lat + "," + lon + "?q=" + queryEscape(e.PlaceArea))
	} else {
		wv.GeoURI = template.URL("geo:" + lat + "," + lon + "?z=" + strconv.Itoa(zoomCoarse))
	}
	wv.OSMURL = "https://www.openstreetmap.org/#map=" + strconv.Itoa(zoomCoarse+1) + "/" + lat + "/" + lon
	area := cmp.Or(e.PlaceArea, w.cat.T(lang, "maps.the_area"))
	rlat, rlon := math.Round(e.Lat*10)/10, math.Round(e.Lon*10)/10
	wv.Locator = template.HTML(places.Locator(rlat, rlon, w.cat.T(lang, "maps.locator", area)))
	w.tileMap(wv, rlat, rlon, zoomCoarse, coarseRadius, w.cat.T(lang, "maps.map.area", area))
}

// tileMap adds the operator's tile map, when there is a tile server.
func (w *Web) tileMap(wv *whereView, lat, lon float64, zoom int, radius float64, label string) {
	if w.tiles.URL == "" {
		return
	}
	maxZoom := w.tiles.MaxZoom
	if maxZoom <= 0 {
		maxZoom = 19
	}
	wv.Map = template.HTML(places.TileMap(places.TileView{Template: w.tiles.URL, Lat: lat, Lon: lon,
		Zoom: min(zoom, maxZoom), Width: 512, Height: 288, Label: label, Radius: radius}))
	wv.Attribution = w.tiles.Attribution
}

// queryEscape escapes a query value with %20 for spaces, which every
// maps application reads.
func queryEscape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// coord writes a coordinate with at most digits decimals.
func coord(f float64, digits int) string {
	p := math.Pow(10, float64(digits))
	return strconv.FormatFloat(math.Round(f*p)/p, 'f', -1, 64)
}

// whereCSP is the policy of an event page: the default one, widened for
// the tile server's images when the page shows its map.
func (w *Web) whereCSP(wv *whereView) string {
	if wv == nil || wv.Map == "" {
		return httpx.CSP
	}
	return httpx.CSPWithImages(w.tiles.Origin)
}
