package tally

import (
	"errors"
	"fmt"
)

// MaxOptions and MaxGrades bound a question, so that counting (Schulze's
// matrix, STV's rounds) stays small whatever a board says.
const (
	MaxOptions   = 200
	MaxGrades    = 20
	MaxQuestions = 100
)

// ErrQuestion is wrapped by every error of Validate.
var ErrQuestion = errors.New("invalid question")

// Validate tells whether q is a question the counting methods can count:
// an ID, a kind and a method that go together, options (two at least;
// exactly "yes" and "no" for yesno), grades for a grades question, limits
// that can be met and seats for STV.
func (q Question) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w %q: %s", ErrQuestion, q.ID, fmt.Sprintf(format, args...))
	}
	if q.ID == "" || len(q.ID) > 64 {
		return bad("the ID must have 1 to 64 characters")
	}
	n := len(q.Options)
	if n < 2 || n > MaxOptions {
		return bad("%d options, between 2 and %d expected", n, MaxOptions)
	}
	seen := map[string]bool{}
	for _, o := range q.Options {
		if seen[o] {
			return bad("option %q given twice", o)
		}
		seen[o] = true
	}
	if q.Kind != KindGrades && len(q.Grades) > 0 {
		return bad("only a grades question has grades")
	}
	if q.Kind != KindMultiple && q.Min != 0 {
		return bad("only a multiple-choice question has a minimum")
	}
	if q.Kind != KindMultiple && q.Kind != KindRanking && q.Max != 0 {
		return bad("only multiple-choice and ranking questions have a maximum")
	}
	if q.Method != STV && q.Seats != 0 {
		return bad("only STV has seats")
	}
	want := map[Kind][]Method{
		KindSingle:   {Plurality},
		KindYesNo:    {Plurality},
		KindMultiple: {Approval},
		KindRanking:  {Schulze, STV},
		KindGrades:   {MajorityJudgement},
	}
	methods, ok := want[q.Kind]
	if !ok {
		return bad("unknown kind %q", q.Kind)
	}
	found := false
	for _, m := range methods {
		found = found || m == q.Method
	}
	if !found {
		return bad("a %s question is not counted by %q", q.Kind, q.Method)
	}
	switch q.Kind {
	case KindYesNo:
		if n != 2 || q.Options[0] != "yes" || q.Options[1] != "no" {
			return bad(`a yes/no question's options are ["yes","no"]`)
		}
	case KindMultiple:
		if q.Min < 0 || q.Max < 0 || q.Max > n || (q.Max > 0 && q.Min > q.Max) || q.Min > n {
			return bad("min %d and max %d do not fit %d options", q.Min, q.Max, n)
		}
	case KindRanking:
		if q.Max < 0 || q.Max > n {
			return bad("max %d does not fit %d options", q.Max, n)
		}
		if q.Method == STV && (q.Seats < 1 || q.Seats >= n) {
			return bad("%d seats for %d candidates", q.Seats, n)
		}
	case KindGrades:
		if len(q.Grades) < 2 || len(q.Grades) > MaxGrades {
			return bad("%d grades, between 2 and %d expected", len(q.Grades), MaxGrades)
		}
	}
	return nil
}
