package web

import (
	"net/url"
	"slices"
	"strconv"
	"testing"

	"codeberg.org/cortege/cortege/internal/service"
)

// ballotForm writes answers back as the form posts them: what a voter
// who chose them would send.
func ballotForm(ids []string, kinds map[string]string, answers []service.Answer) url.Values {
	f := url.Values{}
	for i, a := range answers {
		if i > 0 {
			f.Set(ballotQuestionsField, f.Get(ballotQuestionsField)+",")
		}
		f.Set(ballotQuestionsField, f.Get(ballotQuestionsField)+a.Question)
		switch {
		case a.Blank:
			f.Set(a.Question+".blank", "1")
		case kinds[a.Question] == "ranking":
			for r, o := range a.Choices {
				f.Set(a.Question+".rank."+strconv.Itoa(o), strconv.Itoa(r+1))
			}
		case a.Grades != nil:
			for o, g := range a.Grades {
				f.Set(a.Question+".grade."+strconv.Itoa(o), strconv.Itoa(g))
			}
		default:
			for _, o := range a.Choices {
				f.Add(a.Question, strconv.Itoa(o))
			}
		}
	}
	return f
}

func TestParseBallot(t *testing.T) {
	f := url.Values{"questions": {"q1,q3,q2,q4,q5"}, "q1": {"blank"}, "q3": {"2", "0", "2"}, "q2.rank.2": {"1"}, "q2.rank.0": {"3"}, "q2.rank.1": {""},
		"q4.grade.1": {"0"}, "q4.grade.0": {"3"}, "q5.blank": {"1"}}
	got, errs, err := parseBallot(f)
	if err != nil || len(errs) > 0 {
		t.Fatalf("parse: %v %v", err, errs)
	}
	want := []service.Answer{{Question: "q1", Blank: true}, {Question: "q3", Choices: []int{0, 2}}, {Question: "q2", Choices: []int{2, 0}},
		{Question: "q4", Grades: []int{3, 0}}, {Question: "q5", Blank: true}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i].Question != want[i].Question || got[i].Blank != want[i].Blank || !slices.Equal(got[i].Choices, want[i].Choices) || !slices.Equal(got[i].Grades, want[i].Grades) {
			t.Errorf("answer %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	for name, c := range map[string]struct {
		form url.Values
		key  string
	}{
		"rank twice":       {url.Values{"questions": {"q1"}, "q1.rank.0": {"1"}, "q1.rank.1": {"1"}}, "votepage.err.rank_twice"},
		"rank zero":        {url.Values{"questions": {"q1"}, "q1.rank.0": {"0"}}, "votepage.err.option"},
		"grade missing":    {url.Values{"questions": {"q1"}, "q1.grade.1": {"0"}}, "votepage.err.grade_missing"},
		"blank and choice": {url.Values{"questions": {"q1"}, "q1": {"1", "blank"}}, "votepage.err.blank_and_choice"},
		"not a number":     {url.Values{"questions": {"q1"}, "q1": {"01"}}, "votepage.err.option"},
		"a bad option key": {url.Values{"questions": {"q1"}, "q1.grade.x": {"1"}}, "votepage.err.option"},
		"ranks and boxes":  {url.Values{"questions": {"q1"}, "q1": {"1"}, "q1.rank.0": {"1"}}, "votepage.err.option"},
	} {
		_, errs, err := parseBallot(c.form)
		if err != nil || errs["q1"] != c.key {
			t.Errorf("%s: %v %v, want %s", name, err, errs, c.key)
		}
	}
	for _, qs := range []string{"", "q1,q1", "Q1", "q1,", "q-1"} {
		if _, _, err := parseBallot(url.Values{"questions": {qs}}); err == nil {
			t.Errorf("questions %q: read", qs)
		}
	}
}

// FuzzParseBallot: whatever a body holds, reading it never panics, every
// answer names a listed question in order, and what was read posts back
// (written as the form writes it) to the same answers.
func FuzzParseBallot(f *testing.F) {
	for _, s := range []string{
		"questions=q1,q2&q1=0&q2=1&q2=0",
		"questions=q1&q1=blank",
		"questions=q1&q1.rank.2=1&q1.rank.0=2&q1.rank.1=",
		"questions=q1&q1.grade.0=1&q1.grade.1=0",
		"questions=q1,q2&q1.blank=1&q2.grade.0=3",
		"questions=q1&q1.rank.0=1&q1.rank.1=1",
		"questions=q1&q1=x&q1.grade.999=1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		got, errs, err := parseBallot(form)
		if err != nil {
			return
		}
		ids, _ := ballotQuestions(form.Get(ballotQuestionsField))
		var kept []string
		kinds := map[string]string{}
		for _, id := range ids {
			if errs[id] == "" {
				kept = append(kept, id)
			}
			if len(form[id+".rank."+"0"]) > 0 || hasPrefixKey(form, id+".rank.") {
				kinds[id] = "ranking"
			}
		}
		if len(got) != len(kept) {
			t.Fatalf("%d answers for %d questions read", len(got), len(kept))
		}
		for i, a := range got {
			if a.Question != kept[i] {
				t.Fatalf("answer %d answers %q, want %q", i, a.Question, kept[i])
			}
			for _, x := range append(slices.Clone(a.Choices), a.Grades...) {
				if x < 0 || x >= maxBallotOption {
					t.Fatalf("an index out of range: %+v", a)
				}
			}
		}
		if len(got) == 0 {
			return
		}
		again, errs2, err := parseBallot(ballotForm(kept, kinds, got))
		if err != nil || len(errs2) > 0 || len(again) != len(got) {
			t.Fatalf("written back: %v %v %+v", err, errs2, again)
		}
		for i := range got {
			if again[i].Blank != got[i].Blank || !slices.Equal(again[i].Choices, got[i].Choices) || !slices.Equal(again[i].Grades, got[i].Grades) {
				t.Fatalf("written back %+v, read %+v", again[i], got[i])
			}
		}
	})
}

func hasPrefixKey(form url.Values, prefix string) bool {
	for k, vs := range form {
		if len(k) > len(prefix) && k[:len(prefix)] == prefix && len(vs) > 0 && vs[len(vs)-1] != "" {
			return true
		}
	}
	return false
}
