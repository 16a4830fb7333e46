package store

import (
	"context"
	"time"
)

// ExportedSignature is one line of the organisers' export: a confirmed
// signer who agreed to hear from the organising groups, with the wording
// of that consent and when it was given.
type ExportedSignature struct {
	ID          string
	FirstName   string
	LastName    string
	Email       string
	Postal      string
	INSEE       string
	Departement string
	Source      string
	ConfirmedAt time.Time
	Wording     string
	ConsentAt   time.Time
}

// SignaturesForOrganisers returns up to limit signatures of the export
// after the ID after, in order of ID.
func (q *Q) SignaturesForOrganisers(ctx context.Context, petitionID, after string, limit int) ([]ExportedSignature, error) {
	rows, err := q.query(ctx, "SignaturesForOrganisers", petitionID, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ExportedSignature
	for rows.Next() {
		var e ExportedSignature
		var conf, at int64
		if err := rows.Scan(&e.ID, &e.FirstName, &e.LastName, &e.Email, &e.Postal, &e.INSEE, &e.Departement, &e.Source,
			&conf, &e.Wording, &at); err != nil {
			return nil, wrap("SignaturesForOrganisers", err)
		}
		e.ConfirmedAt, e.ConsentAt = fromMS(conf), fromMS(at)
		out = append(out, e)
	}
	return out, wrap("SignaturesForOrganisers", rows.Err())
}

// PublicComment is a confirmed signature's comment as the hand-over
// document prints it: the name only when the signer chose to show it.
type PublicComment struct {
	ID          string
	Name        string
	Comment     string
	Departement string
}

// PublicCommentsOldestFirst returns up to limit comments after the ID
// after, oldest first.
func (q *Q) PublicCommentsOldestFirst(ctx context.Context, petitionID, after string, limit int) ([]PublicComment, error) {
	rows, err := q.query(ctx, "PublicCommentsOldestFirst", petitionID, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PublicComment
	for rows.Next() {
		var c PublicComment
		var first, last string
		var show bool
		if err := rows.Scan(&c.ID, &first, &last, &show, &c.Comment, &c.Departement); err != nil {
			return nil, wrap("PublicCommentsOldestFirst", err)
		}
		if show {
			c.Name = first + " " + last
		}
		out = append(out, c)
	}
	return out, wrap("PublicCommentsOldestFirst", rows.Err())
}
