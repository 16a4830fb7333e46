package api

import (
	"net/http"
	"strconv"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// CodesCreate is the body of POST /api/v1/consultations/{id}/codes: how
// many anonymous invitation codes to issue as a new batch.
type CodesCreate struct {
	Count int `json:"count"`
}

// Slip is one slip of a batch of invitation codes: its batch and slip
// numbers (to void or reprint it) and, only in the answer that issued it,
// its code, as printed (five groups of four). The server keeps only the
// code's hash: a code not saved from this answer is lost.
type Slip struct {
	Batch int    `json:"batch"`
	Slip  int    `json:"slip"`
	Code  string `json:"code"`
	State string `json:"state"`
}

func toSlip(s cortege.InvitationSlip) Slip {
	return Slip{Batch: s.Batch, Slip: s.Slip, Code: s.Code.String(), State: s.State}
}

// SlipBatch answers the generation of a batch: its slips in slip order.
type SlipBatch struct {
	Batch int    `json:"batch"`
	Slips []Slip `json:"slips"`
}

// handleCodesGenerate issues a batch of codes for a vote by codes, once.
func (a *API) handleCodesGenerate(w http.ResponseWriter, r *http.Request) error {
	var in CodesCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	// The rights before the count, which the service checks first.
	v, err := a.managedConsultation(r)
	if err != nil {
		return err
	}
	slips, err := a.svc.GenerateCodes(r.Context(), httpx.Actor(r.Context()), v.Consultation.ID, in.Count)
	if err != nil {
		return err
	}
	out := SlipBatch{Slips: make([]Slip, 0, len(slips))}
	for _, s := range slips {
		out.Batch = s.Batch
		out.Slips = append(out.Slips, toSlip(s))
	}
	return writeJSON(w, http.StatusCreated, out)
}

// slipRef reads the {id}, {batch} and {slip} of the path; numbers that
// no slip has are 404 at once.
func slipRef(r *http.Request) (id string, batch, slip int, err error) {
	if id, err = consultationID(r); err != nil {
		return "", 0, 0, err
	}
	notFound := cortege.Errorf(cortege.ENOTFOUND, "err.vote.slip.not_found")
	b, err1 := strconv.Atoi(r.PathValue("batch"))
	s, err2 := strconv.Atoi(r.PathValue("slip"))
	if err1 != nil || err2 != nil || b < 1 || s < 1 || s > cortege.MaxCodesPerBatch || b > 1<<30 {
		return "", 0, 0, notFound
	}
	return id, b, s, nil
}

// handleSlipVoid voids a spoiled or lost slip's code.
func (a *API) handleSlipVoid(w http.ResponseWriter, r *http.Request) error {
	id, batch, slip, err := slipRef(r)
	if err != nil {
		return err
	}
	if err := a.svc.VoidSlip(r.Context(), httpx.Actor(r.Context()), id, batch, slip); err != nil {
		return err
	}
	return noContent(w)
}

// handleSlipReprint voids a slip's code and issues a new one for the same
// numbers, answered once.
func (a *API) handleSlipReprint(w http.ResponseWriter, r *http.Request) error {
	id, batch, slip, err := slipRef(r)
	if err != nil {
		return err
	}
	s, err := a.svc.ReprintSlip(r.Context(), httpx.Actor(r.Context()), id, batch, slip)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toSlip(*s))
}
