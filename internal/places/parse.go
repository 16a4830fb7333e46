package places

import (
	"strconv"
	"strings"
)

// maxInput is the longest place text read; longer input is cut.
const maxInput = 200

// Query is what a person typed in a place field, read: "près de 69007",
// "Lyon 7e", "75011 Paris", "near Villeurbanne".
type Query struct {
	// Near is set when the text starts with "near", "près de", "autour
	// de"…: a search around the place rather than in it (the same search;
	// kept to show the person how it was read).
	Near bool
	// Postal is a postal code typed (5 digits), INSEE a Corsican or
	// otherwise non-postal commune code.
	Postal, INSEE string
	// Name is the folded commune name, without the codes and
	// arrondissement number.
	Name string
	// Number is an arrondissement: "Lyon 7e", "Paris 11", "Marseille 1er".
	Number int
}

// Empty is true when nothing usable was typed.
func (q Query) Empty() bool { return q.Postal == "" && q.INSEE == "" && q.Name == "" }

// nearWords are the openings of "around this place", folded, longest first.
var nearWords = [][]string{
	{"aux", "alentours", "de"}, {"aux", "environs", "de"}, {"a", "proximite", "de"}, {"a", "cote", "de"},
	{"pres", "de"}, {"pres", "d"}, {"proche", "de"}, {"proche", "d"}, {"autour", "de"}, {"autour", "d"},
	{"close", "to"}, {"around"}, {"near"}, {"nearby"}, {"vers"}, {"pres"}, {"proche"}, {"autour"},
}

// inWords are openings that only say "in": dropped.
var inWords = [][]string{{"in"}, {"a"}, {"en"}, {"dans"}, {"at"}}

// Parse reads a place as typed. It never fails: what it cannot read
// stays in Name, and Resolve says whether that names a commune.
func Parse(s string) Query {
	var q Query
	words := strings.Fields(Fold(clip(s)))
	for _, group := range [][][]string{nearWords, inWords} {
		for _, w := range group {
			if len(words) > len(w) && equalWords(words[:len(w)], w) {
				words = words[len(w):]
				q.Near = q.Near || len(group) == len(nearWords)
				break
			}
		}
	}
	kept := words[:0]
	for _, w := range words {
		switch {
		case q.Postal == "" && q.INSEE == "" && len(w) == 5 && isDigits(w):
			q.Postal = w
		case q.Postal == "" && q.INSEE == "" && len(w) == 5 && (w[:2] == "2a" || w[:2] == "2b") && isDigits(w[2:]):
			q.INSEE = strings.ToUpper(w)
		case w == "cedex" || w == "france":
			// "69007 Lyon Cedex", "Lyon, France": nothing to resolve
		default:
			kept = append(kept, w)
		}
	}
	words = kept
	if n := len(words); n > 0 && (words[n-1] == "arrondissement" || words[n-1] == "arr" || words[n-1] == "arrt") {
		words = words[:n-1]
	}
	if n := len(words); n > 1 {
		if num, ok := arrondissementNumber(words[n-1]); ok {
			q.Number, words = num, words[:n-1]
		}
	}
	q.Name = strings.Join(words, " ")
	return q
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// arrondissementNumber reads "7", "07", "7e", "7eme", "1er", "1ere".
func arrondissementNumber(w string) (int, bool) {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 || i > 2 {
		return 0, false
	}
	switch w[i:] {
	case "", "e", "eme", "er", "ere", "em", "ieme":
	default:
		return 0, false
	}
	n, _ := strconv.Atoi(w[:i])
	return n, n >= 1 && n <= 20
}

// Resolve finds the communes a typed place may mean, best first: one when
// it is clear, several when a postal code serves several communes or a
// name is shared (the caller offers the choice), none when nothing
// matches. A postal code wins over a name that does not fit it.
func (g *Gazetteer) Resolve(text string) (Query, []*Commune) {
	q := Parse(text)
	return q, g.ResolveQuery(q)
}

// ResolveQuery is Resolve on a parsed query.
func (g *Gazetteer) ResolveQuery(q Query) []*Commune {
	switch {
	case q.INSEE != "":
		if c, ok := g.ByINSEE(q.INSEE); ok {
			return []*Commune{c}
		}
		return nil
	case q.Postal != "":
		cs := g.ByPostal(q.Postal)
		if len(cs) == 0 {
			if c, ok := g.ByINSEE(q.Postal); ok {
				return []*Commune{c}
			}
			return nil
		}
		if q.Name == "" {
			return head(cs, len(cs))
		}
		var named []*Commune
		for _, c := range cs {
			if g.named(c, q.Name, false) {
				named = append(named, c)
			}
		}
		if len(named) == 0 {
			for _, c := range cs {
				if g.named(c, q.Name, true) {
					named = append(named, c)
				}
			}
		}
		if len(named) == 0 {
			return head(cs, len(cs))
		}
		return named
	case q.Name == "":
		return nil
	case q.Number > 0:
		var out []*Commune
		for _, c := range g.byName[q.Name] {
			for _, a := range g.arrs[c.INSEE] {
				if a.Number == q.Number {
					out = append(out, a)
				}
			}
		}
		if len(out) > 0 {
			return out
		}
		// "Lyon 75"? Not an arrondissement: read the whole as a name.
		return g.ResolveQuery(Query{Name: q.Name + " " + strconv.Itoa(q.Number)})
	}
	if cs := g.byName[q.Name]; len(cs) > 0 {
		return head(cs, len(cs))
	}
	return g.Suggest(q.Name, 8)
}

// named says whether c, or the commune of an arrondissement, is called
// name (or, with prefix, starts with it).
func (g *Gazetteer) named(c *Commune, name string, prefix bool) bool {
	for ; c != nil; c = c.ParentCommune() {
		if c.folded == name || prefix && strings.HasPrefix(c.folded, name) {
			return true
		}
		if c.Kind != KindArrondissement {
			break
		}
	}
	return false
}
