package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// QuestionInput is what an organiser fills in for one question.
type QuestionInput struct {
	Title   string
	Help    string
	Kind    string
	Method  string // ranking: schulze (default) or stv
	Options []string
	Grades  []string
	Min     int
	Max     int
	Seats   int
	Blank   bool
	ShowIf  *cortege.QuestionCondition // consultations only
	Number  *cortege.NumberRule        // number questions: bounds, decimals
}

func (in QuestionInput) question(id string) *cortege.ConsultationQuestion {
	return &cortege.ConsultationQuestion{ID: id, Title: in.Title, Help: in.Help, Kind: in.Kind, Method: in.Method,
		Options: slices.Clone(in.Options), Grades: slices.Clone(in.Grades), Min: in.Min, Max: in.Max, Seats: in.Seats,
		Blank: in.Blank, ShowIf: in.ShowIf, Number: in.Number}
}

// editQuestions runs change on a draft's questions and stores the result
// once every question is valid in its new place.
func (s *Service) editQuestions(ctx context.Context, a cortege.Actor, id string, change func(c *cortege.Consultation, qs []*cortege.ConsultationQuestion) ([]*cortege.ConsultationQuestion, error)) ([]*cortege.ConsultationQuestion, error) {
	var out []*cortege.ConsultationQuestion
	err := s.inTx(ctx, func(q *store.Q) error {
		c, err := s.manageConsultation(ctx, q, a, id)
		if err != nil {
			return err
		}
		if !c.CanEdit() {
			return cortege.Errorf(cortege.ECONFLICT, "err.consultation.not_draft")
		}
		qs, err := q.ConsultationQuestions(ctx, id)
		if err != nil {
			return err
		}
		if qs, err = change(c, qs); err != nil {
			return err
		}
		if len(qs) > cortege.MaxConsultationQuestions {
			return cortege.Invalid("questions", "err.consultation.questions.too_many")
		}
		for i, x := range qs {
			x.Position = i
			if err := x.Validate(c.Secret, qs[:i]); err != nil {
				return err
			}
		}
		if err := q.SetConsultationQuestions(ctx, id, qs); err != nil {
			return err
		}
		out = qs
		return nil
	})
	return out, err
}

// nextQuestionID is "q<n>" past every ID in qs.
func nextQuestionID(qs []*cortege.ConsultationQuestion) string {
	n := 0
	for _, x := range qs {
		if k, err := strconv.Atoi(strings.TrimPrefix(x.ID, "q")); err == nil && k > n {
			n = k
		}
	}
	return fmt.Sprintf("q%d", n+1)
}

func questionIndex(qs []*cortege.ConsultationQuestion, qid string) (int, error) {
	for i, x := range qs {
		if x.ID == qid {
			return i, nil
		}
	}
	return -1, cortege.Errorf(cortege.ENOTFOUND, "err.question.not_found")
}

// AddQuestion appends a question to a draft and returns it.
func (s *Service) AddQuestion(ctx context.Context, a cortege.Actor, id string, in QuestionInput) (*cortege.ConsultationQuestion, error) {
	var added *cortege.ConsultationQuestion
	_, err := s.editQuestions(ctx, a, id, func(_ *cortege.Consultation, qs []*cortege.ConsultationQuestion) ([]*cortege.ConsultationQuestion, error) {
		added = in.question(nextQuestionID(qs))
		return append(qs, added), nil
	})
	return added, err
}

// UpdateQuestion rewrites a draft's question.
func (s *Service) UpdateQuestion(ctx context.Context, a cortege.Actor, id, qid string, in QuestionInput) (*cortege.ConsultationQuestion, error) {
	var got *cortege.ConsultationQuestion
	_, err := s.editQuestions(ctx, a, id, func(_ *cortege.Consultation, qs []*cortege.ConsultationQuestion) ([]*cortege.ConsultationQuestion, error) {
		i, err := questionIndex(qs, qid)
		if err != nil {
			return nil, err
		}
		got = in.question(qid)
		qs[i] = got
		return qs, nil
	})
	return got, err
}

// MoveQuestion puts a draft's question at position to (from 0).
func (s *Service) MoveQuestion(ctx context.Context, a cortege.Actor, id, qid string, to int) ([]*cortege.ConsultationQuestion, error) {
	return s.editQuestions(ctx, a, id, func(_ *cortege.Consultation, qs []*cortege.ConsultationQuestion) ([]*cortege.ConsultationQuestion, error) {
		i, err := questionIndex(qs, qid)
		if err != nil {
			return nil, err
		}
		if to < 0 || to >= len(qs) {
			return nil, cortege.Invalid("position", "err.question.position.invalid")
		}
		x := qs[i]
		qs = slices.Delete(qs, i, i+1)
		return slices.Insert(qs, to, x), nil
	})
}

// RemoveQuestion removes a draft's question; a question whose display
// depended on it is refused (EINVALID on show_if) until changed.
func (s *Service) RemoveQuestion(ctx context.Context, a cortege.Actor, id, qid string) error {
	_, err := s.editQuestions(ctx, a, id, func(_ *cortege.Consultation, qs []*cortege.ConsultationQuestion) ([]*cortege.ConsultationQuestion, error) {
		i, err := questionIndex(qs, qid)
		if err != nil {
			return nil, err
		}
		return slices.Delete(qs, i, i+1), nil
	})
	return err
}
