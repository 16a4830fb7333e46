package api

// eventRoutes are the routes of events and participation (issue 4). An
// event in a path is its ID; a group its ID or handle.
func (a *API) eventRoutes() []route {
	return []route{
		{"GET", "/api/v1/events", public, a.handleEventSearch},
		{"POST", "/api/v1/events", signedIn, a.handleEventCreate},
		{"GET", "/api/v1/events/{id}", public, a.handleEventGet},
		{"PATCH", "/api/v1/events/{id}", signedIn, a.handleEventUpdate},
		{"DELETE", "/api/v1/events/{id}", signedIn, a.handleEventDelete},
		{"POST", "/api/v1/events/{id}/publish", signedIn, a.publish(true)},
		{"POST", "/api/v1/events/{id}/unpublish", signedIn, a.publish(false)},
		{"POST", "/api/v1/events/{id}/cancel", signedIn, a.handleEventCancel},
		{"PUT", "/api/v1/events/{id}/report", signedIn, a.handleEventReport},
		{"PUT", "/api/v1/events/{id}/picture", signedIn, a.eventPicture(false)},
		{"DELETE", "/api/v1/events/{id}/picture", signedIn, a.eventPicture(true)},
		{"GET", "/api/v1/events/{id}/calendar.ics", public, a.handleEventICS},
		{"GET", "/api/v1/events/{id}/occurrences", public, a.handleOccurrences},

		{"POST", "/api/v1/events/{id}/organisers", signedIn, a.handleOrganiserAdd},
		{"POST", "/api/v1/events/{id}/co-organisers", signedIn, a.handleCoOrganiserInvite},
		{"DELETE", "/api/v1/events/{id}/organisers/{group}", signedIn, a.handleOrganiserRemove},
		{"GET", "/api/v1/groups/{group}/co-organising", signedIn, a.handleCoOrganisingList},
		{"POST", "/api/v1/groups/{group}/co-organising/{id}/accept", signedIn, a.answerCoOrganising(true)},
		{"POST", "/api/v1/groups/{group}/co-organising/{id}/decline", signedIn, a.answerCoOrganising(false)},
		{"GET", "/api/v1/groups/{group}/events", public, a.handleGroupEvents},

		{"GET", "/api/v1/events/{id}/participation", signedIn, a.handleParticipationGet},
		{"POST", "/api/v1/events/{id}/participation", signedIn, a.handleParticipate},
		{"PATCH", "/api/v1/events/{id}/participation", signedIn, a.handleParticipationUpdate},
		{"DELETE", "/api/v1/events/{id}/participation", signedIn, a.handleParticipationCancel},
		{"GET", "/api/v1/events/{id}/ticket", signedIn, a.handleTicket},
		{"GET", "/api/v1/events/{id}/participants", signedIn, a.handleParticipantList},
		{"GET", "/api/v1/events/{id}/participants.csv", signedIn, a.handleParticipantExport},
		{"POST", "/api/v1/events/{id}/participants/{participation}/approve", signedIn, a.answerParticipant(true)},
		{"POST", "/api/v1/events/{id}/participants/{participation}/refuse", signedIn, a.answerParticipant(false)},
		{"POST", "/api/v1/events/{id}/invitations", signedIn, a.handleEventInvite},
		{"POST", "/api/v1/events/{id}/check-in", signedIn, a.handleCheckIn},
		{"GET", "/api/v1/events/{id}/counts", signedIn, a.handleCounts},

		{"GET", "/api/v1/events/{id}/announcements", signedIn, a.handleAnnouncementList},
		{"POST", "/api/v1/events/{id}/announcements", signedIn, a.handleAnnouncementCreate},
		{"GET", "/api/v1/events/{id}/comments", public, a.handleCommentList},
		{"POST", "/api/v1/events/{id}/comments", signedIn, a.handleCommentCreate},
		{"DELETE", "/api/v1/events/{id}/comments/{comment}", signedIn, a.handleCommentDelete},
		{"GET", "/api/v1/events/{id}/photos", public, a.handlePhotoList},
		{"POST", "/api/v1/events/{id}/photos", signedIn, a.handlePhotoCreate},
		{"PATCH", "/api/v1/events/{id}/photos/{photo}", signedIn, a.handlePhotoUpdate},
		{"DELETE", "/api/v1/events/{id}/photos/{photo}", signedIn, a.handlePhotoDelete},
		{"GET", "/api/v1/me/events", signedIn, a.handleMyEvents},
	}
}
