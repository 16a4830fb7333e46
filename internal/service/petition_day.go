package service

import (
	"context"
	"sync"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// petitionDayZone is the zone whose calendar days the counter by day uses.
const petitionDayZone = DefaultTZ

// PetitionDay is one calendar day (in Europe/Paris) of a petition's
// counter: the confirmed signatures gained online and on paper that day,
// and those that left the count that day (withdrawn or invalidated).
type PetitionDay struct {
	Day         time.Time // midnight, in Europe/Paris
	AddedOnline int
	AddedPaper  int
	Removed     int
}

// Net is the day's change of the count.
func (d PetitionDay) Net() int { return d.AddedOnline + d.AddedPaper - d.Removed }

// dayZone is petitionDayZone loaded once (UTC should the system lack
// its zone data): the signing path asks for it with every signature.
var dayZone = sync.OnceValue(func() *time.Location {
	loc, err := cortege.LoadLocation(petitionDayZone)
	if err != nil {
		return time.UTC
	}
	return loc
})

// dayKey is the calendar day of t in petitionDayZone, as YYYY-MM-DD.
func dayKey(t time.Time) string { return t.In(dayZone()).Format(time.DateOnly) }

// countDays moves today's row of the counter by day by the changes
// countSignatures writes (online, paper: net changes, either sign), in
// its transaction and after the counter's row, so the chart by day never
// scans the signatures.
func (s *Service) countDays(ctx context.Context, q *store.Q, p *cortege.Petition, online, paper int) error {
	d := store.DayCount{Day: dayKey(s.now())}
	for _, n := range [2]*int{&online, &paper} {
		if *n < 0 {
			d.Removed -= *n
			*n = 0
		}
	}
	d.AddedOnline, d.AddedPaper = online, paper
	if d == (store.DayCount{Day: d.Day}) {
		return nil
	}
	return q.AddPetitionDayCounts(ctx, p.ID, d)
}

// PetitionDays returns, to a petition's organisers, its counter by day,
// oldest first, one entry a day with a change.
func (s *Service) PetitionDays(ctx context.Context, a cortege.Actor, petitionID string) ([]PetitionDay, error) {
	q := s.db.Q()
	p, err := s.organiserView(ctx, q, a, petitionID)
	if err != nil {
		return nil, err
	}
	rows, err := q.PetitionDayCounts(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	loc := dayZone()
	out := make([]PetitionDay, 0, len(rows))
	for _, r := range rows {
		day, err := time.ParseInLocation(time.DateOnly, r.Day, loc)
		if err != nil {
			continue
		}
		out = append(out, PetitionDay{Day: day, AddedOnline: r.AddedOnline, AddedPaper: r.AddedPaper, Removed: r.Removed})
	}
	return out, nil
}

// organiserView reads a petition for one of its organisers without
// locking it (the read-only organiser tools): others get EFORBIDDEN, or
// ENOTFOUND for a draft.
func (s *Service) organiserView(ctx context.Context, q *store.Q, a cortege.Actor, id string) (*cortege.Petition, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	p, org, err := s.loadPetition(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	if !org {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return p, nil
}
