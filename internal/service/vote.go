package service

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/binary"
	"encoding/json"
	"io"
	"net/url"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/ledger"
	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/tally"
)

// Answer is a ballot's answer to one question (internal/tally's).
type Answer = tally.Answer

// voteCloseJob closes the votes past their closing time.
const voteCloseJob = "vote.close"

// VoteCloseEvery is how often the closing job runs.
const VoteCloseEvery = time.Minute

// ballotChunk is how many empty rows of the box are allocated at once:
// when a vote opens, and whenever fewer than a quarter of them are free.
const ballotChunk = 1024

// tokenKeyBits is the size of each vote's blind-signing key.
const tokenKeyBits = 2048

func (s *Service) registerVoteJobs(r *jobs.Runner) {
	r.Register(voteCloseJob, func(ctx context.Context, _ json.RawMessage) error { return s.CloseConsultationsDue(ctx) })
	r.Every(voteCloseJob, VoteCloseEvery)
}

// VoteOrigin is the board's ledger origin: the instance's host and the
// vote's path.
func (s *Service) VoteOrigin(id string) string {
	path := consultationPathPrefix + id
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Host != "" {
		return u.Host + u.Path + path
	}
	return "localhost" + path
}

// tallyQuestions converts a vote's questions to the counting engine's.
func tallyQuestions(qs []*cortege.ConsultationQuestion) []tally.Question {
	out := make([]tally.Question, len(qs))
	for i, x := range qs {
		out[i] = tally.Question{ID: x.ID, Title: x.Title, Kind: tally.Kind(x.Kind), Method: tally.Method(x.Method),
			Options: x.Options, Grades: x.Grades, Min: x.Min, Max: x.Max, Seats: x.Seats, Blank: x.Blank}
		if x.Kind != cortege.QuestionMultiple && x.Kind != cortege.QuestionRanking {
			out[i].Max = 0
		}
	}
	return out
}

// boardMeta is the meta of a vote's board.
func (s *Service) boardMeta(c *cortege.Consultation, qs []*cortege.ConsultationQuestion, tokenKey string, signOffs int64) tally.BoardMeta {
	return tally.BoardMeta{Format: tally.BoardFormat, Origin: s.VoteOrigin(c.ID), Title: c.Title, Questions: tallyQuestions(qs),
		Key: s.ledgerKey().Public, TokenKey: tokenKey, Revote: c.Revote, SignOffs: signOffs}
}

// randomPick is a random non-negative 63-bit pick key.
func randomPick() int64 {
	var b [8]byte
	rand.Read(b[:])
	return int64(binary.BigEndian.Uint64(b[:]) >> 1)
}

// allocateBallots adds a chunk of empty rows to a vote's box.
func allocateBallots(ctx context.Context, q *store.Q, id string, n int) error {
	for range n {
		if err := q.AllocateBallot(ctx, id, tally.NewBallotID(), randomPick()); err != nil {
			return err
		}
	}
	return nil
}

