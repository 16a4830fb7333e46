package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/csvimport"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// maxCodesPrinted is the most codes one sheet of slips carries (1,250 A4
// pages): more are generated as several batches.
const maxCodesPrinted = 10000

// maxEnvelopeErrors is how many refused lines of an envelope list the
// page shows (the rest are counted).
const maxEnvelopeErrors = 50

// voteCodesData is the view model of the invitation codes page.
type voteCodesData struct {
	*voteTool
	Done   string
	State  string
	Counts *service.VoteCounts
	Open   bool // codes may still be generated, voided, reprinted
	// EnvelopeErrors are the lines of an envelope list refused, with
	// their translated message; MoreErrors counts those not shown.
	EnvelopeErrors []envelopeError
	MoreErrors     int
}

// envelopeError is one refused line of an envelope list.
type envelopeError struct {
	Line    int
	Column  string // translated
	Message string
}

// codesVote is managedVote for the codes pages: a vote by codes only.
func (w *Web) codesVote(r *http.Request) (*voteTool, error) {
	t, err := w.managedVote(r, "codes")
	if err != nil {
		return nil, err
	}
	if !t.Codes() {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.vote.codes.audience")
	}
	return t, nil
}

// handleVoteCodes shows the counts of codes issued, used and void, and the
// forms to generate codes, reprint or void a slip and shuffle an envelope
// list.
func (w *Web) handleVoteCodes(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.codesVote(r)
	if err != nil {
		return err
	}
	return w.renderVoteCodes(rw, r, http.StatusOK, t, nil, nil)
}

func (w *Web) renderVoteCodes(rw http.ResponseWriter, r *http.Request, status int, t *voteTool, f *form, d *voteCodesData) error {
	if d == nil {
		d = &voteCodesData{}
	}
	d.voteTool, d.Done, d.State = t, voteDoneKey(r), t.View.State
	d.Open = d.State == cortege.ConsultationDraft || d.State == cortege.ConsultationOpen
	counts, err := w.svc.VoteCountsOf(r.Context(), httpx.Actor(r.Context()), t.C().ID)
	if err != nil {
		return err
	}
	d.Counts = counts
	rw.Header().Set("Cache-Control", "private, no-store")
	return w.render(rw, r, status, "vote_codes", "vmanage.codes.title", d, f)
}

// codesFail shows the codes page again with the message by its field, or
// answers an error that is not about what was typed.
func (w *Web) codesFail(rw http.ResponseWriter, r *http.Request, t *voteTool, f *form, d *voteCodesData, err error) error {
	if isTooLarge(err) {
		f.Summary = append(f.Summary, w.cat.T(info(r).lang, "err.upload.too_large"))
		return w.renderVoteCodes(rw, r, http.StatusRequestEntityTooLarge, t, f, d)
	}
	status := w.formFail(f, info(r).lang, err)
	if status == 0 {
		return err
	}
	return w.renderVoteCodes(rw, r, status, t, f, d)
}

// handleVoteCodesGenerate issues a batch of codes and answers the PDF of
// its slips as a download: the codes are shown this once and stored
// nowhere but as hashes.
func (w *Web) handleVoteCodesGenerate(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.codesVote(r)
	if err != nil {
		return err
	}
	f, err := parseTextForm(rw, r, "generate", "count")
	var slips []cortege.InvitationSlip
	if err == nil {
		var n int
		if n, err = formInt(f, "count"); err == nil && n > maxCodesPrinted {
			err = invalid("count", "err.vmanage.codes.too_many")
		}
		if err == nil {
			slips, err = w.svc.GenerateCodes(r.Context(), httpx.Actor(r.Context()), t.C().ID, n)
		}
	}
	if err != nil {
		return w.codesFail(rw, r, t, f, nil, err)
	}
	name := "codes-" + t.C().ID + "-" + strconv.Itoa(slips[0].Batch) + ".pdf"
	return w.slipsPDF(rw, r, t, slips, name)
}

// handleVoteSlipReprint voids one slip's code and answers a sheet of one
// slip with a new code under the same batch and slip numbers.
func (w *Web) handleVoteSlipReprint(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.codesVote(r)
	if err != nil {
		return err
	}
	f, err := parseTextForm(rw, r, "reprint", "batch", "slip")
	var slip *cortege.InvitationSlip
	if err == nil {
		var batch, n int
		if batch, n, err = slipNumbers(f); err == nil {
			slip, err = w.svc.ReprintSlip(r.Context(), httpx.Actor(r.Context()), t.C().ID, batch, n)
		}
	}
	if err != nil {
		return w.codesFail(rw, r, t, f, nil, slipNotFound(err))
	}
	name := "code-" + t.C().ID + "-" + strconv.Itoa(slip.Batch) + "-" + strconv.Itoa(slip.Slip) + ".pdf"
	return w.slipsPDF(rw, r, t, []cortege.InvitationSlip{*slip}, name)
}

// handleVoteSlipVoid voids a spoiled or lost slip's code (after its
// confirmation page).
func (w *Web) handleVoteSlipVoid(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.codesVote(r)
	if err != nil {
		return err
	}
	f, err := parseTextForm(rw, r, "void", "batch", "slip")
	if err == nil {
		var batch, n int
		if batch, n, err = slipNumbers(f); err == nil {
			err = w.svc.VoidSlip(r.Context(), httpx.Actor(r.Context()), t.C().ID, batch, n)
		}
	}
	if err != nil {
		return w.codesFail(rw, r, t, f, nil, slipNotFound(err))
	}
	return w.redirect(rw, r, t.Path("/codes?done=slip_voided"))
}

