package service

import (
	"context"
	"math"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"codeberg.org/cortege/cortege"
)

// Search limits.
const (
	groupsPerPage    = 20
	maxSearchRunes   = 200
	maxNearbyGroups  = 2000
	defaultRadiusKm  = 30
	maxRadiusKm      = 500
	earthRadiusKm    = 6371.0
	maxSearchPageNum = 500
)

// GroupQuery is a search or listing of groups. Unlisted and private groups
// never appear, nor groups waiting for approval or hidden.
type GroupQuery struct {
	Text     string
	Kind     string // cortege.GroupLocal, GroupThematic or GroupOther; "" for all
	Near     bool   // sort by distance from Lat, Lon within RadiusKm
	Lat, Lon float64
	RadiusKm float64
	Page     int // 1-based
}

// GroupHit is a group found, with its distance when searching near a place.
type GroupHit struct {
	Group      *cortege.Group
	DistanceKm float64
}

// GroupResults is one page of results, numbered (never infinite scroll).
type GroupResults struct {
	Hits  []*GroupHit
	Page  int
	Pages int
	Total int
}

// SearchGroups lists and searches listed groups: full text, accent- and
// case-insensitive, on both engines; by distance when a place is given.
func (s *Service) SearchGroups(ctx context.Context, a cortege.Actor, gq GroupQuery) (*GroupResults, error) {
	if gq.Page < 1 {
		gq.Page = 1
	}
	switch gq.Kind {
	case "", cortege.GroupLocal, cortege.GroupThematic, cortege.GroupOther:
	default:
		return nil, cortege.Invalid("kind", "err.group.kind.invalid")
	}
	if gq.Page > maxSearchPageNum {
		gq.Page = maxSearchPageNum
	}
	text := []rune(gq.Text)
	if len(text) > maxSearchRunes {
		text = text[:maxSearchRunes]
	}
	terms := strings.Fields(foldSearch(string(text)))
	offset := (gq.Page - 1) * groupsPerPage
	q := s.db.Q()
	res := &GroupResults{Page: gq.Page}
	var err error
	switch {
	case gq.Near:
		return s.groupsNear(ctx, gq, terms)
	case len(terms) == 0:
		if res.Total, err = q.CountListedGroups(ctx, gq.Kind); err != nil {
			return nil, err
		}
		gs, err := q.ListGroups(ctx, gq.Kind, groupsPerPage, offset)
		if err != nil {
			return nil, err
		}
		res.Hits = groupHits(gs)
	default:
		arg := strings.Join(terms, "%")
		if res.Total, err = q.CountSearchGroups(ctx, gq.Kind, arg); err != nil {
			return nil, err
		}
		gs, err := q.SearchGroups(ctx, gq.Kind, arg, groupsPerPage, offset)
		if err != nil {
			return nil, err
		}
		res.Hits = groupHits(gs)
	}
	res.Pages = pageCount(res.Total, groupsPerPage)
	return res, nil
}

func groupHits(gs []*cortege.Group) []*GroupHit {
	out := make([]*GroupHit, len(gs))
	for i, g := range gs {
		out[i] = &GroupHit{Group: g}
	}
	return out
}

func pageCount(total, per int) int {
	if total == 0 {
		return 1
	}
	return (total + per - 1) / per
}

