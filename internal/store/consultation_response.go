package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"codeberg.org/cortege/cortege"
)

// ResponseRow is a response with its respondent's handle and name (""
// for a browser's or a code's).
type ResponseRow struct {
	cortege.Response
	Handle      string
	DisplayName string
}

func scanResponse(s scanner, extra ...any) (*cortege.Response, error) {
	var r cortege.Response
	var answers string
	var created, updated int64
	dest := append([]any{&r.ID, &r.ConsultationID, &r.ProfileID, &r.BrowserKey, &r.CodeHash, &answers, &created, &updated}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(answers), &r.Answers); err != nil {
		return nil, err
	}
	r.CreatedAt, r.UpdatedAt = fromMS(created), fromMS(updated)
	return &r, nil
}

// AddConsultationResponse inserts r; a response of the same profile,
// browser or code to the same consultation is ECONFLICT (decided by the
// unique keys, not by a read before the write).
func (q *Q) AddConsultationResponse(ctx context.Context, r *cortege.Response) error {
	answers, err := json.Marshal(r.Answers)
	if err != nil {
		return err
	}
	n, err := q.execN(ctx, "AddConsultationResponse", r.ID, r.ConsultationID, nullStr(r.ProfileID), nullStr(r.BrowserKey),
		nullStr(r.CodeHash), string(answers), ms(r.CreatedAt), ms(r.UpdatedAt))
	if err == nil && n == 0 {
		return cortege.Errorf(cortege.ECONFLICT, "err.response.exists")
	}
	return err
}

// ConsultationResponseOf returns the response of a profile, a browser key
// or a code hash (the first non-empty); ENOTFOUND when there is none.
func (q *Q) ConsultationResponseOf(ctx context.Context, consultationID, profileID, browserKey, codeHash string) (*cortege.Response, error) {
	name, key := "ConsultationResponseByProfile", profileID
	switch {
	case profileID != "":
	case browserKey != "":
		name, key = "ConsultationResponseByBrowser", browserKey
	case codeHash != "":
		name, key = "ConsultationResponseByCode", codeHash
	default:
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.response.not_found")
	}
	r, err := scanResponse(q.stmt(ctx, name).QueryRowContext(ctx, consultationID, key))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.response.not_found")
	}
	return r, wrap(name, err)
}

// UpdateConsultationResponse rewrites a response's answers.
func (q *Q) UpdateConsultationResponse(ctx context.Context, r *cortege.Response) error {
	answers, err := json.Marshal(r.Answers)
	if err != nil {
		return err
	}
	return q.changed(ctx, "UpdateConsultationResponse", string(answers), ms(r.UpdatedAt), r.ID, r.ConsultationID)
}

// DeleteConsultationResponse deletes a response.
func (q *Q) DeleteConsultationResponse(ctx context.Context, consultationID, id string) error {
	return q.changed(ctx, "DeleteConsultationResponse", id, consultationID)
}

// CountConsultationResponses counts a consultation's responses.
func (q *Q) CountConsultationResponses(ctx context.Context, consultationID string) (int64, error) {
	var n int64
	return n, q.get(ctx, "CountConsultationResponses", []any{consultationID}, &n)
}

// ConsultationResponses returns up to limit responses in order of
// creation after the key (afterAt, afterID); the zero key starts.
func (q *Q) ConsultationResponses(ctx context.Context, consultationID string, afterAt time.Time, afterID string, limit int) ([]*ResponseRow, error) {
	rows, err := q.query(ctx, "ConsultationResponsesPage", consultationID, ms(afterAt), ms(afterAt), afterID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*ResponseRow
	for rows.Next() {
		var row ResponseRow
		r, err := scanResponse(rows, &row.Handle, &row.DisplayName)
		if err != nil {
			return nil, err
		}
		row.Response = *r
		out = append(out, &row)
	}
	return out, rows.Err()
}

// IdeaRow is an idea with its author's handle and name and whether the
// reading profile supports it.
type IdeaRow struct {
	cortege.ConsultationIdea
	Handle      string
	DisplayName string
	Supported   bool
}

func scanIdea(s scanner, extra ...any) (*cortege.ConsultationIdea, error) {
	var i cortege.ConsultationIdea
	var created int64
	dest := append([]any{&i.ID, &i.ConsultationID, &i.QuestionID, &i.ProfileID, &i.Title, &i.Body, &i.Supports, &created}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	i.CreatedAt = fromMS(created)
	return &i, nil
}

// AddConsultationIdea inserts an idea (no support yet).
func (q *Q) AddConsultationIdea(ctx context.Context, i *cortege.ConsultationIdea) error {
	_, err := q.exec(ctx, "AddConsultationIdea", i.ID, i.ConsultationID, i.QuestionID, nullStr(i.ProfileID), i.Title, i.Body,
		ms(i.CreatedAt))
	return err
}

// ConsultationIdeaByID returns an idea of a consultation; ENOTFOUND when
// there is none.
func (q *Q) ConsultationIdeaByID(ctx context.Context, consultationID, id string) (*cortege.ConsultationIdea, error) {
	i, err := scanIdea(q.stmt(ctx, "ConsultationIdeaByID").QueryRowContext(ctx, id, consultationID))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.idea.not_found")
	}
	return i, wrap("ConsultationIdeaByID", err)
}

// CountConsultationIdeasBy counts the ideas a profile submitted.
func (q *Q) CountConsultationIdeasBy(ctx context.Context, consultationID, profileID string) (int, error) {
	var n int
	return n, q.get(ctx, "CountConsultationIdeasBy", []any{consultationID, profileID}, &n)
}

// ConsultationIdeas lists up to limit ideas of a box, most supported
// first, then oldest, saying which viewer ("" for none) supports.
func (q *Q) ConsultationIdeas(ctx context.Context, consultationID, questionID, viewer string, limit int) ([]*IdeaRow, error) {
	rows, err := q.query(ctx, "ConsultationIdeas", viewer, consultationID, questionID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*IdeaRow
	for rows.Next() {
		var row IdeaRow
		var supported int
		i, err := scanIdea(rows, &row.Handle, &row.DisplayName, &supported)
		if err != nil {
			return nil, err
		}
		row.ConsultationIdea, row.Supported = *i, supported == 1
		out = append(out, &row)
	}
	return out, rows.Err()
}

// SupportConsultationIdea adds a member's support to an idea and counts
// it; it reports false when the member already supported it (the primary
// key decides, under any concurrency).
func (q *Q) SupportConsultationIdea(ctx context.Context, ideaID, profileID string, now time.Time) (bool, error) {
	n, err := q.execN(ctx, "AddConsultationIdeaSupport", ideaID, profileID, ms(now))
	if err != nil || n == 0 {
		return false, err
	}
	_, err = q.exec(ctx, "AddConsultationIdeaSupports", 1, ideaID)
	return err == nil, err
}

// UnsupportConsultationIdea withdraws a member's support; false when
// there was none.
func (q *Q) UnsupportConsultationIdea(ctx context.Context, ideaID, profileID string) (bool, error) {
	n, err := q.execN(ctx, "DeleteConsultationIdeaSupport", ideaID, profileID)
	if err != nil || n == 0 {
		return false, err
	}
	_, err = q.exec(ctx, "AddConsultationIdeaSupports", -1, ideaID)
	return err == nil, err
}

// DeleteConsultationIdea deletes an idea and its supports.
func (q *Q) DeleteConsultationIdea(ctx context.Context, consultationID, id string) error {
	return q.changed(ctx, "DeleteConsultationIdea", id, consultationID)
}
