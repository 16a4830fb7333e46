package cortege

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// QuestionIdeas is a consultation's ideas box: participants submit ideas
// (a title and a text) that others support, one support per member. Its
// ideas are rows of their own (ConsultationIdea), not answers of a
// response: an idea belongs to the box, is seen by every participant and
// outlives its author's response.
const QuestionIdeas = "ideas"

// Limits of linked answers and ideas.
const (
	MaxTextAnswerLen  = 5000
	MaxNumberLen      = 40
	MaxIdeaTitleLen   = 200
	MaxIdeaBodyLen    = 5000
	MaxIdeasPerMember = 20
)

// NumberRule is what a number question accepts: bounds (nil: none) and
// whether decimals are allowed (integers only otherwise).
type NumberRule struct {
	Min     *float64 `json:"min,omitempty"`
	Max     *float64 `json:"max,omitempty"`
	Decimal bool     `json:"decimal,omitempty"`
}

// check validates the rule itself.
func (r *NumberRule) check() error {
	for _, v := range []*float64{r.Min, r.Max} {
		if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0) || math.Abs(*v) > 1e15) {
			return Invalid("number", "err.question.number.bounds")
		}
	}
	if r.Min != nil && r.Max != nil && *r.Min > *r.Max {
		return Invalid("number", "err.question.number.bounds")
	}
	return nil
}

