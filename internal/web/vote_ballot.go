package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// The ballot form's fields. The questions it answers are listed, in
// order, in "questions" (their IDs, comma-separated), so that the cast
// can read the answers without reading the vote (it knows nobody and may
// not see a private group's vote): the service checks every answer
// against its question. For a question Q:
//   - Q: the option chosen (single, yes/no: a radio; multiple: one value
//     per box ticked), or "blank";
//   - Q.blank: a box "vote blank" (multiple, ranking, grades);
//   - Q.rank.O: the rank (1, 2…) given to option O, "" for none (ranking);
//   - Q.grade.O: the grade index given to option O (grades).
const (
	ballotQuestionsField = "questions"
	ballotBlank          = "blank"
	maxBallotOption      = 1000 // beyond any question's options: refused
)

// ballotErrors are the messages found while reading a ballot, by
// question ID (catalogue keys).
type ballotErrors map[string]string

// parseBallot reads a posted ballot into one answer per question listed
// in "questions", in their order. An answer that cannot be read (a value
// that is no option, a rank given twice, blank with a choice) is left
// out and named in the errors; whether each answer fits its question is
// the service's to say.
func parseBallot(form url.Values) ([]service.Answer, ballotErrors, error) {
	ids, err := ballotQuestions(form.Get(ballotQuestionsField))
	if err != nil {
		return nil, nil, err
	}
	errs := ballotErrors{}
	out := make([]service.Answer, 0, len(ids))
	for _, id := range ids {
		a, key := parseAnswer(form, id)
		if key != "" {
			errs[id] = key
			continue
		}
		out = append(out, a)
	}
	return out, errs, nil
}

// ballotQuestions reads the list of question IDs.
func ballotQuestions(s string) ([]string, error) {
	if s == "" || len(s) > 64*cortege.MaxConsultationQuestions {
		return nil, cortege.Invalid("answers", "err.vote.answers.count")
	}
	ids := strings.Split(s, ",")
	if len(ids) > cortege.MaxConsultationQuestions {
		return nil, cortege.Invalid("answers", "err.vote.answers.count")
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if !validQuestionID(id) || seen[id] {
			return nil, cortege.Invalid("answers", "err.vote.answers.count")
		}
		seen[id] = true
	}
	return ids, nil
}