// slipNotFound turns the service's unknown slip into a message by the
// slip field, so the form says which number to check.
func slipNotFound(err error) error {
	if e := cortege.ErrorOf(err); e != nil && e.Message == "err.vote.slip.not_found" {
		return invalid("slip", "err.vote.slip.not_found")
	}
	if e := cortege.ErrorOf(err); e != nil && e.Message == "err.vote.slip.not_issued" {
		return cortege.Errorf(cortege.ECONFLICT, "err.vote.slip.not_issued")
	}
	return err
}

// slipNumbers reads a slip's batch and number.
func slipNumbers(f *form) (int, int, error) {
	batch, err := formInt(f, "batch")
	if err != nil {
		return 0, 0, err
	}
	n, err := formInt(f, "slip")
	return batch, n, err
}

// formInt reads a positive whole number typed in field.
func formInt(f *form, field string) (int, error) {
	s := strings.TrimSpace(strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(f.V(field)))
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 10_000_000 {
		return 0, invalid(field, "err.vmanage.number")
	}
	return n, nil
}

// slipsPDF answers the slips as a PDF to download, kept by no cache.
func (w *Web) slipsPDF(rw http.ResponseWriter, r *http.Request, t *voteTool, slips []cortege.InvitationSlip, name string) error {
	voteURL := w.baseURL + "/votes/" + t.C().ID
	out := make([]CodeSlip, len(slips))
	for i, s := range slips {
		out[i] = CodeSlip{Batch: s.Batch, Number: s.Slip, Code: s.Code, VoteTitle: t.C().Title, VoteURL: voteURL}
	}
	lang := t.C().Lang
	if !cortege.ValidLang(lang) {
		lang = info(r).lang
	}
	pdf, err := CodeSheetPDF(w.cat, lang, out)
	if err != nil {
		return err
	}
	return download(rw, "application/pdf", name, pdf)
}

// download answers a file to save, never cached nor sniffed.
func download(rw http.ResponseWriter, ctype, name string, data []byte) error {
	h := rw.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	rw.WriteHeader(http.StatusOK)
	_, err := rw.Write(data)
	return err
}

// handleVoteEnvelopes reads an envelope list (CSV of names and postal
// addresses) and answers it shuffled, as CSV or as a PDF of labels.
// Nothing is stored: the list goes in and comes out.
func (w *Web) handleVoteEnvelopes(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.codesVote(r)
	if err != nil {
		return err
	}
	f, data, err := parseMultipart(rw, r, "envelopes", "file", "format")
	f.Values["file"] = "" // so that the message about the file stands by it
	if err != nil {
		return w.codesFail(rw, r, t, f, nil, err)
	}
	if len(data) == 0 {
		return w.codesFail(rw, r, t, f, nil, invalid("file", "err.csv.required"))
	}
	lang := info(r).lang
	list, err := csvimport.ParseEnvelopes(data)
	var missing *csvimport.MissingColumnError
	if errors.As(err, &missing) {
		msg := w.cat.T(lang, "err.envelope.missing_column", w.cat.T(lang, "codes.envelope.col."+missing.Column))
		f.Errors["file"], f.Summary = msg, append(f.Summary, msg)
		return w.renderVoteCodes(rw, r, http.StatusBadRequest, t, f, nil)
	}
	if err != nil {
		return w.codesFail(rw, r, t, f, nil, envelopeFileError(err))
	}
	if len(list.Errors) > 0 {
		d := &voteCodesData{}
		for i, e := range list.Errors {
			if i == maxEnvelopeErrors {
				d.MoreErrors = len(list.Errors) - i
				break
			}
			msg := w.cat.T(lang, e.Message)
			if strings.Contains(msg, "%s") {
				msg = w.cat.T(lang, e.Message, e.Value)
			}
			d.EnvelopeErrors = append(d.EnvelopeErrors, envelopeError{Line: e.Line,
				Column: w.cat.T(lang, "codes.envelope.col."+e.Field), Message: msg})
		}
		return w.codesFail(rw, r, t, f, d, invalid("file", "err.vmanage.envelopes.lines"))
	}
	envs := list.Envelopes
	csvimport.ShuffleEnvelopes(envs)
	if f.V("format") == "pdf" {
		pdf, err := EnvelopeLabelsPDF(envs)
		if err != nil {
			return err
		}
		return download(rw, "application/pdf", "envelopes-"+t.C().ID+".pdf", pdf)
	}
	header := make([]string, len(csvimport.EnvelopeColumns))
	for i, c := range csvimport.EnvelopeColumns {
		header[i] = w.cat.T(lang, "codes.envelope.col."+c)
	}
	var buf bytes.Buffer
	if err := csvimport.WriteEnvelopes(&buf, envs, header); err != nil {
		return err
	}
	return download(rw, "text/csv; charset=utf-8", "envelopes-"+t.C().ID+".csv", buf.Bytes())
}

// envelopeFileError is the message by the file field for a list refused
// as a whole.
func envelopeFileError(err error) error {
	switch {
	case errors.Is(err, csvimport.ErrNoHeader):
		return invalid("file", "err.envelope.no_header")
	case errors.Is(err, csvimport.ErrTooLarge), errors.Is(err, csvimport.ErrTooMany):
		return invalid("file", "err.csv.too_large")
	}
	return invalid("file", "err.csv.unreadable")
}
