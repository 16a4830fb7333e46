package api

import (
	"encoding/json"
	"testing"

	"codeberg.org/cortege/cortege"
)

// FuzzNumberRule feeds a question's "number" as PATCH sends it to
// rawNumberRule: it never panics, an error is EINVALID on number or one of
// its bounds, and a rule it accepts the domain accepts too.
func FuzzNumberRule(f *testing.F) {
	for _, s := range []string{`null`, `{"min":0,"max":12.5,"decimal":true}`, `{"max":-2e15}`, `{"min":5,"max":2}`,
		`{"step":1}`, `[1,2]`, `{"min":"1"}`, `{"max":1e400}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return
		}
		r, err := rawNumberRule(raw)
		if err != nil {
			code, field := "", ""
			if e := cortege.ErrorOf(err); e != nil {
				code, field = e.Code, e.Field
			} else if h, ok := err.(*httpError); ok {
				code, field = h.code, h.field
			}
			if code != cortege.EINVALID || field != "number" && field != "number.min" && field != "number.max" && field != "number.decimal" {
				t.Fatalf("%s: %v on %q", raw, err, field)
			}
			return
		}
		q := &cortege.ConsultationQuestion{ID: "q1", Title: "Combien ?", Kind: cortege.QuestionNumber, Number: r}
		if err := q.Validate(false, nil); err != nil {
			t.Fatalf("%s accepted, refused by the domain: %v", raw, err)
		}
	})
}
