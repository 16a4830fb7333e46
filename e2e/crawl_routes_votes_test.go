package e2e

import (
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// The public pages of votes (issue 14, internal/web/vote_routes.go). The
// rules, from docs/votes_web.md and DESIGN §5: a vote is seen by whoever
// sees its group, a draft by the group's administrators alone (404 to
// everyone else, the instance administrators too); a member of the role
// the vote asks signs off an open vote of members (once: the second is a
// 409), everyone else is refused; the cast knows nobody (it reads no
// cookie), so it answers every role alike: a made-up code is refused as
// bad input, a draft does not exist; the board and the results exist once
// the results are published.

// crawlPageVote is a vote of the world, as the oracle knows it.
type crawlPageVote struct {
	key       string
	group     *crawlGroup
	audience  string
	state     string // draft, open, published
	ballotID  string // a ballot cast in it, "" when none
	codeVoter string // an unused code, for votes by codes
}

// voteRoutes are the vote pages' routes.
func voteRoutes() map[string]*crawlRoute {
	v := objs("vote")
	return map[string]*crawlRoute{
		"GET /votes/{id}":                  {targets: both(v, withQuery(v, "code=ABCD-EFGH-JKLM-NPQR-STUV")), rule: voteView},
		"POST /votes/{id}/signoff":         {targets: v, rule: voteSignOff, body: jsonBody(map[string]string{"blinded": "AAAA"})},
		"POST /votes/{id}/cast":            {targets: v, rule: voteCast, body: form("questions", "q1", "q1", "0", "code", "ABCD-EFGH-JKLM-NPQR-STUV")},
		"GET /votes/{id}/receipt/{ballot}": {targets: voteReceipts, rule: voteView},
		"GET /votes/{id}/board":            {targets: both(v, withQuery(v, "ballot=aaaaaaaaaaaaaaaaaaaaaaaaaa")), rule: voteView},
		"GET /votes/{id}/board.json":       {targets: v, rule: voteBoard},
		"GET /votes/{id}/results":          {targets: v, rule: votePublished},
		"GET /votes/{id}/results.csv":      {targets: v, rule: votePublished},
		"GET /votes/{id}/results.json":     {targets: v, rule: votePublished},
	}
}

// voteReceipts names each vote with a ballot ID of the right shape (the
// receipt reads no ballot: it shows the ID it is given).
func voteReceipts(w *crawlWorld) []crawlTarget {
	var out []crawlTarget
	for _, o := range w.objects["vote"] {
		id := w.pageVotes[o.id].ballotID
		if id == "" {
			id = "aaaaaaaaaaaaaaaaaaaaaaaaaa"
		}
		out = append(out, crawlTarget{values: []string{o.id, id}, objs: []*crawlObject{o}, fit: true})
	}
	return out
}

func vote(c crawlCall) *crawlPageVote { return c.w.pageVotes[c.obj(0).id] }

// seesVote: whoever sees the group sees its votes but its drafts, which
// are its administrators' alone; a vote by codes, anyone with its link
// (whoever holds a code takes part, member of a private group or not).
func (w *crawlWorld) seesVote(v *crawlPageVote, who string) bool {
	switch {
	case v.state == "draft":
		return w.groupRank(v.group, who) == rankAdmin
	case v.audience == cortege.AudienceCodes:
		return true
	}
	return w.seesGroup(v.group, who)
}

func voteView(c crawlCall) want { return decide(c.w.seesVote(vote(c), c.who), false) }

// votePublished: the results, once published, for whoever sees the vote;
// before, they do not exist.
func votePublished(c crawlCall) want {
	v := vote(c)
	return decide(v.state == "published" && c.w.seesVote(v, c.who), false)
}

// voteBoard: the board, from the closing, for whoever sees the vote.
func voteBoard(c crawlCall) want {
	v := vote(c)
	return decide((v.state == "closed" || v.state == "published") && c.w.seesVote(v, c.who), false)
}

// voteSignOff: the members of the role the vote asks (member and up) on
// an open vote of members; a second sign-off is a 409, which the oracle
// counts as allowed. Others who see it are refused (401, 403, or 409 for
// a vote by codes or a closed one).
func voteSignOff(c crawlCall) want {
	v := vote(c)
	may := v.state == "open" && v.audience == cortege.AudienceMembers && c.w.groupRank(v.group, c.who) >= rankMember
	return decide(may, c.w.seesVote(v, c.who))
}

// voteCast: the same for every role, since the cast reads no cookie: a
// draft does not exist; elsewhere the made-up code is refused as bad
// input (422) or the closed vote takes no ballot (409).
func voteCast(c crawlCall) want {
	if vote(c).state == "draft" {
		return wHidden
	}
	return wAllow
}

// votePages makes, in g1: an open vote by codes with one ballot cast, an
// open vote of members, a draft (its text a canary for g1's
// administrators) and a vote whose results are published; in the private
// g3, an open vote of members whose title only those who see g3 may read,
// and an open vote by codes that anyone with its link reaches.
func (b *worldBuilder) votePages() {
	b.w.pageVotes = map[string]*crawlPageVote{}
	g1, g3 := b.w.groups["g1"], b.w.groups["g3"]
	b.pageVote("codes", g1, cortege.AudienceCodes, "open", "Vote par codes du crawl")
	b.pageVote("members", g1, cortege.AudienceMembers, "open", "Vote des membres du crawl")
	b.pageVote("draft", g1, cortege.AudienceMembers, "draft", "CanaryDraftVote")
	b.pageVote("published", g1, cortege.AudienceCodes, "published", "Vote publié du crawl")
	b.pageVote("private", g3, cortege.AudienceMembers, "open", "CanaryPrivateVote")
	b.pageVote("privatecodes", g3, cortege.AudienceCodes, "open", "Vote par codes d’un groupe privé")
	b.w.canary("CanaryDraftVote", func(w *crawlWorld, who string) bool { return w.groupRank(g1, who) == rankAdmin })
	b.w.canary("CanaryPrivateVote", func(w *crawlWorld, who string) bool { return w.seesGroup(g3, who) })
}

// pageVote writes one vote of g's administrator (roleOwner) with one
// question, and brings it to state.
func (b *worldBuilder) pageVote(key string, g *crawlGroup, audience, state, title string) {
	admin := b.who(roleOwner)
	loc, _ := time.LoadLocation("Europe/Paris")
	now := b.w.app.Clock.Now()
	c, err := b.svc.CreateConsultation(b.ctx, admin, service.ConsultationInput{Title: title, Description: "Texte de " + title, Secret: true,
		Opens: cortege.WallOf(now.Add(-time.Hour), loc), Closes: cortege.WallOf(now.Add(24*time.Hour), loc), TZ: "Europe/Paris",
		Audience: audience, MinRole: cortege.GroupMember, GroupID: g.id})
	b.must("vote "+key, err)
	_, err = b.svc.AddQuestion(b.ctx, admin, c.ID, service.QuestionInput{Title: "Question de " + title, Kind: cortege.QuestionSingle, Options: []string{"Oui-crawl", "Non-crawl"}})
	b.must("vote question "+key, err)
	cv := &crawlPageVote{key: key, group: g, audience: audience, state: state}
	b.w.pageVotes[c.ID] = cv
	b.w.add(&crawlObject{kind: "vote", id: c.ID, group: g, author: roleOwner})
	if state == "draft" {
		return
	}
	_, err = b.svc.OpenConsultation(b.ctx, admin, c.ID)
	b.must("open vote "+key, err)
	if audience == cortege.AudienceCodes {
		slips, err := b.svc.GenerateCodes(b.ctx, admin, c.ID, 2)
		b.must("codes "+key, err)
		cv.ballotID, err = b.svc.Cast(b.ctx, c.ID, []service.Answer{{Question: "q1", Choices: []int{0}}}, service.CastProof{Code: slips[0].Code.String()})
		b.must("cast "+key, err)
		cv.codeVoter = slips[1].Code.String()
	}
	if state == "published" {
		b.must("close "+key, b.svc.CloseConsultation(b.ctx, admin, c.ID))
		b.must("publish "+key, b.svc.PublishResults(b.ctx, admin, c.ID))
	}
}
