package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/config"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
)

// scaleOptions say what `cortege demo --scale N` makes.
type scaleOptions struct {
	N    int    // events
	Seed uint64 // the same seed (and day) makes the same instance
	// Now is the instant the instance is made at (default: today 00:00
	// UTC, so that two runs the same day make the same rows).
	Now      time.Time
	Progress io.Writer // nil: silent
}

// scaleFacts are real values of a generated instance that benches and
// tests query with; they are kept in the instance settings.
type scaleFacts struct {
	Events         int    `json:"events"`
	Commune        string `json:"commune"`      // a commune with events, for ?near=
	GroupHandle    string `json:"group_handle"` // the most active group
	Tag            string `json:"tag"`
	CommonWord     string `json:"common_word"`
	RareWord       string `json:"rare_word"`
	EventID        string `json:"event_id"`     // an upcoming public event with a few participants
	BigEventID     string `json:"big_event_id"` // one with the most participants
	DashboardEmail string `json:"dashboard_email"`
	FirstDay       string `json:"first_day"` // a date with events, for ?from=&to=
}

// scaleFactsKey is the instance setting holding the facts (JSON).
const scaleFactsKey = "demo_scale_facts"

// scaleStats counts the rows written.
type scaleStats struct {
	Accounts, Groups, Memberships, Series, Events, Organisers, Participations, Cancelled, Reasons int
	Took                                                                                          time.Duration
}

// Rows is every row written (an account's profile and every handle
// included), for rows per second.
func (s scaleStats) Rows() int {
	return s.Accounts*3 + s.Groups*2 + s.Memberships + s.Series + s.Events + s.Organisers + s.Participations + s.Reasons
}

// scaleGen carries one generation.
type scaleGen struct {
	ctx    context.Context
	db     *store.DB
	opt    scaleOptions
	now    time.Time
	loc    *time.Location
	places *scalePlaces

	wordZipf, tagZipf, actionZipf, groupZipf *zipfPick

	people  int
	pids    []string // profile ID of each person
	groups  []scaleGroup
	series  []scaleSeries
	nonce   string
	secrets uint64
	anons   int
	stats   scaleStats
	facts   scaleFacts
	bestN   int // participants of facts.EventID
}

// scaleGroup is what events need of a generated group.
type scaleGroup struct {
	id, handle string
	admin      int   // the profile index of its administrator
	members    []int // active members, administrator first
}

// generateScale fills db with opt.N events and everything around them,
// written through the store in large transactions.
func generateScale(ctx context.Context, db *store.DB, opt scaleOptions) (scaleStats, scaleFacts, error) {
	began := time.Now()
	if opt.Now.IsZero() {
		opt.Now = time.Now().UTC().Truncate(24 * time.Hour)
	}
	loc, err := cortege.LoadLocation(service.DefaultTZ)
	if err != nil {
		return scaleStats{}, scaleFacts{}, err
	}
	sp, err := newScalePlaces()
	if err != nil {
		return scaleStats{}, scaleFacts{}, err
	}
	r := rand.New(rand.NewPCG(opt.Seed, 0x636f7274656765))
	g := &scaleGen{ctx: ctx, db: db, opt: opt, now: opt.Now, loc: loc, places: sp,
		wordZipf: newZipf(len(scaleVocabulary)), tagZipf: newZipf(len(scaleTags)), actionZipf: newZipf(len(scaleActions)),
		people: max(60, min(opt.N/8, 200000)), nonce: fmt.Sprintf("%016x", r.Uint64())}
	if g.people%7919 == 0 {
		g.people++
	}
	g.groupZipf = newZipf(max(4, opt.N/50))
	steps := []struct {
		what string
		fn   func(*rand.Rand) error
	}{{"people", g.writePeople}, {"groups", g.writeGroups}, {"events", g.writeEvents}}
	for _, s := range steps {
		t := time.Now()
		if err := s.fn(r); err != nil {
			return g.stats, g.facts, fmt.Errorf("%s: %w", s.what, err)
		}
		g.progress("%s written in %s\n", s.what, time.Since(t).Round(time.Millisecond))
	}
	g.facts.Events = g.stats.Events
	g.facts.Tag, g.facts.CommonWord, g.facts.RareWord = scaleTags[0], scaleVocabulary[0], scaleRareWords[0]
	g.facts.GroupHandle = g.groups[0].handle
	g.facts.DashboardEmail = scaleEmail(0)
	g.facts.FirstDay = g.now.AddDate(0, 0, 7).Format("2006-01-02")
	g.facts.Commune = sp.big[min(1, len(sp.big)-1)].Name // a big town, not the biggest
	b, _ := json.Marshal(g.facts)
	if err := db.Q().PutSetting(ctx, scaleFactsKey, string(b)); err != nil {
		return g.stats, g.facts, err
	}
	g.stats.Took = time.Since(began)
	return g.stats, g.facts, nil
}

