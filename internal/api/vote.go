package api

import (
	"net/http"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/tally"
)

// The moves of a consultation's lifecycle the API offers.
const (
	voteOpen = iota
	voteClose
	votePublish
)

// moveConsultation serves open, close and publish: those who manage it,
// and only the moves the lifecycle allows (409 otherwise).
func (a *API) moveConsultation(move int) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := consultationID(r)
		if err != nil {
			return err
		}
		ctx, actor := r.Context(), httpx.Actor(r.Context())
		switch move {
		case voteOpen:
			_, err = a.svc.OpenConsultation(ctx, actor, id)
		case voteClose:
			err = a.svc.CloseConsultation(ctx, actor, id)
		case votePublish:
			err = a.svc.PublishResults(ctx, actor, id)
		}
		if err != nil {
			return err
		}
		return a.writeConsultation(w, r, id, http.StatusOK)
	}
}

// VoteCounts is what may be known of a vote while it is open: how many
// took part (the sign-in sheet's lines and the codes used) and how many
// ballots are in the box, never what they chose. The codes' counts are
// for those who manage it (0 for others).
type VoteCounts struct {
	SignOffs    int64 `json:"sign_offs"`
	Ballots     int64 `json:"ballots"`
	CodesIssued int64 `json:"codes_issued"`
	CodesUsed   int64 `json:"codes_used"`
	CodesVoid   int64 `json:"codes_void"`
}

// handleVoteCounts answers a vote's running counts.
func (a *API) handleVoteCounts(w http.ResponseWriter, r *http.Request) error {
	id, err := consultationID(r)
	if err != nil {
		return err
	}
	n, err := a.svc.VoteCountsOf(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, VoteCounts{SignOffs: n.SignOffs, Ballots: n.Ballots,
		CodesIssued: n.CodesIssued, CodesUsed: n.CodesUsed, CodesVoid: n.CodesVoid})
}

// handleVoteBoard answers a closed vote's board, the same bytes as
// /votes/{id}/board.json (docs/tally.md): once published for anyone who
// may see the vote, once closed for those who manage it (403 before).
func (a *API) handleVoteBoard(w http.ResponseWriter, r *http.Request) error {
	id, err := consultationID(r)
	if err != nil {
		return err
	}
	bw := &boardWriter{w: w}
	err = a.svc.WriteBoard(r.Context(), httpx.Actor(r.Context()), id, bw)
	if bw.started {
		return nil // the body is under way: nothing more can be said
	}
	return err
}

// boardWriter sets the headers of a board on its first write, so that a
// refusal before it can still be answered as a JSON error.
type boardWriter struct {
	w       http.ResponseWriter
	started bool
}

func (b *boardWriter) Write(p []byte) (int, error) {
	if !b.started {
		b.started = true
		h := b.w.Header()
		h.Set("Content-Type", jsonType)
		h.Set("Cache-Control", "no-cache")
		b.w.WriteHeader(http.StatusOK)
	}
	return b.w.Write(p)
}

// VoteResults answers GET /api/v1/consultations/{id}/results once a vote's
// results are published (before, to those who manage it once closed):
// participation and, per question in order, the count exactly as
// internal/tally computes it from the board, which `cortege tally verify`
// reproduces.
type VoteResults struct {
	SignOffs int64          `json:"sign_offs"`
	Ballots  int64          `json:"ballots"`
	Results  []tally.Result `json:"results"`
}

// handleVoteResults answers a vote's results.
func (a *API) handleVoteResults(w http.ResponseWriter, r *http.Request) error {
	id, err := consultationID(r)
	if err != nil {
		return err
	}
	ctx, actor := r.Context(), httpx.Actor(r.Context())
	res, err := a.svc.VoteResults(ctx, actor, id)
	if err != nil {
		return err
	}
	n, err := a.svc.VoteCountsOf(ctx, actor, id)
	if err != nil {
		return err
	}
	if res == nil {
		res = []tally.Result{}
	}
	return writeJSON(w, http.StatusOK, VoteResults{SignOffs: n.SignOffs, Ballots: n.Ballots, Results: res})
}
