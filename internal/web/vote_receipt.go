package web

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// voteReceiptData is the receipt's page: the ballot ID and how to find
// the ballot on the board once the vote closes. It shows no choice: the
// box is not read, so whoever gets the link learns nothing but the ID,
// which after closing points at a line the public board shows anyway.
type voteReceiptData struct {
	C      *cortege.Consultation
	Path   string
	Ballot string
	Board  bool // the board is public: link to the ballot's line
	// Revote: the vote is open and allows re-voting, so the script shows
	// the tab's re-vote key (vote_revote.go), never sent by the server.
	Revote  bool
	Lookup  string // the board page for this ballot
	Verify  string // the recount command
	BoardAt string // the board's address
}

// validBallotID: 26 characters of lower-case base32 (tally.NewBallotID).
func validBallotID(id string) bool {
	if len(id) != 26 {
		return false
	}
	for _, c := range []byte(id) {
		if (c < 'a' || c > 'z') && (c < '2' || c > '7') {
			return false
		}
	}
	return true
}

// handleVoteReceipt shows a voter's receipt, /votes/{id}/receipt/{ballot}.
func (w *Web) handleVoteReceipt(rw http.ResponseWriter, r *http.Request) error {
	ballot := r.PathValue("ballot")
	if !validBallotID(ballot) {
		return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	v, err := w.svc.Consultation(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !v.Consultation.Secret {
		return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	d := &voteReceiptData{C: v.Consultation, Path: "/votes/" + v.Consultation.ID, Ballot: ballot}
	d.Board = v.State == cortege.ConsultationPublished
	d.Revote = v.Consultation.Revote && v.State == cortege.ConsultationOpen
	d.Lookup = d.Path + "/board?ballot=" + ballot
	d.BoardAt = w.abs(d.Path + "/board.json")
	d.Verify = "cortege tally verify --ballot " + ballot + " " + d.BoardAt
	p, err := w.newPage(r, "votepage.receipt.title", d)
	if err != nil {
		return err
	}
	p.Meta.closed(p)
	h := rw.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	return w.write(rw, http.StatusOK, "vote_receipt", p)
}
