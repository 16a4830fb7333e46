package cli

import (
	"context"
	"math/rand/v2"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// scaleBigTitles are the titles of the events with the most participants.
var scaleBigTitles = []string{
	"Grande marche pour le climat", "Manifestation nationale pour les retraites", "Marche des fiertés solidaire",
}

// writeEvents writes the series rows, then every event in order of start
// with its organisers, cancellation and participations.
func (g *scaleGen) writeEvents(r *rand.Rand) error {
	specs := g.plan(r)
	err := g.batch(len(g.series), 5000, func(q *store.Q, i int) error {
		return q.CreateSeries(g.ctx, &g.series[i].s)
	})
	if err != nil {
		return err
	}
	g.stats.Series = len(g.series)
	return g.pipeline(len(specs), 5000, func(w *scaleBatch, i int) error {
		return g.writeEvent(w, r, &specs[i])
	})
}

// scaleBatch collects the writes of a batch of events, made by the
// generator on one goroutine and run in one transaction on another, so
// that drawing the next batch overlaps writing this one.
type scaleBatch struct{ ops []func(q *store.Q) error }

func (b *scaleBatch) do(op func(q *store.Q) error) { b.ops = append(b.ops, op) }

// pipeline draws items [0, n) with fill, size per batch, and writes each
// batch in a transaction while the next is drawn. Drawing stays on one
// goroutine, in order, so the instance is the same for the same seed.
func (g *scaleGen) pipeline(n, size int, fill func(w *scaleBatch, i int) error) error {
	ctx, cancel := context.WithCancel(g.ctx)
	defer cancel()
	batches := make(chan *scaleBatch, 1)
	drawn := make(chan error, 1)
	go func() {
		defer close(batches)
		began, step := time.Now(), max(1, n/10)
		for lo := 0; lo < n; lo += size {
			b := &scaleBatch{}
			for i := lo; i < min(n, lo+size); i++ {
				if i > 0 && i%step == 0 {
					g.progress("  %d events, %d participations (%.0f events/s)\n", i, g.stats.Participations, float64(i)/time.Since(began).Seconds())
				}
				if err := fill(b, i); err != nil {
					drawn <- err
					return
				}
			}
			select {
			case batches <- b:
			case <-ctx.Done():
				drawn <- ctx.Err()
				return
			}
		}
		drawn <- nil
	}()
	for b := range batches {
		err := g.db.InTx(ctx, func(q *store.Q) error {
			for _, op := range b.ops {
				if err := op(q); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			cancel()
			for range batches { // let the generator stop
			}
			return err
		}
	}
	return <-drawn
}

// writeEvent writes one planned event.
func (g *scaleGen) writeEvent(w *scaleBatch, r *rand.Rand, sp *scaleSpec) error {
	start := time.UnixMilli(sp.start).UTC()
	inGroup := sp.group >= 0
	var c scaleContent
	if sp.series >= 0 {
		c = g.series[sp.series].content
	} else {
		c = g.content(r, inGroup)
	}
	if sp.big {
		pl := g.places.big[int(sp.group)%len(g.places.big)]
		c.Title, c.Category = scaleBigTitles[int(sp.group)%len(scaleBigTitles)], "demonstration"
		c.Place, c.Physical, c.Online, c.HidePlace = pl, true, false, false
		c.Visibility, c.JoinMode, c.Capacity, c.Hours = cortege.VisibilityPublic, cortege.JoinFree, 0, 4
		c.Address = "place de la République, " + pl.Postal + " " + pl.Name
	}
	created := start.Add(-time.Duration(1+r.IntN(60)) * 24 * time.Hour)
	if sp.series >= 0 {
		created = laterOf(g.series[sp.series].s.CreatedAt, start.Add(-cortege.SeriesHorizon))
	}
	if created.After(g.now) {
		created = g.now.Add(-time.Duration(r.IntN(72)) * time.Hour)
	}
	id := sp.id
	if id == "" {
		id = scaleID(created, r)
	}
	e := &cortege.Event{ID: id, Title: c.Title, Description: c.Description, Start: start,
		End: start.Add(time.Duration(c.Hours) * time.Hour), TZ: g.loc.String(), Category: c.Category, Tags: c.Tags,
		Status: cortege.EventConfirmed, Published: true, Visibility: c.Visibility, JoinMode: c.JoinMode,
		Capacity: c.Capacity, ParticipantsVisible: c.ParticipantsSeen, Confirmed: true, Lang: "fr",
		CreatedAt: created, UpdatedAt: created}
	if c.Physical {
		e.PlaceArea, e.Place, e.HasCoords, e.HidePlace = c.Place.Name, c.Address, true, c.HidePlace
		e.Lat, e.Lon = c.Place.Lat+(r.Float64()-0.5)*0.02, c.Place.Lon+(r.Float64()-0.5)*0.02
	}
	if c.Online {
		e.OnlineURL = "https://visio.example.org/" + itoa36(int(r.Uint32()))
	}
	if sp.series >= 0 {
		e.SeriesID, e.Occurrence = g.series[sp.series].s.ID, int(sp.occ)
	}
	manageHash := ""
	grp := scaleGroup{}
	if inGroup {
		grp = g.groups[sp.group]
		e.CreatedBy = g.pids[grp.members[r.IntN(min(3, len(grp.members)))]]
	} else if r.Float64() < scaleAnonShare {
		e.AnonEmailHash = cortege.HashToken(scaleEmail(g.people + g.anons))
		g.anons++
		manageHash = g.scaleSecret()
		e.Confirmed = r.Float64() > 0.05
	} else {
		e.CreatedBy = g.pids[r.IntN(g.people)]
	}
	past := !e.End.After(g.now)
	if !sp.big {
		switch x := r.Float64(); {
		case x < 0.03:
			e.Status, e.CancelledAt = cortege.EventCancelled, earlierOf(start, g.now).Add(-time.Duration(1+r.IntN(96))*time.Hour)
			e.CancelledAt = laterOf(e.CancelledAt, created)
			e.UpdatedAt = e.CancelledAt
		case x < 0.07:
			e.Status = cortege.EventTentative
		}
		if e.CreatedBy != "" && sp.series < 0 && r.Float64() < 0.03 {
			e.Published = false
		}
		e.HideCount = r.Float64() < 0.03
		e.CommentsClosed = r.Float64() < 0.02
		if past && e.Status != cortege.EventCancelled && r.Float64() < 0.1 {
			e.Report, e.ReportAt = "Compte-rendu : "+g.description(r, c.Place.Name), e.End.Add(24*time.Hour)
		}
	}
	if err := e.Validate(); err != nil {
		return err
	}
	w.do(func(q *store.Q) error { return q.CreateEvent(g.ctx, e, manageHash) })
	g.stats.Events++
	if e.Cancelled() {
		g.stats.Cancelled++
		if r.IntN(2) == 0 {
			g.stats.Reasons++
			w.do(func(q *store.Q) error {
				return q.SetCancelReason(g.ctx, e.ID, "Annulé : la préfecture n'a pas autorisé le parcours.", e.CancelledAt)
			})
		}
	}
	if inGroup {
		orgs := []string{grp.id}
		if r.Float64() < 0.02 {
			if other := g.groups[g.groupZipf.pick(r)].id; other != grp.id {
				orgs = append(orgs, other)
			}
		}
		for _, gid := range orgs {
			o := &cortege.EventOrganiser{EventID: e.ID, GroupID: gid, Status: cortege.OrganiserAccepted, InvitedBy: e.CreatedBy, CreatedAt: created}
			w.do(func(q *store.Q) error { return q.AddEventOrganizer(g.ctx, o) })
			g.stats.Organisers++
		}
	}
	return g.writeParticipations(w, r, e, sp, grp, past)
}

// writeParticipations registers a long-tailed number of people: profiles
// (distinct, walked by stride) and, past the profiles available or for
// about one in seven, anonymous participants with a name and an address.
func (g *scaleGen) writeParticipations(w *scaleBatch, r *rand.Rand, e *cortege.Event, sp *scaleSpec, grp scaleGroup, past bool) error {
	if !e.Published || !e.Confirmed {
		return nil
	}
	n := lomax(r, 1.6, 1.2, 3000)
	if sp.big {
		n = min(scaleBigSize, max(50, g.opt.N/2))
	}
	private := e.Visibility == cortege.VisibilityPrivate
	if private {
		n = min(n, len(grp.members))
	}
	dashboard := !past && e.Visibility == cortege.VisibilityPublic && r.Float64() < scaleDashboardRate
	seats, start := 0, r.IntN(g.people)
	from := e.CreatedAt
	to := earlierOf(e.Start, g.now)
	for j := 0; j < n || dashboard; j++ {
		who := -1
		switch {
		case j >= n: // the dashboard's person, last
			who = 0
		case private:
			who = grp.members[j]
		case j < g.people-1 && (sp.big || r.IntN(7) > 0):
			who = g.stride(start, j)
		}
		if who == 0 {
			dashboard = false // registered once
		}
		at := from
		if to.After(from) {
			at = from.Add(time.Duration(r.Int64N(int64(to.Sub(from)))))
		}
		p := &cortege.Participation{ID: scaleID(at, r), EventID: e.ID, Status: cortege.PartApproved,
			Position: j + 1, TicketShort: ticketShort(r), Lang: "fr", CreatedAt: at, UpdatedAt: at}
		if who >= 0 {
			p.ProfileID = g.pids[who]
		} else {
			g.anons++
			first, last := personName(g.anons)
			p.Name, p.Email = first+" "+last[:1]+".", scaleEmail(g.people+g.anons)
		}
		switch x := r.Float64(); {
		case x < 0.1 && past:
			p.Status = cortege.PartCancelled
		case e.JoinMode == cortege.JoinApproval && x < 0.3:
			p.Status = cortege.PartPending
		case e.JoinMode == cortege.JoinApproval && x < 0.35:
			p.Status = cortege.PartRefused
		case e.JoinMode == cortege.JoinInvitation && x < 0.2:
			p.Status = cortege.PartInvited
		case p.ProfileID == "" && x < 0.03 && !past:
			p.Status = cortege.PartUnconfirmed
		}
		if p.Status == cortege.PartApproved && e.Capacity > 0 && seats >= e.Capacity {
			p.Status = cortege.PartWaitlisted
		}
		if cortege.HoldsSeat(p.Status) {
			seats++
		}
		s := g.scaleSecret()
		w.do(func(q *store.Q) error {
			return q.CreateParticipation(g.ctx, p, store.ParticipationSecrets{ConfirmHash: s, CancelHash: s, TicketHash: s})
		})
		g.stats.Participations++
	}
	switch {
	case sp.big && g.facts.BigEventID == "":
		g.facts.BigEventID = e.ID
	case !past && !sp.big && e.Visibility == cortege.VisibilityPublic && e.Status == cortege.EventConfirmed && e.JoinMode == cortege.JoinFree &&
		e.Start.After(g.now.Add(72*time.Hour)) && n > g.bestN && n <= 40:
		g.facts.EventID, g.bestN = e.ID, n
	}
	return nil
}
