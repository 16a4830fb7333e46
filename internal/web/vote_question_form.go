package web

import (
	"errors"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// questionFields are the fields of the questions editor, named as the
// service's errors name them. Options and grades are typed one per line;
// show_if is "q1:0" (question q1 answered with its first option) or "";
// number_min, number_max and number_decimal are a number question's rule.
var questionFields = []string{"title", "help", "kind", "method", "options", "grades", "min", "max", "seats", "blank", "show_if",
	"number_min", "number_max", "number_decimal"}

// questionFormData is the view model of the questions editor.
type questionFormData struct {
	*voteTool
	Q          *cortege.ConsultationQuestion // nil when adding
	N          int                           // its number, from 1
	Kinds      []string
	Conditions [][2]string // show_if value, label: the options of earlier single and yes/no questions
}

// Action is where the form posts.
func (d *questionFormData) Action() string {
	if d.Q != nil {
		return d.Path("/questions/" + d.Q.ID + "/edit")
	}
	return d.Path("/questions/new")
}

// questionKinds are the kinds a vote may ask; a consultation also takes
// free text, numbers and an ideas box.
func questionKinds(secret bool) []string {
	k := []string{cortege.QuestionSingle, cortege.QuestionMultiple, cortege.QuestionRanking, cortege.QuestionGrades, cortege.QuestionYesNo}
	if !secret {
		k = append(k, cortege.QuestionText, cortege.QuestionNumber, cortege.QuestionIdeas)
	}
	return k
}

// draftVote is managedVote for the questions editor: a draft only (once
// open, the questions are frozen).
func (w *Web) draftVote(r *http.Request) (*voteTool, error) {
	t, err := w.managedVote(r, "questions")
	if err != nil {
		return nil, err
	}
	if !t.Draft() {
		return nil, cortege.Errorf(cortege.ECONFLICT, "err.consultation.not_draft")
	}
	return t, nil
}

// questionForm prepares the editor for question qid ("" to add one).
func (w *Web) questionForm(r *http.Request, t *voteTool, qid string) (*questionFormData, error) {
	d := &questionFormData{voteTool: t, Kinds: questionKinds(t.C().Secret), N: len(t.View.Questions) + 1}
	earlier := t.View.Questions
	if qid != "" {
		i := -1
		for j, q := range t.View.Questions {
			if q.ID == qid {
				i = j
			}
		}
		if i < 0 {
			return nil, cortege.Errorf(cortege.ENOTFOUND, "err.question.not_found")
		}
		d.Q, d.N, earlier = t.View.Questions[i], i+1, t.View.Questions[:i]
	}
	if !t.C().Secret {
		lang := info(r).lang
		for j, e := range earlier {
			if e.Kind != cortege.QuestionSingle && e.Kind != cortege.QuestionYesNo {
				continue
			}
			for k := range e.Options {
				d.Conditions = append(d.Conditions, [2]string{e.ID + ":" + strconv.Itoa(k),
					w.cat.T(lang, "vmanage.question.show_if_is", j+1, w.optionLabel(lang, e, k))})
			}
		}
	}
	return d, nil
}

// frozen answers a GET of the editor once the questions are frozen: the
// management page, which lists them and says so.
func (w *Web) frozen(rw http.ResponseWriter, r *http.Request, err error) error {
	if cortege.ErrorCode(err) == cortege.ECONFLICT {
		return w.redirect(rw, r, "/votes/"+r.PathValue("id")+"/manage#questions")
	}
	return err
}

// handleQuestionNew shows the editor to add a question.
func (w *Web) handleQuestionNew(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.draftVote(r)
	if err != nil {
		return w.frozen(rw, r, err)
	}
	d, err := w.questionForm(r, t, "")
	if err != nil {
		return err
	}
	f := newForm("question")
	f.Values = map[string]string{"kind": cortege.QuestionSingle, "blank": "1"}
	if k := r.URL.Query().Get("kind"); k != "" {
		f.Values["kind"] = k
	}
	return w.renderQuestionForm(rw, r, http.StatusOK, d, f)
}

// handleQuestionEdit shows the editor of one question.
func (w *Web) handleQuestionEdit(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.draftVote(r)
	if err != nil {
		return w.frozen(rw, r, err)
	}
	d, err := w.questionForm(r, t, r.PathValue("qid"))
	if err != nil {
		return err
	}
	f := newForm("question")
	f.Values = questionValues(d.Q)
	return w.renderQuestionForm(rw, r, http.StatusOK, d, f)
}

func (w *Web) renderQuestionForm(rw http.ResponseWriter, r *http.Request, status int, d *questionFormData, f *form) error {
	rw.Header().Set("Cache-Control", "private, no-store")
	title := "vmanage.question.new_title"
	if d.Q != nil {
		title = "vmanage.question.edit_title"
	}
	return w.render(rw, r, status, "vote_manage_question", title, d, f)
}

// handleQuestionAdd appends the question typed.
func (w *Web) handleQuestionAdd(rw http.ResponseWriter, r *http.Request) error {
	return w.questionPost(rw, r, "", "question_added", func(a cortege.Actor, id string, in service.QuestionInput) error {
		_, err := w.svc.AddQuestion(r.Context(), a, id, in)
		return err
	})
}

// handleQuestionUpdate rewrites a question.
func (w *Web) handleQuestionUpdate(rw http.ResponseWriter, r *http.Request) error {
	qid := r.PathValue("qid")
	return w.questionPost(rw, r, qid, "question_saved", func(a cortege.Actor, id string, in service.QuestionInput) error {
		_, err := w.svc.UpdateQuestion(r.Context(), a, id, qid, in)
		return err
	})
}

// questionPost reads the editor and runs save; a refusal comes back as
// the editor with what was typed and the message by its field.
func (w *Web) questionPost(rw http.ResponseWriter, r *http.Request, qid, done string, save func(a cortege.Actor, id string, in service.QuestionInput) error) error {
	t, err := w.draftVote(r)
	if err != nil {
		return err
	}
	d, err := w.questionForm(r, t, qid)
	if err != nil {
		return err
	}
	f, err := parseTextForm(rw, r, "question", questionFields...)
	if err == nil {
		var in service.QuestionInput
		if in, err = questionInput(f); err == nil {
			err = save(httpx.Actor(r.Context()), t.C().ID, in)
		}
	}
	if err != nil {
		if isTooLarge(err) {
			f.Summary = append(f.Summary, w.cat.T(info(r).lang, "err.upload.too_large"))
			return w.renderQuestionForm(rw, r, http.StatusRequestEntityTooLarge, d, f)
		}
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		return w.renderQuestionForm(rw, r, status, d, f)
	}
	return w.redirect(rw, r, t.Path("/manage?done="+done+"#questions"))
}

// handleQuestionMove moves a question one place up or down.
func (w *Web) handleQuestionMove(rw http.ResponseWriter, r *http.Request) error {
	return w.voteStep(rw, r, "question_moved", func(a cortege.Actor, id string) error {
		qid := r.PathValue("qid")
		v, err := w.svc.Consultation(r.Context(), a, id)
		if err != nil {
			return err
		}
		at := -1
		for i, q := range v.Questions {
			if q.ID == qid {
				at = i
			}
		}
		if at < 0 {
			return cortege.Errorf(cortege.ENOTFOUND, "err.question.not_found")
		}
		switch r.PostForm.Get("dir") {
		case "up":
			at--
		case "down":
			at++
		default:
			return invalid("position", "err.question.position.invalid")
		}
		_, err = w.svc.MoveQuestion(r.Context(), a, id, qid, at)
		return err
	})
}

// handleQuestionRemove removes a question (after its confirmation page).
func (w *Web) handleQuestionRemove(rw http.ResponseWriter, r *http.Request) error {
	return w.voteStep(rw, r, "question_removed", func(a cortege.Actor, id string) error {
		return w.svc.RemoveQuestion(r.Context(), a, id, r.PathValue("qid"))
	})
}

// questionInput turns the editor into the service's input, refusing here
// only what the service cannot see: a number that is not one, a
// condition that does not parse.
func questionInput(f *form) (service.QuestionInput, error) {
	in := service.QuestionInput{Title: f.V("title"), Help: f.V("help"), Kind: f.V("kind"), Method: f.V("method"),
		Options: lines(f.V("options")), Grades: lines(f.V("grades")), Blank: f.V("blank") == "1"}
	for _, x := range []struct {
		field string
		to    *int
	}{{"min", &in.Min}, {"max", &in.Max}, {"seats", &in.Seats}} {
		s := strings.TrimSpace(f.V(x.field))
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 1000 {
			return in, invalid(x.field, "err.vmanage.number")
		}
		*x.to = n
	}
	if s := strings.TrimSpace(f.V("show_if")); s != "" {
		qid, opt, ok := strings.Cut(s, ":")
		n, err := strconv.Atoi(opt)
		if !ok || err != nil || qid == "" || len(qid) > 20 {
			return in, invalid("show_if", "err.question.show_if.earlier")
		}
		in.ShowIf = &cortege.QuestionCondition{Question: qid, Option: n}
	}
	if in.Kind == cortege.QuestionNumber {
		r, err := numberRuleInput(f)
		if err != nil {
			return in, err
		}
		in.Number = r
	}
	return in, nil
}

// boundRE is a bound as typed (after a comma became a dot): digits, a
// sign, a decimal point; no exponent, no "inf".
var boundRE = regexp.MustCompile(`^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)$`)

// numberRuleInput reads a number question's rule: bounds typed with a
// dot or a comma (empty: none) and whether decimals are allowed; nil when
// nothing is set (any whole number). Bounds the domain would refuse are
// refused here by their own field.
func numberRuleInput(f *form) (*cortege.NumberRule, error) {
	r := &cortege.NumberRule{Decimal: f.V("number_decimal") == "1"}
	for _, x := range []struct {
		field string
		to    **float64
	}{{"number_min", &r.Min}, {"number_max", &r.Max}} {
		s := strings.ReplaceAll(strings.TrimSpace(f.V(x.field)), ",", ".")
		if s == "" {
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) || len(s) > cortege.MaxNumberLen || !boundRE.MatchString(s) {
			return nil, invalid(x.field, "err.consultadmin.number_rule.not_number")
		}
		if math.IsInf(v, 0) || math.Abs(v) > 1e15 {
			return nil, invalid(x.field, "err.consultadmin.number_rule.range")
		}
		*x.to = &v
	}
	if r.Min != nil && r.Max != nil && *r.Min > *r.Max {
		return nil, invalid("number_max", "err.question.number.bounds")
	}
	if r.Min == nil && r.Max == nil && !r.Decimal {
		return nil, nil
	}
	return r, nil
}

// lines splits a text box into its non-empty lines, trimmed; a line ends
// at LF, CRLF or a lone CR (old Mac line ends, or a pasted text).
func lines(s string) []string {
	var out []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// questionValues are a question as the editor shows it.
func questionValues(q *cortege.ConsultationQuestion) map[string]string {
	v := map[string]string{"title": q.Title, "help": q.Help, "kind": q.Kind, "method": q.Method}
	if q.Kind != cortege.QuestionYesNo {
		v["options"] = strings.Join(q.Options, "\n")
	}
	v["grades"] = strings.Join(q.Grades, "\n")
	for k, n := range map[string]int{"min": q.Min, "max": q.Max, "seats": q.Seats} {
		if n != 0 {
			v[k] = strconv.Itoa(n)
		}
	}
	if q.Blank {
		v["blank"] = "1"
	}
	if q.ShowIf != nil {
		v["show_if"] = q.ShowIf.Question + ":" + strconv.Itoa(q.ShowIf.Option)
	}
	if r := q.Number; r != nil {
		if r.Min != nil {
			v["number_min"] = cortege.FormatNumber(*r.Min)
		}
		if r.Max != nil {
			v["number_max"] = cortege.FormatNumber(*r.Max)
		}
		if r.Decimal {
			v["number_decimal"] = "1"
		}
	}
	return v
}
