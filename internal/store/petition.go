package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
)

func scanPetition(s scanner) (*cortege.Petition, error) {
	var p cortege.Petition
	var tags string
	var ts [6]int64
	err := s.Scan(&p.ID, &p.Title, &p.Text, &p.Addressee, &p.Goal, &p.Picture, &p.Scope, &p.PlaceINSEE, &p.Departement,
		&tags, &ts[0], &p.FundraisingURL, &p.State, &p.Answer, &ts[1], &ts[2], &ts[3], &p.CreatedBy, &p.Lang, &ts[4], &ts[5])
	if err != nil {
		return nil, err
	}
	p.Tags = splitList(tags)
	p.EndsAt, p.AnsweredAt, p.PublishedAt, p.ClosedAt, p.CreatedAt, p.UpdatedAt = fromMS(ts[0]), fromMS(ts[1]), fromMS(ts[2]), fromMS(ts[3]), fromMS(ts[4]), fromMS(ts[5])
	return &p, nil
}

// CreatePetition inserts p and its counter at zero.
func (q *Q) CreatePetition(ctx context.Context, p *cortege.Petition) error {
	_, err := q.exec(ctx, "CreatePetition", p.ID, p.Title, p.Text, p.Addressee, p.Goal, p.Picture, p.Scope, p.PlaceINSEE,
		p.Departement, strings.Join(p.Tags, ","), ms(p.EndsAt), p.FundraisingURL, p.State, p.Answer, ms(p.AnsweredAt),
		ms(p.PublishedAt), ms(p.ClosedAt), nullStr(p.CreatedBy), p.Lang, ms(p.CreatedAt), ms(p.UpdatedAt))
	if err != nil {
		return err
	}
	_, err = q.exec(ctx, "InitPetitionCounts", p.ID, ms(p.CreatedAt))
	return err
}

// UpdatePetition writes every field of p but its creator and creation.
func (q *Q) UpdatePetition(ctx context.Context, p *cortege.Petition) error {
	return q.changed(ctx, "UpdatePetition", p.Title, p.Text, p.Addressee, p.Goal, p.Picture, p.Scope, p.PlaceINSEE,
		p.Departement, strings.Join(p.Tags, ","), ms(p.EndsAt), p.FundraisingURL, p.State, p.Answer, ms(p.AnsweredAt),
		ms(p.PublishedAt), ms(p.ClosedAt), ms(p.UpdatedAt), p.ID)
}

// PetitionByID returns a petition; ENOTFOUND when there is none.
func (q *Q) PetitionByID(ctx context.Context, id string) (*cortege.Petition, error) {
	p, err := scanPetition(q.stmt(ctx, "PetitionByID").QueryRowContext(ctx, id))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.petition.not_found")
	}
	return p, wrap("PetitionByID", err)
}

// LockPetition serialises the changes of one petition's state until the
// transaction ends.
func (q *Q) LockPetition(ctx context.Context, id string) error {
	var got string
	return q.get(ctx, "LockPetition", []any{id}, &got)
}

// ClosePetitionsDue closes the published petitions whose end date is past
// at now and returns how many.
func (q *Q) ClosePetitionsDue(ctx context.Context, now time.Time) (int64, error) {
	return q.execN(ctx, "ClosePetitionsDue", ms(now), ms(now))
}

// IsPetitionGroupAdmin reports whether a profile administers a group
// co-signing the petition.
func (q *Q) IsPetitionGroupAdmin(ctx context.Context, petitionID, profileID string) (bool, error) {
	var n int
	err := q.get(ctx, "IsPetitionGroupAdmin", []any{petitionID, profileID}, &n)
	return n > 0, err
}

// AddPetitionOrganizer adds a group to a petition's co-signers (invited or
// accepted); an existing row is left as it is.
func (q *Q) AddPetitionOrganizer(ctx context.Context, o *cortege.PetitionOrganiser) error {
	_, err := q.exec(ctx, "AddPetitionOrganizer", o.PetitionID, o.GroupID, o.Status, nullStr(o.InvitedBy), ms(o.CreatedAt))
	return err
}

