package e2e

// The pages of consultations whose answers are linked
// (internal/web/consultation_respond.go, consultation_idea.go,
// consultation_responses.go). The crawl's world holds no consultation
// yet, so each route is crawled on an ID that names none: every reader is
// told it does not exist (or, for the pages of members, sent to sign in
// first), whatever their role, and no write changes anything. The rights
// themselves are tested against real consultations in
// internal/web/consultation_respond_test.go and
// internal/service/consultation_response_test.go.
func consultationRoutes() map[string]*crawlRoute {
	unknown := lit("", "01HZZZZZZZZZZZZZZZZZZZZZZZ")
	unknownIdea := lit("", "01HZZZZZZZZZZZZZZZZZZZZZZZ", "01HZZZZZZZZZZZZZZZZZZZZZZY")
	hidden := func(crawlCall) want { return wHidden }
	body := form("q1", "0", "title", "x", "question", "q1")
	unknownBox := lit("", "01HZZZZZZZZZZZZZZZZZZZZZZZ", "q1")
	answers := jsonBody(map[string]any{"answers": []any{map[string]any{"question": "q1", "choices": []int{0}}}})
	idea := jsonBody(map[string]any{"title": "Une idée du crawl"})
	return map[string]*crawlRoute{
		"GET /votes/{id}/respond":                 {targets: unknown, rule: hidden},
		"POST /votes/{id}/respond":                {targets: unknown, rule: hidden, body: body},
		"POST /votes/{id}/respond/withdraw":       {targets: unknown, rule: hidden, body: body},
		"POST /votes/{id}/ideas":                  {targets: unknown, rule: hidden, body: body},
		"POST /votes/{id}/ideas/{idea}/support":   {targets: unknownIdea, rule: hidden, body: body},
		"POST /votes/{id}/ideas/{idea}/delete":    {targets: unknownIdea, rule: hidden, body: body},
		"POST /votes/{id}/ideas/{idea}/unsupport": {targets: unknownIdea, rule: hidden, body: body},
		"GET /votes/{id}/responses":               {targets: unknown, rule: hidden},
		"GET /votes/{id}/responses.csv":           {targets: unknown, rule: hidden},
		"GET /votes/{id}/responses.json":          {targets: unknown, rule: hidden},

		"POST /api/v1/consultations/{id}/responses":                  {targets: unknown, rule: hidden, body: answers},
		"GET /api/v1/consultations/{id}/responses":                   {targets: unknown, rule: hidden},
		"GET /api/v1/consultations/{id}/responses/mine":              {targets: unknown, rule: hidden},
		"PUT /api/v1/consultations/{id}/responses/mine":              {targets: unknown, rule: hidden, body: answers},
		"DELETE /api/v1/consultations/{id}/responses/mine":           {targets: unknown, rule: hidden},
		"GET /api/v1/consultations/{id}/responses/export":            {targets: unknown, rule: hidden},
		"GET /api/v1/consultations/{id}/summary":                     {targets: unknown, rule: hidden},
		"GET /api/v1/consultations/{id}/questions/{question}/ideas":  {targets: unknownBox, rule: hidden},
		"POST /api/v1/consultations/{id}/questions/{question}/ideas": {targets: unknownBox, rule: hidden, body: idea},
		"PUT /api/v1/consultations/{id}/ideas/{idea}/support":        {targets: unknownIdea, rule: hidden},
		"DELETE /api/v1/consultations/{id}/ideas/{idea}":             {targets: unknownIdea, rule: hidden},
		"DELETE /api/v1/consultations/{id}/ideas/{idea}/support":     {targets: unknownIdea, rule: hidden},
	}
}
