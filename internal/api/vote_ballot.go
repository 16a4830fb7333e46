package api

import (
	"encoding/base64"
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// SignOffBody is the body of POST /api/v1/consultations/{id}/sign-off:
// the token the voter's client blinded (RFC 9474,
// RSABSSA-SHA384-PSS-Randomized, under the vote's token_key), base64url.
type SignOffBody struct {
	Blinded string `json:"blinded"`
}

// SignOffResult is the blind signature of the token, base64url without
// padding; the client unblinds it and casts with the token.
type SignOffResult struct {
	BlindSignature string `json:"blind_signature"`
}

// decodeB64URL reads base64url with or without its padding.
func decodeB64URL(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// handleSignOff puts the caller on a vote's sign-in sheet and blind-signs
// their token: an eligible member, once (409 the second time, never
// saying when).
func (a *API) handleSignOff(w http.ResponseWriter, r *http.Request) error {
	var in SignOffBody
	if err := decode(w, r, &in); err != nil {
		return err
	}
	// A vote the caller may not see is 404 whatever the body says.
	v, err := a.consultationView(r)
	if err != nil {
		return err
	}
	id := v.Consultation.ID
	blinded, err := decodeB64URL(in.Blinded)
	if err != nil || len(blinded) == 0 {
		return cortege.Invalid("blinded", "err.vote.blinded.invalid")
	}
	sig, err := a.svc.SignOff(r.Context(), httpx.Actor(r.Context()), id, blinded)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, SignOffResult{BlindSignature: base64.RawURLEncoding.EncodeToString(sig)})
}

// BallotAnswer is a ballot's answer to one question: the indexes of the
// options chosen (one for single and yesno; distinct and ascending for
// multiple; in order of preference for ranking), or for grades one grade
// index per option (0 the best), or blank.
type BallotAnswer struct {
	Question string `json:"question"`
	Blank    bool   `json:"blank,omitempty"`
	Choices  []int  `json:"choices,omitempty"`
	Grades   []int  `json:"grades,omitempty"`
}

// BallotCreate is the body of POST /api/v1/consultations/{id}/ballots:
// one answer per question, in the questions' order, and the proof of
// eligibility: a blind token (token and signature, base64url, as the
// board holds them) or an invitation code as typed.
type BallotCreate struct {
	Answers   []BallotAnswer `json:"answers"`
	Token     string         `json:"token"`
	Signature string         `json:"signature"`
	Code      string         `json:"code"`
}

// BallotReceipt is a cast's receipt: the ballot's random ID, to find it
// on the board (board_url) once the vote is closed.
type BallotReceipt struct {
	Receipt  string `json:"receipt"`
	BoardURL string `json:"board_url"`
}

// maxBallotAnswers bounds the answers of a cast before the service reads
// the questions.
const maxBallotAnswers = cortege.MaxConsultationQuestions

// handleCast puts a ballot in a vote's box. It is a ballotBox route: it
// knows nothing of who calls (no session, no token, no address) and logs
// nothing of the ballot.
func (a *API) handleCast(w http.ResponseWriter, r *http.Request) error {
	httpx.Quiet(r.Context()) // the access log keeps the route alone: no path, no time
	var in BallotCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	id, err := consultationID(r)
	if err != nil {
		return err
	}
	if len(in.Answers) > maxBallotAnswers {
		return cortege.Invalid("answers", "err.vote.answers.count")
	}
	answers := make([]service.Answer, len(in.Answers))
	for i, x := range in.Answers {
		answers[i] = service.Answer{Question: x.Question, Blank: x.Blank, Choices: x.Choices, Grades: x.Grades}
	}
	receipt, err := a.svc.Cast(r.Context(), id, answers, service.CastProof{Token: in.Token, Signature: in.Signature, Code: in.Code})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, BallotReceipt{Receipt: receipt, BoardURL: a.baseURL + "/votes/" + id + "/board.json"})
}
