package web

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// registerPetitionTools adds the petition organisers' pages (issue 13):
// writing and editing a petition, "my petitions", the management page
// and its steps (publish, close, record the answer), co-signing groups
// and their invitations, paper signatures, suspicious bursts, the charts,
// the signatures' export and the hand-over document. Who may act is the
// service's decision; these pages ask it.
func (w *Web) registerPetitionTools(mux router) {
	mux.HandleFunc("GET /petitions/new", w.wrap(member, w.handlePetitionNew))
	mux.HandleFunc("POST /petitions/new", w.wrap(member, w.handlePetitionCreate))
	mux.HandleFunc("GET /petitions/mine", w.wrap(member, w.handleMyPetitions))
	mux.HandleFunc("GET /petitions/invitations", w.wrap(member, w.handlePetitionInvitations))
	mux.HandleFunc("POST /petitions/invitations", w.wrap(member, w.handlePetitionInvitationAnswer))
	mux.HandleFunc("GET /petitions/{id}/edit", w.wrap(member, w.handlePetitionEdit))
	mux.HandleFunc("POST /petitions/{id}/edit", w.wrap(member, w.handlePetitionUpdate))
	mux.HandleFunc("GET /petitions/{id}/manage", w.wrap(member, w.handlePetitionManage))
	mux.HandleFunc("POST /petitions/{id}/publish", w.wrap(member, w.handlePetitionPublish))
	w.confirmed(w.muxReg(mux, member), "/petitions/{id}/close", w.confirmPetitionStep("ptools_close"), w.handlePetitionClose)
	w.confirmed(w.muxReg(mux, member), "/petitions/{id}/answer", w.confirmPetitionStep("ptools_answer"), w.handlePetitionAnswer)
	mux.HandleFunc("POST /petitions/{id}/invite", w.wrap(member, w.handlePetitionInvite))
	mux.HandleFunc("POST /petitions/{id}/picture", w.wrap(member, w.handlePetitionPicture))
	mux.HandleFunc("GET /petitions/{id}/paper", w.wrap(member, w.handlePaperForm))
	mux.HandleFunc("POST /petitions/{id}/paper", w.wrap(member, w.handlePaperRows))
	mux.HandleFunc("POST /petitions/{id}/paper/csv", w.wrap(member, w.handlePaperCSV))
	mux.HandleFunc("GET /petitions/{id}/bursts", w.wrap(member, w.handleBursts))
	w.confirmed(w.muxReg(mux, member), "/petitions/{id}/bursts/invalidate", w.confirmBurstInvalidate(), w.handleBurstInvalidate)
	mux.HandleFunc("GET /petitions/{id}/counts", w.wrap(member, w.handlePetitionCharts))
	mux.HandleFunc("GET /petitions/{id}/signatures.csv", w.wrap(member, w.handleSignaturesCSV))
	mux.HandleFunc("GET /petitions/{id}/handover.pdf", w.wrap(member, w.handleHandoverPDF))
}

// PetitionTool is what every organiser page of a petition shows on top:
// the petition, its counter and which tab is open.
type PetitionTool struct {
	View *service.PetitionView
	Tab  string
}

// P is the petition.
func (t *PetitionTool) P() *cortege.Petition { return t.View.Petition }

// Path is a path under the petition's own (/petitions/ID + rest).
func (t *PetitionTool) Path(rest string) string { return "/petitions/" + t.View.Petition.ID + rest }

// organisedPetition reads the petition of the request's path for one of
// its organisers; anyone else gets the service's refusal (not found for a
// draft, forbidden otherwise).
func (w *Web) organisedPetition(r *http.Request, tab string) (*PetitionTool, error) {
	v, err := w.svc.Petition(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if !v.Organiser {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return &PetitionTool{View: v, Tab: tab}, nil
}

// petitionDone are the confirmations a tools page shows after a redirect
// (?done=KEY): only these, so a link cannot make a page say anything else.
var petitionDone = map[string]bool{
	"created": true, "saved": true, "published": true, "closed": true, "answered": true, "invited": true,
	"group_added": true, "accepted": true, "declined": true, "invalidated": true, "picture": true,
}

// doneKey is the catalogue key of the confirmation asked for by ?done=.
func doneKey(r *http.Request) string {
	if k := r.URL.Query().Get("done"); petitionDone[k] {
		return "ptools.done." + k
	}
	return ""
}
