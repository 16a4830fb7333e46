package web

import (
	"codeberg.org/cortege/cortege/internal/service"
)

// registerEvents adds the events' pages (issue 4): discovery, creation
// with or without an account, the event page and its forms, the
// organisers' pages, the links mailed to participants and creators, and
// the calendar feeds. Organisers' pages answer both the signed-in
// organiser (/events/ID/…) and the holder of a private management link
// (/events/ID/…?token=T): the service decides who may act.
func (w *Web) registerEvents(mux router) {
	mux.HandleFunc("GET /events", w.cached(w.wrap(anyone, w.handleEventSearch)))
	mux.HandleFunc("GET /events/new", w.wrap(anyone, w.handleEventNew))
	mux.HandleFunc("POST /events", w.wrap(anyone, w.handleEventCreate))
	mux.HandleFunc("GET "+eventSentPath, w.wrap(anyone, w.handleEventSent))
	mux.HandleFunc("GET /events/{id}", w.cached(w.wrap(anyone, w.tokenless(w.handleEvent)))) // also {id}.ics

	// Links from mails: GET shows a form and changes nothing, POST acts.
	// The private links (management, confirmation, cancel) are exchanged
	// for a session of the event and redirect to its clean pages, so the
	// token never stays in the address bar (event_session.go).
	mux.HandleFunc("GET /events/manage", w.wrap(anyone, w.gone(w.handleManageLinkOpen)))
	mux.HandleFunc("POST /events/manage", w.wrap(anyone, w.gone(w.handleManagePost)))
	mux.HandleFunc("GET /events/{id}/manage", w.wrap(anyone, w.gone(w.handleManagePage)))
	mux.HandleFunc("POST /events/{id}/manage", w.wrap(anyone, w.gone(w.handleManagePost)))
	mux.HandleFunc("GET /events/participation/confirm", w.wrap(anyone, w.gone(w.handleParticipantLinkOpen(service.ParticipantConfirmLink))))
	mux.HandleFunc("POST /events/participation/confirm", w.wrap(anyone, w.gone(w.handleParticipationLinkPost(service.ParticipantConfirmLink))))
	mux.HandleFunc("GET /events/participation/cancel", w.wrap(anyone, w.gone(w.handleParticipantLinkOpen(service.ParticipantCancelLink))))
	mux.HandleFunc("POST /events/participation/cancel", w.wrap(anyone, w.gone(w.handleParticipationLinkPost(service.ParticipantCancelLink))))
	mux.HandleFunc("GET /events/{id}/registration", w.wrap(anyone, w.gone(w.handleRegistration)))
	mux.HandleFunc("POST /events/{id}/registration/confirm", w.wrap(anyone, w.gone(w.handleRegistrationConfirm)))
	mux.HandleFunc("POST /events/{id}/registration/cancel", w.wrap(anyone, w.gone(w.handleRegistrationCancel)))
	mux.HandleFunc("GET /events/{id}/registration/ticket.png", w.wrap(anyone, w.gone(w.handleRegistrationTicket)))
	mux.HandleFunc("GET /events/participation/ticket.png", w.wrap(anyone, w.gone(w.handleTicketByToken)))
	mux.HandleFunc("GET /events/participation/unsubscribe", w.wrap(anyone, w.gone(w.handleUnsubscribeForm)))
	mux.HandleFunc("POST /events/participation/unsubscribe", w.wrap(anyone, w.gone(w.handleUnsubscribe)))

	// A participant's actions.
	mux.HandleFunc("POST /events/{id}/join", w.wrap(anyone, w.handleJoin))
	mux.HandleFunc("POST /events/{id}/links", w.wrap(anyone, w.handleEventLinks))
	w.confirmed(w.muxReg(mux, member), "/events/{id}/leave", w.confirmEventLeave(), w.handleLeave)
	mux.HandleFunc("POST /events/{id}/updates", w.wrap(member, w.handleEventUpdates))
	mux.HandleFunc("GET /events/{id}/ticket.png", w.wrap(member, w.handleTicketPNG))
	mux.HandleFunc("POST /events/{id}/comments", w.wrap(member, w.handleCommentCreate))
	w.confirmed(w.muxReg(mux, anyone), "/events/{id}/comments/{cid}/delete", w.confirmCommentDelete(), w.handleCommentDelete)
	mux.HandleFunc("POST /events/{id}/flag", w.wrap(member, w.handleEventFlag))
	mux.HandleFunc("POST /events/{id}/photos", w.wrap(member, w.handlePhotoAdd))

	// Organisers (signed in, or by the management link).
	mux.HandleFunc("GET /events/{id}/edit", w.wrap(anyone, w.tokenless(w.handleEventEdit)))
	mux.HandleFunc("POST /events/{id}/edit", w.wrap(anyone, w.handleEventUpdate))
	mux.HandleFunc("POST /events/{id}/publish", w.wrap(anyone, w.handleEventPublish))
	mux.HandleFunc("GET /events/{id}/cancel", w.wrap(anyone, w.tokenless(w.handleEventCancelForm)))
	mux.HandleFunc("POST /events/{id}/cancel", w.wrap(anyone, w.handleEventCancel))
	mux.HandleFunc("POST /events/{id}/delete", w.wrap(anyone, w.handleEventDelete))
	mux.HandleFunc("POST /events/{id}/comments/close", w.wrap(anyone, w.handleCommentsClose))
	mux.HandleFunc("POST /events/{id}/report", w.wrap(anyone, w.handleEventReport))
	mux.HandleFunc("POST /events/{id}/photos/{pid}/hide", w.wrap(anyone, w.handlePhotoHide))
	w.confirmed(w.muxReg(mux, anyone), "/events/{id}/photos/{pid}/delete", w.confirmPhotoDelete(), w.handlePhotoDelete)
	mux.HandleFunc("GET /events/{id}/participants", w.wrap(anyone, w.tokenless(w.handleParticipants)))
	mux.HandleFunc("GET /events/{id}/participants.csv", w.wrap(anyone, w.tokenless(w.handleParticipantsCSV)))
	mux.HandleFunc("GET /events/{id}/uploads/{name}", w.wrap(anyone, w.handleUpload))
	w.confirmed(w.muxReg(mux, anyone), "/events/{id}/participants/{pid}/{verb}", w.confirmParticipantRefuse(), w.handleParticipantAnswer)
	mux.HandleFunc("POST /events/{id}/invite", w.wrap(anyone, w.handleEventInvite))
	mux.HandleFunc("GET /events/{id}/announce", w.wrap(anyone, w.tokenless(w.handleAnnounceForm)))
	mux.HandleFunc("POST /events/{id}/announce", w.wrap(anyone, w.handleAnnounce))
	mux.HandleFunc("GET /events/{id}/checkin", w.wrap(anyone, w.tokenless(w.handleCheckinPage)))
	mux.HandleFunc("POST /events/{id}/checkin", w.wrap(anyone, w.handleCheckin))
	mux.HandleFunc("GET /events/{id}/organisers", w.wrap(member, w.handleOrganisers))
	mux.HandleFunc("POST /events/{id}/organisers", w.wrap(member, w.handleOrganiserAdd))
	w.confirmed(w.muxReg(mux, member), "/events/{id}/organisers/{gid}/remove", w.confirmOrganiserRemove(), w.handleOrganiserRemove)
	mux.HandleFunc("GET /series/{id}", w.wrap(anyone, w.handleSeries))
	mux.HandleFunc("GET /events/invitations", w.wrap(member, w.handleCoOrgInvitations))
	mux.HandleFunc("POST /events/invitations", w.wrap(member, w.handleCoOrgAnswer))

	// Calendars and feeds.
	mux.HandleFunc("GET /feeds/events.ics", w.cached(w.wrap(anyone, w.handleInstanceICS)))
	mux.HandleFunc("GET /feeds/events.atom", w.cached(w.wrap(anyone, w.handleInstanceAtom)))
	mux.HandleFunc("GET /feeds/my/{file}", w.wrap(anyone, w.handleMyICS))
	w.atRoute("GET /{handle}/events.ics", anyone, w.handleGroupEventsICS)
	w.atRoute("GET /{handle}/events.atom", anyone, w.handleGroupEventsAtom)
	mux.HandleFunc("GET /admin/events", w.wrap(admin, w.handleEventAdmin))
	mux.HandleFunc("POST /admin/events", w.wrap(admin, w.handleEventAdminSave))
	mux.HandleFunc("GET /settings/calendar", w.wrap(member, w.handleCalendarFeeds))
	mux.HandleFunc("POST /settings/calendar", w.wrap(member, w.handleCalendarFeedCreate))
	w.confirmed(w.muxReg(mux, member), "/settings/calendar/{id}/revoke", w.confirmCalendarRevoke(), w.handleCalendarFeedRevoke)
}
