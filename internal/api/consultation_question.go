package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// ConsultationQuestion is one question of a consultation, in its order.
// Its ID ("q1", "q2"…) names it in answers and on the board.
type ConsultationQuestion struct {
	ID       string `json:"id"`
	Position int    `json:"position"`
	Title    string `json:"title"`
	Help     string `json:"help"`
	// Kind: single, multiple, ranking, grades, yesno (votes and
	// consultations), text, number, ideas (an ideas box; consultations
	// only).
	Kind string `json:"kind"`
	// Method counts it: plurality, approval, majority-judgement, schulze,
	// stv; "" for text, number and ideas.
	Method  string   `json:"method"`
	Options []string `json:"options"`
	Grades  []string `json:"grades"`
	Min     int      `json:"min"`
	Max     int      `json:"max"`
	Seats   int      `json:"seats"`
	Blank   bool     `json:"blank"`
	// ShowIf, consultations only: shown when an earlier question was
	// answered with an option; null: always shown.
	ShowIf *QuestionCondition `json:"show_if"`
	// Number, for a number question: what it accepts; null: any whole
	// number (and always null for the other kinds).
	Number *QuestionNumberRule `json:"number"`
}

// QuestionNumberRule is what a number question accepts: bounds (null:
// none) and whether decimals are allowed (whole numbers only otherwise).
type QuestionNumberRule struct {
	Min     *float64 `json:"min"`
	Max     *float64 `json:"max"`
	Decimal bool     `json:"decimal"`
}

// rule checks the rule as the domain would, naming the bound at fault
// (number.min, number.max), and converts it.
func (n *QuestionNumberRule) rule() (*cortege.NumberRule, error) {
	if n == nil {
		return nil, nil
	}
	for _, x := range []struct {
		field string
		v     *float64
	}{{"number.min", n.Min}, {"number.max", n.Max}} {
		if x.v != nil && math.Abs(*x.v) > 1e15 {
			return nil, cortege.Invalid(x.field, "err.consultadmin.number_rule.range")
		}
	}
	if n.Min != nil && n.Max != nil && *n.Min > *n.Max {
		return nil, cortege.Invalid("number.max", "err.question.number.bounds")
	}
	return &cortege.NumberRule{Min: n.Min, Max: n.Max, Decimal: n.Decimal}, nil
}

// rawNumberRule reads a number rule given as raw JSON: null is none.
func rawNumberRule(raw json.RawMessage) (*cortege.NumberRule, error) {
	if string(raw) == "null" {
		return nil, nil
	}
	var n QuestionNumberRule
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&n); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) && typ.Field != "" {
			return nil, badBody("number."+typ.Field, "err.api.json_type")
		}
		return nil, badBody("number", "err.api.json_type")
	}
	return n.rule()
}

// QuestionCondition is a question's conditional display: shown when the
// earlier question was answered with option (its index, from 0).
type QuestionCondition struct {
	Question string `json:"question"`
	Option   int    `json:"option"`
}

func toConsultationQuestion(q *cortege.ConsultationQuestion) ConsultationQuestion {
	out := ConsultationQuestion{ID: q.ID, Position: q.Position, Title: q.Title, Help: q.Help, Kind: q.Kind, Method: q.Method,
		Options: nonNil(q.Options), Grades: nonNil(q.Grades), Min: q.Min, Max: q.Max, Seats: q.Seats, Blank: q.Blank}
	if q.ShowIf != nil {
		out.ShowIf = &QuestionCondition{Question: q.ShowIf.Question, Option: q.ShowIf.Option}
	}
	if r := q.Number; r != nil && q.Kind == cortege.QuestionNumber {
		out.Number = &QuestionNumberRule{Min: r.Min, Max: r.Max, Decimal: r.Decimal}
	}
	return out
}

// QuestionList answers the questions of a consultation in their order.
type QuestionList struct {
	Questions []ConsultationQuestion `json:"questions"`
}

func toQuestionList(qs []*cortege.ConsultationQuestion) QuestionList {
	out := QuestionList{Questions: make([]ConsultationQuestion, 0, len(qs))}
	for _, q := range qs {
		out.Questions = append(out.Questions, toConsultationQuestion(q))
	}
	return out
}

// ConsultationQuestionCreate is the body of POST
// /api/v1/consultations/{id}/questions: a draft's new question, added
// last. yesno sets its options itself; multiple takes min and max (0: all
// options); ranking takes method schulze (default) or stv with seats;
// number takes its rule (null: any whole number); an ideas box (ideas)
// takes only its title and help.
type ConsultationQuestionCreate struct {
	Title   string              `json:"title"`
	Help    string              `json:"help"`
	Kind    string              `json:"kind"`
	Method  string              `json:"method"`
	Options []string            `json:"options"`
	Grades  []string            `json:"grades"`
	Min     int                 `json:"min"`
	Max     int                 `json:"max"`
	Seats   int                 `json:"seats"`
	Blank   bool                `json:"blank"`
	ShowIf  *QuestionCondition  `json:"show_if"`
	Number  *QuestionNumberRule `json:"number"`
}

func (in ConsultationQuestionCreate) input() (service.QuestionInput, error) {
	qi := service.QuestionInput{Title: in.Title, Help: in.Help, Kind: in.Kind, Method: in.Method, Options: in.Options,
		Grades: in.Grades, Min: in.Min, Max: in.Max, Seats: in.Seats, Blank: in.Blank}
	if in.ShowIf != nil {
		qi.ShowIf = &cortege.QuestionCondition{Question: in.ShowIf.Question, Option: in.ShowIf.Option}
	}
	var err error
	qi.Number, err = in.Number.rule()
	return qi, err
}