// groupsNear narrows by a bounding box in SQL, then measures true
// distances here and sorts by them.
func (s *Service) groupsNear(ctx context.Context, gq GroupQuery, terms []string) (*GroupResults, error) {
	if math.IsNaN(gq.Lat) || math.IsNaN(gq.Lon) || gq.Lat < -90 || gq.Lat > 90 || gq.Lon < -180 || gq.Lon > 180 {
		return nil, cortege.Invalid("coordinates", "err.coordinates.invalid")
	}
	r := gq.RadiusKm
	if r <= 0 || math.IsNaN(r) {
		r = defaultRadiusKm
	}
	r = math.Min(r, maxRadiusKm)
	minLat, maxLat, minLon, maxLon := boundingBox(gq.Lat, gq.Lon, r)
	gs, err := s.db.Q().GroupsInBox(ctx, gq.Kind, minLat, maxLat, minLon, maxLon, maxNearbyGroups)
	if err != nil {
		return nil, err
	}
	var found []*GroupHit
	for _, g := range gs {
		d := distanceKm(gq.Lat, gq.Lon, g.Lat, g.Lon)
		if d > r || !cortege.MatchesWords(groupSearchText(g), terms) {
			continue
		}
		found = append(found, &GroupHit{Group: g, DistanceKm: d})
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].DistanceKm < found[j].DistanceKm })
	res := &GroupResults{Page: gq.Page, Total: len(found), Pages: pageCount(len(found), groupsPerPage)}
	from := (gq.Page - 1) * groupsPerPage
	if from < len(found) {
		res.Hits = found[from:min(from+groupsPerPage, len(found))]
	}
	return res, nil
}

// foldSearch lower-cases s, strips accents (NFD then drops combining
// marks), turns everything but letters and digits into single spaces, so
// "Écologie-Lyon" and "ecologie lyon" compare equal on both engines.
func foldSearch(s string) string {
	var b strings.Builder
	space := true
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	out := strings.TrimSpace(b.String())
	// Letters NFD does not split.
	return strings.NewReplacer("œ", "oe", "æ", "ae", "ß", "ss", "ø", "o", "ł", "l", "đ", "d").Replace(out)
}

// distanceKm is the great-circle (haversine) distance between two points.
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(h)))
}

// boundingBox returns a box holding every point within km of (lat, lon).
func boundingBox(lat, lon, km float64) (minLat, maxLat, minLon, maxLon float64) {
	dLat := km / earthRadiusKm * 180 / math.Pi
	minLat, maxLat = math.Max(-90, lat-dLat), math.Min(90, lat+dLat)
	c := math.Cos(lat * math.Pi / 180)
	if c < 0.01 || minLat <= -90 || maxLat >= 90 {
		return minLat, maxLat, -180, 180
	}
	dLon := dLat / c
	minLon, maxLon = lon-dLon, lon+dLon
	if minLon < -180 || maxLon > 180 {
		return minLat, maxLat, -180, 180 // across the antimeridian: take every longitude
	}
	return
}

// FindGroup resolves what someone typed to name a group in a filter (the
// group of an event search): its ID, its handle, with or without "@", or
// its name, accents and case aside (among listed groups, whose names are
// public). field is the form or query field the errors name: a group
// nobody may find that way is EINVALID err.group.filter_unknown, a name
// several listed groups share err.group.filter_ambiguous (the handle then
// tells them apart).
func (s *Service) FindGroup(ctx context.Context, a cortege.Actor, field, ref string) (*cortege.Group, error) {
	ref = strings.TrimSpace(ref)
	unknown := cortege.Invalid(field, "err.group.filter_unknown")
	if ref == "" || len(ref) > maxSearchRunes {
		return nil, unknown
	}
	for _, find := range []func() (*cortege.Group, error){
		func() (*cortege.Group, error) { return s.GroupByID(ctx, a, ref) },
		func() (*cortege.Group, error) { return s.GroupByHandle(ctx, a, strings.TrimPrefix(ref, "@")) },
	} {
		g, err := find()
		if err == nil {
			return g, nil
		}
		if !cortege.IsNotFound(err) {
			return nil, err
		}
	}
	name := foldSearch(ref)
	terms := strings.Fields(name)
	if len(terms) == 0 || len(terms) > maxSearchWords {
		return nil, unknown
	}
	gs, err := s.db.Q().SearchGroups(ctx, "", strings.Join(terms, "%"), 50, 0)
	if err != nil {
		return nil, err
	}
	var found []*cortege.Group
	for _, g := range gs {
		if foldSearch(g.Name) == name {
			found = append(found, g)
		}
	}
	switch len(found) {
	case 0:
		return nil, unknown
	case 1:
		return found[0], nil
	}
	return nil, cortege.Invalid(field, "err.group.filter_ambiguous")
}
