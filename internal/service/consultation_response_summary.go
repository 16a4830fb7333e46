package service

import (
	"context"
	"slices"
	"strconv"

	"codeberg.org/cortege/cortege"
)

// QuestionSummary sums up the answers to one question of a consultation
// whose answers are linked.
type QuestionSummary struct {
	Question *cortege.ConsultationQuestion
	Answered int // responses that answered it (blanks included)
	Blank    int
	// Counts, for single, yes/no and multiple: how many chose each
	// option; for ranking: how many ranked each option first.
	Counts []int
	// Grades, for grades: per option, how many gave each grade.
	Grades [][]int
	// Number, for number questions (nil when no one answered).
	Number *NumberSummary
	// Texts, for free text: every text, oldest response first (organisers
	// only).
	Texts []string
}

// NumberSummary is the spread of a number question's answers, in the
// answers' canonical decimal form (the mean rounded to 2 decimals).
type NumberSummary struct {
	Count                  int
	Min, Median, Mean, Max string
	min, max, sum          float64
	values                 []float64
}

// ResponseSummary sums up a consultation's answers question by question.
// Its organisers see it at any time, free texts included; anyone who may
// see the consultation sees it once its results are published, without
// the free texts (which may say who wrote them).
func (s *Service) ResponseSummary(ctx context.Context, a cortege.Actor, id string) ([]*QuestionSummary, int64, error) {
	q := s.db.Q()
	c, manage, _, err := s.linkedConsultation(ctx, q, a, id)
	if err != nil {
		return nil, 0, err
	}
	if !manage && c.State != cortege.ConsultationPublished {
		return nil, 0, cortege.Errorf(cortege.EFORBIDDEN, "err.consultation.embargo")
	}
	qs, err := q.ConsultationQuestions(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	out := make([]*QuestionSummary, 0, len(qs))
	byID := map[string]*QuestionSummary{}
	for _, x := range qs {
		sm := &QuestionSummary{Question: x}
		switch x.Kind {
		case cortege.QuestionSingle, cortege.QuestionYesNo, cortege.QuestionMultiple, cortege.QuestionRanking:
			sm.Counts = make([]int, len(x.Options))
		case cortege.QuestionGrades:
			sm.Grades = make([][]int, len(x.Options))
			for i := range sm.Grades {
				sm.Grades[i] = make([]int, len(x.Grades))
			}
		}
		out = append(out, sm)
		byID[x.ID] = sm
	}
	var total int64
	err = eachResponse(ctx, q, id, func(r ResponseRow) error {
		total++
		for _, ans := range r.Response.Answers {
			if sm := byID[ans.Question]; sm != nil {
				sm.add(ans, manage)
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	for _, sm := range out {
		sm.Number.finish()
	}
	return out, total, nil
}

// add counts one answer.
func (sm *QuestionSummary) add(a cortege.ResponseAnswer, texts bool) {
	sm.Answered++
	if a.Blank {
		sm.Blank++
		return
	}
	in := func(i, n int) bool { return i >= 0 && i < n }
	switch sm.Question.Kind {
	case cortege.QuestionRanking:
		if len(a.Choices) > 0 && in(a.Choices[0], len(sm.Counts)) {
			sm.Counts[a.Choices[0]]++
		}
	case cortege.QuestionSingle, cortege.QuestionYesNo, cortege.QuestionMultiple:
		for _, c := range a.Choices {
			if in(c, len(sm.Counts)) {
				sm.Counts[c]++
			}
		}
	case cortege.QuestionGrades:
		for o, g := range a.Grades {
			if in(o, len(sm.Grades)) && in(g, len(sm.Grades[o])) {
				sm.Grades[o][g]++
			}
		}
	case cortege.QuestionNumber:
		v, err := strconv.ParseFloat(a.Number, 64)
		if err != nil {
			return
		}
		if sm.Number == nil {
			sm.Number = &NumberSummary{min: v, max: v}
		}
		n := sm.Number
		n.Count++
		n.min, n.max, n.sum = min(n.min, v), max(n.max, v), n.sum+v
		n.values = append(n.values, v)
	case cortege.QuestionText:
		if texts {
			sm.Texts = append(sm.Texts, a.Text)
		}
	}
}

// finish computes the figures once every answer is in.
func (n *NumberSummary) finish() {
	if n == nil || n.Count == 0 {
		return
	}
	slices.Sort(n.values)
	k := len(n.values)
	med := n.values[k/2]
	if k%2 == 0 {
		med = (n.values[k/2-1] + n.values[k/2]) / 2
	}
	n.Min, n.Max, n.Median = cortege.FormatNumber(n.min), cortege.FormatNumber(n.max), cortege.FormatNumber(med)
	n.Mean = strconv.FormatFloat(n.sum/float64(n.Count), 'f', 2, 64)
	n.values = nil
}
