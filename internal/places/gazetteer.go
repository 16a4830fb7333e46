package places

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// communesGz is the gazetteer of French communes written by
// scripts/places/communes from INSEE's Code officiel géographique, La
// Poste's postal codes and GeoNames' coordinates (see docs/places.md).
//
//go:embed communes.tsv.gz
var communesGz []byte

// Kind says what a gazetteer entry is.
type Kind byte

const (
	// KindCommune is a commune as it exists today.
	KindCommune Kind = 'c'
	// KindArrondissement is a municipal arrondissement of Paris, Lyon or
	// Marseille, reached by its postal code (69007 → Lyon 7e).
	KindArrondissement Kind = 'a'
	// KindDelegated is a former commune merged into another (a commune
	// déléguée or associée), kept because people still type its name.
	KindDelegated Kind = 'd'
)

// Precision says where a centre comes from.
type Precision byte

const (
	// PrecisionPlace is GeoNames' position of the place itself.
	PrecisionPlace Precision = 'g'
	// PrecisionCommune is the centre of the commune an arrondissement or
	// former commune belongs to.
	PrecisionCommune Precision = 'c'
	// PrecisionPostal is estimated: the mean of the located communes
	// sharing a postal code (small communes GeoNames does not list).
	PrecisionPostal Precision = 'p'
	// PrecisionDepartement is estimated from the département's communes.
	PrecisionDepartement Precision = 'd'
)

// Commune is one entry of the gazetteer.
type Commune struct {
	INSEE       string // "69387"
	Name        string // "Lyon 7e"
	Kind        Kind
	Parent      string // an arrondissement's or former commune's commune
	Dep, Region string // codes: "69", "84"
	PostalCodes []string
	Lat, Lon    float64
	HasCentre   bool
	Precision   Precision
	Population  int
	// Number is an arrondissement's number (7 for Lyon 7e).
	Number int

	folded string
	g      *Gazetteer
}

// DepName is the name of the commune's département ("Rhône").
func (c *Commune) DepName() string { return c.g.depNames[c.Dep] }

// RegionName is the name of the commune's région.
func (c *Commune) RegionName() string { return c.g.regionNames[c.Region] }

// ParentCommune is the commune an arrondissement or former commune
// belongs to, nil for a commune.
func (c *Commune) ParentCommune() *Commune {
	if c.Parent == "" {
		return nil
	}
	return c.g.byINSEE[c.Parent]
}

// Approximate is true when the centre is an estimate (see Precision).
func (c *Commune) Approximate() bool {
	return c.Precision == PrecisionPostal || c.Precision == PrecisionDepartement
}

// Label names the commune for a list of choices: "Lyon 7e (69007,
// Rhône)", "Saint-Denis (93200, 93210, Seine-Saint-Denis)".
func (c *Commune) Label() string {
	codes := c.PostalCodes
	if len(codes) > 3 {
		codes = append(codes[:3:3], "…")
	}
	parts := append(append([]string{}, codes...), c.DepName())
	return c.Name + " (" + strings.Join(parts, ", ") + ")"
}

// Gazetteer holds the communes and their indexes; it is read-only once
// loaded, so one value serves every request.
type Gazetteer struct {
	communes    []*Commune
	byINSEE     map[string]*Commune
	byPostal    map[string][]*Commune
	postals     []string // sorted, for prefixes
	names       []nameEntry
	byName      map[string][]*Commune
	arrs        map[string][]*Commune // a commune's arrondissements by INSEE
	depNames    map[string]string
	regionNames map[string]string
	sources     map[string]string // npm package → version
	grid        grid
}

// Sources are the npm packages the data was built from, with their
// versions ("codes-postaux" → "4.1.2"), for the credits page.
func (g *Gazetteer) Sources() map[string]string { return g.sources }

// nameEntry is a folded name in the sorted index.
type nameEntry struct {
	folded string
	c      *Commune
}

var defaultGazetteer = sync.OnceValues(func() (*Gazetteer, error) {
	zr, err := gzip.NewReader(bytes.NewReader(communesGz))
	if err != nil {
		return nil, fmt.Errorf("places: communes.tsv.gz: %w", err)
	}
	return Load(zr)
})

// Default is the embedded gazetteer, read on first use (about 0.3 s) and
// kept for the life of the process.
func Default() (*Gazetteer, error) { return defaultGazetteer() }

