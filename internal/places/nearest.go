package places

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// cellDeg is the side of the nearest-commune grid's cells, in degrees.
const cellDeg = 0.1

// MaxNearestKM is how far from every commune centre a position may be and
// still be given a nearest commune (a position at sea or abroad gets none).
const MaxNearestKM = 30

// grid buckets the located communes by cell for the nearest lookup.
type grid map[[2]int32][]*Commune

func cellOf(lat, lon float64) [2]int32 {
	return [2]int32{int32(math.Floor(lat / cellDeg)), int32(math.Floor(lon / cellDeg))}
}

func newGrid(cs []*Commune) grid {
	g := grid{}
	for _, c := range cs {
		k := cellOf(c.Lat, c.Lon)
		g[k] = append(g[k], c)
	}
	return g
}

// nearestCandidates are the entries a position may be "in": communes and
// arrondissements with a centre of their own. A commune divided into
// located arrondissements gives way to them, so a position in Lyon is
// "Lyon 3e".
func (g *Gazetteer) nearestCandidates() []*Commune {
	var out []*Commune
	for _, c := range g.communes {
		if !c.HasCentre || c.Kind == KindDelegated || c.Precision == PrecisionCommune {
			continue
		}
		if c.Kind == KindCommune {
			located := false
			for _, a := range g.arrs[c.INSEE] {
				located = located || a.Precision == PrecisionPlace
			}
			if located {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// Nearest is the commune (or arrondissement) whose centre is closest to
// the position, and how far it is; false when none lies within
// MaxNearestKM. Centres stand for communes, so near a boundary the answer
// may be the neighbour: good enough to prefill a place field.
func (g *Gazetteer) Nearest(lat, lon float64) (*Commune, float64, bool) {
	if math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return nil, 0, false
	}
	// Cells are at least this many km across in longitude up to 70°.
	cellKM := cellDeg * 111 * math.Max(math.Cos(math.Min(math.Abs(lat), 70)*math.Pi/180), 0.3)
	rings := int(math.Ceil(MaxNearestKM/cellKM)) + 1
	c0 := cellOf(lat, lon)
	var best *Commune
	bestKM := math.Inf(1)
	for k := 0; k <= rings; k++ {
		for dy := -k; dy <= k; dy++ {
			for dx := -k; dx <= k; dx++ {
				if max(abs(dx), abs(dy)) != k {
					continue
				}
				for _, c := range g.grid[[2]int32{c0[0] + int32(dy), c0[1] + int32(dx)}] {
					if d := DistanceKM(lat, lon, c.Lat, c.Lon); d < bestKM {
						best, bestKM = c, d
					}
				}
			}
		}
		// Anything in ring k+1 is at least k cells away.
		if best != nil && bestKM <= float64(k)*cellKM {
			break
		}
	}
	if best == nil || bestKM > MaxNearestKM {
		return nil, 0, false
	}
	return best, bestKM, true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// DistanceKM is the great-circle distance between two positions, in km.
func DistanceKM(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 6371 * 2 * math.Atan2(math.Sqrt(a), math.Sqrt(1-a))
}

// Suggest lists up to n entries for what a person is typing: postal codes
// starting with the digits typed, or names starting with the folded text
// (a name equal to it first), most populous first. Former communes are
// left out when their commune is listed too.
func (g *Gazetteer) Suggest(text string, n int) []*Commune {
	if n <= 0 {
		return nil
	}
	text = strings.TrimSpace(text)
	if len(text) > maxInput {
		return nil
	}
	var found []*Commune
	if isDigits(text) && len(text) >= 2 && len(text) <= 5 {
		i := sort.SearchStrings(g.postals, text)
		for ; i < len(g.postals) && strings.HasPrefix(g.postals[i], text); i++ {
			for _, c := range g.byPostal[g.postals[i]] {
				if !slices.Contains(found, c) {
					found = append(found, c)
				}
			}
		}
		sortByPopulation(found)
		return head(found, n)
	}
	f := Fold(text)
	if len(f) < 2 {
		return nil
	}
	found = append(found, g.byName[f]...)
	// The most populous of the other names starting with f, kept in order
	// in a short list (a few thousand names start with "sain").
	var top []*Commune
	keep := 2*n + 4
	i := sort.Search(len(g.names), func(i int) bool { return g.names[i].folded >= f })
	for ; i < len(g.names) && strings.HasPrefix(g.names[i].folded, f); i++ {
		e := g.names[i]
		if e.folded == f || len(top) == keep && !morePopulous(e.c, top[keep-1]) {
			continue
		}
		j := sort.Search(len(top), func(j int) bool { return morePopulous(e.c, top[j]) })
		if len(top) < keep {
			top = append(top, nil)
		}
		copy(top[j+1:], top[j:])
		top[j] = e.c
	}
	found = append(found, top...)
	listed := map[string]bool{}
	for _, c := range found {
		listed[c.INSEE] = listed[c.INSEE] || c.Kind != KindDelegated
	}
	out := found[:0]
	for _, c := range found {
		if c.Kind == KindDelegated && listed[c.Parent] {
			continue
		}
		out = append(out, c)
	}
	return head(out, n)
}

// morePopulous orders communes as sortByPopulation does.
func morePopulous(a, b *Commune) bool {
	if a.Population != b.Population {
		return a.Population > b.Population
	}
	return a.INSEE < b.INSEE
}

func head(cs []*Commune, n int) []*Commune {
	n = min(n, len(cs))
	return cs[:n:n]
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
