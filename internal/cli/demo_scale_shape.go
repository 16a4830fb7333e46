package cli

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/places"
)

// The shapes of a scale instance of N events, as fractions of N. They aim
// at a national instance a few years old: most events are past, a quarter
// upcoming, most organised by groups (a few very active), a tenth
// recurring, participations with a long tail.
const (
	scaleSeriesShare   = 0.12 // of the events, occurrences of weekly or monthly series
	scaleFutureShare   = 0.28 // of the single events, upcoming (within a year)
	scaleGroupShare    = 0.75 // of the single events, organised by a group
	scaleAnonShare     = 0.05 // of the single events without a group, created without an account
	scaleBigEvents     = 3    // events with scaleBigSize participants
	scaleBigSize       = 50000
	scalePastYears     = 3
	scaleDashboardRate = 0.002 // of the upcoming listed events, joined by the dashboard's person
)

// scalePlace is a commune events and groups are placed in.
type scalePlace struct {
	Name, Postal string
	Lat, Lon     float64
	Pop          int
}

// scalePlaces are the communes of the gazetteer with a centre, weighted by
// population.
type scalePlaces struct {
	list []scalePlace
	cum  []float64
	big  []scalePlace // the most populous first
}

func newScalePlaces() (*scalePlaces, error) {
	g, err := places.Default()
	if err != nil {
		return nil, err
	}
	sp := &scalePlaces{}
	total := 0.0
	for _, c := range g.Communes() {
		if c.Kind != places.KindCommune || !c.HasCentre || c.Population <= 0 || len(c.PostalCodes) == 0 {
			continue
		}
		total += float64(c.Population)
		sp.list = append(sp.list, scalePlace{Name: c.Name, Postal: c.PostalCodes[0], Lat: c.Lat, Lon: c.Lon, Pop: c.Population})
		sp.cum = append(sp.cum, total)
	}
	if len(sp.list) == 0 {
		return nil, fmt.Errorf("the gazetteer has no commune")
	}
	sp.big = append([]scalePlace(nil), sp.list...)
	sort.SliceStable(sp.big, func(i, j int) bool { return sp.big[i].Pop > sp.big[j].Pop })
	return sp, nil
}

// pick returns a commune, likelier the bigger.
func (sp *scalePlaces) pick(r *rand.Rand) scalePlace {
	x := r.Float64() * sp.cum[len(sp.cum)-1]
	return sp.list[sort.SearchFloat64s(sp.cum, x)]
}

// lomax draws a long-tailed count: mostly small, a few large (Pareto II of
// shape a and scale s), capped.
func lomax(r *rand.Rand, a, s float64, capN int) int {
	u := 1 - r.Float64()
	n := int(s * (math.Pow(u, -1/a) - 1))
	return min(n, capN)
}

// zipfPick draws an index in [0, n) with weight 1/(i+1)^1.1: the first
// items are common, the last rare.
type zipfPick struct{ cum []float64 }

func newZipf(n int) *zipfPick {
	z := &zipfPick{cum: make([]float64, n)}
	t := 0.0
	for i := range n {
		t += math.Pow(float64(i+1), -1.1)
		z.cum[i] = t
	}
	return z
}

func (z *zipfPick) pick(r *rand.Rand) int {
	return sort.SearchFloat64s(z.cum, r.Float64()*z.cum[len(z.cum)-1])
}

// slug folds s into handle characters: "Le Gall" → "le_gall".
func slug(s string) string {
	return strings.ReplaceAll(cortege.NormalizeSearch(s), " ", "_")
}

// handleOf makes a unique handle of at most 30 characters from a prefix
// that is unique (an index) and words.
func handleOf(unique string, words ...string) string {
	h := unique
	for _, w := range words {
		h += "_" + slug(w)
	}
	if len(h) > cortege.MaxHandleLen {
		h = h[:cortege.MaxHandleLen]
	}
	return strings.TrimRight(h, "_")
}

// scaleContent is what an event says: the same for every occurrence of a
// series (copied from its template, as the service does).
type scaleContent struct {
	Title, Description string
	Category           string
	Tags               []string
	Place              scalePlace
	Physical, Online   bool
	Address            string
	Hours              int // length in hours
	Hour               int // local start hour
	Visibility         string
	JoinMode           string
	Capacity           int
	HidePlace          bool
	ParticipantsSeen   bool
}

