package web

import "net/http"

// registerPetitions adds the public pages of petitions (issue 13): the
// petition's page with its signing form, the list of public signatures,
// the embeddable counter, the Mastodon share step, and the signer's own
// pages reached from mailed links (confirm, withdraw, export). The
// organisers' pages (/petitions/new, /petitions/{id}/manage…), the
// representatives (/petitions/{id}/targets) and the gatherings
// (/petitions/{id}/gatherings) are registered elsewhere; these pages only
// link to them.
func (w *Web) registerPetitions(mux router) {
	mux.HandleFunc("GET /petitions/{id}", w.petitionCached(w.wrap(anyone, w.handlePetition)))
	mux.HandleFunc("GET /petitions/{id}/signatures", w.petitionCached(w.wrap(anyone, w.handlePetitionSignatures)))
	mux.HandleFunc("GET /petitions/{id}/widget", w.petitionCached(w.wrap(anyone, w.handlePetitionWidget)))
	mux.HandleFunc("GET /petitions/{id}/share/mastodon", w.wrap(anyone, w.handlePetitionMastodon))
	mux.HandleFunc("POST /petitions/{id}/sign", w.wrap(anyone, w.handlePetitionSign))
	mux.HandleFunc("GET /petitions/{id}/sent", w.wrap(anyone, w.handlePetitionSent))
	mux.HandleFunc("GET /petitions/{id}/signed", w.wrap(anyone, w.handlePetitionSigned))

	// Links from mails: GET shows a button and changes nothing, POST acts.
	mux.HandleFunc("GET /petitions/{id}/confirm", w.wrap(anyone, w.handlePetitionConfirmForm))
	mux.HandleFunc("POST /petitions/{id}/confirm", w.wrap(anyone, w.handlePetitionConfirm))
	mux.HandleFunc("GET /petitions/{id}/withdraw", w.wrap(anyone, w.handlePetitionWithdrawForm))
	mux.HandleFunc("POST /petitions/{id}/withdraw", w.wrap(anyone, w.handlePetitionWithdraw))
	mux.HandleFunc("GET /petitions/{id}/signature.json", w.wrap(anyone, w.handlePetitionExport))
}

// petitionCached is how every public GET of a petition goes through the
// page cache: for 1 second at most (cachedLive), since signatures and
// counters are live tables that move no generation.
func (w *Web) petitionCached(h http.HandlerFunc) http.HandlerFunc { return w.cachedLive(h) }
