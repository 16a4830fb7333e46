package web

import (
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// registerVoteManage adds the organisers' pages of consultations and votes
// (issue 14): the lists (a group's at /@handle/votes, the instance's at
// /votes), writing one (/@handle/votes/new, /votes/new), its management
// page /votes/{id}/manage (state, running counts, open, close, publish,
// questions), its settings /votes/{id}/edit, the questions editor, the
// invitation codes and the envelope list. Who may act is the service's
// decision: these pages ask it and map its refusals.
func (w *Web) registerVoteManage(mux router) {
	mux.HandleFunc("GET /votes", w.wrap(anyone, w.handleVoteList))
	mux.HandleFunc("GET /votes/new", w.wrap(admin, w.handleVoteNew))
	mux.HandleFunc("POST /votes/new", w.wrap(admin, w.handleVoteCreate))
	w.atRoute("GET /{handle}/votes", anyone, w.handleGroupVoteList)
	w.atRoute("GET /{handle}/votes/new", member, w.handleVoteNew)
	w.atRoute("POST /{handle}/votes/new", member, w.handleVoteCreate)

	mux.HandleFunc("GET /votes/{id}/manage", w.wrap(member, w.handleVoteManage))
	mux.HandleFunc("GET /votes/{id}/edit", w.wrap(member, w.handleVoteEdit))
	mux.HandleFunc("POST /votes/{id}/edit", w.wrap(member, w.handleVoteUpdate))
	w.confirmed(w.muxReg(mux, member), "/votes/{id}/delete", w.confirmVoteStep("vote_delete"), w.handleVoteDelete)
	w.confirmed(w.muxReg(mux, member), "/votes/{id}/open", w.confirmVoteStep("vote_open"), w.handleVoteOpen)
	w.confirmed(w.muxReg(mux, member), "/votes/{id}/close", w.confirmVoteStep("vote_close"), w.handleVoteClose)
	w.confirmed(w.muxReg(mux, member), "/votes/{id}/publish", w.confirmVoteStep("vote_publish"), w.handleVotePublish)

	mux.HandleFunc("GET /votes/{id}/questions/new", w.wrap(member, w.handleQuestionNew))
	mux.HandleFunc("POST /votes/{id}/questions/new", w.wrap(member, w.handleQuestionAdd))
	mux.HandleFunc("GET /votes/{id}/questions/{qid}/edit", w.wrap(member, w.handleQuestionEdit))
	mux.HandleFunc("POST /votes/{id}/questions/{qid}/edit", w.wrap(member, w.handleQuestionUpdate))
	mux.HandleFunc("POST /votes/{id}/questions/{qid}/move", w.wrap(member, w.handleQuestionMove))
	w.confirmed(w.muxReg(mux, member), "/votes/{id}/questions/{qid}/remove", w.confirmQuestionRemove(), w.handleQuestionRemove)

	mux.HandleFunc("GET /votes/{id}/codes", w.wrap(member, w.handleVoteCodes))
	mux.HandleFunc("POST /votes/{id}/codes", w.wrap(member, w.handleVoteCodesGenerate))
	mux.HandleFunc("POST /votes/{id}/codes/reprint", w.wrap(member, w.handleVoteSlipReprint))
	w.confirmed(w.muxReg(mux, member), "/votes/{id}/codes/void", w.confirmVoteStep("slip_void"), w.handleVoteSlipVoid)
	mux.HandleFunc("POST /votes/{id}/envelopes", w.wrap(member, w.handleVoteEnvelopes))
}

// voteTool is what every organiser page of a consultation or vote shows
// on top: the consultation as its manager sees it, its group (nil for
// the instance's) and which tab is open.
type voteTool struct {
	View  *service.ConsultationView
	Group *cortege.Group
	Tab   string
}

// C is the consultation.
func (t *voteTool) C() *cortege.Consultation { return t.View.Consultation }

// Path is a path under the consultation's own (/votes/ID + rest).
func (t *voteTool) Path(rest string) string { return "/votes/" + t.View.Consultation.ID + rest }

// ListPath is the list it belongs to: its group's, or the instance's.
func (t *voteTool) ListPath() string {
	if t.Group != nil {
		return "/@" + t.Group.Handle + "/votes"
	}
	return "/votes"
}

// Draft reports whether it may still be edited.
func (t *voteTool) Draft() bool { return t.View.Consultation.CanEdit() }

// Codes reports whether it is open to holders of invitation codes.
func (t *voteTool) Codes() bool { return t.View.Consultation.Audience == cortege.AudienceCodes }

// managedVote reads the consultation of the request's path for one who
// manages it; anyone else gets the service's refusal (not found for a
// draft or a group they may not see, forbidden otherwise).
func (w *Web) managedVote(r *http.Request, tab string) (*voteTool, error) {
	a := httpx.Actor(r.Context())
	v, err := w.svc.Consultation(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if !v.Manage {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.consultation.forbidden")
	}
	t := &voteTool{View: v, Tab: tab}
	if gid := v.Consultation.GroupID; gid != "" {
		if t.Group, err = w.svc.GroupByID(r.Context(), a, gid); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// voteDone are the confirmations a management page shows after a redirect
// (?done=KEY): only these, so a link cannot make a page say anything else.
var voteDone = map[string]bool{
	"created": true, "saved": true, "opened": true, "closed": true, "published": true,
	"question_added": true, "question_saved": true, "question_moved": true, "question_removed": true,
	"slip_voided": true,
}

// voteDoneKey is the catalogue key of the confirmation asked for by ?done=.
func voteDoneKey(r *http.Request) string {
	if k := r.URL.Query().Get("done"); voteDone[k] {
		return "vmanage.done." + k
	}
	return ""
}

// voteManageData is the view model of the management page.
type voteManageData struct {
	*voteTool
	Done       string
	State      string
	Counts     *service.VoteCounts
	CanOpen    bool
	CanClose   bool
	CanPublish bool
	Results    bool // closed or published: the results page has something to show
	// Responses, for a consultation whose answers are linked (not secret)
	// and no longer a draft: how many it has had.
	Responses int64
	Questions []*questionRow
	// Opens and Closes are the times in the consultation's zone, named.
	Opens, Closes string
}

// questionRow is one question in the management page's list.
type questionRow struct {
	Q      *cortege.ConsultationQuestion
	N      int // from 1
	First  bool
	Last   bool
	ShowIf string // "question 1 is Oui", when conditional
	Rule   string // a number question's rule, "at least 0 · whole numbers"
}

// handleVoteManage shows a consultation's state, its running counts, the
// steps open to its managers and its questions.
func (w *Web) handleVoteManage(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.managedVote(r, "manage")
	if err != nil {
		return err
	}
	return w.renderVoteManage(rw, r, http.StatusOK, t, nil)
}

func (w *Web) renderVoteManage(rw http.ResponseWriter, r *http.Request, status int, t *voteTool, f *form) error {
	c := t.C()
	now := w.svc.Now()
	d := &voteManageData{voteTool: t, Done: voteDoneKey(r), State: t.View.State,
		CanOpen: c.CanMove(cortege.ConsultationOpen, now), CanClose: c.CanMove(cortege.ConsultationClosed, now),
		CanPublish: c.CanMove(cortege.ConsultationPublished, now)}
	d.Results = d.State == cortege.ConsultationClosed || d.State == cortege.ConsultationPublished
	lang := info(r).lang
	d.Opens, d.Closes = zonedTime(lang, c.OpensAt, c.Location()), zonedTime(lang, c.ClosesAt, c.Location())
	if c.State != cortege.ConsultationDraft {
		counts, err := w.svc.VoteCountsOf(r.Context(), httpx.Actor(r.Context()), c.ID)
		if err != nil {
			return err
		}
		d.Counts = counts
		if !c.Secret {
			_, total, err := w.svc.ResponseSummary(r.Context(), httpx.Actor(r.Context()), c.ID)
			if err != nil {
				return err
			}
			d.Responses = total
		}
	}
	d.Questions = w.questionRows(r, t.View.Questions)
	rw.Header().Set("Cache-Control", "private, no-store")
	return w.render(rw, r, status, "vote_manage", "vmanage.manage.title", d, f)
}

// questionRows numbers the questions and says each one's condition.
func (w *Web) questionRows(r *http.Request, qs []*cortege.ConsultationQuestion) []*questionRow {
	lang := info(r).lang
	out := make([]*questionRow, len(qs))
	for i, q := range qs {
		row := &questionRow{Q: q, N: i + 1, First: i == 0, Last: i == len(qs)-1}
		if q.ShowIf != nil {
			for j, e := range qs[:i] {
				if e.ID == q.ShowIf.Question && q.ShowIf.Option < len(e.Options) {
					row.ShowIf = w.cat.T(lang, "vmanage.question.show_if_is", j+1, w.optionLabel(lang, e, q.ShowIf.Option))
				}
			}
		}
		if q.Kind == cortege.QuestionNumber {
			row.Rule = w.numberRule(lang, q.Number)
		}
		out[i] = row
	}
	return out
}

// numberRule says what a number question accepts, as the overview lists it.
func (w *Web) numberRule(lang string, r *cortege.NumberRule) string {
	if r == nil {
		r = &cortege.NumberRule{}
	}
	num := func(v float64) string {
		s := cortege.FormatNumber(v)
		if lang == "fr" {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	var parts []string
	if r.Min != nil {
		parts = append(parts, w.cat.T(lang, "consultadmin.question.rule_min", num(*r.Min)))
	}
	if r.Max != nil {
		parts = append(parts, w.cat.T(lang, "consultadmin.question.rule_max", num(*r.Max)))
	}
	if r.Decimal {
		parts = append(parts, w.cat.T(lang, "consultadmin.question.rule_decimal"))
	} else {
		parts = append(parts, w.cat.T(lang, "consultadmin.question.rule_whole"))
	}
	return strings.Join(parts, " · ")
}

// optionLabel is how an option is shown: yes/no translated, others as typed.
func (w *Web) optionLabel(lang string, q *cortege.ConsultationQuestion, i int) string {
	if q.Kind == cortege.QuestionYesNo {
		return w.cat.T(lang, "vmanage.yesno."+q.Options[i])
	}
	return q.Options[i]
}

// voteStep runs one step of a consultation from a POST and goes back to
// the management page saying it was done; an error the organiser can act
// on (no question yet, closing time past) is shown on that page.
func (w *Web) voteStep(rw http.ResponseWriter, r *http.Request, done string, step func(a cortege.Actor, id string) error) error {
	t, err := w.managedVote(r, "manage")
	if err != nil {
		return err
	}
	f, err := parseTextForm(rw, r, "step")
	if err == nil {
		err = step(httpx.Actor(r.Context()), t.C().ID)
	}
	if err != nil {
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		if t, err = w.managedVote(r, "manage"); err != nil {
			return err
		}
		return w.renderVoteManage(rw, r, status, t, f)
	}
	return w.redirect(rw, r, t.Path("/manage?done="+done))
}

// handleVoteOpen opens a draft (after its confirmation page): its
// questions are frozen from then on.
func (w *Web) handleVoteOpen(rw http.ResponseWriter, r *http.Request) error {
	return w.voteStep(rw, r, "opened", func(a cortege.Actor, id string) error {
		_, err := w.svc.OpenConsultation(r.Context(), a, id)
		return err
	})
}

// handleVoteClose closes an open vote now, before its closing time.
func (w *Web) handleVoteClose(rw http.ResponseWriter, r *http.Request) error {
	return w.voteStep(rw, r, "closed", func(a cortege.Actor, id string) error {
		return w.svc.CloseConsultation(r.Context(), a, id)
	})
}

// handleVotePublish makes a closed vote's results and board public.
func (w *Web) handleVotePublish(rw http.ResponseWriter, r *http.Request) error {
	return w.voteStep(rw, r, "published", func(a cortege.Actor, id string) error {
		return w.svc.PublishResults(r.Context(), a, id)
	})
}

// handleVoteDelete deletes a draft (after its confirmation page) and goes
// back to the list it was in.
func (w *Web) handleVoteDelete(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.managedVote(r, "manage")
	if err != nil {
		return err
	}
	f, err := parseTextForm(rw, r, "step")
	if err == nil {
		err = w.svc.DeleteConsultation(r.Context(), httpx.Actor(r.Context()), t.C().ID)
	}
	if err != nil {
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		return w.renderVoteManage(rw, r, status, t, f)
	}
	return w.redirect(rw, r, t.ListPath()+"?done=deleted")
}

// confirmVoteStep asks before an irreversible step, naming the
// consultation; only its managers are asked (others get the refusal).
func (w *Web) confirmVoteStep(key string) confirmation {
	return confirmation{Key: key, About: func(r *http.Request) (string, bool, error) {
		t, err := w.managedVote(r, "manage")
		if err != nil {
			return "", false, err
		}
		return t.C().Title, true, nil
	}}
}

// confirmQuestionRemove asks before removing a question, naming it.
func (w *Web) confirmQuestionRemove() confirmation {
	return confirmation{Key: "question_remove", About: func(r *http.Request) (string, bool, error) {
		t, err := w.managedVote(r, "manage")
		if err != nil {
			return "", false, err
		}
		for _, q := range t.View.Questions {
			if q.ID == r.PathValue("qid") {
				return q.Title, true, nil
			}
		}
		return "", false, cortege.Errorf(cortege.ENOTFOUND, "err.question.not_found")
	}}
}