// openable locks a draft the actor manages that may open now (its closing
// still to come, one question at least) and returns it with its questions.
func (s *Service) openable(ctx context.Context, q *store.Q, a cortege.Actor, id string) (*cortege.Consultation, []*cortege.ConsultationQuestion, error) {
	if err := q.LockConsultation(ctx, id); err != nil {
		return nil, nil, err
	}
	c, err := s.manageConsultation(ctx, q, a, id)
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	if !c.CanMove(cortege.ConsultationOpen, now) {
		return nil, nil, cortege.Errorf(cortege.ECONFLICT, "err.consultation.not_draft")
	}
	if !now.Before(c.ClosesAt) {
		return nil, nil, cortege.Invalid("closes_at", "err.consultation.closes_at.past")
	}
	qs, err := q.ConsultationQuestions(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if len(qs) == 0 {
		return nil, nil, cortege.Invalid("questions", "err.consultation.questions.none")
	}
	return c, qs, nil
}

// OpenConsultation opens a secret vote: it makes the vote's blind-signing
// key (members vote with blind tokens; a vote by codes has none),
// allocates the box's first rows and signs the head of the board's
// opening, which commits to the questions and the key.
func (s *Service) OpenConsultation(ctx context.Context, a cortege.Actor, id string) (*cortege.Consultation, error) {
	var private []byte
	var public string
	c, err := s.manageConsultation(ctx, s.db.Q(), a, id)
	if err != nil {
		return nil, err
	}
	if !c.Secret {
		return s.openLinked(ctx, a, id) // consultation_response.go
	}
	if c.Audience == cortege.AudienceMembers {
		sk, err := rsa.GenerateKey(rand.Reader, tokenKeyBits)
		if err != nil {
			return nil, err
		}
		if private, err = x509.MarshalPKCS8PrivateKey(sk); err != nil {
			return nil, err
		}
		if public, err = tally.EncodeTokenKey(&sk.PublicKey); err != nil {
			return nil, err
		}
	}
	var out *cortege.Consultation
	err = s.inTx(ctx, func(q *store.Q) error {
		c, qs, err := s.openable(ctx, q, a, id)
		if err != nil {
			return err
		}
		now := s.now()
		meta := s.boardMeta(c, qs, public, 0)
		for _, x := range meta.Questions {
			if err := x.Validate(); err != nil {
				return cortege.Invalid("questions", "err.consultation.questions.invalid")
			}
		}
		if err := q.OpenConsultation(ctx, id, private, public, now); err != nil {
			return err
		}
		if err := allocateBallots(ctx, q, id, ballotChunk); err != nil {
			return err
		}
		_, st := tally.OpenLedger(meta)
		if err := s.signVoteHead(ctx, q, id, st, now); err != nil {
			return err
		}
		c.State, c.OpenedAt = cortege.ConsultationOpen, now
		out = c
		return nil
	})
	return out, err
}

// signVoteHead signs and stores a head of a board's ledger state.
func (s *Service) signVoteHead(ctx context.Context, q *store.Q, id string, st ledger.State, now time.Time) error {
	h := ledger.HeadOf(st, now)
	msg, err := h.Sign(s.ledgerKey().Signer)
	if err != nil {
		return err
	}
	return q.AddVoteHead(ctx, id, h.Size, h.Time, msg)
}

// CloseConsultation closes an open vote by hand, before its closing time.
func (s *Service) CloseConsultation(ctx context.Context, a cortege.Actor, id string) error {
	if _, err := s.manageConsultation(ctx, s.db.Q(), a, id); err != nil {
		return err
	}
	closed, err := s.closeVote(ctx, id)
	if err == nil && !closed {
		err = cortege.Errorf(cortege.ECONFLICT, "err.consultation.not_open")
	}
	if closed {
		s.compactVotes(ctx)
	}
	return err
}

// compactVotes erases the database's own history of the votes just
// closed (store.DB.Compact, after their rewrite); a failure is logged,
// the votes stay closed.
func (s *Service) compactVotes(ctx context.Context) {
	if err := s.db.Compact(ctx); err != nil {
		s.log.Warn("vote closing: the database could not be compacted; its files may still order the ballots", "err", err.Error())
	}
}

// CloseConsultationsDue closes the votes past their closing time (the
// closing job).
func (s *Service) CloseConsultationsDue(ctx context.Context) error {
	closed := false
	defer func() {
		if closed {
			s.compactVotes(ctx) // once for all the votes closed
		}
	}()
	for {
		ids, err := s.db.Q().ConsultationsToClose(ctx, s.now(), 20)
		if err != nil || len(ids) == 0 {
			return err
		}
		for _, id := range ids {
			c, err := s.closeVote(ctx, id)
			closed = closed || c
			if err != nil {
				return err
			}
		}
	}
}

// closeVote closes an open vote in one transaction: the rows no one filled
// leave the box, the sign-offs (the sheet's lines and the codes used) are
// frozen, the sheet, the box and the codes are written again in key
// order (store.RewriteVote: nothing of the order they came in stays in
// the rows), the board's ballots are chained in ID order (random: nothing
// of their arrival) and closed, and the closing head is signed. The
// caller then erases the database's own history (compactVotes). It
// reports whether it closed the vote (false: it was not open).
func (s *Service) closeVote(ctx context.Context, id string) (bool, error) {
	closed := false
	err := s.inTx(ctx, func(q *store.Q) error {
		if err := q.LockConsultation(ctx, id); err != nil {
			return err
		}
		c, err := q.ConsultationByID(ctx, id)
		if err != nil || c.State != cortege.ConsultationOpen {
			return err
		}
		now := s.now()
		sheet, err := q.CountSignOffs(ctx, id)
		if err != nil {
			return err
		}
		_, used, _, err := q.CountVoteCodes(ctx, id)
		if err != nil {
			return err
		}
		if err := q.DeleteFreeBallots(ctx, id); err != nil {
			return err
		}
		if err := q.CloseConsultation(ctx, id, sheet+used, now); err != nil {
			return err
		}
		if err := q.RewriteVote(ctx, id); err != nil {
			return err
		}
		b, err := s.buildBoard(ctx, q, c, false)
		if err != nil {
			return err
		}
		if err := s.signVoteHead(ctx, q, id, b.state, now); err != nil {
			return err
		}
		closed = true
		return nil
	})
	return closed, err
}

// builtBoard is a board read from the box, with its ledger state after
// the closing.
type builtBoard struct {
	tally.Board
	state ledger.State
}

// buildBoard reads a closed vote's board: meta, codes, ballots in ID
// order chained after the opening, the closing, and (withHeads) the
// signed heads.
func (s *Service) buildBoard(ctx context.Context, q *store.Q, c *cortege.Consultation, withHeads bool) (*builtBoard, error) {
	qs, err := q.ConsultationQuestions(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	_, public, signOffs, err := q.ConsultationKey(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	b := &builtBoard{Board: tally.Board{BoardMeta: s.boardMeta(c, qs, public, signOffs), Codes: []string{}, Ballots: []tally.BoardBallot{}, Heads: []string{}}}
	b.Opening, b.state = tally.OpenLedger(b.BoardMeta)
	digest := tally.NewCodesDigest()
	if err := q.BoardCodeHashes(ctx, c.ID, func(h string) error {
		b.Codes = append(b.Codes, h)
		digest.Add(h)
		return nil
	}); err != nil {
		return nil, err
	}
	err = q.CastBallots(ctx, c.ID, func(sb store.StoredBallot) error {
		bl, err := ballotOf(sb, c.Revote)
		if err != nil {
			return err
		}
		var e ledger.Entry
		e, b.state = ledger.AppendSign(b.state, bl.Hash())
		b.Ballots = append(b.Ballots, tally.BoardBallot{Entry: e, Ballot: bl})
		return nil
	})
	if err != nil {
		return nil, err
	}
	b.Closing, b.state = tally.CloseLedger(b.state, tally.Closing{Ballots: int64(len(b.Ballots)), SignOffs: signOffs, Codes: digest.Sum()})
	if withHeads {
		if b.Heads, err = q.VoteHeads(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// ballotOf is the board's form of a row of the box.
func ballotOf(sb store.StoredBallot, revote bool) (tally.Ballot, error) {
	bl := tally.Ballot{ID: sb.ID, Proof: tally.Proof{Token: sb.Token, Signature: sb.Signature, Code: sb.CodeHash}}
	if revote {
		bl.Slot = sb.Slot
	}
	if err := json.Unmarshal([]byte(sb.Answers), &bl.Answers); err != nil {
		return bl, err
	}
	return bl, nil
}

// closedVote loads a vote whose board the actor may read: anyone who may
// see the vote, once the closing has written it (issue 14: the board is
// published at closing, so that every voter can find their ballot and
// anyone recount). The results the organisers publish are another step
// (resultsVote).
func (s *Service) closedVote(ctx context.Context, q *store.Q, a cortege.Actor, id string) (*cortege.Consultation, error) {
	c, _, _, err := s.consultationRights(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	if c.State != cortege.ConsultationClosed && c.State != cortege.ConsultationPublished {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.consultation.embargo")
	}
	return c, nil
}

// resultsVote loads a vote whose results the actor may read: once
// published for anyone who may see it, once closed for those who manage
// it (to check them before publishing).
func (s *Service) resultsVote(ctx context.Context, q *store.Q, a cortege.Actor, id string) (*cortege.Consultation, error) {
	c, manage, _, err := s.consultationRights(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	switch {
	case c.State == cortege.ConsultationPublished, c.State == cortege.ConsultationClosed && manage:
		return c, nil
	}
	return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.consultation.embargo")
}

// WriteBoard writes a closed vote's board (docs/tally.md, the body of
// /votes/{id}/board.json) in its canonical form.
func (s *Service) WriteBoard(ctx context.Context, a cortege.Actor, id string, w io.Writer) error {
	q := s.db.Q()
	c, err := s.closedVote(ctx, q, a, id)
	if err != nil {
		return err
	}
	b, err := s.buildBoard(ctx, q, c, true)
	if err != nil {
		return err
	}
	_, err = w.Write(b.Marshal())
	return err
}

// VoteResults counts a closed vote's board, question by question.
func (s *Service) VoteResults(ctx context.Context, a cortege.Actor, id string) ([]tally.Result, error) {
	q := s.db.Q()
	c, err := s.resultsVote(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	b, err := s.buildBoard(ctx, q, c, false)
	if err != nil {
		return nil, err
	}
	return b.Results(), nil
}

// PublishResults makes a closed vote's results public (its board is
// public from closing).
func (s *Service) PublishResults(ctx context.Context, a cortege.Actor, id string) error {
	return s.inTx(ctx, func(q *store.Q) error {
		c, err := s.manageConsultation(ctx, q, a, id)
		if err != nil {
			return err
		}
		if !c.CanMove(cortege.ConsultationPublished, s.now()) {
			return cortege.Errorf(cortege.ECONFLICT, "err.consultation.not_closed")
		}
		return q.PublishConsultation(ctx, id, s.now())
	})
}

// VoteCounts is what may be known of a vote while it is open: how many
// signed off and how many ballots are in the box (never what they chose).
type VoteCounts struct {
	SignOffs    int64 // lines of the sheet (and codes used)
	Ballots     int64
	CodesIssued int64 // unused, issued codes (managers only)
	CodesUsed   int64
	CodesVoid   int64
}

// VoteCountsOf returns a vote's running counts.
func (s *Service) VoteCountsOf(ctx context.Context, a cortege.Actor, id string) (*VoteCounts, error) {
	q := s.db.Q()
	c, manage, _, err := s.consultationRights(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	var out VoteCounts
	if out.SignOffs, err = q.CountSignOffs(ctx, c.ID); err != nil {
		return nil, err
	}
	total, free, err := q.CountBallotRows(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	out.Ballots = total - free
	issued, used, void, err := q.CountVoteCodes(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	out.SignOffs += used
	if manage {
		out.CodesIssued, out.CodesUsed, out.CodesVoid = issued, used, void
	}
	return &out, nil
}