// ConsultationQuestionUpdate is the body of PATCH
// /api/v1/consultations/{id}/questions/{question}: absent fields stay;
// "show_if": null removes the condition.
type ConsultationQuestionUpdate struct {
	Title   *string   `json:"title"`
	Help    *string   `json:"help"`
	Kind    *string   `json:"kind"`
	Method  *string   `json:"method"`
	Options *[]string `json:"options"`
	Grades  *[]string `json:"grades"`
	Min     *int      `json:"min"`
	Max     *int      `json:"max"`
	Seats   *int      `json:"seats"`
	Blank   *bool     `json:"blank"`
	// ShowIf: absent stays, null removes the condition.
	ShowIf json.RawMessage `json:"show_if"`
	// Number: absent stays, null removes the rule (any whole number).
	Number json.RawMessage `json:"number"`
}

// rawCondition reads a show_if given as raw JSON: null is none.
func rawCondition(raw json.RawMessage) (*cortege.QuestionCondition, error) {
	if string(raw) == "null" {
		return nil, nil
	}
	var c QuestionCondition
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, badBody("show_if", "err.api.json_type")
	}
	return &cortege.QuestionCondition{Question: c.Question, Option: c.Option}, nil
}

// QuestionMove is the body of POST …/questions/{question}/move: the
// question's new position, from 0.
type QuestionMove struct {
	Position *int `json:"position"`
}

// questionRef reads the {id} and {question} of the path.
func questionRef(r *http.Request) (id, qid string, err error) {
	if id, err = consultationID(r); err != nil {
		return "", "", err
	}
	if qid, err = pathID(r, "question"); err != nil {
		return "", "", err
	}
	return id, qid, nil
}

// handleQuestionAdd adds a question to a draft.
func (a *API) handleQuestionAdd(w http.ResponseWriter, r *http.Request) error {
	var in ConsultationQuestionCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	id, err := consultationID(r)
	if err != nil {
		return err
	}
	qi, err := in.input()
	if err != nil {
		return err
	}
	q, err := a.svc.AddQuestion(r.Context(), httpx.Actor(r.Context()), id, qi)
	if err != nil {
		return err
	}
	w.Header().Set("Location", a.baseURL+"/api/v1/consultations/"+id+"/questions/"+q.ID)
	return writeJSON(w, http.StatusCreated, toConsultationQuestion(q))
}

// handleQuestionUpdate edits a draft's question.
func (a *API) handleQuestionUpdate(w http.ResponseWriter, r *http.Request) error {
	var in ConsultationQuestionUpdate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	id, qid, err := questionRef(r)
	if err != nil {
		return err
	}
	v, err := a.managedConsultation(r)
	if err != nil {
		return err
	}
	var cur *cortege.ConsultationQuestion
	for _, q := range v.Questions {
		if q.ID == qid {
			cur = q
		}
	}
	if cur == nil {
		return cortege.Errorf(cortege.ENOTFOUND, "err.question.not_found")
	}
	qi := service.QuestionInput{Title: cur.Title, Help: cur.Help, Kind: cur.Kind, Method: cur.Method, Options: cur.Options,
		Grades: cur.Grades, Min: cur.Min, Max: cur.Max, Seats: cur.Seats, Blank: cur.Blank, ShowIf: cur.ShowIf, Number: cur.Number}
	setStr(&qi.Title, in.Title)
	setStr(&qi.Help, in.Help)
	setStr(&qi.Kind, in.Kind)
	setStr(&qi.Method, in.Method)
	if in.Options != nil {
		qi.Options = *in.Options
	}
	if in.Grades != nil {
		qi.Grades = *in.Grades
	}
	setInt(&qi.Min, in.Min)
	setInt(&qi.Max, in.Max)
	setInt(&qi.Seats, in.Seats)
	if in.Blank != nil {
		qi.Blank = *in.Blank
	}
	if len(in.ShowIf) > 0 {
		if qi.ShowIf, err = rawCondition(in.ShowIf); err != nil {
			return err
		}
	}
	if len(in.Number) > 0 {
		if qi.Number, err = rawNumberRule(in.Number); err != nil {
			return err
		}
	}
	q, err := a.svc.UpdateQuestion(r.Context(), httpx.Actor(r.Context()), id, qid, qi)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toConsultationQuestion(q))
}

func setInt(dst *int, v *int) {
	if v != nil {
		*dst = *v
	}
}

// handleQuestionMove puts a draft's question at another position and
// answers the questions in their new order.
func (a *API) handleQuestionMove(w http.ResponseWriter, r *http.Request) error {
	var in QuestionMove
	if err := decode(w, r, &in); err != nil {
		return err
	}
	id, qid, err := questionRef(r)
	if err != nil {
		return err
	}
	to := -1 // absent: refused by the service once it checked the rights
	if in.Position != nil {
		to = *in.Position
	}
	qs, err := a.svc.MoveQuestion(r.Context(), httpx.Actor(r.Context()), id, qid, to)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toQuestionList(qs))
}

// handleQuestionRemove removes a draft's question.
func (a *API) handleQuestionRemove(w http.ResponseWriter, r *http.Request) error {
	id, qid, err := questionRef(r)
	if err != nil {
		return err
	}
	if err := a.svc.RemoveQuestion(r.Context(), httpx.Actor(r.Context()), id, qid); err != nil {
		return err
	}
	return noContent(w)
}
