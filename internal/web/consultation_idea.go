package web

import (
	"net/http"
	"net/url"

	"codeberg.org/cortege/cortege/internal/httpx"
)

// handleConsultationIdea submits an idea to an ideas box (form "idea":
// question, title, body), shown with its author's name.
func (w *Web) handleConsultationIdea(rw http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	f, err := parseForm(rw, r, "idea", "question", "title", "body")
	err = checkText(f, err)
	if err == nil {
		_, err = w.svc.SubmitIdea(ctx, httpx.Actor(ctx), id, f.V("question"), f.V("title"), f.V("body"))
	}
	if err != nil {
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		return w.renderRespond(rw, r, status, nil, "", f)
	}
	return w.redirect(rw, r, "/votes/"+url.PathEscape(id)+"/respond?ok=idea_submitted#ideas-"+url.PathEscape(f.V("question")))
}

// handleConsultationIdeaSupport adds the member's support to an idea
// (once per member).
func (w *Web) handleConsultationIdeaSupport(rw http.ResponseWriter, r *http.Request) error {
	return w.ideaSupport(rw, r, true)
}

// handleConsultationIdeaUnsupport takes the member's support back.
func (w *Web) handleConsultationIdeaUnsupport(rw http.ResponseWriter, r *http.Request) error {
	return w.ideaSupport(rw, r, false)
}

func (w *Web) ideaSupport(rw http.ResponseWriter, r *http.Request, support bool) error {
	ctx := r.Context()
	id, idea := r.PathValue("id"), r.PathValue("idea")
	f, err := parseForm(rw, r, "support")
	ok := "idea_unsupported"
	if err == nil {
		if support {
			ok, err = "idea_supported", w.svc.SupportIdea(ctx, httpx.Actor(ctx), id, idea)
		} else {
			err = w.svc.WithdrawSupport(ctx, httpx.Actor(ctx), id, idea)
		}
	}
	if err != nil {
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		return w.renderRespond(rw, r, status, nil, "", f)
	}
	return w.redirect(rw, r, "/votes/"+url.PathEscape(id)+"/respond?ok="+ok+"#idea-"+url.PathEscape(idea))
}

// handleConsultationIdeaDelete removes an idea: its author until closing,
// the organisers at any time.
func (w *Web) handleConsultationIdeaDelete(rw http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	f, err := parseForm(rw, r, "support")
	if err == nil {
		err = w.svc.RemoveIdea(ctx, httpx.Actor(ctx), id, r.PathValue("idea"))
	}
	if err != nil {
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		return w.renderRespond(rw, r, status, nil, "", f)
	}
	return w.redirect(rw, r, "/votes/"+url.PathEscape(id)+"/respond?ok=idea_removed")
}
