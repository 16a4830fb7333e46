package store

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
)

// CreatePetitionLink links an event to a petition; an existing link is
// left as it is.
func (q *Q) CreatePetitionLink(ctx context.Context, l *cortege.PetitionLink) error {
	_, err := q.exec(ctx, "CreatePetitionLink", l.PetitionID, l.EventID, nullStr(l.LinkedBy), ms(l.CreatedAt))
	return err
}

// DeletePetitionLink undoes a link; ENOTFOUND when there was none.
func (q *Q) DeletePetitionLink(ctx context.Context, petitionID, eventID string) error {
	return q.exec1(ctx, "DeletePetitionLink", petitionID, eventID)
}

// PetitionLinked reports whether an event is linked to a petition.
func (q *Q) PetitionLinked(ctx context.Context, petitionID, eventID string) (bool, error) {
	var n int
	err := q.get(ctx, "PetitionLinked", []any{petitionID, eventID}, &n)
	return n > 0, err
}

// PetitionLinkedEvents lists up to limit of a petition's gatherings that
// anyone may see and join and that are not over at now, soonest first.
func (q *Q) PetitionLinkedEvents(ctx context.Context, petitionID string, now time.Time, limit int) ([]*cortege.Event, error) {
	return q.events(ctx, "PetitionLinkedEvents", petitionID, ms(now), limit)
}

// EventPetitions lists the petitions (drafts left out) an event is linked to.
func (q *Q) EventPetitions(ctx context.Context, eventID string) ([]*cortege.Petition, error) {
	rows, err := q.query(ctx, "EventPetitions", eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Petition
	for rows.Next() {
		p, err := scanPetition(rows)
		if err != nil {
			return nil, wrap("EventPetitions", err)
		}
		out = append(out, p)
	}
	return out, wrap("EventPetitions", rows.Err())
}
