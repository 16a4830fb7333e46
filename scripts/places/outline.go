//go:build ignore

// Command outline writes internal/places/france_outline.json, the outline
// the event page's locator draws: France (metropolitan France with Corsica,
// and each overseas département) from Natural Earth's 1:10m admin-0
// countries, as the npm package world-atlas 2.0.2 redistributes them
// (TopoJSON). It fetches the pinned tarball with `npm pack`, checks its
// integrity, projects each area (Lambert-93 for metropolitan France, a local
// equirectangular projection for each overseas département, both from
// internal/places so the locator places its dot with the very same
// functions), simplifies the rings and writes them as integers. The output
// depends only on the tarball, so running it again changes nothing.
//
//	go run scripts/places/outline.go [-o internal/places/france_outline.json] [-tgz world-atlas-2.0.2.tgz]
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege/internal/places"
	"codeberg.org/cortege/cortege/scripts/places/npmtar"
)

const (
	pkg       = "world-atlas@2.0.2"
	tarball   = "world-atlas-2.0.2.tgz"
	integrity = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
	member    = "package/countries-10m.json"
	franceID  = "250" // ISO 3166-1 numeric
)

// area says which of France's polygons belong to a drawing (by the
// longitude/latitude box their first point falls in) and how it is drawn.
type area struct {
	key, name              string
	lonMin, lonMax         float64
	latMin, latMax         float64
	lambert                bool
	size                   float64 // SVG units of the longer side
	tolerance, minRingArea float64 // in SVG units
}

var areas = []area{
	{"metro", "France métropolitaine", -6, 10, 41, 52, true, 0, 1.5, 30},
	{"guadeloupe", "Guadeloupe", -62, -60.8, 15.7, 16.7, false, 600, 1.5, 20},
	{"martinique", "Martinique", -61.4, -60.6, 14.2, 15, false, 600, 1.5, 20},
	{"guyane", "Guyane", -55, -51, 1.5, 6.5, false, 600, 1.5, 20},
	{"reunion", "La Réunion", 55, 56, -21.6, -20.7, false, 600, 1.5, 20},
	{"mayotte", "Mayotte", 44.8, 45.5, -13.2, -12.4, false, 600, 1.5, 20},
}

func main() {
	out := flag.String("o", "internal/places/france_outline.json", "file to write")
	tgz := flag.String("tgz", "", "use this "+tarball+" (its folder) instead of fetching it with npm pack")
	flag.Parse()
	if err := run(*out, *tgz); err != nil {
		fmt.Fprintln(os.Stderr, "outline:", err)
		os.Exit(1)
	}
}

func run(out, tgz string) error {
	dir := ""
	if tgz != "" {
		dir = filepath.Dir(tgz) // the pinned file name is checked by npmtar
	}
	raw, err := npmtar.Fetch(npmtar.Package{Spec: pkg, File: tarball, Integrity: integrity}, dir)
	if err != nil {
		return err
	}
	topo, err := npmtar.Member(raw, member)
	if err != nil {
		return err
	}
	polys, err := france(topo)
	if err != nil {
		return err
	}
	o := places.Outline{
		Source:     "Natural Earth 1:10m Cultural Vectors, Admin 0 – Countries (v4.1.0), France, via the npm package world-atlas 2.0.2 (countries-10m.json)",
		Licence:    "Natural Earth: public domain; world-atlas: ISC, Copyright 2013-2019 Michael Bostock",
		Projection: "metropolitan France: Lambert-93 (EPSG:2154, conic conformal, GRS80); overseas départements: equirectangular centred on each; 1 SVG unit = 1 km in metropolitan France",
	}
	for _, a := range areas {
		oa, err := draw(a, polys)
		if err != nil {
			return err
		}
		o.Areas = append(o.Areas, oa)
	}
	return os.WriteFile(out, encode(&o), 0o644)
}

type topology struct {
	Transform struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]int `json:"arcs"`
	Objects struct {
		Countries struct {
			Geometries []struct {
				ID   string          `json:"id"`
				Type string          `json:"type"`
				Arcs json.RawMessage `json:"arcs"`
			} `json:"geometries"`
		} `json:"countries"`
	} `json:"objects"`
}

