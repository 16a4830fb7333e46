package web

import (
	"net/url"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// Field names of the answer form, per question ID q: "q" for single and
// yes/no (an option's index, or "blank"), multiple (one value per option
// ticked), free text and numbers; "q.rank.I" the rank (1, 2…) given to
// option I of a ranking; "q.grade.I" the grade's index given to option I.

// maxFormValues bounds what parseAnswers reads of a posted form.
const maxFormValues = 2000

// parseAnswers reads the answer form's values for the questions qs. An
// answer it cannot read (an option that does not exist, two options
// ranked alike) is EINVALID naming the question; what it reads is
// checked by the service (kinds, bounds, conditions).
func parseAnswers(qs []*cortege.ConsultationQuestion, v url.Values) ([]cortege.ResponseAnswer, error) {
	if len(v) > maxFormValues {
		return nil, invalid("", "err.form.invalid")
	}
	var out []cortege.ResponseAnswer
	index := func(s string, n int) (int, bool) {
		i, err := strconv.Atoi(strings.TrimSpace(s))
		return i, err == nil && i >= 0 && i < n
	}
	for _, q := range qs {
		a := cortege.ResponseAnswer{Question: q.ID}
		switch q.Kind {
		case cortege.QuestionSingle, cortege.QuestionYesNo:
			s := v.Get(q.ID)
			switch {
			case s == "":
				continue
			case s == "blank":
				a.Blank = true
			default:
				i, ok := index(s, len(q.Options))
				if !ok {
					return nil, invalid(q.ID, "err.response.invalid")
				}
				a.Choices = []int{i}
			}
		case cortege.QuestionMultiple:
			vals := v[q.ID]
			if len(vals) > len(q.Options) {
				return nil, invalid(q.ID, "err.response.invalid")
			}
			for _, s := range vals {
				i, ok := index(s, len(q.Options))
				if !ok {
					return nil, invalid(q.ID, "err.response.invalid")
				}
				a.Choices = append(a.Choices, i)
			}
			if len(a.Choices) == 0 {
				continue
			}
		case cortege.QuestionRanking:
			order := make([]int, len(q.Options)) // rank-1 → option+1
			for o := range q.Options {
				s := strings.TrimSpace(v.Get(q.ID + ".rank." + strconv.Itoa(o)))
				if s == "" {
					continue
				}
				k, ok := index(s, len(q.Options)+1)
				if !ok || k == 0 || order[k-1] != 0 {
					return nil, invalid(q.ID, "err.response.ranking")
				}
				order[k-1] = o + 1
			}
			for k, o := range order {
				if o == 0 {
					for _, rest := range order[k:] {
						if rest != 0 {
							return nil, invalid(q.ID, "err.response.ranking")
						}
					}
					break
				}
				a.Choices = append(a.Choices, o-1)
			}
			if len(a.Choices) == 0 {
				continue
			}
		case cortege.QuestionGrades:
			given := 0
			a.Grades = make([]int, len(q.Options))
			for o := range q.Options {
				s := v.Get(q.ID + ".grade." + strconv.Itoa(o))
				if s == "" {
					a.Grades[o] = -1
					continue
				}
				g, ok := index(s, len(q.Grades))
				if !ok {
					return nil, invalid(q.ID, "err.response.invalid")
				}
				a.Grades[o] = g
				given++
			}
			if given == 0 {
				continue
			}
			if given < len(q.Options) {
				return nil, invalid(q.ID, "err.response.grades")
			}
		case cortege.QuestionText:
			if a.Text = v.Get(q.ID); strings.TrimSpace(a.Text) == "" {
				continue
			}
		case cortege.QuestionNumber:
			if a.Number = strings.TrimSpace(v.Get(q.ID)); a.Number == "" {
				continue
			}
		default:
			continue
		}
		out = append(out, a)
	}
	return out, nil
}

// respondQuestion is one question of the answer form as the template
// shows it, with the answer to show back.
type respondQuestion struct {
	Q        *cortege.ConsultationQuestion
	Num      int
	Required bool
	// Condition is the translated "answer only if…" of a conditional
	// question ("" when always shown); Hidden says the answers shown
	// back hide it.
	Condition string
	Hidden    bool
	Err       string
	Chosen    map[int]bool
	Rank      map[int]int // option → rank from 1
	Grade     map[int]int // option → grade index
	Blank     bool
	Text      string
	Ranks     []int // 1…len(options), for the rank selects
	Ideas     []service.IdeaView
	Min, Max  string // number bounds, "" when none
	Decimal   bool
}

// Is reports whether option i is chosen.
func (q *respondQuestion) Is(i int) bool { return q.Chosen[i] }

// RankOf is the rank given to option i, 0 when none.
func (q *respondQuestion) RankOf(i int) int { return q.Rank[i] }

// GradeIs reports whether option i got grade g.
func (q *respondQuestion) GradeIs(i, g int) bool { v, ok := q.Grade[i]; return ok && v == g }

// respondQuestions builds the form's questions from the answers to show
// back (nil for an empty form), with the messages of f by question ID.
func (w *Web) respondQuestions(lang string, qs []*cortege.ConsultationQuestion, answers []cortege.ResponseAnswer, f *form) []*respondQuestion {
	by := map[string]cortege.ResponseAnswer{}
	for _, a := range answers {
		by[a.Question] = a
	}
	shown := cortege.Visible(qs, answers)
	num := map[string]int{}
	out := make([]*respondQuestion, 0, len(qs))
	for i, q := range qs {
		num[q.ID] = i + 1
		rq := &respondQuestion{Q: q, Num: i + 1, Required: !q.Blank && q.ShowIf == nil, Chosen: map[int]bool{},
			Rank: map[int]int{}, Grade: map[int]int{}, Err: f.E(q.ID), Hidden: answers != nil && !shown[q.ID]}
		if q.ShowIf != nil {
			for _, e := range qs[:i] {
				if e.ID == q.ShowIf.Question && q.ShowIf.Option < len(e.Options) {
					opt := e.Options[q.ShowIf.Option]
					if e.Kind == cortege.QuestionYesNo {
						opt = w.cat.T(lang, "consultations.respond."+opt)
					}
					key := "consultations.respond.only_if"
					if !q.Blank {
						key = "consultations.respond.only_if_required"
					}
					rq.Condition = w.cat.T(lang, key, opt, num[e.ID])
				}
			}
		}
		for k := range q.Options {
			rq.Ranks = append(rq.Ranks, k+1)
		}
		if q.Number != nil {
			rq.Decimal = q.Number.Decimal
			if q.Number.Min != nil {
				rq.Min = cortege.FormatNumber(*q.Number.Min)
			}
			if q.Number.Max != nil {
				rq.Max = cortege.FormatNumber(*q.Number.Max)
			}
		}
		a, ok := by[q.ID]
		if ok {
			rq.Blank = a.Blank
			for k, c := range a.Choices {
				rq.Chosen[c] = true
				rq.Rank[c] = k + 1
			}
			for o, g := range a.Grades {
				if g >= 0 {
					rq.Grade[o] = g
				}
			}
			rq.Text = a.Text
			if q.Kind == cortege.QuestionNumber {
				rq.Text = a.Number
			}
		}
		out = append(out, rq)
	}
	return out
}