// content draws an event's content. Private and invitation-only events
// need a group (their members are the audience).
func (g *scaleGen) content(r *rand.Rand, inGroup bool) scaleContent {
	c := scaleContent{Place: g.places.pick(r), Hours: 2, Hour: 18 + r.IntN(3)}
	action := scaleActions[g.actionZipf.pick(r)]
	c.Title = action + " " + scaleTopics[r.IntN(len(scaleTopics))]
	switch x := r.Float64(); {
	case x < 0.12:
		c.Online = true
	case x < 0.20:
		c.Online, c.Physical = true, true
	default:
		c.Physical = true
	}
	if c.Physical && r.IntN(2) == 0 {
		c.Title += " à " + c.Place.Name
	}
	if len(c.Title) > cortege.MaxEventTitleLen {
		c.Title = c.Title[:cortege.MaxEventTitleLen]
	}
	c.Description = g.description(r, c.Place.Name)
	c.Category = scaleCategory(action, c)
	for range r.IntN(4) {
		c.Tags = append(c.Tags, scaleTags[g.tagZipf.pick(r)])
	}
	c.Address = fmt.Sprintf("%d %s, %s %s", 1+r.IntN(120), scaleStreets[r.IntN(len(scaleStreets))], c.Place.Postal, c.Place.Name)
	switch strings.SplitN(action, " ", 2)[0] {
	case "Marche", "Manifestation", "Vélorution", "Journée":
		c.Hour, c.Hours = 10+r.IntN(5), 2+r.IntN(3)
	case "Formation", "Forum":
		c.Hour, c.Hours = 9+r.IntN(2), 3+r.IntN(5)
	}
	c.Visibility, c.JoinMode = cortege.VisibilityPublic, cortege.JoinFree
	switch x := r.Float64(); {
	case x < 0.05:
		c.Visibility = cortege.VisibilityUnlisted
	case x < 0.10 && inGroup:
		c.Visibility = cortege.VisibilityPrivate
	}
	switch x := r.Float64(); {
	case x < 0.04 && inGroup:
		c.JoinMode = cortege.JoinInvitation
	case x < 0.16:
		c.JoinMode = cortege.JoinApproval
	}
	if r.Float64() < 0.08 {
		c.Capacity = 20 + r.IntN(180)
	}
	c.HidePlace = c.Physical && r.Float64() < 0.03
	c.ParticipantsSeen = r.Float64() < 0.2
	return c
}

// description writes two to five sentences of Zipf-drawn words; about one
// event in ten thousand gets a rare word.
func (g *scaleGen) description(r *rand.Rand, town string) string {
	var b strings.Builder
	for i := range 2 + r.IntN(4) {
		if i > 0 {
			b.WriteByte(' ')
		}
		s := scaleSentences[r.IntN(len(scaleSentences))]
		w := make([]any, strings.Count(s, "%s"))
		for j := range w {
			w[j] = scaleVocabulary[g.wordZipf.pick(r)]
		}
		fmt.Fprintf(&b, s, w...)
	}
	if r.Float64() < 1e-4*float64(len(scaleRareWords)) {
		fmt.Fprintf(&b, " Nous passerons par la %s de %s.", scaleRareWords[r.IntN(len(scaleRareWords))], town)
	}
	return b.String()
}

// scaleCategory is the category an action suggests.
func scaleCategory(action string, c scaleContent) string {
	switch {
	case c.Online && !c.Physical:
		return "online"
	case strings.HasPrefix(action, "Marche"), strings.HasPrefix(action, "Manifestation"), strings.HasPrefix(action, "Rassemblement"), strings.HasPrefix(action, "Vélorution"):
		return "demonstration"
	case strings.HasPrefix(action, "Réunion"), strings.HasPrefix(action, "Permanence"):
		return "meeting"
	case strings.HasPrefix(action, "Assemblée"):
		return "assembly"
	case strings.HasPrefix(action, "Atelier"), strings.HasPrefix(action, "Formation"):
		return "training"
	case strings.HasPrefix(action, "Porte-à-porte"), strings.HasPrefix(action, "Tractage"):
		return "canvassing"
	case strings.HasPrefix(action, "Projection"):
		return "screening"
	case strings.HasPrefix(action, "Conférence"), strings.HasPrefix(action, "Table ronde"), strings.HasPrefix(action, "Forum"):
		return "conference"
	case strings.HasPrefix(action, "Repas"), strings.HasPrefix(action, "Pique-nique"), strings.HasPrefix(action, "Concert"):
		return "festive"
	case strings.HasPrefix(action, "Occupation"), strings.HasPrefix(action, "Chaîne"), strings.HasPrefix(action, "Journée"):
		return "action"
	}
	return "other"
}

// scaleSpec is one event to write, planned before any is written so that
// they can be written in order of start (the indexes then grow at their
// end) and series rows exist before their occurrences.
type scaleSpec struct {
	start  int64 // UTC milliseconds
	series int32 // index in g.series, -1 for a single event
	occ    int32
	group  int32 // organising group, -1 for none
	big    bool
	id     string // set in advance for a series' template
}

