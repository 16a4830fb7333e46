package places

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

// city is a known position (town hall or centre, to about 100 m).
type city struct {
	name     string
	lat, lon float64
	area     string
	coast    bool // on the coast, where the simplified outline may pass inland
}

var cities = []city{
	{"Paris", 48.8566, 2.3522, "metro", false},
	{"Lyon", 45.7640, 4.8357, "metro", false},
	{"Marseille", 43.2965, 5.3698, "metro", true},
	{"Lille", 50.6292, 3.0573, "metro", false},
	{"Brest", 48.3904, -4.4861, "metro", true},
	{"Strasbourg", 48.5734, 7.7521, "metro", false},
	{"Bordeaux", 44.8378, -0.5792, "metro", true},
	{"Toulouse", 43.6047, 1.4442, "metro", false},
	{"Nice", 43.7102, 7.2620, "metro", true},
	{"Ajaccio", 41.9192, 8.7386, "metro", true},
	{"Bastia", 42.6973, 9.4509, "metro", true},
	{"Corte", 42.3061, 9.1500, "metro", false},
	{"Pointe-à-Pitre", 16.2411, -61.5331, "guadeloupe", true},
	{"Basse-Terre", 15.9985, -61.7261, "guadeloupe", true},
	{"Fort-de-France", 14.6161, -61.0588, "martinique", true},
	{"Cayenne", 4.9224, -52.3135, "guyane", true},
	{"Saint-Laurent-du-Maroni", 5.4985, -54.0325, "guyane", true},
	{"Saint-Denis", -20.8821, 55.4507, "reunion", true},
	{"Mamoudzou", -12.7806, 45.2279, "mayotte", true},
	{"Saint-Claude", 16.0250, -61.7022, "guadeloupe", false},
	{"Le Tampon", -21.2779, 55.5177, "reunion", false},
	{"Sinnamary", 5.3770, -52.9560, "guyane", true},
}

func TestLambert93Origin(t *testing.T) {
	x, y := Lambert93(46.5, 3)
	if math.Abs(x-700000) > 0.001 || math.Abs(y-6600000) > 0.001 {
		t.Fatalf("origin projects to %.3f, %.3f; want 700000, 6600000", x, y)
	}
	// Paris, Hôtel de Ville, is about (652 km, 6862 km) in Lambert-93.
	x, y = Lambert93(48.8566, 2.3522)
	if math.Abs(x-652000) > 2000 || math.Abs(y-6862000) > 2000 {
		t.Errorf("Paris projects to %.0f, %.0f", x, y)
	}
}

// The standard parallels (44° and 49° N) are true to scale: a short step
// along them projects to its length on the ellipsoid, as a conformal conic
// with two standard parallels must.
func TestLambert93StandardParallels(t *testing.T) {
	e2 := 2*l93F - l93F*l93F
	for _, lat := range []float64{44, 49} {
		phi := lat * math.Pi / 180
		nu := l93A / math.Sqrt(1-e2*math.Sin(phi)*math.Sin(phi))
		const step = 0.001 // degrees of longitude
		want := nu * math.Cos(phi) * step * math.Pi / 180
		x1, y1 := Lambert93(lat, 3)
		x2, y2 := Lambert93(lat, 3+step)
		if got := math.Hypot(x2-x1, y2-y1); math.Abs(got/want-1) > 1e-6 {
			t.Errorf("at %v° the scale is %.8f, want 1", lat, got/want)
		}
	}
	// Between them the scale is below 1 (about 0.9990 at 46.5°).
	phi := 46.5 * math.Pi / 180
	nu := l93A / math.Sqrt(1-e2*math.Sin(phi)*math.Sin(phi))
	x1, _ := Lambert93(46.5, 3)
	x2, _ := Lambert93(46.5, 3.001)
	if k := (x2 - x1) / (nu * math.Cos(phi) * 0.001 * math.Pi / 180); k > 0.9995 || k < 0.998 {
		t.Errorf("scale at 46.5° is %.5f", k)
	}
}

func TestLocalKM(t *testing.T) {
	x, y := LocalKM(16.2, -61.5, 16.2, -61.5)
	if x != 0 || y != 0 {
		t.Fatalf("centre is %v, %v", x, y)
	}
	_, y = LocalKM(17.2, -61.5, 16.2, -61.5)
	if math.Abs(y-111.2) > 0.1 {
		t.Errorf("one degree of latitude is %.2f km", y)
	}
	// Across the antimeridian, longitudes wrap.
	x, _ = LocalKM(0, -179.5, 0, 179.5)
	if math.Abs(x-111.2) > 0.1 {
		t.Errorf("antimeridian step is %.2f km", x)
	}
}

func TestCitiesLandInTheirArea(t *testing.T) {
	o, err := FranceOutline()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cities {
		_, a := o.AreaOf(c.lat, c.lon)
		if a == nil || a.Key != c.area {
			t.Errorf("%s: area %v, want %s", c.name, a, c.area)
			continue
		}
		x, y := a.SVG(c.lat, c.lon)
		in := false
		for _, r := range a.Rings {
			in = in || insideRing(r, x, y)
		}
		if !in && !c.coast {
			t.Errorf("%s (%.0f, %.0f) is not on the land of %s", c.name, x, y, a.Key)
		}
	}
}

