package api

// The schemas of openapi/consultation_responses.json, checked against
// their Go types by TestOpenAPISchemasMatchTypes.
func init() {
	for name, v := range map[string]any{
		"ResponseAnswer": ResponseAnswer{}, "ResponseCreate": ResponseCreate{}, "Response": Response{}, "ResponseList": ResponseList{},
		"Idea": Idea{}, "IdeaList": IdeaList{}, "IdeaCreate": IdeaCreate{},
		"NumberSummary": NumberSummary{}, "QuestionSummary": QuestionSummary{}, "ResponseSummary": ResponseSummary{},
	} {
		featureSchemas[name] = v
	}
}
