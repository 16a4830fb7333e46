package e2e

import (
	"bytes"
	"context"
	"mime/multipart"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// The organisers' pages of consultations and votes
// (internal/web/vote_manage.go and the files it registers): the lists are
// for those who see the group (the instance's for anyone); writing one is
// for the group's administrators (the instance's administrators at
// /votes/new); every page under /votes/{id}/ of this file is its
// managers' — the administrators of its group, or the instance's for one
// of the instance's — not found to others while a draft, refused once
// open.

func voteManageRoutes() map[string]*crawlRoute {
	all := managedVoteTargets("draft", "open", "instance")
	draft := managedVoteTargets("draft", "instance")
	codes := managedVoteTargets("open")
	q1 := withManagedValue(draft, "q1")
	return map[string]*crawlRoute{
		"GET /votes":                {targets: lit(""), rule: everyone},
		"GET /votes/new":            {targets: lit(""), rule: instanceAdmin},
		"POST /votes/new":           {targets: lit(""), rule: instanceAdmin, body: managedVoteForm("Vote de l’instance du crawl")},
		"GET /@{handle}/votes":      {targets: groups(false), rule: groupSeen},
		"GET /@{handle}/votes/new":  {targets: groups(false), rule: voteGroupAdminRule},
		"POST /@{handle}/votes/new": {targets: groups(false), rule: voteGroupAdminRule, body: managedVoteForm("Vote du crawl")},

		"GET /votes/{id}/manage":   {targets: all, rule: managedVoteRule},
		"GET /votes/{id}/edit":     {targets: all, rule: managedVoteRule}, // an open one's redirects to its page
		"POST /votes/{id}/edit":    {targets: draft, rule: managedVoteRule, body: managedVoteForm("Vote modifié par le crawl")},
		"GET /votes/{id}/delete":   {targets: all, rule: managedVoteRule},
		"POST /votes/{id}/delete":  {targets: managedVoteTargets("instance"), rule: managedVoteRule, body: confirmed(), tier: tierLeave},
		"GET /votes/{id}/open":     {targets: all, rule: managedVoteRule},
		"POST /votes/{id}/open":    {targets: managedVoteTargets("draft"), rule: managedVoteRule, body: confirmed(), tier: tierRemove},
		"GET /votes/{id}/close":    {targets: all, rule: managedVoteRule},
		"POST /votes/{id}/close":   {targets: codes, rule: managedVoteRule, body: confirmed(), tier: tierLeave},
		"GET /votes/{id}/publish":  {targets: all, rule: managedVoteRule},
		"POST /votes/{id}/publish": {targets: codes, rule: managedVoteRule, body: confirmed(), tier: tierLeave}, // after close (the same tier, in order)

		"GET /votes/{id}/questions/new":           {targets: draft, rule: managedVoteRule},
		"POST /votes/{id}/questions/new":          {targets: draft, rule: managedVoteRule, body: form("title", "Question du crawl", "kind", "yesno")},
		"GET /votes/{id}/questions/{qid}/edit":    {targets: q1, rule: managedVoteRule},
		"POST /votes/{id}/questions/{qid}/edit":   {targets: q1, rule: managedVoteRule, body: form("title", "Question modifiée", "kind", "yesno")},
		"POST /votes/{id}/questions/{qid}/move":   {targets: q1, rule: managedVoteRule, body: form("dir", "down")},
		"GET /votes/{id}/questions/{qid}/remove":  {targets: q1, rule: managedVoteRule},
		"POST /votes/{id}/questions/{qid}/remove": {targets: withManagedValue(managedVoteTargets("instance"), "q2"), rule: managedVoteRule, body: confirmed(), tier: tierDelete},

		"GET /votes/{id}/codes":          {targets: codes, rule: managedVoteRule},
		"POST /votes/{id}/codes":         {targets: codes, rule: managedVoteRule, body: form("count", "3")},
		"POST /votes/{id}/codes/reprint": {targets: codes, rule: managedVoteRule, body: form("batch", "1", "slip", "1")},
		"GET /votes/{id}/codes/void":     {targets: codes, rule: managedVoteRule},
		"POST /votes/{id}/codes/void":    {targets: codes, rule: managedVoteRule, body: confirmed("batch", "1", "slip", "2"), tier: tierDelete},
		"POST /votes/{id}/envelopes":     {targets: codes, rule: managedVoteRule, body: managedEnvelopeForm},
	}
}

// managedVote is a consultation of the world and what the rules need.
type managedVote struct {
	obj   *crawlObject
	group *crawlGroup // nil for the instance's
	open  bool        // opened when the world was built
}

// The votes of each world, made the first time a route asks (the world's
// builder holds no votes of its own).
var (
	managedVotesMu sync.Mutex
	managedVotes   = map[*crawlWorld]map[string]*managedVote{}
	managedVoteOf  = map[string]*managedVote{} // by ID
)

// managedVotesOf makes, once per world: "draft", g1's draft vote of its members
// by the organiser (g1's administrator), with one question; "open", g1's
// vote by invitation codes, opened, with one batch of slips; "instance",
// a draft of the instance's administrator with two questions.
func managedVotesOf(w *crawlWorld) map[string]*managedVote {
	managedVotesMu.Lock()
	defer managedVotesMu.Unlock()
	if vs := managedVotes[w]; vs != nil {
		return vs
	}
	ctx, svc := context.Background(), w.app.Service
	must := func(what string, err error) {
		if err != nil {
			panic("crawl world: " + what + ": " + err.Error())
		}
	}
	mk := func(key, by string, g *crawlGroup, audience string, questions int) *managedVote {
		in := managedVoteInput("Vote " + key + " du crawl")
		in.Audience = audience
		if g != nil {
			in.GroupID = g.id
		}
		a := w.people[by].actor
		c, err := svc.CreateConsultation(ctx, a, in)
		must("vote "+key, err)
		for i := 0; i < questions; i++ {
			_, err := svc.AddQuestion(ctx, a, c.ID, service.QuestionInput{Title: "Question du crawl", Kind: cortege.QuestionYesNo, Blank: true})
			must("question", err)
		}
		v := &managedVote{obj: &crawlObject{kind: "managed_vote", id: c.ID, group: g, author: by}, group: g}
		managedVoteOf[c.ID] = v
		return v
	}
	g1 := w.groups["g1"]
	vs := map[string]*managedVote{
		"draft":    mk("draft", roleOwner, g1, cortege.AudienceMembers, 1),
		"open":     mk("open", roleOwner, g1, cortege.AudienceCodes, 1),
		"instance": mk("instance", roleRoot, nil, cortege.AudienceMembers, 2),
	}
	_, err := svc.OpenConsultation(ctx, w.people[roleOwner].actor, vs["open"].obj.id)
	must("open", err)
	vs["open"].open = true
	_, err = svc.GenerateCodes(ctx, w.people[roleOwner].actor, vs["open"].obj.id, 4)
	must("codes", err)
	managedVotes[w] = vs
	return vs
}

// managedVoteInput is a valid vote opening now and closing in three days.
func managedVoteInput(title string) service.ConsultationInput {
	loc, _ := time.LoadLocation("Europe/Paris")
	now := time.Now().In(loc)
	return service.ConsultationInput{Title: title, Secret: true, TZ: "Europe/Paris", Audience: cortege.AudienceMembers,
		MinRole: cortege.GroupMember, Opens: cortege.WallOf(now.Add(-time.Minute), loc), Closes: cortege.WallOf(now.Add(72*time.Hour), loc)}
}

// managedVoteForm is the form of a valid vote.
func managedVoteForm(title string) func(crawlCall) crawlBody {
	loc, _ := time.LoadLocation("Europe/Paris")
	now := time.Now().In(loc)
	return form("title", title, "secret", "1", "audience", "members", "min_role", "member", "tz", "Europe/Paris", "lang", "fr",
		"opens_at", now.Add(-time.Minute).Format("2006-01-02T15:04"), "closes_at", now.Add(72*time.Hour).Format("2006-01-02T15:04"))
}

// managedVoteTargets names the world's votes of the given keys.
func managedVoteTargets(keys ...string) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		vs := managedVotesOf(w)
		var out []crawlTarget
		for _, k := range keys {
			o := vs[k].obj
			out = append(out, crawlTarget{values: []string{o.id}, objs: []*crawlObject{o}, fit: true})
		}
		return out
	}
}

