package cortege_test

import (
	"math"
	"strconv"
	"testing"

	"codeberg.org/cortege/cortege"
)

func f64(v float64) *float64 { return &v }

// surveyQuestions: q1 yes/no; q2 text shown after "yes" (required then);
// q3 single shown after q2's question… q3 depends on q1 "no"; q4 a
// decimal number from -10 to 10, optional; q5 an ideas box.
func surveyQuestions() []*cortege.ConsultationQuestion {
	return []*cortege.ConsultationQuestion{
		{ID: "q1", Kind: cortege.QuestionYesNo, Options: []string{"yes", "no"}},
		{ID: "q2", Kind: cortege.QuestionText, ShowIf: &cortege.QuestionCondition{Question: "q1", Option: 0}},
		{ID: "q3", Kind: cortege.QuestionSingle, Options: []string{"a", "b"}, ShowIf: &cortege.QuestionCondition{Question: "q1", Option: 1}},
		{ID: "q4", Kind: cortege.QuestionNumber, Blank: true, Number: &cortege.NumberRule{Min: f64(-10), Max: f64(10), Decimal: true}},
		{ID: "q5", Kind: cortege.QuestionIdeas, Blank: true},
	}
}

func TestCheckResponse(t *testing.T) {
	qs := surveyQuestions()
	yes := cortege.ResponseAnswer{Question: "q1", Choices: []int{0}}
	no := cortege.ResponseAnswer{Question: "q1", Choices: []int{1}}
	for _, c := range []struct {
		name    string
		answers []cortege.ResponseAnswer
		clear   bool
		field   string // "" when accepted
		n       int    // answers kept
	}{
		{"yes and its text", []cortege.ResponseAnswer{yes, {Question: "q2", Text: " vélo "}}, false, "", 2},
		{"yes without its text", []cortege.ResponseAnswer{yes}, false, "q2", 0},
		{"no: q3 required, q2 not", []cortege.ResponseAnswer{no}, false, "q3", 0},
		{"no with q3", []cortege.ResponseAnswer{no, {Question: "q3", Choices: []int{1}}}, false, "", 2},
		{"no with q2 answered", []cortege.ResponseAnswer{no, {Question: "q2", Text: "x"}, {Question: "q3", Choices: []int{0}}}, false, "q2", 0},
		{"no with q2 cleared", []cortege.ResponseAnswer{no, {Question: "q2", Text: "x"}, {Question: "q3", Choices: []int{0}}}, true, "", 2},
		{"nothing", nil, false, "q1", 0},
		{"a number", []cortege.ResponseAnswer{no, {Question: "q3", Choices: []int{0}}, {Question: "q4", Number: "-2,50"}}, false, "", 3},
		{"a number too small", []cortege.ResponseAnswer{no, {Question: "q3", Choices: []int{0}}, {Question: "q4", Number: "-11"}}, false, "q4", 0},
		{"not a number", []cortege.ResponseAnswer{no, {Question: "q3", Choices: []int{0}}, {Question: "q4", Number: "1e3"}}, false, "q4", 0},
		{"an answer to the ideas box", []cortege.ResponseAnswer{no, {Question: "q3", Choices: []int{0}}, {Question: "q5", Text: "x"}}, false, "q5", 0},
		{"an unknown question", []cortege.ResponseAnswer{{Question: "q9", Choices: []int{0}}}, false, "answers", 0},
		{"twice the same", []cortege.ResponseAnswer{yes, yes}, false, "q1", 0},
		{"an option out of range", []cortege.ResponseAnswer{{Question: "q1", Choices: []int{2}}}, false, "q1", 0},
		{"text on a choice", []cortege.ResponseAnswer{{Question: "q1", Choices: []int{0}, Text: "x"}}, false, "q1", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := cortege.CheckResponse(qs, c.answers, c.clear)
			if c.field == "" {
				if err != nil || len(out) != c.n {
					t.Fatalf("got %+v, %v", out, err)
				}
				return
			}
			if e := cortege.ErrorOf(err); e == nil || e.Code != cortege.EINVALID || e.Field != c.field {
				t.Fatalf("got %v, want EINVALID on %s", err, c.field)
			}
		})
	}
	out, _ := cortege.CheckResponse(qs, []cortege.ResponseAnswer{no, {Question: "q3", Choices: []int{0}}, {Question: "q4", Number: "-2,50"}}, false)
	if out[2].Number != "-2.5" {
		t.Fatalf("canonical number %q", out[2].Number)
	}
}

// FuzzParseNumber: whatever is typed, a number is refused with a coded
// error or accepted within the rule, in a canonical form that reads back
// to itself.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"12", "3,5", "-0", " 1 000 ", "1e9", "0x10", "NaN", "Inf", "99999999999999999", ".5", "5.", "--1", "١٢"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, decimal bool) {
		q := &cortege.ConsultationQuestion{ID: "q1", Kind: cortege.QuestionNumber, Number: &cortege.NumberRule{Min: f64(-1e6), Max: f64(1e6), Decimal: decimal}}
		v, err := q.ParseNumber(s)
		if err != nil {
			if cortege.ErrorOf(err) == nil {
				t.Fatalf("uncoded error %v", err)
			}
			return
		}
		if math.IsNaN(v) || v < -1e6 || v > 1e6 || (!decimal && v != math.Trunc(v)) {
			t.Fatalf("%q accepted as %v", s, v)
		}
		c := cortege.FormatNumber(v)
		back, err := strconv.ParseFloat(c, 64)
		if err != nil || back != v {
			t.Fatalf("%q: canonical %q reads back %v, %v", s, c, back, err)
		}
		if again, err := q.ParseNumber(c); err != nil || again != v {
			t.Fatalf("canonical %q refused: %v", c, err)
		}
	})
}
