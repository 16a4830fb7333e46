package api

// petitionRoutes are the routes of petitions and their signatures (issue
// 13). A petition in a path is its ID; a group its ID or handle. The
// signature log is not an API route: it is published at the stable URL
// /petitions/{id}/log.json, linked as log_url.
func (a *API) petitionRoutes() []route {
	return []route{
		{"POST", "/api/v1/petitions", signedIn, a.handlePetitionCreate},
		{"GET", "/api/v1/petitions/{id}", public, a.handlePetitionGet},
		{"PATCH", "/api/v1/petitions/{id}", signedIn, a.handlePetitionUpdate},
		{"PUT", "/api/v1/petitions/{id}/picture", signedIn, a.petitionPicture(false)},
		{"DELETE", "/api/v1/petitions/{id}/picture", signedIn, a.petitionPicture(true)},
		{"POST", "/api/v1/petitions/{id}/publish", signedIn, a.movePetition(true)},
		{"POST", "/api/v1/petitions/{id}/close", signedIn, a.movePetition(false)},
		{"POST", "/api/v1/petitions/{id}/answer", signedIn, a.handlePetitionAnswer},
		{"GET", "/api/v1/petitions/{id}/counts", public, a.handlePetitionCounts},
		{"GET", "/api/v1/me/petitions", signedIn, a.handleMyPetitions},

		{"GET", "/api/v1/petitions/{id}/signatures", public, a.handlePublicSignatures},
		{"POST", "/api/v1/petitions/{id}/signatures", public, a.handleSign},
		{"POST", "/api/v1/signatures/confirm", public, a.handleConfirmSignature},
		{"POST", "/api/v1/signatures/withdraw", public, a.handleWithdrawSignature},
		{"GET", "/api/v1/signatures/export", public, a.handleExportSignature},
		{"GET", "/api/v1/signatures/receipt", public, a.handleSignatureReceipt},

		{"POST", "/api/v1/petitions/{id}/paper-signatures", signedIn, a.handlePaperSignatures},
		{"GET", "/api/v1/petitions/{id}/bursts", signedIn, a.handleBursts},
		{"POST", "/api/v1/petitions/{id}/bursts/invalidate", signedIn, a.handleInvalidateBurst},
		{"POST", "/api/v1/petitions/{id}/signatures/invalidate", signedIn, a.handleInvalidateSignatures},
		{"POST", "/api/v1/petitions/{id}/organisers", signedIn, a.handlePetitionInvite},
		{"GET", "/api/v1/groups/{group}/petition-invitations", signedIn, a.handlePetitionInvitations},
		{"POST", "/api/v1/groups/{group}/petition-invitations/{id}/accept", signedIn, a.answerPetitionInvitation(true)},
		{"POST", "/api/v1/groups/{group}/petition-invitations/{id}/decline", signedIn, a.answerPetitionInvitation(false)},
	}
}
