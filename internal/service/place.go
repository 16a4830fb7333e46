package service

import (
	"context"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/places"
)

// Geocoder finds the position of a street address; Cortège calls one only
// when the operator configured a self-hosted one (internal/geocode).
type Geocoder interface {
	// Geocode returns the position of street in the commune of that
	// postal code and name; ok false when it does not know the address.
	Geocode(ctx context.Context, street, postal, city string) (lat, lon float64, ok bool, err error)
}

// geocodeTimeout bounds a street lookup: past it, the commune's centre.
const geocodeTimeout = 4 * time.Second

// Place is a commune (or arrondissement) of the gazetteer as the pages
// and the API show it.
type Place struct {
	INSEE       string
	Name        string // "Lyon 7e"
	Label       string // "Lyon 7e (69007, Rhône)"
	PostalCodes []string
	Departement string // name
	DepCode     string
	Region      string
	HasCentre   bool
	Lat         float64
	Lon         float64
	// Approximate is set when the centre is estimated (small communes
	// GeoNames does not place, see docs/places.md).
	Approximate bool
	Population  int
	// Text is what to put in a place field so that it reads back as this
	// commune: its name, with a postal code when the name is shared.
	Text string
}

func (s *Service) gazetteer() *places.Gazetteer {
	g, err := places.Default()
	if err != nil {
		// The embedded file is checked by the tests: this cannot happen
		// in a released binary.
		panic(err)
	}
	return g
}

// placeOf converts a gazetteer entry; postal is the code typed, if any.
func (s *Service) placeOf(c *places.Commune, postal string) Place {
	p := Place{INSEE: c.INSEE, Name: c.Name, Label: c.Label(), PostalCodes: c.PostalCodes, Departement: c.DepName(),
		DepCode: c.Dep, Region: c.RegionName(), HasCentre: c.HasCentre, Lat: c.Lat, Lon: c.Lon,
		Approximate: c.Approximate(), Population: c.Population, Text: c.Name}
	if len(s.gazetteer().ByName(c.Name)) > 1 {
		code := postal
		if code == "" && len(c.PostalCodes) > 0 {
			code = c.PostalCodes[0]
		}
		if code == "" {
			code = c.Dep
		}
		p.Text = c.Name + " (" + code + ")"
	}
	return p
}

// PlaceSources are the packages the gazetteer was built from, with their
// versions (the credits page).
func (s *Service) PlaceSources() map[string]string { return s.gazetteer().Sources() }

// HasGeocoder says whether the operator configured a street geocoder.
func (s *Service) HasGeocoder() bool { return s.cfg.Geocoder != nil }

// SuggestPlaces lists up to n communes for what is being typed in a place
// field (a postal code's first digits, a name's first letters).
func (s *Service) SuggestPlaces(text string, n int) []Place {
	if n <= 0 || n > 20 {
		n = 8
	}
	var out []Place
	for _, c := range s.gazetteer().Suggest(text, n) {
		out = append(out, s.placeOf(c, postalTyped(text)))
	}
	return out
}

// PlaceAt is the commune nearest to a position (the "use my position"
// button); false when none is within 30 km.
func (s *Service) PlaceAt(lat, lon float64) (Place, bool) {
	c, _, ok := s.gazetteer().Nearest(lat, lon)
	if !ok {
		return Place{}, false
	}
	return s.placeOf(c, ""), true
}

// ResolvePlace reads a typed place: the communes it may mean, best first
// (none, one, or several to choose from).
func (s *Service) ResolvePlace(text string) []Place {
	q, cs := s.gazetteer().Resolve(text)
	out := make([]Place, 0, len(cs))
	for _, c := range cs {
		out = append(out, s.placeOf(c, q.Postal))
	}
	return out
}

// postalTyped is the postal code in a typed place, if any.
func postalTyped(text string) string { return places.Parse(text).Postal }

// NearPlace is a search's place field read: where to search from, the
// smallest radius that covers it (a city of arrondissements), and the
// other communes the text could have meant.
type NearPlace struct {
	Place       Place
	Others      []Place
	MinRadiusKM float64
}

// Search radii, in km.
const (
	DefaultPlaceRadiusKM = 10
	maxPlaceRadiusKM     = 500
)

// PlaceRadii are the distances the search forms offer, in km.
var PlaceRadii = []int{2, 5, 10, 25, 50, 100}

