package api

// The schemas of openapi/petition_links.json, checked against their Go
// types by TestOpenAPISchemasMatchTypes.
func init() {
	featureSchemas["Gathering"] = Gathering{}
	featureSchemas["GatheringList"] = GatheringList{}
	featureSchemas["GatheringJoin"] = GatheringJoin{}
	featureSchemas["PetitionUpdate"] = PetitionUpdate{}
	featureSchemas["PetitionUpdateList"] = PetitionUpdateList{}
	featureSchemas["PetitionUpdateCreate"] = PetitionUpdateCreate{}
}
