package api

// The schemas of openapi/petition_links.json, checked against their Go
// types by TestOpenAPISchemasMatchTypes.
func init() {
	featureSchemas["Gathering"] = Gathering{}
	featureSchemas["GatheringList"] = GatheringList{}
	featureSchemas["GatheringJoin"] = GatheringJoin{}
	featureSchemas["PetitionNews"] = PetitionNews{}
	featureSchemas["PetitionNewsList"] = PetitionNewsList{}
	featureSchemas["PetitionNewsCreate"] = PetitionNewsCreate{}
}
