package web

import (
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
)

// FuzzQuestionInput feeds the questions editor's typed fields (options,
// numbers, the condition "q1:0") to questionInput: it never panics, an
// error names a field of the editor, options come out trimmed and
// non-empty, and a question that validates shows in the editor as values
// that read back to the same question.
func FuzzQuestionInput(f *testing.F) {
	f.Add("single", "Oui\nNon", "", "", "", "")
	f.Add("ranking", "Ana\r\n\r\n  Ben \nChloé", "", "2", "1", "")
	f.Add("multiple", "A\nB\nC", "1", "2", "", "")
	f.Add("yesno", "", "", "", "", "q1:1")
	f.Add("text", "", "-1", "x", "9999999999999999999", "q1:")
	f.Add("grades", "A\nB", "", "", "", ":0")
	f.Fuzz(func(t *testing.T, kind, options, min, max, seats, showIf string) {
		fm := &form{Name: "question", Values: map[string]string{"title": "Question", "kind": kind, "options": options,
			"grades": options, "min": min, "max": max, "seats": seats, "show_if": showIf}, Errors: map[string]string{}}
		in, err := questionInput(fm)
		if err != nil {
			e := cortege.ErrorOf(err)
			if e == nil || e.Code != cortege.EINVALID {
				t.Fatalf("%v", err)
			}
			found := false
			for _, k := range questionFields {
				found = found || k == e.Field
			}
			if !found {
				t.Fatalf("error on %q, not a field of the editor", e.Field)
			}
			return
		}
		for _, o := range in.Options {
			if o == "" || o != strings.TrimSpace(o) || strings.ContainsAny(o, "\r\n") {
				t.Fatalf("option %q", o)
			}
		}
		q := &cortege.ConsultationQuestion{ID: "q2", Title: in.Title, Kind: in.Kind, Method: in.Method, Options: in.Options,
			Grades: in.Grades, Min: in.Min, Max: in.Max, Seats: in.Seats, Blank: in.Blank, ShowIf: in.ShowIf}
		earlier := []*cortege.ConsultationQuestion{{ID: "q1", Title: "Avant", Kind: cortege.QuestionYesNo, Options: []string{"yes", "no"}}}
		if q.Validate(false, earlier) != nil {
			return
		}
		back := &form{Values: questionValues(q)}
		again, err := questionInput(back)
		if err != nil {
			t.Fatalf("the editor's values of a valid question are refused: %v", err)
		}
		if strings.Join(again.Options, "\n") != strings.Join(q.Options, "\n") && q.Kind != cortege.QuestionYesNo {
			t.Fatalf("options %q came back as %q", q.Options, again.Options)
		}
		if again.Min != q.Min || again.Max != q.Max || again.Seats != q.Seats || (again.ShowIf == nil) != (q.ShowIf == nil) {
			t.Fatalf("numbers or condition changed: %+v → %+v", q, again)
		}
	})
}

// FuzzNumberRuleInput feeds a number question's typed bounds to
// questionInput: it never panics, an error is on number_min or number_max,
// and a rule it accepts the domain accepts too, with the bounds read
// back to the same values.
func FuzzNumberRuleInput(f *testing.F) {
	f.Add("0", "12,5", "1")
	f.Add("", "40", "")
	f.Add("-inf", "1e3", "1")
	f.Add("50", "40", "")
	f.Add("20000000000000000", "NaN", "")
	f.Fuzz(func(t *testing.T, min, max, decimal string) {
		fm := &form{Name: "question", Values: map[string]string{"title": "Combien ?", "kind": cortege.QuestionNumber,
			"number_min": min, "number_max": max, "number_decimal": decimal}, Errors: map[string]string{}}
		in, err := questionInput(fm)
		if err != nil {
			e := cortege.ErrorOf(err)
			if e == nil || e.Code != cortege.EINVALID || e.Field != "number_min" && e.Field != "number_max" {
				t.Fatalf("%v", err)
			}
			return
		}
		q := &cortege.ConsultationQuestion{ID: "q1", Title: in.Title, Kind: in.Kind, Number: in.Number}
		if err := q.Validate(false, nil); err != nil {
			t.Fatalf("the editor accepted a rule the domain refuses: %+v: %v", in.Number, err)
		}
		if q.Number == nil {
			return
		}
		again, err := questionInput(&form{Values: questionValues(q)})
		if err != nil || again.Number == nil {
			t.Fatalf("the editor's values of a valid rule are refused: %v", err)
		}
		for _, p := range [][2]*float64{{q.Number.Min, again.Number.Min}, {q.Number.Max, again.Number.Max}} {
			if (p[0] == nil) != (p[1] == nil) || p[0] != nil && *p[0] != *p[1] {
				t.Fatalf("rule %+v came back as %+v", q.Number, again.Number)
			}
		}
	})
}