// lonlat is a ring of [lon, lat] points.
type lonlat [][2]float64

// france decodes France's polygons (rings of lon/lat) from the topology.
func france(raw []byte) ([][]lonlat, error) {
	var t topology
	if err := json.Unmarshal(raw, &t); err != nil {
		return nil, err
	}
	arcs := make([]lonlat, len(t.Arcs))
	for i, a := range t.Arcs {
		x, y := 0, 0
		for _, d := range a {
			x, y = x+d[0], y+d[1]
			arcs[i] = append(arcs[i], [2]float64{
				float64(x)*t.Transform.Scale[0] + t.Transform.Translate[0],
				float64(y)*t.Transform.Scale[1] + t.Transform.Translate[1]})
		}
	}
	for _, g := range t.Objects.Countries.Geometries {
		if g.ID != franceID {
			continue
		}
		var polys [][][]int
		switch g.Type {
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, err
			}
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, err
			}
			polys = [][][]int{p}
		default:
			return nil, fmt.Errorf("France is a %s", g.Type)
		}
		var out [][]lonlat
		for _, p := range polys {
			var rings []lonlat
			for _, r := range p {
				rings = append(rings, ring(arcs, r))
			}
			out = append(out, rings)
		}
		return out, nil
	}
	return nil, errors.New("no France (id 250) in the topology")
}

// ring joins arcs (negative indexes ~i run arc i backwards), dropping each
// arc's first point after the first arc, as TopoJSON says.
func ring(arcs []lonlat, idx []int) lonlat {
	var out lonlat
	for k, i := range idx {
		var a lonlat
		if i >= 0 {
			a = arcs[i]
		} else {
			src := arcs[^i]
			for j := len(src) - 1; j >= 0; j-- {
				a = append(a, src[j])
			}
		}
		if k > 0 {
			a = a[1:]
		}
		out = append(out, a...)
	}
	return out
}

// draw projects, scales and simplifies the polygons of one area.
func draw(a area, polys [][]lonlat) (places.OutlineArea, error) {
	var mine []lonlat
	for _, p := range polys {
		if c := p[0][0]; c[0] >= a.lonMin && c[0] <= a.lonMax && c[1] >= a.latMin && c[1] <= a.latMax {
			mine = append(mine, p...) // holes are drawn as rings too (even-odd)
		}
	}
	if len(mine) == 0 {
		return places.OutlineArea{}, fmt.Errorf("%s: no polygon", a.key)
	}
	oa := places.OutlineArea{Key: a.key, Name: a.name, Proj: "local"}
	if a.lambert {
		oa.Proj = "lambert93"
	} else {
		lo, hi := box(mine)
		oa.Lat0, oa.Lon0 = round((lo[1]+hi[1])/2, 3), round((lo[0]+hi[0])/2, 3)
	}
	proj := make([][][2]float64, len(mine))
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i, r := range mine {
		for _, p := range r {
			x, y := oa.Project(p[1], p[0])
			proj[i] = append(proj[i], [2]float64{x, y})
			minX, minY, maxX, maxY = math.Min(minX, x), math.Min(minY, y), math.Max(maxX, x), math.Max(maxY, y)
		}
	}
	oa.Scale = 1
	if a.size > 0 {
		oa.Scale = round(a.size/math.Max(maxX-minX, maxY-minY), 3)
	}
	oa.MinX, oa.MaxY = math.Floor(minX), math.Ceil(maxY)
	oa.Pad = math.Round(0.03 * math.Max(maxX-minX, maxY-minY) * oa.Scale)
	oa.Width = int(math.Ceil((maxX-oa.MinX)*oa.Scale + 2*oa.Pad))
	oa.Height = int(math.Ceil((oa.MaxY-minY)*oa.Scale + 2*oa.Pad))
	for _, r := range proj {
		pts := make([][2]float64, len(r))
		for j, p := range r {
			pts[j] = [2]float64{(p[0]-oa.MinX)*oa.Scale + oa.Pad, (oa.MaxY-p[1])*oa.Scale + oa.Pad}
		}
		flat := integers(simplifyRing(pts, a.tolerance))
		if len(flat) >= 8 && math.Abs(ringArea(flat)) >= a.minRingArea {
			oa.Rings = append(oa.Rings, flat)
		}
	}
	return oa, nil
}

