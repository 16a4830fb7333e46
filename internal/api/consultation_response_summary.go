package api

import (
	"net/http"

	"codeberg.org/cortege/cortege/internal/httpx"
)

// QuestionSummary sums up the answers to one question: counts per option
// (a ranking's: first preferences), grades per option, the spread of
// numbers, and the free texts (organisers only).
type QuestionSummary struct {
	Question string         `json:"question"`
	Kind     string         `json:"kind"`
	Answered int            `json:"answered"`
	Blank    int            `json:"blank"`
	Counts   []int          `json:"counts,omitempty"`
	Grades   [][]int        `json:"grades,omitempty"`
	Number   *NumberSummary `json:"number,omitempty"`
	Texts    []string       `json:"texts,omitempty"`
}

// NumberSummary is the spread of a number question's answers.
type NumberSummary struct {
	Count  int    `json:"count"`
	Min    string `json:"min"`
	Median string `json:"median"`
	Mean   string `json:"mean"`
	Max    string `json:"max"`
}

// ResponseSummary answers GET …/summary.
type ResponseSummary struct {
	Responses int64             `json:"responses"`
	Questions []QuestionSummary `json:"questions"`
}

// handleResponseSummary sums up a consultation's answers: its organisers
// at any time, anyone who may see it once its results are published
// (without the free texts).
func (a *API) handleResponseSummary(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sum, total, err := a.svc.ResponseSummary(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	out := ResponseSummary{Responses: total, Questions: make([]QuestionSummary, 0, len(sum))}
	for _, s := range sum {
		q := QuestionSummary{Question: s.Question.ID, Kind: s.Question.Kind, Answered: s.Answered, Blank: s.Blank,
			Counts: s.Counts, Grades: s.Grades, Texts: s.Texts}
		if n := s.Number; n != nil {
			q.Number = &NumberSummary{Count: n.Count, Min: n.Min, Median: n.Median, Mean: n.Mean, Max: n.Max}
		}
		out.Questions = append(out.Questions, q)
	}
	return writeJSON(w, http.StatusOK, out)
}
