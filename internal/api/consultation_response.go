package api

import (
	"bytes"
	"context"
	"net/http"
	"strconv"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// codeHeader carries an invitation code for a consultation by codes, so
// that it never appears in an address (logs, history).
const codeHeader = "Invitation-Code"

// consultationResponseRoutes are the routes of consultations whose
// answers are linked (issue 14, item 8): the caller's own response, the
// organisers' list, export and summary, and the ideas boxes.
func (a *API) consultationResponseRoutes() []route {
	return []route{
		{"POST", "/api/v1/consultations/{id}/responses", public, a.handleResponseCreate},
		{"GET", "/api/v1/consultations/{id}/responses", signedIn, a.handleResponseList},
		{"GET", "/api/v1/consultations/{id}/responses/mine", public, a.handleResponseMine},
		{"PUT", "/api/v1/consultations/{id}/responses/mine", public, a.handleResponseEdit},
		{"DELETE", "/api/v1/consultations/{id}/responses/mine", public, a.handleResponseWithdraw},
		{"GET", "/api/v1/consultations/{id}/responses/export", signedIn, a.handleResponseExport},
		{"GET", "/api/v1/consultations/{id}/summary", public, a.handleResponseSummary},
		{"GET", "/api/v1/consultations/{id}/questions/{question}/ideas", public, a.handleIdeaList},
		{"POST", "/api/v1/consultations/{id}/questions/{question}/ideas", signedIn, a.handleIdeaCreate},
		{"PUT", "/api/v1/consultations/{id}/ideas/{idea}/support", signedIn, a.handleIdeaSupport},
		{"DELETE", "/api/v1/consultations/{id}/ideas/{idea}/support", signedIn, a.handleIdeaUnsupport},
		{"DELETE", "/api/v1/consultations/{id}/ideas/{idea}", signedIn, a.handleIdeaDelete},
	}
}

// ResponseAnswer is the answer to one question: choices (option indexes;
// a ranking's in order of preference), grades (one per option), text or
// number (a string in decimal form, "3.5"), or blank.
type ResponseAnswer struct {
	Question string `json:"question"`
	Blank    bool   `json:"blank,omitempty"`
	Choices  []int  `json:"choices,omitempty"`
	Grades   []int  `json:"grades,omitempty"`
	Text     string `json:"text,omitempty"`
	Number   string `json:"number,omitempty"`
}

// ResponseCreate is the body of POST …/responses and PUT …/responses/mine.
type ResponseCreate struct {
	Answers []ResponseAnswer `json:"answers"`
	// Code is the invitation code of a consultation by codes (the
	// Invitation-Code header works too).
	Code string `json:"code,omitempty"`
}

// Response is a response as its author or the organisers see it.
type Response struct {
	ID         string           `json:"id"`
	Respondent string           `json:"respondent"` // member, browser or code
	Handle     string           `json:"handle,omitempty"`
	Name       string           `json:"name,omitempty"`
	Answers    []ResponseAnswer `json:"answers"`
	CreatedAt  string           `json:"created_at"`
	UpdatedAt  string           `json:"updated_at"`
}

// ResponseList answers GET …/responses: a page in order of creation; next
// is the after= of the next page, null at the end.
type ResponseList struct {
	Total     int64      `json:"total"`
	Responses []Response `json:"responses"`
	Next      *string    `json:"next"`
}

func toResponseAnswers(as []cortege.ResponseAnswer) []ResponseAnswer {
	out := make([]ResponseAnswer, 0, len(as))
	for _, x := range as {
		out = append(out, ResponseAnswer{Question: x.Question, Blank: x.Blank, Choices: x.Choices, Grades: x.Grades, Text: x.Text, Number: x.Number})
	}
	return out
}

func fromResponseAnswers(as []ResponseAnswer) []cortege.ResponseAnswer {
	out := make([]cortege.ResponseAnswer, 0, len(as))
	for _, x := range as {
		out = append(out, cortege.ResponseAnswer{Question: x.Question, Blank: x.Blank, Choices: x.Choices, Grades: x.Grades, Text: x.Text, Number: x.Number})
	}
	return out
}

func toResponse(r *cortege.Response, kind, handle, name string) Response {
	return Response{ID: r.ID, Respondent: kind, Handle: handle, Name: name, Answers: toResponseAnswers(r.Answers),
		CreatedAt: timeString(r.CreatedAt), UpdatedAt: timeString(r.UpdatedAt)}
}

// respondentKind names whose a response is, for its author.
func respondentKind(r *cortege.Response) string {
	switch {
	case r.ProfileID != "":
		return service.RespondentMember
	case r.CodeHash != "":
		return service.RespondentCode
	}
	return service.RespondentBrowser
}

// ownResponse answers the caller's own response.
func ownResponse(w http.ResponseWriter, status int, r *cortege.Response) error {
	return writeJSON(w, status, toResponse(r, respondentKind(r), "", ""))
}

// respondent is who the request answers as: through the API, a member
// (bearer token) or an invitation code; anonymous answers "by link" are
// for browsers (the HTML form), which keep their key in a cookie.
func respondent(r *http.Request, code string) service.Respondent {
	if code == "" {
		code = r.Header.Get(codeHeader)
	}
	return service.Respondent{Code: code}
}

// handleResponseCreate writes the caller's response.
func (a *API) handleResponseCreate(w http.ResponseWriter, r *http.Request) error {
	return a.writeResponse(w, r, http.StatusCreated, a.svc.Respond)
}

// handleResponseEdit rewrites the caller's own response until closing.
func (a *API) handleResponseEdit(w http.ResponseWriter, r *http.Request) error {
	return a.writeResponse(w, r, http.StatusOK, a.svc.EditResponse)
}

// writeResponse decodes the caller's answers and has write store them
// (Respond or EditResponse), answering the response with status.
func (a *API) writeResponse(w http.ResponseWriter, r *http.Request, status int,
	write func(context.Context, cortege.Actor, string, service.Respondent, []cortege.ResponseAnswer, bool) (*cortege.Response, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in ResponseCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	resp, err := write(r.Context(), httpx.Actor(r.Context()), id, respondent(r, in.Code), fromResponseAnswers(in.Answers), false)
	if err != nil {
		return err
	}
	return ownResponse(w, status, resp)
}

// handleResponseMine answers the caller's own response.
func (a *API) handleResponseMine(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	resp, err := a.svc.MyResponse(r.Context(), httpx.Actor(r.Context()), id, respondent(r, ""))
	if err != nil {
		return err
	}
	return ownResponse(w, http.StatusOK, resp)
}

// handleResponseWithdraw deletes the caller's own response until closing.
func (a *API) handleResponseWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.svc.WithdrawResponse(r.Context(), httpx.Actor(r.Context()), id, respondent(r, "")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleResponseList lists the responses for the organisers.
func (a *API) handleResponseList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	limit := 0
	if s := r.URL.Query().Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 || limit > service.MaxResponsePage {
			return cortege.Invalid("limit", "err.response.limit")
		}
	}
	page, err := a.svc.Responses(r.Context(), httpx.Actor(r.Context()), id, r.URL.Query().Get("after"), limit)
	if err != nil {
		return err
	}
	out := ResponseList{Total: page.Total, Responses: make([]Response, 0, len(page.Rows))}
	for _, row := range page.Rows {
		out.Responses = append(out.Responses, toResponse(&row.Response, row.Kind, row.Handle, row.DisplayName))
	}
	if page.Next != "" {
		out.Next = &page.Next
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleResponseExport answers every response as CSV or JSON (?format=),
// for the organisers.
func (a *API) handleResponseExport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "json"
	}
	var buf bytes.Buffer
	if err := a.svc.ExportResponses(r.Context(), httpx.Actor(r.Context()), id, format, &buf); err != nil {
		return err
	}
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(buf.Bytes())
	return err
}
