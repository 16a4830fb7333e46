package service

import (
	"context"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/csvimport"
	"codeberg.org/cortege/cortege/internal/store"
)

// Respondent kinds, as organisers see them.
const (
	RespondentMember  = "member"  // a signed-in profile: name and handle
	RespondentBrowser = "browser" // an anonymous browser (audience link)
	RespondentCode    = "code"    // an invitation code: no name
)

// ResponseRow is one response as its consultation's organisers see it.
type ResponseRow struct {
	Response    cortege.Response
	Kind        string // RespondentMember, RespondentBrowser or RespondentCode
	Handle      string
	DisplayName string
}

// ResponsePage is a page of responses and the cursor of the next ("" at
// the end).
type ResponsePage struct {
	Rows  []ResponseRow
	Total int64
	Next  string
}

// MaxResponsePage is the most responses a page lists.
const MaxResponsePage = 200

func responseRowOf(r *store.ResponseRow) ResponseRow {
	row := ResponseRow{Response: r.Response, Handle: r.Handle, DisplayName: r.DisplayName, Kind: RespondentMember}
	switch {
	case r.ProfileID != "":
	case r.CodeHash != "":
		row.Kind = RespondentCode
	default:
		row.Kind = RespondentBrowser
	}
	// Neither the browser key's hash nor the code's hash leaves the
	// service: they identify a browser or a slip, not a person.
	row.Response.BrowserKey, row.Response.CodeHash = "", ""
	return row
}

// responseCursor encodes the key after which the next page starts.
func responseCursor(r *cortege.Response) string {
	return strconv.FormatInt(r.CreatedAt.UnixMilli(), 10) + "." + r.ID
}

// parseResponseCursor decodes a cursor; "" is the start.
func parseResponseCursor(s string) (time.Time, string, error) {
	if s == "" {
		return time.Time{}, "", nil
	}
	at, id, ok := strings.Cut(s, ".")
	n, err := strconv.ParseInt(at, 10, 64)
	if !ok || err != nil || n < 0 || len(id) > 40 {
		return time.Time{}, "", cortege.Invalid("after", "err.response.cursor")
	}
	return time.UnixMilli(n).UTC(), id, nil
}

// manageLinked loads a consultation with linked answers the actor manages.
func (s *Service) manageLinked(ctx context.Context, q *store.Q, a cortege.Actor, id string) (*cortege.Consultation, error) {
	c, err := s.manageConsultation(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	if c.Secret {
		return nil, cortege.Errorf(cortege.ECONFLICT, "err.response.secret")
	}
	return c, nil
}

// Responses lists a consultation's responses for its organisers (manage
// rights only), in order of creation, limit at a time after the cursor.
func (s *Service) Responses(ctx context.Context, a cortege.Actor, id, after string, limit int) (*ResponsePage, error) {
	if limit < 1 || limit > MaxResponsePage {
		limit = MaxResponsePage
	}
	at, afterID, err := parseResponseCursor(after)
	if err != nil {
		return nil, err
	}
	q := s.db.Q()
	if _, err := s.manageLinked(ctx, q, a, id); err != nil {
		return nil, err
	}
	page := &ResponsePage{}
	if page.Total, err = q.CountConsultationResponses(ctx, id); err != nil {
		return nil, err
	}
	rows, err := q.ConsultationResponses(ctx, id, at, afterID, limit+1)
	if err != nil {
		return nil, err
	}
	if len(rows) > limit {
		rows = rows[:limit]
		page.Next = responseCursor(&rows[limit-1].Response)
	}
	for _, r := range rows {
		page.Rows = append(page.Rows, responseRowOf(r))
	}
	return page, nil
}

// eachResponse calls fn for every response of a consultation, in order.
func eachResponse(ctx context.Context, q *store.Q, id string, fn func(ResponseRow) error) error {
	var at time.Time
	after := ""
	for {
		rows, err := q.ConsultationResponses(ctx, id, at, after, 500)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := fn(responseRowOf(r)); err != nil {
				return err
			}
		}
		if len(rows) < 500 {
			return nil
		}
		last := rows[len(rows)-1]
		at, after = last.CreatedAt, last.ID
	}
}

