package web

import (
	"net/url"
	"testing"

	"codeberg.org/cortege/cortege"
)

// fuzzQuestions is one question of every kind the answer form reads.
func fuzzQuestions() []*cortege.ConsultationQuestion {
	return []*cortege.ConsultationQuestion{
		{ID: "q1", Kind: cortege.QuestionSingle, Options: []string{"a", "b", "c"}, Blank: true},
		{ID: "q2", Kind: cortege.QuestionMultiple, Options: []string{"a", "b", "c"}, Min: 1, Max: 2},
		{ID: "q3", Kind: cortege.QuestionRanking, Options: []string{"a", "b", "c"}},
		{ID: "q4", Kind: cortege.QuestionGrades, Options: []string{"a", "b"}, Grades: []string{"+", "="}},
		{ID: "q5", Kind: cortege.QuestionText, ShowIf: &cortege.QuestionCondition{Question: "q1", Option: 0}},
		{ID: "q6", Kind: cortege.QuestionNumber, Blank: true},
		{ID: "q7", Kind: cortege.QuestionIdeas, Blank: true},
	}
}

func TestParseAnswersRanking(t *testing.T) {
	qs := fuzzQuestions()
	got, err := parseAnswers(qs, url.Values{"q3.rank.2": {"1"}, "q3.rank.0": {"2"}})
	if err != nil || len(got) != 1 || got[0].Choices[0] != 2 || got[0].Choices[1] != 0 {
		t.Fatalf("%+v, %v", got, err)
	}
	for _, v := range []url.Values{
		{"q3.rank.0": {"1"}, "q3.rank.1": {"1"}}, // twice first
		{"q3.rank.0": {"2"}},                     // a gap
		{"q3.rank.0": {"4"}},                     // out of range
		{"q1": {"3"}},                            // no such option
		{"q4.grade.0": {"0"}},                    // one grade of two
	} {
		if _, err := parseAnswers(qs, v); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Code != cortege.EINVALID {
			t.Errorf("%v: %v", v, err)
		}
	}
}

// FuzzParseAnswers: any posted form is read into answers or refused with
// a coded error naming a field; what is read never panics the checks.
func FuzzParseAnswers(f *testing.F) {
	for _, s := range []string{"q1=0&q2=1&q2=2&q3.rank.1=1&q4.grade.0=1&q4.grade.1=0&q6=3,5", "q1=blank", "q3.rank.0=1&q3.rank.0=2",
		"q2=0&q2=0&q2=0&q2=0", "q4.grade.0=-1", "q6=%00", "q5=%ff%fe", "q1=99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		qs := fuzzQuestions()
		answers, err := parseAnswers(qs, v)
		if err != nil {
			if cortege.ErrorOf(err) == nil {
				t.Fatalf("uncoded error %v", err)
			}
			return
		}
		if _, err := cortege.CheckResponse(qs, answers, true); err != nil && cortege.ErrorOf(err) == nil {
			t.Fatalf("uncoded error %v", err)
		}
	})
}
