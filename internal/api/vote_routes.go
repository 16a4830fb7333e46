package api

// voteRoutes are the routes of consultations and votes (issue 14): one
// resource, consultations, whose "secret" ones are votes ("word"). A
// consultation in a path is its ID; a group its ID or handle. The cast
// is a ballotBox route: it reads nothing of its caller. A closed vote's
// board is also published at the stable URL /votes/{id}/board.json.
func (a *API) voteRoutes() []route {
	return []route{
		{"GET", "/api/v1/consultations", public, a.handleConsultationList},
		{"POST", "/api/v1/consultations", signedIn, a.handleConsultationCreate},
		{"GET", "/api/v1/groups/{group}/consultations", public, a.handleGroupConsultations},
		{"GET", "/api/v1/consultations/{id}", public, a.handleConsultationGet},
		{"PATCH", "/api/v1/consultations/{id}", signedIn, a.handleConsultationUpdate},
		{"DELETE", "/api/v1/consultations/{id}", signedIn, a.handleConsultationDelete},

		{"POST", "/api/v1/consultations/{id}/questions", signedIn, a.handleQuestionAdd},
		{"PATCH", "/api/v1/consultations/{id}/questions/{question}", signedIn, a.handleQuestionUpdate},
		{"DELETE", "/api/v1/consultations/{id}/questions/{question}", signedIn, a.handleQuestionRemove},
		{"POST", "/api/v1/consultations/{id}/questions/{question}/move", signedIn, a.handleQuestionMove},

		{"POST", "/api/v1/consultations/{id}/open", signedIn, a.moveConsultation(voteOpen)},
		{"POST", "/api/v1/consultations/{id}/close", signedIn, a.moveConsultation(voteClose)},
		{"POST", "/api/v1/consultations/{id}/publish", signedIn, a.moveConsultation(votePublish)},
		{"GET", "/api/v1/consultations/{id}/counts", public, a.handleVoteCounts},
		{"GET", "/api/v1/consultations/{id}/board", public, a.handleVoteBoard},
		{"GET", "/api/v1/consultations/{id}/results", public, a.handleVoteResults},

		{"POST", "/api/v1/consultations/{id}/sign-off", signedIn, a.handleSignOff},
		{"POST", "/api/v1/consultations/{id}/ballots", ballotBox, a.handleCast},

		{"POST", "/api/v1/consultations/{id}/codes", signedIn, a.handleCodesGenerate},
		{"POST", "/api/v1/consultations/{id}/codes/{batch}/{slip}/void", signedIn, a.handleSlipVoid},
		{"POST", "/api/v1/consultations/{id}/codes/{batch}/{slip}/reprint", signedIn, a.handleSlipReprint},
	}
}
