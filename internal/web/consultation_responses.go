package web

import (
	"bytes"
	"net/http"
	"net/url"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// responsesPerPage is how many responses the organisers' table shows.
const responsesPerPage = 50

// responsesData is the view model of the organisers' responses page
// (consultation_responses.html).
type responsesData struct {
	V         *service.ConsultationView
	Path      string
	Questions []*cortege.ConsultationQuestion // those answered (no ideas box)
	Page      *service.ResponsePage
	Rows      []responseLine
	Summary   []*service.QuestionSummary
	Total     int64
	More      string
	First     bool
}

// responseLine is one row of the table: who, when, and each answer as
// text, in the questions' order.
type responseLine struct {
	Row     service.ResponseRow
	When    string
	Answers []string
}

// handleConsultationResponses lists a consultation's responses for its
// organisers, a page at a time (?after=cursor), with the summary of every
// question and the exports' links.
func (w *Web) handleConsultationResponses(rw http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := httpx.Actor(ctx)
	id := r.PathValue("id")
	v, err := w.svc.Consultation(ctx, a, id)
	if err != nil {
		return err
	}
	after := r.URL.Query().Get("after")
	page, err := w.svc.Responses(ctx, a, id, after, responsesPerPage)
	if err != nil {
		return err
	}
	sum, total, err := w.svc.ResponseSummary(ctx, a, id)
	if err != nil {
		return err
	}
	lang := info(r).lang
	blank := w.cat.T(lang, "consultations.responses.blank")
	d := &responsesData{V: v, Path: "/votes/" + url.PathEscape(id), Page: page, Summary: sum, Total: total, First: after == ""}
	for _, x := range v.Questions {
		if x.Kind != cortege.QuestionIdeas {
			d.Questions = append(d.Questions, x)
		}
	}
	loc := v.Consultation.Location()
	for _, row := range page.Rows {
		line := responseLine{Row: row, When: row.Response.UpdatedAt.In(loc).Format("02/01/2006 15:04")}
		for _, x := range d.Questions {
			var ans *cortege.ResponseAnswer
			for i := range row.Response.Answers {
				if row.Response.Answers[i].Question == x.ID {
					ans = &row.Response.Answers[i]
				}
			}
			text := service.AnswerText(x, ans, blank)
			if x.Kind == cortege.QuestionYesNo && ans != nil && !ans.Blank {
				text = w.cat.T(lang, "consultations.respond."+text)
			}
			line.Answers = append(line.Answers, text)
		}
		d.Rows = append(d.Rows, line)
	}
	if page.Next != "" {
		d.More = d.Path + "/responses?after=" + url.QueryEscape(page.Next)
	}
	p, err := w.newPage(r, "consultations.responses.title", d)
	if err != nil {
		return err
	}
	p.Title = w.cat.T(p.Lang, "consultations.responses.title_of", v.Consultation.Title)
	rw.Header().Set("Cache-Control", "private, no-store")
	return w.write(rw, http.StatusOK, "consultation_responses", p)
}

// handleConsultationResponsesExport answers every response as CSV or
// JSON, for the organisers only.
func (w *Web) handleConsultationResponsesExport(format string) handler {
	return func(rw http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		var buf bytes.Buffer
		if err := w.svc.ExportResponses(ctx, httpx.Actor(ctx), r.PathValue("id"), format, &buf); err != nil {
			return err
		}
		h := rw.Header()
		h.Set("Cache-Control", "private, no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		name := "responses." + format
		if format == "csv" {
			h.Set("Content-Type", "text/csv; charset=utf-8")
		} else {
			h.Set("Content-Type", "application/json; charset=utf-8")
		}
		h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
		_, err := rw.Write(buf.Bytes())
		return err
	}
}