// validQuestionID: 1 to 64 lower-case letters and digits ("q1").
func validQuestionID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range []byte(id) {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// optionIndex reads an option (or grade, or rank) number.
func optionIndex(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n >= maxBallotOption || strconv.Itoa(n) != s {
		return 0, false
	}
	return n, true
}

// indexed reads the fields "prefix<O>" into option → value, skipping
// empty values; ok is false when a field names no option.
func indexed(form url.Values, prefix string) (map[int]string, bool) {
	out := map[int]string{}
	for k, vs := range form {
		rest, found := strings.CutPrefix(k, prefix)
		if !found {
			continue
		}
		o, ok := optionIndex(rest)
		if !ok {
			return nil, false
		}
		if v := strings.TrimSpace(vs[len(vs)-1]); v != "" {
			out[o] = v
		}
	}
	return out, true
}

// parseAnswer reads the answer to question id; the key names what is
// wrong with it, "" when it could be read.
func parseAnswer(form url.Values, id string) (service.Answer, string) {
	a := service.Answer{Question: id}
	blank := form.Get(id+".blank") != ""
	for _, v := range form[id] {
		if v == ballotBlank {
			blank = true
			continue
		}
		o, ok := optionIndex(v)
		if !ok {
			return a, "votepage.err.option"
		}
		a.Choices = append(a.Choices, o)
	}
	ranks, ok1 := indexed(form, id+".rank.")
	grades, ok2 := indexed(form, id+".grade.")
	if !ok1 || !ok2 {
		return a, "votepage.err.option"
	}
	if len(ranks) > 0 {
		if len(a.Choices) > 0 {
			return a, "votepage.err.option"
		}
		byRank := map[int]int{}
		for o, v := range ranks {
			r, ok := optionIndex(v)
			if !ok || r < 1 {
				return a, "votepage.err.option"
			}
			if _, twice := byRank[r]; twice {
				return a, "votepage.err.rank_twice"
			}
			byRank[r] = o
		}
		rs := make([]int, 0, len(byRank))
		for r := range byRank {
			rs = append(rs, r)
		}
		slices.Sort(rs)
		for _, r := range rs {
			a.Choices = append(a.Choices, byRank[r])
		}
	}
	if len(grades) > 0 {
		if len(a.Choices) > 0 {
			return a, "votepage.err.option"
		}
		n := 0
		for o := range grades {
			n = max(n, o+1)
		}
		a.Grades = make([]int, n)
		for o := range n {
			v, ok := grades[o]
			if !ok {
				return a, "votepage.err.grade_missing"
			}
			g, ok := optionIndex(v)
			if !ok {
				return a, "votepage.err.option"
			}
			a.Grades[o] = g
		}
	}
	if blank {
		if len(a.Choices) > 0 || len(a.Grades) > 0 {
			return a, "votepage.err.blank_and_choice"
		}
		a.Blank = true
		return a, ""
	}
	if len(ranks) == 0 {
		// Boxes come in the order of the page; the board wants them
		// ascending, once each.
		slices.Sort(a.Choices)
		a.Choices = slices.Compact(a.Choices)
	}
	return a, ""
}

// ballotView is the ballot form as the page draws it: each question with
// the voter's choices kept when the form comes back with a message.
type ballotView struct {
	Questions []*ballotQuestion
	IDs       string // the "questions" field
}

// ballotQuestion is one question of the form.
type ballotQuestion struct {
	Q       *cortege.ConsultationQuestion
	Number  int
	Field   string // the field's name: the question's ID
	Err     string // translated message, "" when none
	Options []ballotOption
	Grades  []ballotOption
	Ranks   []int // 1 … the most options one may rank
	Blank   bool  // "blank" was chosen
	Limits  string
}

// ballotOption is an option with what the voter chose for it.
type ballotOption struct {
	Index   int
	Label   string
	Checked bool   // single, yes/no, multiple
	Rank    string // ranking: the rank chosen, "" for none
	Grade   string // grades: the grade chosen
	ID      string // the control's id
}

// GradeChecked tells whether grade g was chosen for the option.
func (o ballotOption) GradeChecked(g int) bool { return o.Grade == strconv.Itoa(g) }

// RankIs tells whether rank r was chosen for the option.
func (o ballotOption) RankIs(r int) bool { return o.Rank == strconv.Itoa(r) }

// newBallotView builds the form for the questions, with the voter's
// choices from form (nil: a fresh form) and the messages of errs.
func (w *Web) newBallotView(lang string, qs []*cortege.ConsultationQuestion, form url.Values, errs ballotErrors) *ballotView {
	v := &ballotView{}
	ids := make([]string, len(qs))
	for i, q := range qs {
		ids[i] = q.ID
		bq := &ballotQuestion{Q: q, Number: i + 1, Field: q.ID}
		if k := errs[q.ID]; k != "" {
			bq.Err = w.cat.T(lang, k)
		}
		chosen := form[q.ID]
		bq.Blank = slices.Contains(chosen, ballotBlank) || form.Get(q.ID+".blank") != ""
		for o, label := range q.Options {
			if q.Kind == cortege.QuestionYesNo {
				label = w.cat.T(lang, "votepage.ballot."+label)
			}
			idx := strconv.Itoa(o)
			bq.Options = append(bq.Options, ballotOption{Index: o, Label: label, ID: "b-" + q.ID + "-" + idx,
				Checked: slices.Contains(chosen, idx), Rank: form.Get(q.ID + ".rank." + idx), Grade: form.Get(q.ID + ".grade." + idx)})
		}
		for g, label := range q.Grades {
			bq.Grades = append(bq.Grades, ballotOption{Index: g, Label: label})
		}
		switch q.Kind {
		case cortege.QuestionMultiple:
			most := q.Max
			if most == 0 {
				most = len(q.Options)
			}
			bq.Limits = w.cat.T(lang, "votepage.ballot.limits", q.Min, most)
			if q.Min == 0 {
				bq.Limits = w.cat.T(lang, "votepage.ballot.limits_max", most)
			}
		case cortege.QuestionRanking:
			n := len(q.Options)
			if q.Max > 0 {
				n = q.Max
				bq.Limits = w.cat.T(lang, "votepage.ballot.rank_max", q.Max)
			} else {
				bq.Limits = w.cat.T(lang, "votepage.ballot.rank_all")
			}
			for r := 1; r <= n; r++ {
				bq.Ranks = append(bq.Ranks, r)
			}
		case cortege.QuestionGrades:
			bq.Limits = w.cat.T(lang, "votepage.ballot.grades")
		}
		v.Questions = append(v.Questions, bq)
	}
	v.IDs = strings.Join(ids, ",")
	return v
}