// scaleSeries is a planned series with its template content.
type scaleSeries struct {
	s       cortege.Series
	group   int
	content scaleContent
}

// plan draws the series and the single events' dates, sorted by start.
func (g *scaleGen) plan(r *rand.Rand) []scaleSpec {
	n := g.opt.N
	now := g.now
	specs := make([]scaleSpec, 0, n)
	horizon := now.Add(cortege.SeriesHorizon)
	budget := int(float64(n) * scaleSeriesShare)
	bigs := min(scaleBigEvents, max(0, n-budget-1))
	for len(specs) < budget {
		grp := g.groupZipf.pick(r)
		c := g.content(r, true)
		first := g.localDay(now.AddDate(0, 0, -r.IntN(2*365)+30), c.Hour)
		ser := cortege.Series{Freq: cortege.FreqWeekly, Interval: 1, TZ: g.loc.String(), FirstStart: first,
			Duration: time.Duration(c.Hours) * time.Hour, CreatedAt: first.AddDate(0, 0, -7)}
		switch x := r.Float64(); {
		case x < 0.2:
			ser.Freq = cortege.FreqMonthlyWeekday
		case x < 0.3:
			ser.Freq = cortege.FreqMonthlyDate
		case x < 0.4:
			ser.Interval = 2
		}
		if r.Float64() < 0.3 {
			ser.Until = first.AddDate(0, 3+r.IntN(9), 0)
		}
		if ser.Validate() != nil {
			continue
		}
		to := horizon
		if !ser.Until.IsZero() && ser.Until.Before(to) {
			to = ser.Until
		}
		occs := ser.Occurrences(first, to, budget-len(specs))
		if len(occs) == 0 {
			continue
		}
		ser.ID = scaleID(ser.CreatedAt, r)
		ser.GeneratedUntil = horizon
		idx := int32(len(g.series))
		tmpl := scaleID(ser.CreatedAt, r)
		ser.TemplateID = tmpl
		g.series = append(g.series, scaleSeries{s: ser, group: grp, content: c})
		for _, o := range occs {
			sp := scaleSpec{start: o.Start.UnixMilli(), series: idx, occ: int32(o.Index), group: int32(grp)}
			if o.Index == 0 {
				sp.id = tmpl
			}
			specs = append(specs, sp)
		}
	}
	for i := range bigs {
		specs = append(specs, scaleSpec{start: g.localDay(now.AddDate(0, 0, 10+20*i), 14).UnixMilli(), series: -1, group: int32(i), big: true})
	}
	for len(specs) < n {
		sp := scaleSpec{series: -1, group: -1}
		var day time.Time
		if r.Float64() < scaleFutureShare {
			day = now.Add(time.Duration(min(365, r.ExpFloat64()*90)*24) * time.Hour)
		} else {
			day = now.Add(-time.Duration(r.Float64()*scalePastYears*365*24) * time.Hour)
		}
		sp.start = g.localDay(day, 18).Add(time.Duration(r.IntN(5)-3) * time.Hour).UnixMilli()
		if r.Float64() < scaleGroupShare {
			sp.group = int32(g.groupZipf.pick(r))
		}
		specs = append(specs, sp)
	}
	sort.SliceStable(specs, func(i, j int) bool { return specs[i].start < specs[j].start })
	return specs
}

// localDay is h:00 in Paris on t's day.
func (g *scaleGen) localDay(t time.Time, h int) time.Time {
	y, m, d := t.In(g.loc).Date()
	return time.Date(y, m, d, h, 0, 0, 0, g.loc)
}

// scaleSecret returns a unique stand-in for a stored secret's hash (the
// hash of a token nobody holds: no link opens it), sorted by creation so
// the unique indexes grow at their end.
func (g *scaleGen) scaleSecret() string {
	g.secrets++
	return g.nonce + fmt.Sprintf("%048x", g.secrets)
}

// ticketShort is the four characters shown in participant lists.
func ticketShort(r *rand.Rand) string {
	const a = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
	b := make([]byte, 4)
	for i := range b {
		b[i] = a[r.IntN(len(a))]
	}
	return string(b)
}

// personName is the display name of generated person i.
func personName(i int) (first, last string) {
	return scaleFirstNames[i%len(scaleFirstNames)], scaleLastNames[(i/len(scaleFirstNames)+i*7)%len(scaleLastNames)]
}

func itoa36(i int) string { return strconv.FormatInt(int64(i), 36) }

// scaleID is a ULID-shaped ID at t whose random part comes from r.
func scaleID(t time.Time, r *rand.Rand) string { return cortege.NewIDFrom(t, r.Uint64(), r.Uint64()) }

func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlierOf(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