// AnswerText is an answer written out for a spreadsheet or a table:
// options by name (a ranking's in order, separated by " > "), grades as
// "option: grade", texts and numbers as they are; "" when unanswered.
func AnswerText(q *cortege.ConsultationQuestion, a *cortege.ResponseAnswer, blank string) string {
	if a == nil {
		return ""
	}
	if a.Blank {
		return blank
	}
	name := func(i int) string {
		if i >= 0 && i < len(q.Options) {
			return q.Options[i]
		}
		return strconv.Itoa(i)
	}
	switch q.Kind {
	case cortege.QuestionText:
		return a.Text
	case cortege.QuestionNumber:
		return a.Number
	case cortege.QuestionGrades:
		var parts []string
		for i, g := range a.Grades {
			if g >= 0 && g < len(q.Grades) {
				parts = append(parts, name(i)+": "+q.Grades[g])
			}
		}
		return strings.Join(parts, "; ")
	}
	var parts []string
	for _, c := range a.Choices {
		parts = append(parts, name(c))
	}
	sep := "; "
	if q.Kind == cortege.QuestionRanking {
		sep = " > "
	}
	return strings.Join(parts, sep)
}

// answerOf finds the answer to question id in r.
func answerOf(r *cortege.Response, id string) *cortege.ResponseAnswer {
	for i := range r.Answers {
		if r.Answers[i].Question == id {
			return &r.Answers[i]
		}
	}
	return nil
}

// ExportResponses writes every response of a consultation for its
// organisers (manage rights only): format "csv" (one row per response,
// one column per question, cells safe for spreadsheets) or "json".
func (s *Service) ExportResponses(ctx context.Context, a cortege.Actor, id, format string, w io.Writer) error {
	q := s.db.Q()
	c, err := s.manageLinked(ctx, q, a, id)
	if err != nil {
		return err
	}
	qs, err := q.ConsultationQuestions(ctx, id)
	if err != nil {
		return err
	}
	var answered []*cortege.ConsultationQuestion
	for _, x := range qs {
		if x.Kind != cortege.QuestionIdeas {
			answered = append(answered, x)
		}
	}
	switch format {
	case "csv":
		cw := csvimport.NewWriter(w)
		head := []string{"response", "respondent", "handle", "name", "created_at", "updated_at"}
		for _, x := range answered {
			head = append(head, x.ID+" "+x.Title)
		}
		if err := cw.Write(head...); err != nil {
			return err
		}
		loc := c.Location()
		err := eachResponse(ctx, q, id, func(r ResponseRow) error {
			row := []string{r.Response.ID, r.Kind, r.Handle, r.DisplayName,
				r.Response.CreatedAt.In(loc).Format(time.RFC3339), r.Response.UpdatedAt.In(loc).Format(time.RFC3339)}
			for _, x := range answered {
				row = append(row, AnswerText(x, answerOf(&r.Response, x.ID), "(blank)"))
			}
			return cw.Write(row...)
		})
		if err != nil {
			return err
		}
		return cw.Flush()
	case "json":
		return writeResponsesJSON(ctx, q, c, answered, w)
	}
	return cortege.Invalid("format", "err.response.format")
}

// writeResponsesJSON streams {"consultation", "questions", "responses"}.
func writeResponsesJSON(ctx context.Context, q *store.Q, c *cortege.Consultation, qs []*cortege.ConsultationQuestion, w io.Writer) error {
	type jq struct {
		ID      string   `json:"id"`
		Title   string   `json:"title"`
		Kind    string   `json:"kind"`
		Options []string `json:"options,omitempty"`
		Grades  []string `json:"grades,omitempty"`
	}
	type jr struct {
		ID          string                   `json:"id"`
		Respondent  string                   `json:"respondent"`
		Handle      string                   `json:"handle,omitempty"`
		DisplayName string                   `json:"name,omitempty"`
		CreatedAt   time.Time                `json:"created_at"`
		UpdatedAt   time.Time                `json:"updated_at"`
		Answers     []cortege.ResponseAnswer `json:"answers"`
	}
	head := struct {
		ID        string `json:"consultation"`
		Title     string `json:"title"`
		Questions []jq   `json:"questions"`
	}{ID: c.ID, Title: c.Title, Questions: []jq{}}
	for _, x := range qs {
		head.Questions = append(head.Questions, jq{x.ID, x.Title, x.Kind, x.Options, x.Grades})
	}
	b, err := json.Marshal(head)
	if err != nil {
		return err
	}
	// The head's closing brace is replaced by the responses' array, so
	// the export streams without holding every response.
	if _, err := w.Write(append(b[:len(b)-1], []byte(`,"responses":[`)...)); err != nil {
		return err
	}
	first := true
	err = eachResponse(ctx, q, c.ID, func(r ResponseRow) error {
		answers := r.Response.Answers
		if answers == nil {
			answers = []cortege.ResponseAnswer{}
		}
		b, err := json.Marshal(jr{r.Response.ID, r.Kind, r.Handle, r.DisplayName, r.Response.CreatedAt, r.Response.UpdatedAt, answers})
		if err != nil {
			return err
		}
		if !first {
			b = append([]byte(","), b...)
		}
		first = false
		_, err = w.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "]}\n")
	return err
}
