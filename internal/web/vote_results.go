package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/tally"
)

// voteResultsData is the results page: participation, then each question
// with its figures (formatted as `cortege tally verify` prints them:
// tally.Percent, tally.FormatVotes), the method's intermediate steps and
// a chart drawn here, and the whole count as the command prints it.
type voteResultsData struct {
	C             *cortege.Consultation
	Path          string
	Ballots       int
	SignOffs      int
	Participation string // ballots / sign-offs, percent
	Questions     []*resultView
	Text          string // tally.WriteResults, to compare with the command's output
	Verify        string
}

// resultView is one question's result as the page shows it.
type resultView struct {
	Q       tally.Question
	R       tally.Result
	Number  int
	Options []string // labels (yes/no translated)
	Rows    []resultRow
	Winners string
	Chart   template.HTML
	// Judgement: the grade profile; Schulze: the pairwise matrix and the
	// strongest paths; STV: the stages.
	Judgement []judgementRow
	Matrix    [][]string // d, "-" on the diagonal
	Paths     [][]string // p
	Quota     string
	Stages    []stvStageView
}

// resultRow is an option's count and share.
type resultRow struct {
	Rank   int
	Option string
	Count  int
	Share  string
	Winner bool
}

// judgementRow is an option's grades.
type judgementRow struct {
	Rank          int
	Option        string
	Median        string
	Better, Worse int
	Distribution  []int
	Winner        bool
}

// stvStageView is one stage of an STV count.
type stvStageView struct {
	Number          int
	Action          string // translated
	Candidate       string
	Value           string
	Votes           []string
	NonTransferable string
	Lost            string
	Elected         string
	LotTie          bool
}

// tallyQuestion is what the counting engine knows of a question (the
// service's conversion, the board's form).
func tallyQuestion(x *cortege.ConsultationQuestion) tally.Question {
	q := tally.Question{ID: x.ID, Title: x.Title, Kind: tally.Kind(x.Kind), Method: tally.Method(x.Method),
		Options: x.Options, Grades: x.Grades, Min: x.Min, Max: x.Max, Seats: x.Seats, Blank: x.Blank}
	if x.Kind != cortege.QuestionMultiple && x.Kind != cortege.QuestionRanking {
		q.Max = 0
	}
	return q
}

