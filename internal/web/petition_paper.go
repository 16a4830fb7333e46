package web

import (
	"errors"
	"net/http"
	"strconv"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// paperFormRows is how many lines the paper form offers at once; a
// larger batch goes through a CSV file.
const paperFormRows = 5

// paperColumns are the fields of one line of the paper form.
var paperColumns = []string{"first_name", "last_name", "postal_code", "email", "comment"}

// petitionPaper is the view model of the paper signatures page.
type petitionPaper struct {
	*PetitionTool
	Rows    []int // 1…paperFormRows
	Columns []string
	Result  *paperResult // after a batch
	MaxMB   int
}

// paperResult is a batch's outcome as the page shows it: the lines
// refused with their reason, in the person's language.
type paperResult struct {
	Added      int
	Duplicates int
	Refused    []paperRefusal
}

// paperRefusal is one refused line.
type paperRefusal struct {
	Row     int
	Field   string // catalogue key of the column's label
	Message string // translated
}

func (w *Web) paperPage(rw http.ResponseWriter, r *http.Request, status int, t *PetitionTool, res *paperResult, f *form) error {
	d := &petitionPaper{PetitionTool: t, Columns: paperColumns, Result: res, MaxMB: service.MaxPaperCSVBytes >> 20}
	for i := 1; i <= paperFormRows; i++ {
		d.Rows = append(d.Rows, i)
	}
	return w.render(rw, r, status, "petition_paper", "ptools.paper.title", d, f)
}

// handlePaperForm shows the form for a few paper signatures and the CSV
// upload for many.
func (w *Web) handlePaperForm(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.organisedPetition(r, "paper")
	if err != nil {
		return err
	}
	return w.paperPage(rw, r, http.StatusOK, t, nil, nil)
}

// paperFields are the form's field names: first_name_1 … comment_5.
func paperFields() []string {
	var out []string
	for i := 1; i <= paperFormRows; i++ {
		for _, c := range paperColumns {
			out = append(out, c+"_"+strconv.Itoa(i))
		}
	}
	return out
}

// handlePaperRows enters the lines typed in the form (blank lines skipped).
func (w *Web) handlePaperRows(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.organisedPetition(r, "paper")
	if err != nil {
		return err
	}
	f, err := parseTextForm(rw, r, "paper", paperFields()...)
	if err != nil {
		return w.paperFail(rw, r, t, f, err)
	}
	var rows []service.PaperSignature
	var lines []int // the form's line of each row
	for i := 1; i <= paperFormRows; i++ {
		n := "_" + strconv.Itoa(i)
		p := service.PaperSignature{FirstName: f.V("first_name" + n), LastName: f.V("last_name" + n),
			Postal: f.V("postal_code" + n), Email: f.V("email" + n), Comment: f.V("comment" + n)}
		if p != (service.PaperSignature{}) {
			rows, lines = append(rows, p), append(lines, i)
		}
	}
	if len(rows) == 0 {
		return w.paperFail(rw, r, t, f, invalid("first_name_1", "err.ptools.paper.empty"))
	}
	res, err := w.svc.AddPaperSignatures(r.Context(), httpx.Actor(r.Context()), t.P().ID, rows)
	if err != nil {
		return w.paperFail(rw, r, t, f, err)
	}
	out := w.paperOutcome(r, res, lines)
	for _, e := range res.Errors {
		f.Errors[e.Field+"_"+strconv.Itoa(lines[e.Row-1])] = w.cat.T(info(r).lang, e.Message)
	}
	if len(res.Errors) > 0 {
		f.Summary = append(f.Summary, w.cat.T(info(r).lang, "ptools.paper.refused_none_added"))
		return w.paperPage(rw, r, http.StatusUnprocessableEntity, t, out, f)
	}
	return w.paperPage(rw, r, http.StatusOK, t, out, nil)
}

// handlePaperCSV enters the lines of an uploaded CSV file.
func (w *Web) handlePaperCSV(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.organisedPetition(r, "paper")
	if err != nil {
		return err
	}
	f := &form{Name: "paper_csv", Values: map[string]string{"file": ""}, Errors: map[string]string{}}
	r.Body = http.MaxBytesReader(rw, r.Body, service.MaxPaperCSVBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if isTooLarge(err) || errors.Is(err, http.ErrNotMultipart) {
			return w.paperFail(rw, r, t, f, invalid("file", "err.signature.csv.too_big"))
		}
		return w.paperFail(rw, r, t, f, invalid("file", "err.signature.csv.invalid"))
	}
	defer r.MultipartForm.RemoveAll()
	data, err := readUpload(r, "file")
	if err == nil && data == nil {
		err = invalid("file", "err.ptools.paper.no_file")
	}
	var rows []service.PaperSignature
	if err == nil {
		rows, err = service.ParsePaperCSV(data)
	}
	if err == nil && len(rows) == 0 {
		err = invalid("file", "err.ptools.paper.no_rows")
	}
	if err != nil {
		return w.paperFail(rw, r, t, f, err)
	}
	res, err := w.svc.AddPaperSignatures(r.Context(), httpx.Actor(r.Context()), t.P().ID, rows)
	if err != nil {
		return w.paperFail(rw, r, t, f, err)
	}
	// A CSV's line N+1 holds row N (the first line names the columns).
	lines := make([]int, len(rows))
	for i := range lines {
		lines[i] = i + 2
	}
	out := w.paperOutcome(r, res, lines)
	if len(res.Errors) > 0 {
		f.Summary = append(f.Summary, w.cat.T(info(r).lang, "ptools.paper.refused_none_added"))
		return w.paperPage(rw, r, http.StatusUnprocessableEntity, t, out, f)
	}
	return w.paperPage(rw, r, http.StatusOK, t, out, nil)
}

// paperOutcome translates a batch's result; lines maps a row (from 1)
// to the line the person sees (the form's line, or the file's).
func (w *Web) paperOutcome(r *http.Request, res *service.PaperResult, lines []int) *paperResult {
	out := &paperResult{Added: res.Added, Duplicates: res.Duplicates}
	for _, e := range res.Errors {
		line := e.Row
		if e.Row >= 1 && e.Row <= len(lines) {
			line = lines[e.Row-1]
		}
		out.Refused = append(out.Refused, paperRefusal{Row: line, Field: "ptools.paper.col." + e.Field, Message: w.cat.T(info(r).lang, e.Message)})
	}
	return out
}

// paperFail shows the page again with the message, or answers an error
// that is not about what was sent.
func (w *Web) paperFail(rw http.ResponseWriter, r *http.Request, t *PetitionTool, f *form, err error) error {
	status := w.formFail(f, info(r).lang, err)
	if status == 0 {
		return err
	}
	return w.paperPage(rw, r, status, t, nil, f)
}
