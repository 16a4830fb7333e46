package places

import (
	_ "embed"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
)

// outlineJSON is France's outline, simplified and projected by
// scripts/places/outline.go from Natural Earth (public domain) as
// redistributed by world-atlas (ISC). See docs/maps.md.
//
//go:embed france_outline.json
var outlineJSON []byte

// Outline is the data file's shape: one drawing per area (metropolitan
// France with Corsica, and each overseas département), already in SVG units.
type Outline struct {
	Source     string        `json:"source"`
	Licence    string        `json:"licence"`
	Projection string        `json:"projection"`
	Areas      []OutlineArea `json:"areas"`
}

// OutlineArea is one area's drawing: how a position maps to its SVG units
// (project, subtract MinX, flip from MaxY, multiply by Scale, add Pad) and
// its rings of land as flat x,y integer lists.
type OutlineArea struct {
	Key    string  `json:"key"`
	Name   string  `json:"name"`
	Proj   string  `json:"proj"` // "lambert93" or "local"
	Lat0   float64 `json:"lat0,omitempty"`
	Lon0   float64 `json:"lon0,omitempty"`
	MinX   float64 `json:"min_x"`
	MaxY   float64 `json:"max_y"`
	Scale  float64 `json:"scale"` // SVG units per kilometre
	Pad    float64 `json:"pad"`
	Width  int     `json:"width"`
	Height int     `json:"height"`
	Rings  [][]int `json:"rings"`
}

// nearKM is how far off the drawn coast a position may lie and still be
// drawn: coastal communes, and hidden places rounded to 0.1°.
const nearKM = 12

var outline = sync.OnceValues(func() (*Outline, error) {
	var o Outline
	if err := json.Unmarshal(outlineJSON, &o); err != nil {
		return nil, fmt.Errorf("places: france_outline.json: %w", err)
	}
	return &o, nil
})

var areaPaths = sync.OnceValue(func() []string {
	o, err := outline()
	if err != nil {
		return nil
	}
	out := make([]string, len(o.Areas))
	for i, a := range o.Areas {
		out[i] = ringsPath(a.Rings)
	}
	return out
})

// FranceOutline returns the embedded outline (the generator and tests
// read it; Locator draws it).
func FranceOutline() (*Outline, error) { return outline() }

// Project returns the position's coordinates in the area's projection, in
// kilometres (x east, y north).
func (a *OutlineArea) Project(lat, lon float64) (x, y float64) {
	if a.Proj == "lambert93" {
		x, y = Lambert93(lat, lon)
		return x / 1000, y / 1000
	}
	return LocalKM(lat, lon, a.Lat0, a.Lon0)
}

// SVG returns the position in the area's SVG units (y pointing down).
func (a *OutlineArea) SVG(lat, lon float64) (x, y float64) {
	px, py := a.Project(lat, lon)
	return (px-a.MinX)*a.Scale + a.Pad, (a.MaxY-py)*a.Scale + a.Pad
}

// Holds reports whether the point (in SVG units) lies on the area's land
// or within nearKM of its coast.
func (a *OutlineArea) Holds(x, y float64) bool {
	if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return false
	}
	near := nearKM * a.Scale
	if x < -near || y < -near || x > float64(a.Width)+near || y > float64(a.Height)+near {
		return false
	}
	for _, r := range a.Rings {
		if insideRing(r, x, y) || ringDistance(r, x, y) <= near {
			return true
		}
	}
	return false
}

// AreaOf returns the outline's area that holds the position, or nil when
// it lies outside France as drawn.
func (o *Outline) AreaOf(lat, lon float64) (int, *OutlineArea) {
	for i := range o.Areas {
		a := &o.Areas[i]
		if a.Holds(a.SVG(lat, lon)) {
			return i, a
		}
	}
	return -1, nil
}

// Locator draws where a position lies in France: the outline of
// metropolitan France (or, for a position overseas, of its département)
// with a dot. label is the drawing's text alternative (say, "Lyon on the
// map of France"). It returns nil when the position is not in France as
// drawn, or the data is broken. The dot is placed to the SVG unit (about a
// kilometre in metropolitan France), never finer.
func Locator(lat, lon float64, label string) []byte {
	o, err := outline()
	if err != nil {
		return nil
	}
	i, a := o.AreaOf(lat, lon)
	if a == nil {
		return nil
	}
	x, y := a.SVG(lat, lon)
	cx, cy := int(math.Round(x)), int(math.Round(y))
	r := int(math.Round(float64(max(a.Width, a.Height)) / 80))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="locator locator-%s" viewBox="0 0 %d %d" width="240" height="%d" role="img" aria-labelledby="locator-title">`,
		a.Key, a.Width, a.Height, 240*a.Height/a.Width)
	b.WriteString(`<title id="locator-title">`)
	xml.EscapeText(&b, []byte(label))
	b.WriteString(`</title>`)
	fmt.Fprintf(&b, `<path class="locator-land" fill="#e4e1d8" stroke="#878c98" stroke-width="%d" stroke-linejoin="round" d="%s"/>`, max(1, r/4), areaPaths()[i])
	fmt.Fprintf(&b, `<circle class="locator-halo" cx="%d" cy="%d" r="%d" fill="#b42318" fill-opacity="0.25"/>`, cx, cy, r*5/2)
	fmt.Fprintf(&b, `<circle class="locator-dot" cx="%d" cy="%d" r="%d" fill="#b42318" stroke="#ffffff" stroke-width="%d"/>`, cx, cy, r, max(1, r/3))
	b.WriteString(`</svg>`)
	return []byte(b.String())
}

// ringsPath writes rings as one SVG path, relative moves after the first
// point of each ring to keep it short.
func ringsPath(rings [][]int) string {
	var b strings.Builder
	for _, r := range rings {
		if len(r) < 6 {
			continue
		}
		b.WriteString("M")
		b.WriteString(strconv.Itoa(r[0]))
		b.WriteString(" ")
		b.WriteString(strconv.Itoa(r[1]))
		b.WriteString("l")
		for j := 2; j+1 < len(r); j += 2 {
			dx, dy := r[j]-r[j-2], r[j+1]-r[j-1]
			if j > 2 && dx >= 0 {
				b.WriteString(" ")
			}
			b.WriteString(strconv.Itoa(dx))
			if dy >= 0 {
				b.WriteString(" ")
			}
			b.WriteString(strconv.Itoa(dy))
		}
		b.WriteString("z")
	}
	return b.String()
}

// insideRing is the even-odd rule for a flat x,y ring.
func insideRing(r []int, x, y float64) bool {
	in := false
	n := len(r) / 2
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		xi, yi := float64(r[2*i]), float64(r[2*i+1])
		xj, yj := float64(r[2*j]), float64(r[2*j+1])
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			in = !in
		}
	}
	return in
}

// ringDistance is the distance from the point to the ring's nearest edge.
func ringDistance(r []int, x, y float64) float64 {
	best := math.Inf(1)
	n := len(r) / 2
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		best = math.Min(best, segmentDistance(x, y, float64(r[2*j]), float64(r[2*j+1]), float64(r[2*i]), float64(r[2*i+1])))
	}
	return best
}

func segmentDistance(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((px-ax)*dx+(py-ay)*dy)/l))
	}
	return math.Hypot(px-ax-t*dx, py-ay-t*dy)
}
