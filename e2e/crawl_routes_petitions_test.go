package e2e

import (
	"net/http/httptest"
	"regexp"
	"time"
)

// The petitions (issue 13): their pages (internal/web/petition_routes.go,
// petition_log.go) and their API (internal/api/petition_routes.go). The
// rules, from docs/petitions.md and the service: a draft is seen by its
// organisers alone (404 to everyone else, the instance administrators
// too); a published or closed petition, its signatures, counter, widget
// and log by everyone; the organisers (the creator, and the
// administrators of a co-signing group that accepted) alone edit, move,
// enter paper signatures, see bursts and invalidate; a signer's link
// (confirm, withdraw, export, receipt) is decided by its token alone,
// whoever holds it, and a token of another petition under this one's path
// is as unknown as a made-up one.

func petitionWebRoutes() map[string]*crawlRoute {
	p := objs("petition")
	return map[string]*crawlRoute{
		"GET /petitions/{id}":                 {targets: p, rule: petitionView},
		"GET /petitions/{id}/signatures":      {targets: p, rule: petitionView},
		"GET /petitions/{id}/widget":          {targets: p, rule: petitionView},
		"GET /petitions/{id}/share/mastodon":  {targets: both(p, withQuery(p, "instance=mastodon.example")), rule: petitionView},
		"GET /petitions/{id}/log.json":        {targets: p, rule: petitionView},
		"GET /.well-known/cortege-ledger-key": {targets: lit(""), rule: everyone},
		"POST /petitions/{id}/sign":           {targets: p, rule: petitionSign, body: signForm},
		// "Check your mail": for whoever sees the petition.
		"GET /petitions/{id}/sent": {targets: withQuery(p, "postcode=69007"), rule: petitionView},

		// Links from mails. GET /confirm only shows the button (whatever
		// the token, on a petition one sees); the rest is the token's.
		"GET /petitions/{id}/confirm":        {targets: signerLinks(confirmLink, true), rule: confirmButton, owner: true},
		"POST /petitions/{id}/confirm":       {targets: signerLinks(confirmLink, false), rule: signerLink, body: form(), owner: true, tier: tierDelete},
		"GET /petitions/{id}/signed":         {targets: signerLinks(ownLink, true), rule: signerLink, owner: true},
		"GET /petitions/{id}/withdraw":       {targets: signerLinks(ownLink, true), rule: signerLink, owner: true},
		"POST /petitions/{id}/withdraw":      {targets: signerLinks(ownLink, false), rule: signerLink, body: form(), owner: true, tier: tierDelete},
		"GET /petitions/{id}/signature.json": {targets: signerLinks(ownLink, true), rule: signerLink, owner: true},
		"GET /petitions/{id}/receipt.json":   {targets: signerLinks(ownLink, true), rule: signerLink, owner: true},
	}
}