// SetPetitionOrganizerStatus accepts a co-signing group's invitation.
func (q *Q) SetPetitionOrganizerStatus(ctx context.Context, petitionID, groupID, status string) error {
	return q.changed(ctx, "SetPetitionOrganizerStatus", status, petitionID, groupID)
}

// RemovePetitionOrganizer removes a group (or its invitation).
func (q *Q) RemovePetitionOrganizer(ctx context.Context, petitionID, groupID string) error {
	return q.changed(ctx, "RemovePetitionOrganizer", petitionID, groupID)
}

func (q *Q) petitionOrganisers(ctx context.Context, name, arg string) ([]*cortege.PetitionOrganiser, error) {
	rows, err := q.query(ctx, name, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.PetitionOrganiser
	for rows.Next() {
		var o cortege.PetitionOrganiser
		var c int64
		if err := rows.Scan(&o.PetitionID, &o.GroupID, &o.Status, &o.InvitedBy, &c); err != nil {
			return nil, wrap(name, err)
		}
		o.CreatedAt = fromMS(c)
		out = append(out, &o)
	}
	return out, wrap(name, rows.Err())
}

// PetitionOrganizers lists the groups co-signing or invited to co-sign.
func (q *Q) PetitionOrganizers(ctx context.Context, petitionID string) ([]*cortege.PetitionOrganiser, error) {
	return q.petitionOrganisers(ctx, "PetitionOrganizers", petitionID)
}

// PetitionInvitationsForGroup lists the invitations a group has not answered.
func (q *Q) PetitionInvitationsForGroup(ctx context.Context, groupID string) ([]*cortege.PetitionOrganiser, error) {
	return q.petitionOrganisers(ctx, "PetitionInvitationsForGroup", groupID)
}

// AddPetitionCounts moves a petition's counter by online and paper and
// returns it as it now is. Called in the transaction that changes the
// signatures, before AddDepartementCounts: every writer takes the
// counter's row first, so they cannot deadlock on the départements' rows.
func (q *Q) AddPetitionCounts(ctx context.Context, petitionID string, online, paper int, now time.Time) (cortege.SignatureCounts, error) {
	var c cortege.SignatureCounts
	err := q.get(ctx, "AddPetitionCounts", []any{online, paper, ms(now), petitionID}, &c.Online, &c.Paper)
	return c, err
}

// AddDepartementCounts moves the counts of one département of a petition.
func (q *Q) AddDepartementCounts(ctx context.Context, petitionID, dep string, online, paper int) error {
	_, err := q.exec(ctx, "AddPetitionDepartementCounts", petitionID, dep, online, paper)
	return err
}

// PetitionCounts returns a petition's counter with its counts by département.
func (q *Q) PetitionCounts(ctx context.Context, petitionID string) (cortege.SignatureCounts, error) {
	var c cortege.SignatureCounts
	if err := q.get(ctx, "PetitionCounts", []any{petitionID}, &c.Online, &c.Paper); err != nil {
		return c, err
	}
	rows, err := q.query(ctx, "PetitionDepartementCounts", petitionID)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	c.ByDepartement = map[string]int{}
	for rows.Next() {
		var d string
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			return c, wrap("PetitionDepartementCounts", err)
		}
		c.ByDepartement[d] = n
	}
	return c, wrap("PetitionDepartementCounts", rows.Err())
}

// PetitionsOrganisedBy lists up to limit petitions a profile organises
// (created, or co-signed by a group it administers), newest first.
func (q *Q) PetitionsOrganisedBy(ctx context.Context, profileID string, limit int) ([]*cortege.Petition, error) {
	rows, err := q.query(ctx, "PetitionsOrganisedBy", profileID, profileID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Petition
	for rows.Next() {
		p, err := scanPetition(rows)
		if err != nil {
			return nil, wrap("PetitionsOrganisedBy", err)
		}
		out = append(out, p)
	}
	return out, wrap("PetitionsOrganisedBy", rows.Err())
}
