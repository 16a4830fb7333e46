package web

import "net/http"

// Register adds every HTML route to mux: the pages, /static/…, /uploads/…,
// public profiles /@handle and a catch-all "/" that answers the translated
// 404 page (so the server needs no 404 handler of its own).
func (w *Web) Register(sm *http.ServeMux) {
	mux := router{mux: sm, w: w}
	mux.HandleFunc("GET /{$}", w.cached(w.wrap(anyone, w.handleHome)))
	mux.HandleFunc("/", w.cachedAt(w.wrap(anyone, w.handleFallback)))
	mux.HandleFunc("GET /static/{name}", w.handleStatic)
	mux.HandleFunc("GET /uploads/{name}", w.wrap(anyone, w.handleUpload))
	mux.HandleFunc("GET /uploads/{variant}/{name}", w.wrap(anyone, w.handleUploadVariant))
	mux.HandleFunc("GET /cards/{file}", w.handleInstanceCard)
	mux.HandleFunc("GET /dashboard", w.wrap(member, w.handleDashboard))
	mux.HandleFunc("GET /about/places", w.wrap(anyone, w.handleAboutPlaces))
	mux.HandleFunc("GET "+privacyPath, w.wrap(anyone, w.handleAboutPrivacy))
	w.registerEvents(mux)
	w.registerPetitionLog(mux)

	mux.HandleFunc("GET /login", w.wrap(anyone, w.handleLoginForm))
	mux.HandleFunc("POST /login", w.wrap(anyone, w.handleLoginRequest))
	mux.HandleFunc("POST /login/password", w.wrap(anyone, w.handleLoginPassword))
	mux.HandleFunc("GET /login/confirm", w.wrap(anyone, w.handleLoginConfirmForm))
	mux.HandleFunc("POST /login/confirm", w.wrap(anyone, w.handleLoginConfirm))
	mux.HandleFunc("POST /logout", w.wrap(anyone, w.handleLogout))
	mux.HandleFunc("POST /language", w.wrap(anyone, w.handleLanguagePick))
	mux.HandleFunc("GET "+identityPath, w.wrap(member, w.handleIdentityForm))
	mux.HandleFunc("POST "+identityPath, w.wrap(member, w.handleIdentity))
	mux.HandleFunc("POST /logout/everywhere", w.wrap(member, w.handleLogoutEverywhere))

	mux.HandleFunc("GET /settings", w.wrap(member, w.handleSettings))
	mux.HandleFunc("POST /settings/language", w.wrap(member, w.handleLanguageSet))
	mux.HandleFunc("POST /settings/password", w.wrap(member, w.handlePasswordSet))
	mux.HandleFunc("POST /settings/email", w.wrap(member, w.handleEmailChange))
	mux.HandleFunc("GET /settings/email/confirm", w.wrap(anyone, w.handleEmailConfirmForm))
	mux.HandleFunc("POST /settings/email/confirm", w.wrap(anyone, w.handleEmailConfirm))
	mux.HandleFunc("GET /settings/export.json", w.wrap(member, w.handleExport))
	mux.HandleFunc("GET /settings/delete", w.wrap(member, w.handleAccountDeleteForm))
	mux.HandleFunc("POST /settings/delete", w.wrap(member, w.handleAccountDelete))

	mux.HandleFunc("GET /settings/tokens", w.wrap(member, w.handleTokens))
	mux.HandleFunc("POST /settings/tokens", w.wrap(member, w.handleTokenCreate))
	w.confirmed(w.muxReg(mux, member), "/settings/tokens/{id}/revoke", w.confirmTokenRevoke(), w.handleTokenRevoke)

	mux.HandleFunc("GET /settings/profiles", w.wrap(member, w.handleProfiles))
	mux.HandleFunc("POST /settings/profiles", w.wrap(member, w.handleProfileCreate))
	mux.HandleFunc("GET /settings/profiles/{id}", w.wrap(member, w.handleProfileEdit))
	mux.HandleFunc("POST /settings/profiles/{id}", w.wrap(member, w.handleProfileUpdate))
	mux.HandleFunc("POST /settings/profiles/{id}/avatar", w.wrap(member, w.handleProfileAvatar))
	mux.HandleFunc("POST /settings/profiles/{id}/act", w.wrap(member, w.handleProfileAct))
	mux.HandleFunc("POST /settings/profiles/{id}/default", w.wrap(member, w.handleProfileDefault))
	mux.HandleFunc("GET /settings/profiles/{id}/delete", w.wrap(member, w.handleProfileDeleteForm))
	mux.HandleFunc("POST /settings/profiles/{id}/delete", w.wrap(member, w.handleProfileDelete))

	mux.HandleFunc("POST /reports/profile", w.wrap(member, w.handleProfileReport))
	w.registerPetitionTools(mux) // the petition organisers' pages (petition_tools.go)

	mux.HandleFunc("GET /admin", w.wrap(admin, w.handleAdminSettings))
	mux.HandleFunc("POST /admin", w.wrap(admin, w.handleAdminSettingsSave))
	mux.HandleFunc("GET /admin/accounts", w.wrap(admin, w.handleAdminAccounts))
	mux.HandleFunc("GET /admin/accounts/{id}", w.wrap(admin, w.handleAdminAccount))
	mux.HandleFunc("POST /admin/accounts/{id}/status", w.wrap(admin, w.handleAdminAccountStatus))
	mux.HandleFunc("GET /admin/accounts/{id}/delete", w.wrap(admin, w.handleAdminAccountDeleteForm))
	mux.HandleFunc("POST /admin/accounts/{id}/delete", w.wrap(admin, w.handleAdminAccountDelete))
	mux.HandleFunc("GET /admin/invitations", w.wrap(admin, w.handleAdminInvitations))
	mux.HandleFunc("POST /admin/invitations", w.wrap(admin, w.handleAdminInvitationsCeiling))
	w.confirmed(w.muxReg(mux, admin), "/admin/invitations/{id}/stop", w.confirmInvitationsStop(), w.handleAdminInvitationsStop)
	mux.HandleFunc("POST /admin/invitations/{id}/resume", w.wrap(admin, w.handleAdminInvitationsResume))
	w.registerGroups(mux)
	w.registerPetitions(mux)
	w.registerTargets(mux)
	w.registerPetitionLinks(mux)
	w.registerVotes(mux)         // the public pages of votes (vote_routes.go)
	w.registerVoteManage(mux)    // the organisers' pages of consultations and votes (vote_manage.go)
	w.registerConsultations(mux) // consultations with linked answers (consultation_respond.go)
}