func (g *scaleGen) progress(format string, args ...any) {
	if g.opt.Progress != nil {
		fmt.Fprintf(g.opt.Progress, format, args...)
	}
}

// scaleEmail is the address of generated person i (RFC 2606: no mail can
// reach it).
func scaleEmail(i int) string { return fmt.Sprintf("scale%d@%s", i, demoDomain) }

// batch runs fn for items [0, n) in transactions of size items.
func (g *scaleGen) batch(n, size int, fn func(q *store.Q, i int) error) error {
	for lo := 0; lo < n; lo += size {
		err := g.db.InTx(g.ctx, func(q *store.Q) error {
			for i := lo; i < min(n, lo+size); i++ {
				if err := fn(q, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writePeople makes the accounts, each with one profile whose public name
// is chosen; person 0 is an administrator (the dashboard's person).
func (g *scaleGen) writePeople(r *rand.Rand) error {
	g.pids = make([]string, g.people)
	return g.batch(g.people, 20000, func(q *store.Q, i int) error {
		created := g.now.Add(-time.Duration(r.Float64()*4*365*24) * time.Hour)
		first, last := personName(i)
		acc := &cortege.Account{ID: scaleID(created, r), Email: scaleEmail(i), Role: cortege.RoleUser,
			Status: cortege.AccountActive, Lang: "fr", Identity: cortege.IdentityChosen, CreatedAt: created}
		if i == 0 {
			acc.Role = cortege.RoleAdmin
		}
		if err := q.CreateAccount(g.ctx, acc); err != nil {
			return err
		}
		p := &cortege.Profile{ID: scaleID(created, r), AccountID: acc.ID, Handle: handleOf(itoa36(i), first, last),
			DisplayName: first + " " + last, CreatedAt: created}
		if err := q.CreateProfile(g.ctx, p); err != nil {
			return err
		}
		acc.DefaultProfileID = p.ID
		g.pids[i] = p.ID
		g.stats.Accounts++
		return q.UpdateAccount(g.ctx, acc)
	})
}

// profileID is the profile ID of person i.
func (g *scaleGen) profileID(_ *store.Q, i int) (string, error) { return g.pids[i], nil }

// stride walks distinct people from a random start: j-th → (start + j *
// 7919) mod people (7919 is prime and people is not its multiple).
func (g *scaleGen) stride(start, j int) int { return (start + j*7919) % g.people }

// writeGroups makes the groups with their members (a long tail: a few
// groups of thousands), and the series rows.
func (g *scaleGen) writeGroups(r *rand.Rand) error {
	n := len(g.groupZipf.cum)
	g.groups = make([]scaleGroup, n)
	err := g.batch(n, 5000, func(q *store.Q, i int) error {
		admin := g.stride(i*31+1, 0)
		if i < 20 {
			admin = 0 // the dashboard's person runs the busiest groups
		}
		pl := g.places.pick(r)
		theme := scaleGroupThemes[r.IntN(len(scaleGroupThemes))]
		kind := scaleGroupKinds[r.IntN(len(scaleGroupKinds))]
		created := g.now.Add(-time.Duration((1+r.Float64()*4)*365*24) * time.Hour)
		adminID, err := g.profileID(q, admin)
		if err != nil {
			return err
		}
		grp := &cortege.Group{ID: scaleID(created, r), Handle: handleOf("g"+itoa36(i), theme, pl.Name),
			Name: kind + " " + theme + " " + pl.Name, Kind: cortege.GroupLocal, Address: pl.Postal + " " + pl.Name,
			HasCoords: true, Lat: pl.Lat, Lon: pl.Lon, Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen,
			PublicMembers: r.IntN(2) == 0, Approved: true, CreatedBy: adminID, CreatedAt: created, UpdatedAt: created}
		grp.Description = g.description(r, pl.Name)
		grp.Tags = []string{scaleTags[g.tagZipf.pick(r)]}
		if r.Float64() < 0.15 {
			grp.Kind = cortege.GroupThematic
		}
		switch x := r.Float64(); {
		case x < 0.05:
			grp.Visibility = cortege.VisibilityUnlisted
		case x < 0.10:
			grp.Visibility, grp.JoinMode = cortege.VisibilityPrivate, cortege.JoinInvitation
		case x < 0.35:
			grp.JoinMode = cortege.JoinApproval
		}
		if i < scaleBigEvents+1 { // the busiest groups are public
			grp.Visibility, grp.JoinMode = cortege.VisibilityPublic, cortege.JoinOpen
		}
		if err := grp.Validate(); err != nil {
			return fmt.Errorf("group %s: %w", grp.Handle, err)
		}
		if err := q.CreateGroup(g.ctx, grp, service.GroupSearchText(grp)); err != nil {
			return err
		}
		g.stats.Groups++
		sg := scaleGroup{id: grp.ID, handle: grp.Handle, admin: admin, members: []int{admin}}
		size := lomax(r, 1.3, 6, g.people-1)
		if i < 5 {
			size = min(g.people-1, 2000+r.IntN(3000))
		}
		start := r.IntN(g.people)
		for j := 0; j <= size; j++ {
			who := admin
			role := cortege.GroupAdmin
			if j > 0 {
				who = g.stride(start, j)
				if who == admin {
					continue
				}
				role = cortege.GroupMember
				switch x := r.Float64(); {
				case j < 3:
					role = cortege.GroupModerator
				case x < 0.2:
					role = cortege.GroupFollower
				}
			}
			pid, err := g.profileID(q, who)
			if err != nil {
				return err
			}
			at := created.Add(time.Duration(r.Float64()*float64(g.now.Sub(created))) * 1)
			if j == 0 {
				at = created
			}
			if err := q.PutMembership(g.ctx, &cortege.Membership{GroupID: grp.ID, ProfileID: pid, Role: role,
				Status: cortege.MemberActive, CreatedAt: at, UpdatedAt: at}); err != nil {
				return err
			}
			g.stats.Memberships++
			if role != cortege.GroupFollower && j > 0 {
				sg.members = append(sg.members, who)
			}
		}
		g.groups[i] = sg
		return nil
	})
	if err != nil {
		return err
	}
	return nil
}

// describe summarises a run for people.
func (s scaleStats) describe(w io.Writer, f scaleFacts) {
	secs := s.Took.Seconds()
	fmt.Fprintf(w, "Scale instance ready in %s: %d events (%d series, %d cancelled), %d groups (%d memberships), %d accounts, %d organiser rows, %d participations.\n",
		s.Took.Round(time.Millisecond), s.Events, s.Series, s.Cancelled, s.Groups, s.Memberships, s.Accounts, s.Organisers, s.Participations)
	fmt.Fprintf(w, "  %d rows, %.0f rows/s, %.0f events/s\n", s.Rows(), float64(s.Rows())/secs, float64(s.Events)/secs)
	fmt.Fprintf(w, "  try: /@%s, /events?q=%s, /events?near=%s, /events/%s (%s is the administrator)\n",
		f.GroupHandle, f.RareWord, strings.ReplaceAll(f.Commune, " ", "+"), f.EventID, f.DashboardEmail)
}

// generateScaleBulk opens cfg's database as a bulk load
// (store.Config.BulkLoad), generates the instance and closes it, which
// makes it durable.
func generateScaleBulk(ctx context.Context, cfg config.Config, opt scaleOptions) (scaleStats, scaleFacts, error) {
	db, err := openStoreWith(ctx, cfg, store.Config{BulkLoad: true})
	if err != nil {
		return scaleStats{}, scaleFacts{}, err
	}
	st, facts, err := generateScale(ctx, db, opt)
	t := time.Now()
	if e := db.Close(); e != nil && err == nil {
		err = e
	}
	st.Took += time.Since(t)
	return st, facts, err
}
