package store

import (
	"context"
	"database/sql"
	"time"

	"codeberg.org/cortege/cortege"
)

// Kinds of row in target_places.
const (
	targetPlaceCommune     = "commune"
	targetPlaceDepartement = "departement"
)

func scanTarget(s scanner) (*cortege.Target, error) {
	var t cortege.Target
	var c, u int64
	err := s.Scan(&t.ID, &t.Key, &t.Name, &t.Kind, &t.Role, &t.Email, &t.Fediverse, &t.FormURL, &t.Area.Level,
		&t.Area.Name, &c, &u)
	if err != nil {
		return nil, err
	}
	t.CreatedAt, t.UpdatedAt = fromMS(c), fromMS(u)
	return &t, nil
}

func (q *Q) targetBy(ctx context.Context, name, arg string) (*cortege.Target, error) {
	t, err := scanTarget(q.stmt(ctx, name).QueryRowContext(ctx, arg))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.target.not_found")
	}
	return t, wrap(name, err)
}

// TargetByKey returns the target of a file's identifier; ENOTFOUND when
// there is none. Its area's places are not read (TargetPlaces).
func (q *Q) TargetByKey(ctx context.Context, key string) (*cortege.Target, error) {
	return q.targetBy(ctx, "TargetByKey", key)
}

// TargetByID returns a target without its area's places; ENOTFOUND when
// there is none.
func (q *Q) TargetByID(ctx context.Context, id string) (*cortege.Target, error) {
	return q.targetBy(ctx, "TargetByID", id)
}

// CreateTarget inserts t with the places of its area.
func (q *Q) CreateTarget(ctx context.Context, t *cortege.Target) error {
	_, err := q.exec(ctx, "CreateTarget", t.ID, t.Key, t.Name, t.Kind, t.Role, t.Email, t.Fediverse, t.FormURL,
		t.Area.Level, t.Area.Name, ms(t.CreatedAt), ms(t.UpdatedAt))
	if err != nil {
		return err
	}
	return q.addTargetPlaces(ctx, t)
}

// UpdateTarget writes every field of t but its key and creation, and
// replaces the places of its area.
func (q *Q) UpdateTarget(ctx context.Context, t *cortege.Target) error {
	if err := q.changed(ctx, "UpdateTarget", t.Name, t.Kind, t.Role, t.Email, t.Fediverse, t.FormURL, t.Area.Level,
		t.Area.Name, ms(t.UpdatedAt), t.ID); err != nil {
		return err
	}
	if _, err := q.exec(ctx, "DeleteTargetPlaces", t.ID); err != nil {
		return err
	}
	return q.addTargetPlaces(ctx, t)
}

func (q *Q) addTargetPlaces(ctx context.Context, t *cortege.Target) error {
	for _, c := range t.Area.Communes {
		if _, err := q.exec(ctx, "AddTargetPlace", targetPlaceCommune, c, t.ID); err != nil {
			return err
		}
	}
	for _, d := range t.Area.Departements {
		if _, err := q.exec(ctx, "AddTargetPlace", targetPlaceDepartement, d, t.ID); err != nil {
			return err
		}
	}
	return nil
}

// TargetPlaces fills the communes and départements of t's area.
func (q *Q) TargetPlaces(ctx context.Context, t *cortege.Target) error {
	rows, err := q.query(ctx, "TargetPlaces", t.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	t.Area.Communes, t.Area.Departements = nil, nil
	for rows.Next() {
		var place, code string
		if err := rows.Scan(&place, &code); err != nil {
			return wrap("TargetPlaces", err)
		}
		if place == targetPlaceCommune {
			t.Area.Communes = append(t.Area.Communes, code)
		} else {
			t.Area.Departements = append(t.Area.Departements, code)
		}
	}
	return wrap("TargetPlaces", rows.Err())
}

// TargetsAt lists up to limit targets answering for a commune (insee,
// and city for an arrondissement's city; "" when none), its département
// dep, or the whole country: the most local first (commune,
// circonscription, département, national), then by name. Their places
// are not read.
func (q *Q) TargetsAt(ctx context.Context, insee, city, dep string, limit int) ([]*cortege.Target, error) {
	if city == "" {
		city = insee
	}
	return all(ctx, q, "TargetsAt", scanTarget, insee, city, dep, limit)
}

// CountTargets returns how many targets the instance holds.
func (q *Q) CountTargets(ctx context.Context) (int, error) {
	var n int
	err := q.get(ctx, "CountTargets", nil, &n)
	return n, err
}

// AddInterpellation counts one interpellation of a target about a
// petition and returns the new count.
func (q *Q) AddInterpellation(ctx context.Context, petitionID, targetID string, now time.Time) (int, error) {
	var n int
	err := q.get(ctx, "AddInterpellation", []any{petitionID, targetID, ms(now)}, &n)
	return n, err
}

// InterpellationCounts lists a petition's interpellation counts, one per
// target written to at least once.
func (q *Q) InterpellationCounts(ctx context.Context, petitionID string) ([]cortege.InterpellationCount, error) {
	return all(ctx, q, "InterpellationCounts", func(s scanner) (cortege.InterpellationCount, error) {
		var c cortege.InterpellationCount
		err := s.Scan(&c.PetitionID, &c.TargetID, &c.Count)
		return c, err
	}, petitionID)
}