// withManagedValue adds a literal value (a question's ID) to each target.
func withManagedValue(gen func(*crawlWorld) []crawlTarget, value string) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		out := gen(w)
		for i := range out {
			out[i].values = append(append([]string(nil), out[i].values...), value)
			out[i].objs = append(append([]*crawlObject(nil), out[i].objs...), nil)
		}
		return out
	}
}

// managedVoteRule: a vote's managers act; others do not learn a draft exists,
// and are refused an opened one.
func managedVoteRule(c crawlCall) want {
	managedVotesMu.Lock()
	v := managedVoteOf[c.obj(0).id]
	managedVotesMu.Unlock()
	manages := c.who == roleRoot
	if v.group != nil {
		manages = c.w.groupRank(v.group, c.who) == rankAdmin
	}
	switch {
	case manages:
		return wAllow
	case !v.open:
		return wHidden
	}
	return wDeny
}

// voteGroupAdminRule: the group's administrators write its votes; others who
// see the group are refused, those who do not find nothing.
func voteGroupAdminRule(c crawlCall) want {
	g := grp(c)
	return decide(c.w.groupRank(g, c.who) == rankAdmin, c.w.seesGroup(g, c.who) && c.who != roleAnon)
}

// managedEnvelopeForm is a multipart form with an envelope list of two.
func managedEnvelopeForm(c crawlCall) crawlBody {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("format", "csv")
	fw, _ := mw.CreateFormFile("file", "enveloppes.csv")
	fw.Write([]byte("nom;adresse;code postal;commune\nMartin;1 rue de la Paix;69007;Lyon\nBernard;2 rue Neuve;69001;Lyon\n"))
	mw.Close()
	return crawlBody{ctype: mw.FormDataContentType(), data: buf.String()}
}

// TestVoteManageCrawl crawls the organisers' pages alone (the whole
// table is TestAuthorisationCrawl's): every role, every vote, the
// refused writes and cross-origin ones, then the allowed ones.
func TestVoteManageCrawl(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the crawl's world")
	}
	start := time.Now()
	c := runCrawl(t, testkit.NewApp(t), voteManageRoutes(), nil)
	c.report(time.Since(start))
}
