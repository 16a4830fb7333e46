package e2e

import (
	"encoding/base64"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// The consultations and votes of the JSON API (internal/api/vote_routes.go,
// issue 14) and the votes of the crawl's world they are tried on.

// crawlAPIVote is a vote of the world as the oracle knows it (the
// apiVote of its crawlObject, kind "apivote").
type crawlAPIVote struct {
	key, id  string
	group    *crawlGroup // nil for one of the instance's
	state    string      // draft, open, closed, published
	audience string      // members or codes
}

// seesAPIVote: a draft only to those who manage it; a group's vote to
// whoever sees the group, a vote by codes to anyone (a code holder need
// not see the group); an instance's to anyone (docs/votes_api.md).
func (w *crawlWorld) seesAPIVote(v *crawlAPIVote, who string) bool {
	switch {
	case v.state == cortege.ConsultationDraft:
		return w.managesAPIVote(v, who)
	case v.group == nil, v.audience == cortege.AudienceCodes:
		return true
	}
	return w.seesGroup(v.group, who)
}

// managesAPIVote: the group's administrators; the instance's administrators
// for one of the instance's.
func (w *crawlWorld) managesAPIVote(v *crawlAPIVote, who string) bool {
	if v.group == nil {
		return who == roleRoot
	}
	return w.groupRank(v.group, who) == rankAdmin
}

// mayAPIVote: the sign-off of an open vote of members, for its group's
// members (any signed-in account for an instance's).
func (w *crawlWorld) mayAPIVote(v *crawlAPIVote, who string) bool {
	if v.state != cortege.ConsultationOpen || v.audience != cortege.AudienceMembers || who == roleAnon {
		return false
	}
	return v.group == nil || w.groupRank(v.group, who) >= rankMember
}

// apiVotes makes the world's votes, each with one yes/no question: in g1
// an open vote of members, a draft ("CanaryDraftVote"), an open vote by
// codes with a batch of two slips, a closed one and a published one; in
// the private g3 an open vote ("CanaryPrivateVote"); and an open vote of
// the instance's.
func (b *worldBuilder) apiVotes() {
	g1, g3 := b.w.groups["g1"], b.w.groups["g3"]
	mk := func(key, title, by string, g *crawlGroup, audience, state string) {
		loc, _ := time.LoadLocation("Europe/Paris")
		now := b.svc.Now()
		in := service.ConsultationInput{Title: title, Secret: true, Opens: cortege.WallOf(now.Add(-time.Hour), loc),
			Closes: cortege.WallOf(now.Add(60*24*time.Hour), loc), TZ: "Europe/Paris", Audience: audience, MinRole: cortege.GroupMember}
		if g != nil {
			in.GroupID = g.id
		}
		c, err := b.svc.CreateConsultation(b.ctx, b.who(by), in)
		b.must("vote "+key, err)
		_, err = b.svc.AddQuestion(b.ctx, b.who(by), c.ID, service.QuestionInput{Title: "Adopter ?", Kind: cortege.QuestionYesNo})
		b.must("question "+key, err)
		if audience == cortege.AudienceCodes {
			_, err = b.svc.GenerateCodes(b.ctx, b.who(by), c.ID, 2)
			b.must("codes "+key, err)
		}
		if state != cortege.ConsultationDraft {
			_, err = b.svc.OpenConsultation(b.ctx, b.who(by), c.ID)
			b.must("open "+key, err)
		}
		if state == cortege.ConsultationClosed || state == cortege.ConsultationPublished {
			b.must("close "+key, b.svc.CloseConsultation(b.ctx, b.who(by), c.ID))
		}
		if state == cortege.ConsultationPublished {
			b.must("publish "+key, b.svc.PublishResults(b.ctx, b.who(by), c.ID))
		}
		v := &crawlAPIVote{key: key, id: c.ID, group: g, state: state, audience: audience}
		b.w.add(&crawlObject{kind: "apivote", id: c.ID, group: g, author: by, apiVote: v})
	}
	mk("open", "Vote ouvert du crawl", roleOwner, g1, cortege.AudienceMembers, cortege.ConsultationOpen)
	mk("draft", "CanaryDraftVote", roleOwner, g1, cortege.AudienceMembers, cortege.ConsultationDraft)
	mk("codes", "Vote par codes du crawl", roleOwner, g1, cortege.AudienceCodes, cortege.ConsultationOpen)
	mk("closed", "Vote clos du crawl", roleOwner, g1, cortege.AudienceMembers, cortege.ConsultationClosed)
	mk("published", "Vote publié du crawl", roleOwner, g1, cortege.AudienceMembers, cortege.ConsultationPublished)
	mk("private", "CanaryPrivateVote", roleOwner, g3, cortege.AudienceMembers, cortege.ConsultationOpen)
	mk("instance", "Vote de l’instance du crawl", roleRoot, nil, cortege.AudienceMembers, cortege.ConsultationOpen)
	canaries := map[string]string{"draft": "CanaryDraftVote", "private": "CanaryPrivateVote"}
	for _, o := range b.w.objects["apivote"] {
		v := o.apiVote
		if text, ok := canaries[v.key]; ok {
			b.w.canary(text, func(w *crawlWorld, who string) bool { return w.seesAPIVote(v, who) })
		}
	}
}

// apiVoteOf is the vote the target names.
func apiVoteOf(c crawlCall) *crawlAPIVote {
	for _, o := range c.t.objs {
		if o != nil && o.apiVote != nil {
			return o.apiVote
		}
	}
	panic("crawl: no vote in the target")
}

// apiVoteView: reads of a vote, for whoever sees it; others hear it does not
// exist.
func apiVoteView(c crawlCall) want { return decide(c.w.seesAPIVote(apiVoteOf(c), c.who), false) }

// apiVoteManage: what its managers alone do; others who see it are refused,
// the rest hear it does not exist.
func apiVoteManage(c crawlCall) want {
	v := apiVoteOf(c)
	return decide(c.w.managesAPIVote(v, c.who), c.w.seesAPIVote(v, c.who))
}

// apiVoteBoard: a board, to whoever sees the vote from its closing;
// refused (embargo) before.
func apiVoteBoard(c crawlCall) want {
	v := apiVoteOf(c)
	sees := c.w.seesAPIVote(v, c.who)
	return decide(sees && (v.state == cortege.ConsultationPublished || v.state == cortege.ConsultationClosed), sees)
}

// apiVoteResults: the results, to whoever sees a published vote, to its
// managers once closed; refused (embargo) before.
func apiVoteResults(c crawlCall) want {
	v := apiVoteOf(c)
	sees := c.w.seesAPIVote(v, c.who)
	may := sees && (v.state == cortege.ConsultationPublished || v.state == cortege.ConsultationClosed && c.w.managesAPIVote(v, c.who))
	return decide(may, sees)
}

// apiVoteSignOff: the eligible members of an open vote of members.
func apiVoteSignOff(c crawlCall) want {
	v := apiVoteOf(c)
	return decide(c.w.mayAPIVote(v, c.who), c.w.seesAPIVote(v, c.who))
}

// apiVoteQuestions names each vote's first question.
func apiVoteQuestions(w *crawlWorld) []crawlTarget {
	var out []crawlTarget
	for _, o := range w.objects["apivote"] {
		out = append(out, crawlTarget{values: []string{o.id, "q1"}, objs: []*crawlObject{o, nil}, fit: true})
	}
	return out
}

// apiVoteSlips names slip n of batch 1 of each vote (only the vote by codes
// has slips).
func apiVoteSlips(n string) func(w *crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		var out []crawlTarget
		for _, o := range w.objects["apivote"] {
			out = append(out, crawlTarget{values: []string{o.id, "1", n}, objs: []*crawlObject{o, nil, nil}, fit: true})
		}
		return out
	}
}

