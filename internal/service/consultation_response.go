package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// Respondent is what identifies a participant of a consultation whose
// answers are linked, besides the signed-in actor: the random key kept in
// an anonymous browser's cookie (audience "link", signed out: one response
// per browser, weak) or the invitation code typed (audience "codes": one
// response per code, linked to no name).
type Respondent struct {
	BrowserKey string
	Code       string
}

// BrowserResponsesPerHour is how many new responses by link, without an
// account, one network address may give one consultation in an hour.
const BrowserResponsesPerHour = 60

// MinBrowserKeyLen is the shortest browser key accepted (the web layer
// makes 32 random bytes, base64url).
const MinBrowserKeyLen = 32

// BrowserKeyHash is how a browser key is stored for a consultation: the
// SHA-256 of the consultation and the key, so the database alone can
// neither impersonate the browser nor tell that two consultations were
// answered from the same one.
func BrowserKeyHash(consultationID, key string) string {
	sum := sha256.Sum256([]byte("cortege consultation browser\x00" + consultationID + "\x00" + key))
	return hex.EncodeToString(sum[:])
}

// respondentKey is whose response it is: exactly one of a profile, a
// browser key's hash and a code's hash.
type respondentKey struct {
	profileID, browserKey, codeHash string
}

// linkedConsultation loads a consultation whose answers are linked, as the
// actor may see it (not a draft, unless they manage it), with the actor's
// role in its group.
func (s *Service) linkedConsultation(ctx context.Context, q *store.Q, a cortege.Actor, id string) (*cortege.Consultation, bool, string, error) {
	c, manage, role, err := s.consultationRights(ctx, q, a, id)
	if err != nil {
		return nil, false, "", err
	}
	if c.Secret {
		return nil, false, "", cortege.Errorf(cortege.ECONFLICT, "err.response.secret")
	}
	return c, manage, role, nil
}

// respondent decides whose response the actor writes or reads: a member
// of the consultation's audience (profile), a browser (link, signed out:
// the key), or a code's holder (codes). It refuses who may not take part.
func (s *Service) respondent(ctx context.Context, q *store.Q, a cortege.Actor, c *cortege.Consultation, role string, who Respondent) (respondentKey, error) {
	switch c.Audience {
	case cortege.AudienceMembers:
		pid := profileID(a)
		if pid == "" {
			return respondentKey{}, cortege.Errorf(cortege.EUNAUTH, "err.signin_required")
		}
		if c.GroupID != "" && cortege.RoleRank(role) < cortege.RoleRank(c.MinRole) {
			return respondentKey{}, cortege.Errorf(cortege.EFORBIDDEN, "err.response.not_eligible")
		}
		return respondentKey{profileID: pid}, nil
	case cortege.AudienceLink:
		if pid := profileID(a); pid != "" {
			return respondentKey{profileID: pid}, nil
		}
		if len(who.BrowserKey) < MinBrowserKeyLen || len(who.BrowserKey) > 200 {
			return respondentKey{}, cortege.Invalid("browser", "err.response.browser_required")
		}
		return respondentKey{browserKey: BrowserKeyHash(c.ID, who.BrowserKey)}, nil
	case cortege.AudienceCodes:
		if who.Code == "" {
			return respondentKey{}, cortege.Invalid("code", "err.response.code_required")
		}
		code, err := cortege.ParseInvitationCode(who.Code)
		if err != nil {
			return respondentKey{}, err
		}
		h := code.Hash()
		st, err := q.VoteCodeState(ctx, c.ID, h)
		if cortege.IsNotFound(err) || (err == nil && st == cortege.CodeVoid) {
			return respondentKey{}, cortege.Invalid("code", "err.vote.code_unknown")
		} else if err != nil {
			return respondentKey{}, err
		}
		return respondentKey{codeHash: h}, nil
	}
	return respondentKey{}, cortege.Errorf(cortege.EFORBIDDEN, "err.response.not_eligible")
}

// openLinked opens a consultation whose answers are linked: no key, no box
// and no board (its answers are rows of consultation_responses, edited in
// place until closing).
func (s *Service) openLinked(ctx context.Context, a cortege.Actor, id string) (*cortege.Consultation, error) {
	var out *cortege.Consultation
	err := s.inTx(ctx, func(q *store.Q) error {
		c, qs, err := s.openable(ctx, q, a, id)
		if err != nil {
			return err
		}
		now := s.now()
		for _, x := range qs {
			if x.Kind == cortege.QuestionIdeas && c.Audience == cortege.AudienceCodes {
				// Supports are one per member: a code names no member.
				return cortege.Invalid("questions", "err.consultation.ideas.codes")
			}
		}
		if err := q.OpenConsultation(ctx, id, nil, "", now); err != nil {
			return err
		}
		c.State, c.OpenedAt = cortege.ConsultationOpen, now
		out = c
		return nil
	})
	return out, err
}