// Response is one participant's answers to a consultation whose answers
// are linked: exactly one of ProfileID (a signed-in participant, stored
// with their name), BrowserKey (the SHA-256 of a random key kept in the
// browser's cookie, for anyone with the link: weak, one per browser) and
// CodeHash (the hash of the invitation code that answered: one response
// per code, linked to no name) says whose it is.
type Response struct {
	ID             string
	ConsultationID string
	ProfileID      string
	BrowserKey     string
	CodeHash       string
	Answers        []ResponseAnswer
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// ResponseAnswer is the answer to one question: Choices are option
// indexes (single, yes/no: one; multiple: ascending; ranking: in order of
// preference), Grades one grade index per option, Text free text, Number
// a number in canonical decimal form. Blank is an explicit blank.
type ResponseAnswer struct {
	Question string `json:"q"`
	Blank    bool   `json:"blank,omitempty"`
	Choices  []int  `json:"choices,omitempty"`
	Grades   []int  `json:"grades,omitempty"`
	Text     string `json:"text,omitempty"`
	Number   string `json:"number,omitempty"`
}

// empty reports whether a says nothing (an unanswered question).
func (a ResponseAnswer) empty() bool {
	return !a.Blank && len(a.Choices) == 0 && len(a.Grades) == 0 && a.Text == "" && a.Number == ""
}

// Visible reports which questions are shown given the answers: a question
// with a condition is shown when its earlier question is shown and was
// answered with the condition's option.
func Visible(qs []*ConsultationQuestion, answers []ResponseAnswer) map[string]bool {
	by := map[string]ResponseAnswer{}
	for _, a := range answers {
		by[a.Question] = a
	}
	shown := map[string]bool{}
	for _, q := range qs {
		if q.ShowIf == nil {
			shown[q.ID] = true
			continue
		}
		a, ok := by[q.ShowIf.Question]
		shown[q.ID] = ok && shown[q.ShowIf.Question] && !a.Blank && len(a.Choices) == 1 && a.Choices[0] == q.ShowIf.Option
	}
	return shown
}

// CheckResponse validates answers against a consultation's questions and
// returns them in question order, normalised. A question is required when
// it allows no blank and is shown; an answer to a hidden question is
// refused (EINVALID naming it) or, with clearHidden, dropped (a form that
// showed every question with "answer only if…"). An ideas box takes no
// answer. Errors name the question's ID as the field.
func CheckResponse(qs []*ConsultationQuestion, answers []ResponseAnswer, clearHidden bool) ([]ResponseAnswer, error) {
	byQ := map[string]ResponseAnswer{}
	known := map[string]*ConsultationQuestion{}
	for _, q := range qs {
		known[q.ID] = q
	}
	for _, a := range answers {
		q, ok := known[a.Question]
		if !ok {
			return nil, Invalid("answers", "err.response.question_unknown")
		}
		if _, dup := byQ[a.Question]; dup {
			return nil, Invalid(q.ID, "err.response.duplicate")
		}
		byQ[a.Question] = a
	}
	// Conditions depend only on earlier single or yes/no answers, so
	// those are checked first, in order, before visibility is decided.
	var out []ResponseAnswer
	var seen []ResponseAnswer
	for _, q := range qs {
		a, ok := byQ[q.ID]
		shown := Visible(qs, seen)[q.ID]
		if ok && a.empty() {
			ok = false
		}
		switch {
		case !shown && ok && clearHidden:
			continue
		case !shown && ok:
			return nil, Invalid(q.ID, "err.response.hidden")
		case !shown:
			continue
		case q.Kind == QuestionIdeas:
			if ok {
				return nil, Invalid(q.ID, "err.response.ideas_no_answer")
			}
			continue
		case !ok:
			if !q.Blank {
				return nil, Invalid(q.ID, "err.response.required")
			}
			continue
		}
		a.Question = q.ID
		if err := q.checkAnswer(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
		seen = append(seen, a)
	}
	return out, nil
}

// checkAnswer validates and normalises one answer to q.
func (q *ConsultationQuestion) checkAnswer(a *ResponseAnswer) error {
	bad := Invalid(q.ID, "err.response.invalid")
	if a.Blank {
		if !q.Blank {
			return Invalid(q.ID, "err.response.required")
		}
		*a = ResponseAnswer{Question: q.ID, Blank: true}
		return nil
	}
	n := len(q.Options)
	inRange := func(xs []int, n int) bool {
		for _, x := range xs {
			if x < 0 || x >= n {
				return false
			}
		}
		return true
	}
	distinct := func(xs []int) bool {
		s := slices.Clone(xs)
		slices.Sort(s)
		return len(slices.Compact(s)) == len(xs)
	}
	if q.Kind != QuestionText && a.Text != "" || q.Kind != QuestionNumber && a.Number != "" {
		return bad
	}
	switch q.Kind {
	case QuestionSingle, QuestionYesNo:
		if len(a.Choices) != 1 || len(a.Grades) > 0 || !inRange(a.Choices, n) {
			return bad
		}
	case QuestionMultiple:
		slices.Sort(a.Choices)
		if len(a.Grades) > 0 || !inRange(a.Choices, n) || !distinct(a.Choices) {
			return bad
		}
		if len(a.Choices) < q.Min || (q.Max > 0 && len(a.Choices) > q.Max) {
			return Invalid(q.ID, "err.response.choices_count")
		}
	case QuestionRanking:
		if len(a.Grades) > 0 || len(a.Choices) == 0 || !inRange(a.Choices, n) || !distinct(a.Choices) {
			return bad
		}
		if q.Max > 0 && len(a.Choices) > q.Max {
			return Invalid(q.ID, "err.response.choices_count")
		}
	case QuestionGrades:
		if len(a.Choices) > 0 || len(a.Grades) != n || !inRange(a.Grades, len(q.Grades)) {
			return bad
		}
	case QuestionText:
		if len(a.Choices) > 0 || len(a.Grades) > 0 {
			return bad
		}
		t, err := CheckText(q.ID, a.Text, MaxTextAnswerLen, true)
		if err != nil {
			return err
		}
		if t == "" {
			return Invalid(q.ID, "err.response.required")
		}
		a.Text = t
	case QuestionNumber:
		if len(a.Choices) > 0 || len(a.Grades) > 0 {
			return bad
		}
		v, err := q.ParseNumber(a.Number)
		if err != nil {
			return err
		}
		a.Number = FormatNumber(v)
	default:
		return bad
	}
	return nil
}

// ParseNumber reads a number typed for q (a comma or a point as decimal
// separator, spaces ignored) and checks it against the question's rule.
func (q *ConsultationQuestion) ParseNumber(s string) (float64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", ".")
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, s)
	if s == "" || len(s) > MaxNumberLen || strings.ContainsAny(s, "eExXpP_") {
		return 0, Invalid(q.ID, "err.response.number.invalid")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e15 {
		return 0, Invalid(q.ID, "err.response.number.invalid")
	}
	r := q.Number
	if r == nil {
		r = &NumberRule{}
	}
	if !r.Decimal && v != math.Trunc(v) {
		return 0, Invalid(q.ID, "err.response.number.integer")
	}
	if r.Min != nil && v < *r.Min {
		return 0, Invalid(q.ID, "err.response.number.too_small")
	}
	if r.Max != nil && v > *r.Max {
		return 0, Invalid(q.ID, "err.response.number.too_large")
	}
	return v, nil
}

// FormatNumber is a number's canonical form: the shortest decimal that
// reads back the same, never an exponent.
func FormatNumber(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// CanEditResponse reports whether a response to c may still be written,
// edited or withdrawn at now: only while the consultation accepts answers.
func CanEditResponse(c *Consultation, now time.Time) bool { return !c.Secret && c.Accepting(now) }

// ConsultationIdea is an idea submitted to a consultation's ideas box
// (a question of kind QuestionIdeas), with its count of supports.
type ConsultationIdea struct {
	ID             string
	ConsultationID string
	QuestionID     string
	ProfileID      string // the author
	Title          string
	Body           string
	Supports       int
	CreatedAt      time.Time
}

// Validate trims and checks an idea's texts; errors name the field.
func (i *ConsultationIdea) Validate() error {
	var err error
	if i.Title, err = CheckText("title", i.Title, MaxIdeaTitleLen, false); err != nil {
		return err
	}
	if i.Title == "" {
		return Invalid("title", "err.idea.title.required")
	}
	if i.Body, err = CheckText("body", i.Body, MaxIdeaBodyLen, true); err != nil {
		return err
	}
	return nil
}
