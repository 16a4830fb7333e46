package api

import "codeberg.org/cortege/cortege/internal/tally"

// The schemas of openapi/votes.json, checked against their Go types by
// TestOpenAPISchemasMatchTypes; the results are internal/tally's own.
func init() {
	for name, v := range map[string]any{
		"Consultation": Consultation{}, "ConsultationDetail": ConsultationDetail{}, "ConsultationList": ConsultationList{},
		"ConsultationCreate": ConsultationCreate{}, "ConsultationUpdate": ConsultationUpdate{},
		"ConsultationQuestion": ConsultationQuestion{}, "QuestionCondition": QuestionCondition{}, "QuestionList": QuestionList{},
		"ConsultationQuestionCreate": ConsultationQuestionCreate{}, "ConsultationQuestionUpdate": ConsultationQuestionUpdate{},
		"QuestionNumberRule": QuestionNumberRule{},
		"QuestionMove":       QuestionMove{}, "VoteCounts": VoteCounts{}, "VoteResults": VoteResults{},
		"TallyResult": tally.Result{}, "TallyCounts": tally.CountsResult{}, "TallyJudgement": tally.JudgementResult{},
		"TallySchulze": tally.SchulzeResult{}, "TallySTV": tally.STVResult{}, "TallySTVStage": tally.STVStage{},
		"SignOffBody": SignOffBody{}, "SignOffResult": SignOffResult{}, "BallotAnswer": BallotAnswer{},
		"BallotCreate": BallotCreate{}, "BallotReceipt": BallotReceipt{}, "CodesCreate": CodesCreate{},
		"Slip": Slip{}, "SlipBatch": SlipBatch{},
	} {
		featureSchemas[name] = v
	}
}

// voteRequestTypes are the request bodies of the vote routes, for the
// decoder's fuzz target.
func voteRequestTypes() []any {
	return []any{&ConsultationCreate{}, &ConsultationUpdate{}, &ConsultationQuestionCreate{}, &ConsultationQuestionUpdate{},
		&QuestionMove{}, &SignOffBody{}, &BallotCreate{}, &CodesCreate{}}
}
