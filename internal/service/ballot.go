package service

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	mrand "math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/tally"
)

// CastProof is what makes a ballot eligible: a blind token (the prepared
// message and its unblinded signature, base64url without padding) or an
// invitation code as the voter typed it.
type CastProof struct {
	Token     string
	Signature string
	Code      string
}

// Timing of the box's batch writer.
const (
	castWindow  = 3 * time.Millisecond // how long a batch gathers casts
	castMax     = 1024                 // most casts in one transaction
	castIdleEnd = time.Second          // the writer stops after this long idle
	// castForget is the most often the writer truncates SQLite's WAL
	// after its batches (store.DB.ForgetWAL): under load the WAL then
	// holds at most this long of commits, at low traffic none at rest.
	castForget = 100 * time.Millisecond
	// castTouch is how many random older ballots each batch writes again
	// (store.Q.TouchBallots: PostgreSQL's xmin).
	castTouch = 16
)

// castItem is one cast waiting for its batch.
type castItem struct {
	voteID string
	ballot tally.Ballot
	hash   string // code's hash; "" for a token
	slot   string // token's slot; "" for a code
	done   chan error
}

// castBox gathers casts for a few milliseconds, shuffles them and writes
// them in one transaction (group commit): the box's rows are filled in
// an order that is not the order of arrival, and every cast of a batch
// is acknowledged only once the batch is durable.
type castBox struct {
	mu      sync.Mutex
	queue   []*castItem
	running bool
	wake    chan struct{}
	// direct: each cast is written alone, in its own transaction, by
	// the caller (CastDirect).
	direct atomic.Bool
}

// CastDirect makes every later Cast write its ballot alone, in a
// transaction of its own, without the box's batch writer (no batch, no
// shuffle): the baseline of `cortege bench vote`, never for serve.
func (s *Service) CastDirect(on bool) { s.box.direct.Store(on) }