func box(rings []lonlat) (lo, hi [2]float64) {
	lo, hi = [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
	for _, r := range rings {
		for _, p := range r {
			lo = [2]float64{math.Min(lo[0], p[0]), math.Min(lo[1], p[1])}
			hi = [2]float64{math.Max(hi[0], p[0]), math.Max(hi[1], p[1])}
		}
	}
	return lo, hi
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

// simplifyRing is Douglas–Peucker on a closed ring, cut at its first point
// and the point farthest from it.
func simplifyRing(r [][2]float64, tol float64) [][2]float64 {
	if len(r) > 1 && r[0] == r[len(r)-1] {
		r = r[:len(r)-1]
	}
	if len(r) < 4 {
		return r
	}
	far, best := 0, -1.0
	for i, p := range r {
		if d := math.Hypot(p[0]-r[0][0], p[1]-r[0][1]); d > best {
			far, best = i, d
		}
	}
	a := dp(r[:far+1], tol)
	b := dp(append(append([][2]float64{}, r[far:]...), r[0]), tol)
	return append(a[:len(a)-1], b[:len(b)-1]...)
}

func dp(pts [][2]float64, tol float64) [][2]float64 {
	if len(pts) < 3 {
		return pts
	}
	a, b := pts[0], pts[len(pts)-1]
	idx, best := 0, -1.0
	for i := 1; i < len(pts)-1; i++ {
		if d := distance(pts[i], a, b); d > best {
			idx, best = i, d
		}
	}
	if best <= tol {
		return [][2]float64{a, b}
	}
	left := dp(pts[:idx+1], tol)
	return append(left[:len(left)-1], dp(pts[idx:], tol)...)
}

func distance(p, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := dx*dx + dy*dy
	if l == 0 {
		return math.Hypot(p[0]-a[0], p[1]-a[1])
	}
	t := math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}

// integers rounds a ring to whole units, dropping repeated points.
func integers(r [][2]float64) []int {
	var out []int
	for _, p := range r {
		x, y := int(math.Round(p[0])), int(math.Round(p[1]))
		if n := len(out); n >= 2 && out[n-2] == x && out[n-1] == y {
			continue
		}
		out = append(out, x, y)
	}
	if n := len(out); n >= 4 && out[0] == out[n-2] && out[1] == out[n-1] {
		out = out[:n-2]
	}
	return out
}

func ringArea(r []int) float64 {
	s := 0
	n := len(r) / 2
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		s += r[2*j]*r[2*i+1] - r[2*i]*r[2*j+1]
	}
	return float64(s) / 2
}

// encode writes the outline as JSON with one ring per line, so a change of
// data reads as a diff.
func encode(o *places.Outline) []byte {
	var b bytes.Buffer
	str := func(s string) string { j, _ := json.Marshal(s); return string(j) }
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	fmt.Fprintf(&b, "{\n\"source\": %s,\n\"licence\": %s,\n\"projection\": %s,\n\"areas\": [\n", str(o.Source), str(o.Licence), str(o.Projection))
	for i, a := range o.Areas {
		fmt.Fprintf(&b, "{\"key\": %s, \"name\": %s, \"proj\": %s, \"lat0\": %s, \"lon0\": %s, \"min_x\": %s, \"max_y\": %s, \"scale\": %s, \"pad\": %s, \"width\": %d, \"height\": %d,\n\"rings\": [\n",
			str(a.Key), str(a.Name), str(a.Proj), num(a.Lat0), num(a.Lon0), num(a.MinX), num(a.MaxY), num(a.Scale), num(a.Pad), a.Width, a.Height)
		for j, r := range a.Rings {
			s := make([]string, len(r))
			for k, v := range r {
				s[k] = strconv.Itoa(v)
			}
			sep := ","
			if j == len(a.Rings)-1 {
				sep = ""
			}
			fmt.Fprintf(&b, "[%s]%s\n", strings.Join(s, ","), sep)
		}
		sep := ","
		if i == len(o.Areas)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "]}%s\n", sep)
	}
	b.WriteString("]}\n")
	return b.Bytes()
}