func TestCitiesRelativePlaces(t *testing.T) {
	o, _ := FranceOutline()
	at := func(name string) (float64, float64) {
		for _, c := range cities {
			if c.name == name {
				_, a := o.AreaOf(c.lat, c.lon)
				return a.SVG(c.lat, c.lon)
			}
		}
		t.Fatal(name)
		return 0, 0
	}
	bx, _ := at("Brest")
	sx, _ := at("Strasbourg")
	if bx >= sx {
		t.Errorf("Brest (x %.0f) is not west of Strasbourg (x %.0f)", bx, sx)
	}
	_, ly := at("Lille")
	_, my := at("Marseille")
	if ly >= my { // SVG y grows downwards
		t.Errorf("Lille (y %.0f) is not north of Marseille (y %.0f)", ly, my)
	}
	// In metropolitan France one unit is a kilometre: Paris–Lyon is about
	// 392 km as the crow flies.
	px, py := at("Paris")
	lx, lyy := at("Lyon")
	if d := math.Hypot(lx-px, lyy-py); math.Abs(d-392) > 5 {
		t.Errorf("Paris–Lyon is %.0f units, want about 392", d)
	}
}

func TestLocatorOutsideFrance(t *testing.T) {
	for _, p := range [][2]float64{
		{52.52, 13.405},     // Berlin
		{40.4168, -3.7038},  // Madrid
		{41.3874, 2.1686},   // Barcelona, inside metropolitan France's box
		{50.8503, 4.3517},   // Brussels, idem
		{40.7128, -74.006},  // New York
		{-22.2758, 166.458}, // Nouméa: not drawn
		{0, 0},
		{math.NaN(), 2},
		{48, math.Inf(1)},
		{90, 180},
		{-90, -180},
	} {
		if b := Locator(p[0], p[1], "x"); b != nil {
			t.Errorf("%v: drawn", p)
		}
	}
}

// wellFormed parses b as XML and returns the root element's attributes and
// the text of its <title>.
func wellFormed(t testing.TB, b []byte) (root xml.StartElement, title string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	depth, inTitle := 0, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, b)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				root = x.Copy()
			}
			inTitle = x.Name.Local == "title"
			depth++
		case xml.EndElement:
			inTitle = false
			depth--
		case xml.CharData:
			if inTitle {
				title += string(x)
			}
		}
	}
	if depth != 0 || root.Name.Local != "svg" || root.Name.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root %v, depth %d", root.Name, depth)
	}
	return root, title
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func TestLocatorSVG(t *testing.T) {
	label := `Saint-Ouen <&> "Seine" – on the map`
	b := Locator(48.9119, 2.3340, label)
	root, title := wellFormed(t, b)
	if title != label {
		t.Errorf("title %q", title)
	}
	if attr(root, "role") != "img" || attr(root, "aria-labelledby") != "locator-title" || attr(root, "viewBox") == "" {
		t.Errorf("root attributes %v", root.Attr)
	}
	if bytes.Contains(b, []byte("style=")) || bytes.Contains(b, []byte("<script")) || bytes.Contains(b, []byte("href")) {
		t.Errorf("inline style, script or reference in %s", b)
	}
	// The dot is at the position's whole unit (a kilometre), never finer.
	o, _ := FranceOutline()
	_, a := o.AreaOf(48.9119, 2.3340)
	x, y := a.SVG(48.9119, 2.3340)
	want := `cx="` + strconv.Itoa(int(math.Round(x))) + `" cy="` + strconv.Itoa(int(math.Round(y))) + `"`
	if !strings.Contains(string(b), want) {
		t.Errorf("no dot at %s in %s", want, b)
	}
	if len(b) > 8000 {
		t.Errorf("locator is %d bytes", len(b))
	}
}

// Two positions in the same square kilometre give the same drawing, so the
// locator tells no more than the kilometre.
func TestLocatorIsCoarse(t *testing.T) {
	o, _ := FranceOutline()
	_, a := o.AreaOf(45.7640, 4.8357)
	x, y := a.SVG(45.7640, 4.8357)
	// Find a second position about 100 m away in the same unit square.
	lat2 := 45.7640 + 0.0009
	x2, y2 := a.SVG(lat2, 4.8357)
	if math.Round(x) != math.Round(x2) || math.Round(y) != math.Round(y2) {
		lat2 = 45.7640 - 0.0009
	}
	if !bytes.Equal(Locator(45.7640, 4.8357, "Lyon"), Locator(lat2, 4.8357, "Lyon")) {
		t.Error("positions 100 m apart drew different locators")
	}
}

func TestOutlineData(t *testing.T) {
	o, err := FranceOutline()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(o.Source, "Natural Earth") || !strings.Contains(o.Licence, "public domain") {
		t.Errorf("source %q licence %q", o.Source, o.Licence)
	}
	keys := []string{}
	for _, a := range o.Areas {
		keys = append(keys, a.Key)
		if a.Width <= 0 || a.Height <= 0 || a.Scale <= 0 || len(a.Rings) == 0 {
			t.Errorf("%s: %+v", a.Key, a)
		}
		for _, r := range a.Rings {
			for i, v := range r {
				if v < 0 || i%2 == 0 && v > a.Width || i%2 == 1 && v > a.Height {
					t.Fatalf("%s: point %d out of the frame", a.Key, v)
				}
			}
		}
	}
	if got := strings.Join(keys, " "); got != "metro guadeloupe martinique guyane reunion mayotte" {
		t.Errorf("areas %s", got)
	}
	if len(outlineJSON) > 20000 {
		t.Errorf("outline is %d bytes", len(outlineJSON))
	}
}

func FuzzLocator(f *testing.F) {
	f.Add(45.764, 4.8357, "Lyon")
	f.Add(16.2411, -61.5331, "Pointe-à-Pitre <b>")
	f.Add(48.0, -1.0, "\x00\xff]]>&amp;")
	f.Fuzz(func(t *testing.T, lat, lon float64, label string) {
		b := Locator(lat, lon, label)
		if b == nil {
			return
		}
		wellFormed(t, b)
	})
}

func BenchmarkLocator(b *testing.B) {
	for b.Loop() {
		Locator(45.764, 4.8357, "Lyon")
	}
}