// Cast puts a ballot in a vote's box and returns its receipt, the ballot's
// random ID. It takes no actor: the request carries no session, and
// nothing of it is logged. The proof is a token the vote's key signed
// (not used yet, or with re-voting its earlier ballot is replaced) or an
// issued, unused invitation code; every answer is checked against its
// question. Refusals are coded: a consultation that is not secret, whose
// answers go through its answer form (ECONFLICT
// err.consultadmin.cast.answer_form), the vote closed (ECONFLICT
// err.vote.not_open), token used (ECONFLICT err.vote.token_used), code
// unknown or used (EINVALID err.vote.code_unknown, ECONFLICT
// err.vote.code_used), an answer invalid (EINVALID naming the question).
func (s *Service) Cast(ctx context.Context, voteID string, answers []Answer, proof CastProof) (string, error) {
	q := s.db.Q()
	c, err := q.ConsultationByID(ctx, voteID)
	if err != nil || c.State == cortege.ConsultationDraft {
		return "", cortege.Errorf(cortege.ENOTFOUND, "err.consultation.not_found")
	}
	if !c.Secret {
		return "", cortege.Errorf(cortege.ECONFLICT, "err.consultadmin.cast.answer_form")
	}
	if !c.Accepting(s.now()) {
		return "", cortege.Errorf(cortege.ECONFLICT, "err.vote.not_open")
	}
	qs, err := q.ConsultationQuestions(ctx, voteID)
	if err != nil {
		return "", err
	}
	tqs := tallyQuestions(qs)
	if len(answers) != len(tqs) {
		return "", cortege.Invalid("answers", "err.vote.answers.count")
	}
	for i, tq := range tqs {
		if err := tq.Check(answers[i]); err != nil {
			return "", cortege.Invalid(tq.ID, "err.vote.answer.invalid")
		}
	}
	it := &castItem{voteID: voteID, ballot: tally.Ballot{Answers: slices.Clone(answers)}, done: make(chan error, 1)}
	switch {
	case proof.Code != "" && proof.Token == "":
		if c.Audience != cortege.AudienceCodes {
			return "", cortege.Invalid("code", "err.vote.code_unknown")
		}
		code, err := cortege.ParseInvitationCode(proof.Code)
		if err != nil {
			return "", err
		}
		it.hash = code.Hash()
		it.ballot.Proof = tally.Proof{Code: it.hash}
	case proof.Token != "" && proof.Code == "":
		_, public, _, err := q.ConsultationKey(ctx, voteID)
		if err != nil {
			return "", err
		}
		if public == "" {
			return "", cortege.Invalid("token", "err.vote.token_invalid")
		}
		tok, err1 := base64.RawURLEncoding.DecodeString(proof.Token)
		sig, err2 := base64.RawURLEncoding.DecodeString(proof.Signature)
		if err1 != nil || err2 != nil || len(tok) == 0 || len(tok) > tally.MaxTokenBytes {
			return "", cortege.Invalid("token", "err.vote.token_invalid")
		}
		v, err := tally.ParseTokenKey(public)
		if err != nil {
			return "", err
		}
		if err := v.Verify(tok, sig); err != nil {
			return "", cortege.Invalid("token", "err.vote.token_invalid")
		}
		it.slot = tally.SlotOf(tok)
		it.ballot.Proof = tally.Proof{Token: proof.Token, Signature: proof.Signature}
		if c.Revote {
			it.ballot.Slot = it.slot
		}
	default:
		return "", cortege.Invalid("proof", "err.vote.proof_required")
	}
	if s.box.direct.Load() {
		s.writeCasts([]*castItem{it})
	} else {
		s.box.submit(s, it)
	}
	select {
	case err := <-it.done:
		if err != nil {
			return "", err
		}
		return it.ballot.ID, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// submit queues a cast, starting the writer when it sleeps.
func (b *castBox) submit(s *Service, it *castItem) {
	b.mu.Lock()
	if b.wake == nil {
		b.wake = make(chan struct{}, 1)
	}
	b.queue = append(b.queue, it)
	if !b.running {
		b.running = true
		go b.run(s)
	}
	b.mu.Unlock()
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// run writes batches until the box has been idle for castIdleEnd. After
// its batches it truncates the WAL, at most every castForget (a timer
// catches the last batch of a burst), so that the files at rest hold no
// sequence of a sign-off followed by the batch with its ballot.
func (b *castBox) run(s *Service) {
	idle := time.NewTimer(castIdleEnd)
	defer idle.Stop()
	forget := time.NewTimer(time.Hour)
	forget.Stop()
	defer forget.Stop()
	var forgot time.Time
	pending := false
	forgetNow := func() {
		if err := s.db.ForgetWAL(context.Background()); err != nil {
			s.log.Warn("vote box: could not truncate the WAL", "err", err.Error())
		}
		forgot, pending = time.Now(), false
	}
	for {
		select {
		case <-b.wake:
		case <-forget.C:
			if pending {
				forgetNow()
			}
			continue
		case <-idle.C:
			b.mu.Lock()
			if len(b.queue) == 0 {
				b.running = false
				b.mu.Unlock()
				if pending {
					forgetNow()
				}
				return
			}
			b.mu.Unlock()
		}
		time.Sleep(castWindow)
		b.mu.Lock()
		items := b.queue
		b.queue = nil
		b.mu.Unlock()
		for len(items) > 0 {
			n := min(len(items), castMax)
			s.writeCasts(items[:n])
			items = items[n:]
		}
		if since := time.Since(forgot); since >= castForget {
			forgetNow()
		} else if !pending {
			pending = true
			forget.Reset(castForget - since)
		}
		idle.Reset(castIdleEnd)
	}
}

// shuffle permutes items with a generator seeded from crypto/rand.
func shuffle[T any](xs []T) {
	var seed [32]byte
	rand.Read(seed[:])
	mrand.New(mrand.NewChaCha8(seed)).Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
}

// writeCasts writes one batch in one transaction, in shuffled order, and
// answers each cast once it is durable (or with its refusal). A failure
// of the transaction itself answers every cast of the batch with it.
func (s *Service) writeCasts(items []*castItem) {
	shuffle(items)
	refused := make([]error, len(items))
	ctx := context.Background()
	err := s.db.InTx(ctx, func(q *store.Q) error {
		clear(refused)
		votes := map[string]*cortege.Consultation{}
		var ids []string
		for _, it := range items {
			if _, ok := votes[it.voteID]; !ok {
				votes[it.voteID] = nil
				ids = append(ids, it.voteID)
			}
		}
		slices.Sort(ids)
		for _, id := range ids {
			if err := q.LockConsultation(ctx, id); err != nil {
				return err
			}
			c, err := q.ConsultationByID(ctx, id)
			if err != nil {
				return err
			}
			votes[id] = c
		}
		now := s.now()
		for i, it := range items {
			c := votes[it.voteID]
			if !c.Accepting(now) {
				refused[i] = cortege.Errorf(cortege.ECONFLICT, "err.vote.not_open")
				continue
			}
			r, err := s.writeCast(ctx, q, c, it)
			if err != nil {
				return err
			}
			refused[i] = r
		}
		for _, id := range ids {
			if err := q.TouchBallots(ctx, id, castTouch, tally.NewBallotID); err != nil {
				return err
			}
			if err := s.refillBox(ctx, q, id); err != nil {
				return err
			}
		}
		return nil
	})
	for i, it := range items {
		if err != nil {
			s.log.Error("vote box: a batch failed", "err", err.Error())
			it.done <- err
		} else {
			it.done <- refused[i]
		}
	}
}

// writeCast fills a random free row of the box with one cast; it returns
// the cast's refusal, or an error that fails the batch.
func (s *Service) writeCast(ctx context.Context, q *store.Q, c *cortege.Consultation, it *castItem) (refusal, err error) {
	if it.hash != "" {
		ok, err := q.UseVoteCode(ctx, c.ID, it.hash)
		if err != nil {
			return nil, err
		}
		if !ok {
			st, err := q.VoteCodeState(ctx, c.ID, it.hash)
			switch {
			case cortege.IsNotFound(err) || st == cortege.CodeVoid:
				return cortege.Invalid("code", "err.vote.code_unknown"), nil
			case err != nil:
				return nil, err
			}
			return cortege.Errorf(cortege.ECONFLICT, "err.vote.code_used"), nil
		}
	} else {
		taken, err := q.SlotTaken(ctx, c.ID, it.slot)
		if err != nil {
			return nil, err
		}
		if taken && !c.Revote {
			return cortege.Errorf(cortege.ECONFLICT, "err.vote.token_used"), nil
		}
		if taken {
			// A re-vote: the earlier ballot's row becomes a free row again.
			if _, err := q.EmptySlot(ctx, c.ID, it.slot, tally.NewBallotID(), randomPick()); err != nil {
				return nil, err
			}
		}
	}
	id, err := q.PickFreeBallot(ctx, c.ID, randomPick())
	if cortege.IsNotFound(err) {
		if err := allocateBallots(ctx, q, c.ID, ballotChunk); err != nil {
			return nil, err
		}
		id, err = q.PickFreeBallot(ctx, c.ID, randomPick())
	}
	if err != nil {
		return nil, err
	}
	ans, err := json.Marshal(it.ballot.Answers)
	if err != nil {
		return nil, err
	}
	it.ballot.ID = id
	p := it.ballot.Proof
	return nil, q.FillBallot(ctx, c.ID, store.StoredBallot{ID: id, Answers: string(ans), Token: p.Token,
		Signature: p.Signature, Slot: it.slot, CodeHash: it.hash})
}

// refillBox allocates another chunk of rows when fewer than a quarter of
// the box's rows are free.
func (s *Service) refillBox(ctx context.Context, q *store.Q, id string) error {
	total, free, err := q.CountBallotRows(ctx, id)
	if err != nil || free*4 >= total {
		return err
	}
	return allocateBallots(ctx, q, id, ballotChunk)
}
