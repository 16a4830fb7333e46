package cortege

import "strings"

// Kinds of question. The first five are those of secret votes and have
// the same names as internal/tally's; QuestionText (free text, shared
// with events' registration questions) and number are for consultations
// whose answers may be linked.
const (
	QuestionSingle   = "single"   // one option (or blank)
	QuestionMultiple = "multiple" // between Min and Max options
	QuestionRanking  = "ranking"  // options in order of preference
	QuestionGrades   = "grades"   // one grade per option (majority judgement)
	QuestionYesNo    = "yesno"    // yes, no (or blank)
	QuestionNumber   = "number"   // a number: consultations only
)

// Counting methods, named as internal/tally names them.
const (
	MethodPlurality         = "plurality"
	MethodApproval          = "approval"
	MethodMajorityJudgement = "majority-judgement"
	MethodSchulze           = "schulze"
	MethodSTV               = "stv"
)

// Limits of a question.
const (
	MaxQuestionTitleLen = 300
	MaxQuestionHelpLen  = 2000
	MaxQuestionOptions  = 50
	MaxOptionLen        = 200
	MaxQuestionGrades   = 10
)

// ConsultationQuestion is one question of a consultation, in its order (Position from
// 0). Its ID ("q1", "q2"…) is stable once the consultation opens: the
// board and every ballot name questions by it.
type ConsultationQuestion struct {
	ID       string
	Position int
	Title    string
	Help     string
	Kind     string
	Method   string // counting method (secret kinds); set from Kind when empty
	Options  []string
	Grades   []string // grades: best first
	Min, Max int      // multiple: options chosen; ranking: Max options ranked (0: all)
	Seats    int      // stv
	Blank    bool     // a blank answer is allowed
	// ShowIf, for consultations only: show the question when question
	// ShowIf.Question (an earlier one) was answered with option
	// ShowIf.Option. Nil: always shown.
	ShowIf *QuestionCondition
	// Number, for a number question: its bounds and whether decimals are
	// allowed (nil: any integer).
	Number *NumberRule
}

// QuestionCondition is a question's conditional display.
type QuestionCondition struct {
	Question string // ID of an earlier single or yes/no question
	Option   int
}

// SecretKind reports whether kind may be asked in a secret vote.
func SecretKind(kind string) bool {
	switch kind {
	case QuestionSingle, QuestionMultiple, QuestionRanking, QuestionGrades, QuestionYesNo:
		return true
	}
	return false
}

// Validate trims and checks q as a question of a consultation (secret or
// not); errors name the field. The earlier questions are those before it,
// for its condition.
func (q *ConsultationQuestion) Validate(secret bool, earlier []*ConsultationQuestion) error {
	var err error
	if q.Title, err = CheckText("title", q.Title, MaxQuestionTitleLen, false); err != nil {
		return err
	}
	if q.Title == "" {
		return Invalid("title", "err.question.title.required")
	}
	if q.Help, err = CheckText("help", q.Help, MaxQuestionHelpLen, true); err != nil {
		return err
	}
	switch q.Kind {
	case QuestionText, QuestionNumber, QuestionIdeas:
		if secret {
			return Invalid("kind", "err.question.kind.not_secret")
		}
		q.Options, q.Grades, q.Min, q.Max, q.Seats, q.Method = nil, nil, 0, 0, 0, ""
		if q.Kind == QuestionIdeas {
			q.Blank = true // contributing an idea is never required
		}
	case QuestionYesNo:
		q.Options = []string{"yes", "no"}
	case QuestionSingle, QuestionMultiple, QuestionRanking, QuestionGrades:
	default:
		return Invalid("kind", "err.question.kind.invalid")
	}
	if q.Kind != QuestionNumber {
		q.Number = nil
	} else if q.Number != nil {
		if err := q.Number.check(); err != nil {
			return err
		}
	}
	if SecretKind(q.Kind) {
		if err := q.checkOptions(); err != nil {
			return err
		}
	}
	if q.ShowIf != nil {
		if secret {
			// A condition would make some ballots answer fewer questions,
			// and a blank the voter did not choose identify a path.
			return Invalid("show_if", "err.question.show_if.not_secret")
		}
		if err := q.checkCondition(earlier); err != nil {
			return err
		}
	}
	return nil
}

// checkOptions checks the options, grades, limits and method of a kind
// that is counted.
func (q *ConsultationQuestion) checkOptions() error {
	var opts []string
	seen := map[string]bool{}
	for _, o := range q.Options {
		o, err := CheckText("options", o, MaxOptionLen, false)
		if err != nil {
			return err
		}
		if o == "" {
			continue
		}
		if seen[strings.ToLower(o)] {
			return Invalid("options", "err.question.options.duplicate")
		}
		seen[strings.ToLower(o)] = true
		opts = append(opts, o)
	}
	q.Options = opts
	if len(q.Options) < 2 {
		return Invalid("options", "err.question.options.too_few")
	}
	if len(q.Options) > MaxQuestionOptions {
		return Invalid("options", "err.question.options.too_many")
	}
	switch q.Kind {
	case QuestionSingle, QuestionYesNo:
		q.Method, q.Min, q.Max, q.Seats, q.Grades = MethodPlurality, 0, 0, 0, nil
	case QuestionMultiple:
		q.Method, q.Seats, q.Grades = MethodApproval, 0, nil
		if q.Max == 0 {
			q.Max = len(q.Options)
		}
		if q.Min < 0 || q.Max < 1 || q.Max > len(q.Options) || q.Min > q.Max {
			return Invalid("max", "err.question.limits.invalid")
		}
	case QuestionRanking:
		q.Min, q.Grades = 0, nil
		if q.Method == "" {
			q.Method = MethodSchulze
		}
		if q.Max < 0 || q.Max > len(q.Options) {
			return Invalid("max", "err.question.limits.invalid")
		}
		switch q.Method {
		case MethodSchulze:
			q.Seats = 0
		case MethodSTV:
			if q.Seats < 1 || q.Seats >= len(q.Options) {
				return Invalid("seats", "err.question.seats.invalid")
			}
		default:
			return Invalid("method", "err.question.method.invalid")
		}
	case QuestionGrades:
		q.Method, q.Min, q.Max, q.Seats = MethodMajorityJudgement, 0, 0, 0
		var grades []string
		for _, g := range q.Grades {
			g, err := CheckText("grades", g, MaxOptionLen, false)
			if err != nil {
				return err
			}
			if g != "" {
				grades = append(grades, g)
			}
		}
		q.Grades = grades
		if len(q.Grades) < 2 || len(q.Grades) > MaxQuestionGrades {
			return Invalid("grades", "err.question.grades.invalid")
		}
	}
	return nil
}

// checkCondition checks that ShowIf names an earlier single or yes/no
// question and one of its options.
func (q *ConsultationQuestion) checkCondition(earlier []*ConsultationQuestion) error {
	for _, e := range earlier {
		if e.ID != q.ShowIf.Question {
			continue
		}
		if e.Kind != QuestionSingle && e.Kind != QuestionYesNo {
			return Invalid("show_if", "err.question.show_if.kind")
		}
		if q.ShowIf.Option < 0 || q.ShowIf.Option >= len(e.Options) {
			return Invalid("show_if", "err.question.show_if.option")
		}
		return nil
	}
	return Invalid("show_if", "err.question.show_if.earlier")
}
