package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"codeberg.org/cortege/cortege"
)

func scanConsultation(s scanner) (*cortege.Consultation, error) {
	var c cortege.Consultation
	var ts [8]int64
	err := s.Scan(&c.ID, &c.GroupID, &c.Title, &c.Description, &c.Secret, &c.State, &ts[0], &ts[1], &c.TZ, &c.Revote,
		&c.Audience, &c.MinRole, &c.Lang, &c.CreatedBy, &ts[2], &ts[3], &ts[4], &ts[5], &ts[6])
	if err != nil {
		return nil, err
	}
	c.OpensAt, c.ClosesAt, c.CreatedAt, c.UpdatedAt = fromMS(ts[0]), fromMS(ts[1]), fromMS(ts[2]), fromMS(ts[3])
	c.OpenedAt, c.ClosedAt, c.PublishedAt = fromMS(ts[4]), fromMS(ts[5]), fromMS(ts[6])
	return &c, nil
}

// CreateConsultation inserts c (a draft).
func (q *Q) CreateConsultation(ctx context.Context, c *cortege.Consultation) error {
	_, err := q.exec(ctx, "CreateConsultation", c.ID, nullStr(c.GroupID), c.Title, c.Description, c.Secret, c.State,
		ms(c.OpensAt), ms(c.ClosesAt), c.TZ, c.Revote, c.Audience, c.MinRole, c.Lang, nullStr(c.CreatedBy),
		ms(c.CreatedAt), ms(c.UpdatedAt))
	return err
}

// UpdateConsultation writes a draft's text and rules; ENOTFOUND when it is
// no draft (any more).
func (q *Q) UpdateConsultation(ctx context.Context, c *cortege.Consultation) error {
	return q.changed(ctx, "UpdateConsultation", c.Title, c.Description, c.Secret, ms(c.OpensAt), ms(c.ClosesAt), c.TZ,
		c.Revote, c.Audience, c.MinRole, c.Lang, ms(c.UpdatedAt), c.ID)
}

// ConsultationByID returns a consultation; ENOTFOUND when there is none.
func (q *Q) ConsultationByID(ctx context.Context, id string) (*cortege.Consultation, error) {
	c, err := scanConsultation(q.stmt(ctx, "ConsultationByID").QueryRowContext(ctx, id))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.consultation.not_found")
	}
	return c, wrap("ConsultationByID", err)
}

// LockConsultation serialises the changes of one consultation's state
// until the transaction ends.
func (q *Q) LockConsultation(ctx context.Context, id string) error {
	var got string
	return q.get(ctx, "LockConsultation", []any{id}, &got)
}

// Consultations lists a group's consultations ("" for the instance's),
// newest first.
func (q *Q) Consultations(ctx context.Context, groupID string, limit int) ([]*cortege.Consultation, error) {
	name, args := "GroupConsultations", []any{groupID, limit}
	if groupID == "" {
		name, args = "InstanceConsultations", []any{limit}
	}
	rows, err := q.query(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Consultation
	for rows.Next() {
		c, err := scanConsultation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// OpenConsultation moves a draft to open with its blind-signing key
// (private: PKCS #8 DER; public: the board's form); ENOTFOUND when it is
// no draft.
func (q *Q) OpenConsultation(ctx context.Context, id string, private []byte, public string, now time.Time) error {
	return q.changed(ctx, "OpenConsultation", ms(now), ms(now), private, public, id)
}

// CloseConsultation moves an open consultation to closed, freezing the
// sign-offs its board states; ENOTFOUND when it is not open.
func (q *Q) CloseConsultation(ctx context.Context, id string, signOffs int64, now time.Time) error {
	return q.changed(ctx, "CloseConsultation", ms(now), ms(now), signOffs, id)
}

// PublishConsultation moves a closed consultation to published.
func (q *Q) PublishConsultation(ctx context.Context, id string, now time.Time) error {
	return q.changed(ctx, "PublishConsultation", ms(now), ms(now), id)
}

// DeleteConsultation deletes a draft; ENOTFOUND when it is no draft.
func (q *Q) DeleteConsultation(ctx context.Context, id string) error {
	return q.exec1(ctx, "DeleteConsultation", id)
}

// ConsultationsToClose lists up to limit open consultations past their
// closing time at now.
func (q *Q) ConsultationsToClose(ctx context.Context, now time.Time, limit int) ([]string, error) {
	rows, err := q.query(ctx, "ConsultationsToClose", ms(now), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ConsultationKey returns a vote's blind-signing key (private, PKCS #8
// DER; nil before it opens), its public form and the sign-offs frozen at
// closing.
func (q *Q) ConsultationKey(ctx context.Context, id string) (private []byte, public string, signOffs int64, err error) {
	err = q.get(ctx, "ConsultationTokenKey", []any{id}, &private, &public, &signOffs)
	return
}

// SetConsultationQuestions replaces a consultation's questions, in order.
func (q *Q) SetConsultationQuestions(ctx context.Context, consultationID string, qs []*cortege.ConsultationQuestion) error {
	if _, err := q.exec(ctx, "DeleteConsultationQuestions", consultationID); err != nil {
		return err
	}
	for i, x := range qs {
		opts, _ := json.Marshal(nonNil(x.Options))
		grades, _ := json.Marshal(nonNil(x.Grades))
		showQ, showOpt := "", -1
		if x.ShowIf != nil {
			showQ, showOpt = x.ShowIf.Question, x.ShowIf.Option
		}
		rule := ""
		if x.Number != nil {
			b, _ := json.Marshal(x.Number)
			rule = string(b)
		}
		if _, err := q.exec(ctx, "AddConsultationQuestion", consultationID, x.ID, i, x.Title, x.Help, x.Kind, x.Method,
			string(opts), string(grades), x.Min, x.Max, x.Seats, x.Blank, showQ, showOpt, rule); err != nil {
			return err
		}
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ConsultationQuestions returns a consultation's questions in order.
func (q *Q) ConsultationQuestions(ctx context.Context, consultationID string) ([]*cortege.ConsultationQuestion, error) {
	rows, err := q.query(ctx, "ConsultationQuestions", consultationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.ConsultationQuestion
	for rows.Next() {
		var x cortege.ConsultationQuestion
		var opts, grades, showQ, rule string
		var showOpt int
		if err := rows.Scan(&x.ID, &x.Position, &x.Title, &x.Help, &x.Kind, &x.Method, &opts, &grades, &x.Min, &x.Max,
			&x.Seats, &x.Blank, &showQ, &showOpt, &rule); err != nil {
			return nil, err
		}
		if rule != "" {
			x.Number = &cortege.NumberRule{}
			if err := json.Unmarshal([]byte(rule), x.Number); err != nil {
				return nil, err
			}
		}
		if err := json.Unmarshal([]byte(opts), &x.Options); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(grades), &x.Grades); err != nil {
			return nil, err
		}
		if len(x.Grades) == 0 {
			x.Grades = nil
		}
		if showQ != "" {
			x.ShowIf = &cortege.QuestionCondition{Question: showQ, Option: showOpt}
		}
		out = append(out, &x)
	}
	return out, rows.Err()
}

// AddVoteHead stores a signed head of a vote's board.
func (q *Q) AddVoteHead(ctx context.Context, consultationID string, size int64, signedAt time.Time, note string) error {
	_, err := q.exec(ctx, "AddVoteHead", consultationID, size, ms(signedAt), note)
	return err
}

// VoteHeads returns the signed heads of a vote's board in order of size.
func (q *Q) VoteHeads(ctx context.Context, consultationID string) ([]string, error) {
	rows, err := q.query(ctx, "VoteHeads", consultationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