// ResolveNear reads the place field of a search (events or groups):
// coordinates "45.75, 4.84", or a commune as Parse reads it ("near Lyon",
// "près de 69007", "Villeurbanne"). An unknown place is an error on field,
// never "everywhere".
func (s *Service) ResolveNear(field, text string) (NearPlace, error) {
	text = strings.TrimSpace(text)
	if la, lo, ok := parseCoords(text); ok {
		return NearPlace{Place: Place{Name: text, Label: text, Text: text, HasCentre: true, Lat: la, Lon: lo}}, nil
	}
	g := s.gazetteer()
	q, cs := g.Resolve(text)
	if len(cs) == 0 || !cs[0].HasCentre {
		return NearPlace{}, cortege.Invalid(field, "err.place.unknown")
	}
	n := NearPlace{Place: s.placeOf(cs[0], q.Postal), MinRadiusKM: g.Extent(cs[0])}
	for _, c := range cs[1:] {
		n.Others = append(n.Others, s.placeOf(c, q.Postal))
	}
	return n, nil
}

// SearchRadius is the radius a search uses: the one asked (default 10 km,
// at most 500), never less than the place's extent.
func SearchRadius(asked float64, n NearPlace) float64 {
	r := asked
	if r <= 0 {
		r = DefaultPlaceRadiusKM
	}
	return math.Min(math.Max(r, n.MinRadiusKM), maxPlaceRadiusKM)
}

// parseCoords reads "lat, lon" (decimal degrees).
func parseCoords(s string) (lat, lon float64, ok bool) {
	a, b, found := strings.Cut(s, ",")
	if !found {
		a, b, found = strings.Cut(s, " ")
	}
	if !found {
		return 0, 0, false
	}
	la, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lo, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if err1 != nil || err2 != nil || math.IsNaN(la) || math.IsNaN(lo) || la < -90 || la > 90 || lo < -180 || lo > 180 {
		return 0, 0, false
	}
	return la, lo, true
}

// located is a typed place resolved for an event or a group.
type located struct {
	text     string // the place field as it should be kept
	commune  *places.Commune
	postal   string
	hasPos   bool
	lat, lon float64
}

// addressPostal finds "69007 Lyon" at the end of an address line.
var addressPostal = regexp.MustCompile(`(?:^|[\s,])(\d{5})(?:[\s,]+([^,\d][^,]*))?\s*$`)

// locate resolves the commune of a place: the commune field when there
// is one (postal code, name, or both), else the end of the address line
// ("12 rue X, 69007 Lyon", "…, Villeurbanne"). choice is the INSEE code
// picked among several communes. With the commune known and no position
// given, the position is the street's when a geocoder knows it, else the
// commune's centre. field names the form field errors are about.
func (s *Service) locate(ctx context.Context, field, communeText, street, choice string) (*located, error) {
	g := s.gazetteer()
	l := &located{text: strings.TrimSpace(communeText)}
	var cs []*places.Commune
	var q places.Query
	if l.text != "" {
		q, cs = g.Resolve(l.text)
	} else if m := addressPostal.FindStringSubmatch(street); m != nil {
		q, cs = g.Resolve(m[1] + " " + m[2])
	} else if i := strings.LastIndexByte(street, ','); i >= 0 {
		cs = g.ByName(street[i+1:])
	}
	l.postal = q.Postal
	if choice != "" {
		for _, c := range cs {
			if c.INSEE == choice {
				cs = []*places.Commune{c}
				break
			}
		}
	}
	switch {
	case len(cs) == 0 && l.text != "" && (q.Postal != "" || q.INSEE != "") && q.Name == "":
		return nil, cortege.Invalid(field, "err.place.unknown_postal")
	case len(cs) == 0:
		return l, nil // a place the gazetteer does not know (abroad, a quarter): kept as typed
	case len(cs) > 1 && communeText != "":
		return nil, cortege.Invalid(field, "err.place.ambiguous")
	case len(cs) > 1:
		return l, nil // an address line that fits several communes: leave it
	}
	l.commune = cs[0]
	if communeText != "" {
		l.text = s.placeOf(cs[0], q.Postal).Text
	}
	return l, nil
}