func petitionAPIRoutes() map[string]*crawlRoute {
	p := objs("petition")
	return map[string]*crawlRoute{
		"POST /api/v1/petitions":                {targets: lit(""), rule: signedIn, body: apiNewPetition},
		"GET /api/v1/petitions/{id}":            {targets: p, rule: petitionView},
		"PATCH /api/v1/petitions/{id}":          {targets: p, rule: petitionOrganiser, body: jsonBody(map[string]any{"goal": 2000})},
		"POST /api/v1/petitions/{id}/publish":   {targets: p, rule: petitionOrganiser},
		"POST /api/v1/petitions/{id}/close":     {targets: petitionsNamed("published", "draft"), rule: petitionOrganiser, tier: tierLeave}, // ends the signing: after the signers' writes
		"POST /api/v1/petitions/{id}/answer":    {targets: petitionsNamed("closed", "draft"), rule: petitionOrganiser, body: jsonBody(map[string]any{"answer": "La mairie répond au crawl."}), tier: tierLeave},
		"PUT /api/v1/petitions/{id}/picture":    {targets: p, rule: petitionOrganiser, body: pngBody},
		"DELETE /api/v1/petitions/{id}/picture": {targets: p, rule: petitionOrganiser},
		"GET /api/v1/petitions/{id}/counts":     {targets: p, rule: petitionView},
		"GET /api/v1/me/petitions":              {targets: lit(""), rule: signedIn},

		"GET /api/v1/petitions/{id}/signatures":  {targets: p, rule: petitionView},
		"POST /api/v1/petitions/{id}/signatures": {targets: p, rule: petitionSign, body: apiSign},
		"POST /api/v1/signatures/confirm":        {targets: apiSignerLinks(confirmLink, false), rule: signerLink, body: apiLinkToken, owner: true, tier: tierDelete},
		"POST /api/v1/signatures/withdraw":       {targets: apiSignerLinks(ownLink, false), rule: signerLink, body: apiLinkToken, owner: true, tier: tierDelete},
		"GET /api/v1/signatures/export":          {targets: apiSignerLinks(ownLink, true), rule: signerLink, owner: true},
		"GET /api/v1/signatures/receipt":         {targets: apiSignerLinks(ownLink, true), rule: signerLink, owner: true},

		"POST /api/v1/petitions/{id}/paper-signatures": {targets: p, rule: petitionOrganiser, body: jsonBody(map[string]any{
			"rows": []map[string]any{{"first_name": "Papier", "last_name": "Crawl", "postal_code": "69007"}}})},
		"GET /api/v1/petitions/{id}/bursts":                 {targets: withQuery(p, "min=2"), rule: petitionOrganiser},
		"POST /api/v1/petitions/{id}/bursts/invalidate":     {targets: p, rule: petitionOrganiser, body: jsonBody(map[string]any{"kind": "domain", "key": "crawl.example", "minute": "2026-01-01T00:00:00Z"})},
		"POST /api/v1/petitions/{id}/signatures/invalidate": {targets: p, rule: petitionOrganiser, body: jsonBody(map[string]any{"ids": []string{unknownID}})},
		"POST /api/v1/petitions/{id}/organisers":            {targets: p, rule: petitionOrganiser, body: func(c crawlCall) crawlBody { return jsonBody(map[string]any{"group": c.w.groups["g3"].id})(c) }},

		"GET /api/v1/groups/{group}/petition-invitations":               {targets: groups(true), rule: groupAdmin},
		"POST /api/v1/groups/{group}/petition-invitations/{id}/accept":  {targets: cosignTargets("published"), rule: cosignRule},
		"POST /api/v1/groups/{group}/petition-invitations/{id}/decline": {targets: cosignTargets("closed"), rule: cosignRule},
	}
}

func pet(c crawlCall) *crawlPetition {
	for _, o := range c.t.objs {
		if o != nil && o.petition != nil {
			return o.petition
		}
	}
	panic("crawl: no petition in the target")
}

// petitionView: the pages and reads of a petition, for whoever sees it;
// others hear it does not exist.
func petitionView(c crawlCall) want { return decide(c.w.seesPetition(pet(c), c.who), false) }

// petitionOrganiser: what its organisers alone do; the others who see it
// are refused, the rest hear it does not exist.
func petitionOrganiser(c crawlCall) want {
	p := pet(c)
	return decide(c.t.fit && c.w.organisesPetition(p, c.who), c.w.seesPetition(p, c.who))
}

// petitionSign: anyone who sees a petition gathering signatures signs it
// (signed out, with a name and an address); a draft (its organisers
// included) and a closed one are refused.
func petitionSign(c crawlCall) want {
	p := pet(c)
	switch {
	case !c.w.seesPetition(p, c.who):
		return wHidden
	case !p.published || p.closed:
		return wDeny
	}
	return wAllow
}

// signerLink: a signer's link works for whoever holds it, under its own
// petition's path only; a made-up token opens nothing.
func signerLink(c crawlCall) want {
	switch {
	case c.obj(0) == nil:
		return wDeny
	case !c.t.fit:
		return wHidden
	}
	return wAllow
}

// confirmButton: the confirmation link's GET asks before it acts and
// reads nothing of its token, on a petition the visitor sees.
func confirmButton(c crawlCall) want { return petitionView(c) }

// Which of a signer's tokens a route takes.
const (
	ownLink     = iota // the signer's link (withdraw, export, receipt)
	confirmLink        // the mailed confirmation link
)

func (s *crawlSigner) token(kind int) string {
	if kind == confirmLink {
		return s.confirmToken
	}
	return s.linkToken
}

