package api

import "codeberg.org/cortege/cortege/internal/ledger"

// The schemas of openapi/petitions.json, checked against their Go types by
// TestOpenAPISchemasMatchTypes.
func init() {
	for name, v := range map[string]any{
		"Petition": Petition{}, "PetitionCounts": PetitionCounts{}, "PetitionOrganiser": PetitionOrganiser{},
		"PetitionDetail": PetitionDetail{}, "PetitionList": PetitionList{}, "PetitionCreate": PetitionCreate{},
		"PetitionUpdate": PetitionUpdate{}, "AnswerBody": AnswerBody{}, "ConsentInput": ConsentInput{},
		"SignatureCreate": SignatureCreate{}, "SignResult": SignResult{}, "PublicSignature": PublicSignature{},
		"PublicSignatureList": PublicSignatureList{}, "TokenBody": TokenBody{}, "ConfirmedSignature": ConfirmedSignature{},
		"Consent": Consent{}, "SignatureData": SignatureData{}, "SignerExport": SignerExport{},
		"PaperRow": PaperRow{}, "PaperBody": PaperBody{}, "PaperResult": PaperResult{}, "PaperRowError": PaperRowError{},
		"PaperError": PaperError{}, "Burst": Burst{}, "BurstList": BurstList{}, "BurstInvalidate": BurstInvalidate{},
		"SignatureInvalidate": SignatureInvalidate{}, "Invalidated": Invalidated{}, "PetitionInvitationList": PetitionInvitationList{},
		"Receipt": ledger.Receipt{},
	} {
		featureSchemas[name] = v
	}
}

// petitionRequestTypes are the request bodies of the petition routes, for
// the decoder's fuzz target.
func petitionRequestTypes() []any {
	return []any{&PetitionCreate{}, &PetitionUpdate{}, &AnswerBody{}, &SignatureCreate{}, &TokenBody{},
		&PaperBody{}, &BurstInvalidate{}, &SignatureInvalidate{}}
}