// position fills in the position of a located place: the street's from
// the geocoder when there is one, else the commune's centre.
func (s *Service) position(ctx context.Context, l *located, street string) {
	c := l.commune
	if c == nil {
		return
	}
	if s.cfg.Geocoder != nil && strings.TrimSpace(street) != "" {
		postal := l.postal
		if postal == "" && len(c.PostalCodes) == 1 {
			postal = c.PostalCodes[0]
		}
		city := c.Name
		if p := c.ParentCommune(); p != nil && c.Kind == places.KindArrondissement {
			city = p.Name
		}
		gctx, cancel := context.WithTimeout(ctx, geocodeTimeout)
		lat, lon, ok, err := s.cfg.Geocoder.Geocode(gctx, firstLine(street), postal, city)
		cancel()
		if err != nil {
			s.log.Warn("geocoder", "err", err)
		}
		// A street far from its commune is the geocoder's mistake.
		if ok && err == nil && (!c.HasCentre || places.DistanceKM(lat, lon, c.Lat, c.Lon) < 30) {
			l.hasPos, l.lat, l.lon = true, lat, lon
			return
		}
	}
	if c.HasCentre {
		l.hasPos, l.lat, l.lon = true, c.Lat, c.Lon
	}
}

// firstLine is the street line of an address typed on several lines.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	return s
}

// locateEvent resolves an event's place before it is saved: the commune
// field becomes the commune's name, and without coordinates the event
// gets the street's position or the commune's centre. old is the event
// being edited (nil on creation): its coordinates are dropped when the
// place changed but they did not (a form without JavaScript sends them
// back unchanged).
func (s *Service) locateEvent(ctx context.Context, in *EventInput, old *cortege.Event) error {
	if old != nil && old.HasCoords && in.HasCoords && in.Lat == old.Lat && in.Lon == old.Lon &&
		(strings.TrimSpace(in.PlaceArea) != old.PlaceArea || strings.TrimSpace(in.Place) != old.Place) {
		in.HasCoords, in.Lat, in.Lon = false, 0, 0
	}
	l, err := s.locate(ctx, "place_area", in.PlaceArea, in.Place, in.PlaceChoice)
	if err != nil {
		return err
	}
	if l.commune != nil && strings.TrimSpace(in.PlaceArea) == "" {
		in.PlaceArea = s.placeOf(l.commune, l.postal).Text
	} else if strings.TrimSpace(in.PlaceArea) != "" {
		in.PlaceArea = l.text
	}
	if !in.HasCoords {
		s.position(ctx, l, in.Place)
		in.HasCoords, in.Lat, in.Lon = l.hasPos, l.lat, l.lon
	}
	return nil
}

// locateGroup resolves a group's address line the same way: an address
// that is only a postal code or a commune becomes the commune's name, a
// fuller one is kept as typed, and without coordinates the group gets the
// street's position or the commune's centre.
func (s *Service) locateGroup(ctx context.Context, in *GroupInput, old *cortege.Group) error {
	if old != nil && old.HasCoords && in.HasCoords && in.Lat == old.Lat && in.Lon == old.Lon && strings.TrimSpace(in.Address) != old.Address {
		in.HasCoords, in.Lat, in.Lon = false, 0, 0
	}
	addr := strings.TrimSpace(in.Address)
	var l *located
	var err error
	street := addr
	if addr != "" && !strings.Contains(addr, ",") && !startsWithDigitWord(addr) && len(s.gazetteer().ResolveQuery(places.Parse(addr))) > 0 {
		// The whole line is a commune ("Lyon 7e", "69007", "75011 Paris").
		if l, err = s.locate(ctx, "address", addr, "", in.PlaceChoice); err != nil {
			return err
		}
		in.Address, street = l.text, ""
	} else if l, err = s.locate(ctx, "address", "", addr, in.PlaceChoice); err != nil {
		return err
	}
	if !in.HasCoords {
		s.position(ctx, l, street)
		in.HasCoords, in.Lat, in.Lon = l.hasPos, l.lat, l.lon
	}
	return nil
}

// startsWithDigitWord is true for "12 rue …": a street number, so the line
// is an address even when its end names a commune.
func startsWithDigitWord(s string) bool {
	w, _, _ := strings.Cut(s, " ")
	return len(w) > 0 && len(w) < 5 && w[0] >= '0' && w[0] <= '9'
}