// Load reads a gazetteer in the generated TSV format (see
// scripts/places/communes).
func Load(r io.Reader) (*Gazetteer, error) {
	g := &Gazetteer{byINSEE: map[string]*Commune{}, byPostal: map[string][]*Commune{}, byName: map[string][]*Commune{},
		arrs: map[string][]*Commune{}, depNames: map[string]string{}, regionNames: map[string]string{}, sources: map[string]string{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Split(sc.Text(), "\t")
		switch {
		case f[0] == "" || strings.HasPrefix(f[0], "#"):
		case f[0] == "S" && len(f) == 3:
			g.sources[f[1]] = f[2]
		case f[0] == "R" && len(f) == 3:
			g.regionNames[f[1]] = f[2]
		case f[0] == "D" && len(f) == 4:
			g.depNames[f[1]] = f[3]
		case f[0] == "C" && len(f) == 12:
			c, err := g.commune(f)
			if err != nil {
				return nil, fmt.Errorf("places: line %d: %w", line, err)
			}
			g.communes = append(g.communes, c)
		default:
			return nil, fmt.Errorf("places: line %d: unknown record", line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	g.index()
	return g, nil
}

func (g *Gazetteer) commune(f []string) (*Commune, error) {
	c := &Commune{INSEE: f[1], Kind: Kind(f[2][0]), Parent: f[3], Dep: f[4], Region: f[5], Name: f[6], g: g}
	if f[7] != "" {
		c.PostalCodes = strings.Split(f[7], ",")
	}
	if f[10] != "" {
		lat, err1 := strconv.ParseFloat(f[8], 64)
		lon, err2 := strconv.ParseFloat(f[9], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("coordinates %q %q", f[8], f[9])
		}
		c.Lat, c.Lon, c.HasCentre, c.Precision = lat, lon, true, Precision(f[10][0])
	}
	c.Population, _ = strconv.Atoi(f[11])
	if c.Kind == KindArrondissement {
		n := c.Name[strings.LastIndexByte(c.Name, ' ')+1:]
		c.Number, _ = strconv.Atoi(strings.TrimRight(n, "er"))
	}
	c.folded = Fold(c.Name)
	return c, nil
}

func (g *Gazetteer) index() {
	for _, c := range g.communes {
		if c.Kind != KindDelegated {
			g.byINSEE[c.INSEE] = c
			for _, p := range c.PostalCodes {
				g.byPostal[p] = append(g.byPostal[p], c)
			}
		}
		g.byName[c.folded] = append(g.byName[c.folded], c)
		g.names = append(g.names, nameEntry{c.folded, c})
		if c.Kind == KindArrondissement {
			g.arrs[c.Parent] = append(g.arrs[c.Parent], c)
		}
	}
	// A postal code shared by a commune and its own arrondissements
	// (75001 is Paris and Paris 1er) means the arrondissement.
	for p, cs := range g.byPostal {
		if len(cs) > 1 {
			var keep []*Commune
			for _, c := range cs {
				if c.Kind == KindArrondissement || len(g.arrs[c.INSEE]) == 0 {
					keep = append(keep, c)
				}
			}
			g.byPostal[p] = keep
		}
		g.postals = append(g.postals, p)
		sortByPopulation(g.byPostal[p])
	}
	sort.Strings(g.postals)
	for _, cs := range g.byName {
		sortByPopulation(cs)
	}
	sort.Slice(g.names, func(i, j int) bool {
		if g.names[i].folded != g.names[j].folded {
			return g.names[i].folded < g.names[j].folded
		}
		return g.names[i].c.Population > g.names[j].c.Population
	})
	g.grid = newGrid(g.nearestCandidates())
}

// sortByPopulation orders communes most populous first, by code on ties,
// so every list is stable.
func sortByPopulation(cs []*Commune) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Population != cs[j].Population {
			return cs[i].Population > cs[j].Population
		}
		return cs[i].INSEE < cs[j].INSEE
	})
}

// Len is the number of entries.
func (g *Gazetteer) Len() int { return len(g.communes) }

// Communes returns every commune, arrondissement and former commune, in
// the order of the data (a copy: the gazetteer stays read-only).
func (g *Gazetteer) Communes() []*Commune { return append([]*Commune(nil), g.communes...) }

// ByINSEE finds a commune or arrondissement by its INSEE code.
func (g *Gazetteer) ByINSEE(code string) (*Commune, bool) {
	c, ok := g.byINSEE[strings.ToUpper(strings.TrimSpace(code))]
	return c, ok
}

// ByPostal lists the communes a postal code serves, most populous first
// (69007 → Lyon 7e; 01400 → ten communes).
func (g *Gazetteer) ByPostal(code string) []*Commune {
	return g.byPostal[strings.TrimSpace(code)]
}

// ByName lists the communes whose name folds to the same as name, most
// populous first; a former commune stands for the commune it joined.
func (g *Gazetteer) ByName(name string) []*Commune {
	return g.byName[Fold(clip(name))]
}

// Arrondissements lists a commune's municipal arrondissements, by number.
func (g *Gazetteer) Arrondissements(c *Commune) []*Commune {
	out := append([]*Commune(nil), g.arrs[c.INSEE]...)
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

// Extent is how far a commune reaches from its centre as the gazetteer
// knows it: for Paris, Lyon and Marseille the farthest arrondissement
// centre and 2 km more, at least 6 km (Paris's 105 km² as a disc, whose
// arrondissements GeoNames does not place); 0 for others.
func (g *Gazetteer) Extent(c *Commune) float64 {
	if len(g.arrs[c.INSEE]) == 0 {
		return 0
	}
	km := 6.0
	for _, a := range g.arrs[c.INSEE] {
		if a.HasCentre && a.Precision == PrecisionPlace {
			km = max(km, DistanceKM(c.Lat, c.Lon, a.Lat, a.Lon)+2)
		}
	}
	return km
}