// voteResults reads a vote's results for the request's actor: published
// ones for anyone who sees the vote, a closed one's for its managers;
// before, ENOTFOUND with the embargo's message.
func (w *Web) voteResults(r *http.Request) (*service.ConsultationView, []tally.Question, []tally.Result, *service.VoteCounts, error) {
	ctx := r.Context()
	a := httpx.Actor(ctx)
	v, err := w.svc.Consultation(ctx, a, r.PathValue("id"))
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if !v.Consultation.Secret {
		return nil, nil, nil, nil, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	rs, err := w.svc.VoteResults(ctx, a, v.Consultation.ID)
	if e := cortege.ErrorOf(err); e != nil && e.Code == cortege.EFORBIDDEN {
		return nil, nil, nil, nil, cortege.Errorf(cortege.ENOTFOUND, "votepage.results.embargo")
	} else if err != nil {
		return nil, nil, nil, nil, err
	}
	n, err := w.svc.VoteCountsOf(ctx, a, v.Consultation.ID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	qs := make([]tally.Question, len(v.Questions))
	for i, x := range v.Questions {
		qs[i] = tallyQuestion(x)
	}
	return v, qs, rs, n, nil
}

// handleVoteResults shows a vote's results.
func (w *Web) handleVoteResults(rw http.ResponseWriter, r *http.Request) error {
	v, qs, rs, n, err := w.voteResults(r)
	if err != nil {
		return err
	}
	lang := info(r).lang
	c := v.Consultation
	d := &voteResultsData{C: c, Path: "/votes/" + c.ID, Ballots: int(n.Ballots), SignOffs: int(n.SignOffs),
		Participation: tally.Percent(int(n.Ballots), int(n.SignOffs)), Verify: "cortege tally verify " + w.abs("/votes/"+c.ID+"/board.json")}
	var text bytes.Buffer
	tally.WriteResults(&text, qs, rs)
	d.Text = strings.TrimPrefix(text.String(), "\n")
	for k, q := range qs {
		if k < len(rs) {
			d.Questions = append(d.Questions, w.resultViewOf(lang, k, q, rs[k]))
		}
	}
	p, err := w.newPage(r, "votepage.results.title", d)
	if err != nil {
		return err
	}
	p.Title = w.cat.T(p.Lang, "votepage.results.title_of", c.Title)
	p.Meta.URL = w.abs(d.Path + "/results")
	return w.write(rw, http.StatusOK, "vote_results", p)
}

// resultViewOf builds one question's view.
func (w *Web) resultViewOf(lang string, k int, q tally.Question, r tally.Result) *resultView {
	t := func(key string, args ...any) string { return w.cat.T(lang, key, args...) }
	v := &resultView{Q: q, R: r, Number: k + 1}
	for _, o := range q.Options {
		if q.Kind == tally.KindYesNo {
			o = t("votepage.ballot." + o)
		}
		v.Options = append(v.Options, o)
	}
	win := map[int]bool{}
	var names []string
	for _, o := range r.Winners {
		win[o] = true
		names = append(names, v.Options[o])
	}
	v.Winners = strings.Join(names, ", ")
	rank := func(o int) int {
		if o < len(r.Rank) {
			return r.Rank[o]
		}
		return 0
	}
	switch {
	case r.Counts != nil:
		for o, c := range r.Counts.Counts {
			v.Rows = append(v.Rows, resultRow{Rank: rank(o), Option: v.Options[o], Count: c, Share: tally.Percent(c, r.Valid), Winner: win[o]})
		}
		v.Chart = countsChart("chart-"+q.ID, t("votepage.results.chart", q.Title), v.Rows, t("votepage.results.bar"))
	case r.Judgement != nil:
		j := r.Judgement
		for o := range q.Options {
			median := t("votepage.results.no_grade")
			if o < len(j.Median) && j.Median[o] >= 0 {
				median = j.Grades[j.Median[o]]
			}
			v.Judgement = append(v.Judgement, judgementRow{Rank: rank(o), Option: v.Options[o], Median: median,
				Better: j.Better[o], Worse: j.Worse[o], Distribution: j.Distribution[o], Winner: win[o]})
		}
		v.Chart = gradesChart("chart-"+q.ID, t("votepage.results.profile", q.Title), v.Judgement, j.Grades, r.Valid)
	case r.Schulze != nil:
		v.Matrix, v.Paths = matrixOf(r.Schulze.D), matrixOf(r.Schulze.P)
	case r.STV != nil:
		s := r.STV
		v.Quota = tally.FormatVotes(s.Quota)
		for i, st := range s.Stages {
			sv := stvStageView{Number: i + 1, Action: t("votepage.results.stv." + st.Action), NonTransferable: tally.FormatVotes(st.NonTransferable),
				Lost: tally.FormatVotes(st.Lost), LotTie: st.LotTie}
			if st.Candidate >= 0 && st.Candidate < len(v.Options) {
				sv.Candidate, sv.Value = v.Options[st.Candidate], tally.FormatVotes(st.Value)
			}
			for _, x := range st.Votes {
				sv.Votes = append(sv.Votes, tally.FormatVotes(x))
			}
			var el []string
			for _, o := range st.Elected {
				el = append(el, v.Options[o])
			}
			sv.Elected = strings.Join(el, ", ")
			v.Stages = append(v.Stages, sv)
		}
		if n := len(s.Stages); n > 0 {
			last := s.Stages[n-1]
			var bars []chartBar
			for o, x := range last.Votes {
				bars = append(bars, chartBar{Label: v.Options[o], Value: x, Text: tally.FormatVotes(x),
					Title: t("votepage.results.stv_bar", v.Options[o], tally.FormatVotes(x)), Strong: win[o]})
			}
			v.Chart = barsChart("chart-"+q.ID, t("votepage.results.stv_chart", q.Title), bars)
		}
	}
	return v
}

// matrixOf writes a square matrix with "-" on the diagonal, as the
// command prints it.
func matrixOf(m [][]int) [][]string {
	out := make([][]string, len(m))
	for i, row := range m {
		for j, x := range row {
			s := strconv.Itoa(x)
			if i == j {
				s = "-"
			}
			out[i] = append(out[i], s)
		}
	}
	return out
}

// voteResultsExport is the JSON export: the questions and results as the
// counting engine has them, and the participation.
type voteResultsExport struct {
	Vote      string           `json:"vote"`
	Title     string           `json:"title"`
	Ballots   int64            `json:"ballots"`
	SignOffs  int64            `json:"signoffs"`
	Questions []tally.Question `json:"questions"`
	Results   []tally.Result   `json:"results"`
}

// handleVoteResultsJSON exports the results as JSON.
func (w *Web) handleVoteResultsJSON(rw http.ResponseWriter, r *http.Request) error {
	v, qs, rs, n, err := w.voteResults(r)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(voteResultsExport{Vote: v.Consultation.ID, Title: v.Consultation.Title, Ballots: n.Ballots,
		SignOffs: n.SignOffs, Questions: qs, Results: rs}, "", "  ")
	if err != nil {
		return err
	}
	h := rw.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="results-`+v.Consultation.ID+`.json"`)
	_, err = rw.Write(append(b, '\n'))
	return err
}

// handleVoteResultsCSV exports the results as CSV, one line per figure:
// question, method, option, then what the method counts (count and
// share; majority grade, above and below; STV's last stage votes), the
// rank and whether it won; each question's answers, blanks and valid
// answers on a line of its own (option empty).
func (w *Web) handleVoteResultsCSV(rw http.ResponseWriter, r *http.Request) error {
	v, qs, rs, _, err := w.voteResults(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"question", "title", "method", "option", "count", "share", "majority_grade", "above", "below", "stv_votes", "rank", "winner"})
	for k, q := range qs {
		if k >= len(rs) {
			break
		}
		res := rs[k]
		win := map[int]bool{}
		for _, o := range res.Winners {
			win[o] = true
		}
		cw.Write([]string{q.ID, q.Title, string(q.Method), "", strconv.Itoa(res.Answers), "", "", "", "", "", "", ""})
		cw.Write([]string{q.ID, q.Title, string(q.Method), "(blank)", strconv.Itoa(res.Blank), tally.Percent(res.Blank, res.Answers), "", "", "", "", "", ""})
		for o, opt := range q.Options {
			row := []string{q.ID, q.Title, string(q.Method), opt, "", "", "", "", "", "", "", strconv.FormatBool(win[o])}
			if o < len(res.Rank) {
				row[10] = strconv.Itoa(res.Rank[o])
			}
			switch {
			case res.Counts != nil:
				row[4], row[5] = strconv.Itoa(res.Counts.Counts[o]), tally.Percent(res.Counts.Counts[o], res.Valid)
			case res.Judgement != nil:
				if m := res.Judgement.Median[o]; m >= 0 {
					row[6] = res.Judgement.Grades[m]
				}
				row[7], row[8] = strconv.Itoa(res.Judgement.Better[o]), strconv.Itoa(res.Judgement.Worse[o])
			case res.STV != nil && len(res.STV.Stages) > 0:
				row[9] = tally.FormatVotes(res.STV.Stages[len(res.STV.Stages)-1].Votes[o])
			}
			cw.Write(row)
		}
	}
	cw.Flush()
	h := rw.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="results-`+v.Consultation.ID+`.csv"`)
	_, err = rw.Write(buf.Bytes())
	return err
}