// signerLinks names, for the pages of a signer's link: each petition with
// a made-up token; each signer's real token under its petition, then
// under another petition. In the query (inQuery) or in the form.
func signerLinks(kind int, inQuery bool) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		put := func(t crawlTarget, tok string) crawlTarget {
			if inQuery {
				t.query = "token=" + tok
			} else {
				t.form = map[string]string{"token": tok}
			}
			return t
		}
		var out []crawlTarget
		for _, o := range w.objects["petition"] {
			out = append(out, put(crawlTarget{values: []string{o.id}, objs: []*crawlObject{nil, o}, fit: true}, wrongToken))
		}
		for _, s := range w.signers {
			tok := s.token(kind)
			if tok == "" {
				continue
			}
			other := w.otherPetition(s.petition)
			out = append(out,
				put(crawlTarget{values: []string{s.petition.id}, objs: []*crawlObject{s.obj, w.petitionObj(s.petition)}, fit: true}, tok),
				put(crawlTarget{values: []string{other.id}, objs: []*crawlObject{s.obj, w.petitionObj(other)}}, tok))
		}
		return out
	}
}

// apiSignerLinks is signerLinks for the API, whose paths name no
// petition: a made-up token, then each signer's.
func apiSignerLinks(kind int, inQuery bool) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		put := func(t crawlTarget, tok string) crawlTarget {
			if inQuery {
				t.query = "token=" + tok
			} else {
				t.form = map[string]string{"token": tok}
			}
			return t
		}
		out := []crawlTarget{put(crawlTarget{fit: true}, wrongToken)}
		for _, s := range w.signers {
			if tok := s.token(kind); tok != "" {
				out = append(out, put(crawlTarget{objs: []*crawlObject{s.obj}, fit: true}, tok))
			}
		}
		return out
	}
}

func (w *crawlWorld) petitionObj(p *crawlPetition) *crawlObject {
	for _, o := range w.objects["petition"] {
		if o.petition == p {
			return o
		}
	}
	panic("crawl: no object for petition " + p.key)
}

// cosignTargets names a petition g2 is invited to co-sign, under g2 (fit)
// and under g1 (not invited).
func cosignTargets(petition string) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		p := w.petitions[petition]
		var out []crawlTarget
		for _, k := range []string{"g2", "g1"} {
			out = append(out, crawlTarget{values: []string{w.groups[k].id, p.id}, objs: []*crawlObject{w.groupObj(w.groups[k]), w.petitionObj(p)}, fit: k == "g2"})
		}
		return out
	}
}

// cosignRule: the administrators of the invited group answer; a group not
// invited has nothing to answer.
func cosignRule(c crawlCall) want {
	g := grp(c)
	invited := false
	for _, i := range pet(c).invited {
		invited = invited || i == g
	}
	return decide(invited && c.w.groupRank(g, c.who) == rankAdmin, c.w.seesGroup(g, c.who))
}

// startedRE finds the signing form's stamp on a petition's page.
var startedRE = regexp.MustCompile(`name="started" value="([^"]*)"`)

// signForm is the signing form as the petition's page serves it (its
// stamp read from the page, the clock then moved past the shortest fill
// time), with the signer's details.
func signForm(c crawlCall) crawlBody {
	rec := httptest.NewRecorder()
	c.w.app.Handler.ServeHTTP(rec, httptest.NewRequest("GET", "/petitions/"+c.t.values[0], nil))
	started := ""
	if m := startedRE.FindStringSubmatch(rec.Body.String()); m != nil {
		started = m[1]
		c.w.app.Clock.Advance(5 * time.Second)
	}
	return formOf(c, "first_name", "Crawl", "last_name", c.who, "email", c.who+"-sign@crawl.example", "postal_code", "69007",
		"comment", "Signé par le crawl", "started", started)
}

func apiSign(c crawlCall) crawlBody {
	return jsonBody(map[string]any{"first_name": "Crawl", "last_name": c.who, "email": c.who + "-api-sign@crawl.example", "postal_code": "69007",
		"consents": []map[string]any{{"purpose": "petition_updates", "given": false, "wording": "Recevoir les nouvelles de cette pétition"}}})(c)
}

func apiLinkToken(c crawlCall) crawlBody {
	return jsonBody(map[string]any{"token": c.t.form["token"]})(c)
}

func apiNewPetition(c crawlCall) crawlBody {
	return jsonBody(map[string]any{"title": "Pétition API " + c.who, "text": "Texte de la pétition", "addressee": "Le gouvernement",
		"goal": 100, "scope": "national"})(c)
}