// apiBlindedBody is a sign-off's body: 255 bytes, below any 2048-bit
// modulus, so the blind signature is made.
func apiBlindedBody(c crawlCall) crawlBody {
	return jsonBody(map[string]any{"blinded": base64.RawURLEncoding.EncodeToString([]byte(strings.Repeat("\x01", 255)))})(c)
}

func apiVoteRoutes() map[string]*crawlRoute {
	v := objs("apivote")
	return map[string]*crawlRoute{
		"GET /api/v1/consultations": {targets: lit(""), rule: everyone},
		"POST /api/v1/consultations": {targets: lit(""), rule: instanceAdmin, body: jsonBody(map[string]any{"title": "Vote API du crawl", "secret": true,
			"opens_at": "2030-01-07T18:00", "closes_at": "2030-01-08T18:00", "tz": "Europe/Paris", "audience": "members"})},
		"GET /api/v1/groups/{group}/consultations": {targets: groups(true), rule: func(c crawlCall) want { return decide(c.w.seesGroup(c.obj(0).group, c.who), false) }},
		"GET /api/v1/consultations/{id}":           {targets: v, rule: apiVoteView},
		"PATCH /api/v1/consultations/{id}":         {targets: v, rule: apiVoteManage, body: jsonBody(map[string]any{"description": "Texte du crawl"})},
		"DELETE /api/v1/consultations/{id}":        {targets: v, rule: apiVoteManage, tier: tierLeave},

		"POST /api/v1/consultations/{id}/questions":                    {targets: v, rule: apiVoteManage, body: jsonBody(map[string]any{"title": "Encore ?", "kind": "yesno"})},
		"PATCH /api/v1/consultations/{id}/questions/{question}":        {targets: apiVoteQuestions, rule: apiVoteManage, body: jsonBody(map[string]any{"help": "Aide du crawl"})},
		"DELETE /api/v1/consultations/{id}/questions/{question}":       {targets: apiVoteQuestions, rule: apiVoteManage, tier: tierDelete},
		"POST /api/v1/consultations/{id}/questions/{question}/move":    {targets: apiVoteQuestions, rule: apiVoteManage, body: jsonBody(map[string]any{"position": 0})},
		"POST /api/v1/consultations/{id}/open":                         {targets: v, rule: apiVoteManage},
		"POST /api/v1/consultations/{id}/close":                        {targets: v, rule: apiVoteManage, tier: tierDelete},
		"POST /api/v1/consultations/{id}/publish":                      {targets: v, rule: apiVoteManage, tier: tierRemove},
		"GET /api/v1/consultations/{id}/counts":                        {targets: v, rule: apiVoteView},
		"GET /api/v1/consultations/{id}/board":                         {targets: v, rule: apiVoteBoard},
		"GET /api/v1/consultations/{id}/results":                       {targets: v, rule: apiVoteResults},
		"POST /api/v1/consultations/{id}/sign-off":                     {targets: v, rule: apiVoteSignOff, body: apiBlindedBody},
		"POST /api/v1/consultations/{id}/codes":                        {targets: v, rule: apiVoteManage, body: jsonBody(map[string]any{"count": 2})},
		"POST /api/v1/consultations/{id}/codes/{batch}/{slip}/void":    {targets: apiVoteSlips("1"), rule: apiVoteManage, tier: tierDelete},
		"POST /api/v1/consultations/{id}/codes/{batch}/{slip}/reprint": {targets: apiVoteSlips("2"), rule: apiVoteManage},
		// The ballot box reads nothing of its caller: every role is the
		// same anonymous voter, whose proof (here none) decides.
		"POST /api/v1/consultations/{id}/ballots": {targets: v, rule: anything, body: jsonBody(map[string]any{"answers": []any{}, "code": "nope"})},
	}
}