// Respond writes the actor's response to an open consultation whose
// answers are linked. Who may answer follows the audience (members from
// its role; anyone with the link, one per browser when signed out; one
// per invitation code). A second response of the same person, browser or
// code is ECONFLICT err.response.exists: the unique keys decide, so
// concurrent attempts leave one. Answers are checked question by question
// (conditions, required questions, bounds); with clearHidden the answers
// to questions a condition hides are dropped rather than refused.
func (s *Service) Respond(ctx context.Context, a cortege.Actor, id string, who Respondent, answers []cortege.ResponseAnswer, clearHidden bool) (*cortege.Response, error) {
	var out *cortege.Response
	err := s.inTx(ctx, func(q *store.Q) error {
		c, _, role, err := s.linkedConsultation(ctx, q, a, id)
		if err != nil {
			return err
		}
		key, err := s.respondent(ctx, q, a, c, role, who)
		if err != nil {
			return err
		}
		now := s.now()
		if !cortege.CanEditResponse(c, now) {
			return cortege.Errorf(cortege.ECONFLICT, "err.response.closed")
		}
		qs, err := q.ConsultationQuestions(ctx, id)
		if err != nil {
			return err
		}
		checked, err := cortege.CheckResponse(qs, answers, clearHidden)
		if err != nil {
			return err
		}
		if key.browserKey != "" && a.IP != "" {
			// Clearing the cookie answers again: a keyed hash of the
			// address bounds how often one network does it.
			if err := s.limitIn(ctx, q, "consultation:browser:"+id+":"+a.IP, BrowserResponsesPerHour, time.Hour); err != nil {
				return err
			}
		}
		r := &cortege.Response{ID: cortege.NewID(now), ConsultationID: id, ProfileID: key.profileID, BrowserKey: key.browserKey,
			CodeHash: key.codeHash, Answers: checked, CreatedAt: now, UpdatedAt: now}
		if err := q.AddConsultationResponse(ctx, r); err != nil {
			return err
		}
		if key.codeHash != "" {
			if _, err := q.UseVoteCode(ctx, id, key.codeHash); err != nil {
				return err
			}
		}
		out = r
		return nil
	})
	return out, err
}

// EditResponse rewrites the actor's own response until closing (after,
// ECONFLICT err.response.closed).
func (s *Service) EditResponse(ctx context.Context, a cortege.Actor, id string, who Respondent, answers []cortege.ResponseAnswer, clearHidden bool) (*cortege.Response, error) {
	var out *cortege.Response
	err := s.inTx(ctx, func(q *store.Q) error {
		c, r, err := s.ownResponse(ctx, q, a, id, who)
		if err != nil {
			return err
		}
		now := s.now()
		if !cortege.CanEditResponse(c, now) {
			return cortege.Errorf(cortege.ECONFLICT, "err.response.closed")
		}
		qs, err := q.ConsultationQuestions(ctx, id)
		if err != nil {
			return err
		}
		if r.Answers, err = cortege.CheckResponse(qs, answers, clearHidden); err != nil {
			return err
		}
		r.UpdatedAt = now
		if err := q.UpdateConsultationResponse(ctx, r); err != nil {
			return err
		}
		out = r
		return nil
	})
	return out, err
}

// WithdrawResponse deletes the actor's own response until closing.
func (s *Service) WithdrawResponse(ctx context.Context, a cortege.Actor, id string, who Respondent) error {
	return s.inTx(ctx, func(q *store.Q) error {
		c, r, err := s.ownResponse(ctx, q, a, id, who)
		if err != nil {
			return err
		}
		if !cortege.CanEditResponse(c, s.now()) {
			return cortege.Errorf(cortege.ECONFLICT, "err.response.closed")
		}
		return q.DeleteConsultationResponse(ctx, id, r.ID)
	})
}

// MyResponse returns the actor's own response; ENOTFOUND
// err.response.not_found when they have none.
func (s *Service) MyResponse(ctx context.Context, a cortege.Actor, id string, who Respondent) (*cortege.Response, error) {
	_, r, err := s.ownResponse(ctx, s.db.Q(), a, id, who)
	return r, err
}

// ownResponse loads a consultation and the actor's response to it.
func (s *Service) ownResponse(ctx context.Context, q *store.Q, a cortege.Actor, id string, who Respondent) (*cortege.Consultation, *cortege.Response, error) {
	c, _, role, err := s.linkedConsultation(ctx, q, a, id)
	if err != nil {
		return nil, nil, err
	}
	key, err := s.respondent(ctx, q, a, c, role, who)
	if err != nil {
		return nil, nil, err
	}
	r, err := q.ConsultationResponseOf(ctx, id, key.profileID, key.browserKey, key.codeHash)
	if err != nil {
		return nil, nil, err
	}
	return c, r, nil
}
