package e2e

import (
	"net/url"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// The petitions of the crawl's world (issue 13) and their signatures.

// crawlPetition is a petition and what the rules need to know about it,
// as the oracle knows it (never read back from the service).
type crawlPetition struct {
	key, id   string
	published bool          // gathering signatures (or closed: published first)
	closed    bool          // closed by hand
	creator   string        // person key of the creating profile
	groups    []*crawlGroup // co-signing groups that accepted
	invited   []*crawlGroup // groups invited to co-sign, not answered
	events    []*crawlEvent // linked events (gatherings)
}

// crawlSigner is a signature of the world and its signer's secrets.
type crawlSigner struct {
	obj          *crawlObject // kind "signature", author the signer's key
	petition     *crawlPetition
	linkToken    string // the signer's own link (withdraw, export, receipt)
	confirmToken string // the mailed confirmation link's, when unconfirmed
}

// petitionInput is a valid local petition in Lyon 7e.
func (b *worldBuilder) petitionInput(title string) service.PetitionInput {
	return service.PetitionInput{Title: title, Text: "Nous demandons **" + title + "**.", Addressee: "La mairie de Lyon",
		Goal: 1000, Scope: cortege.ScopeLocal, Place: "69387", Tags: []string{"crawl"}}
}

func (b *worldBuilder) petition(key, creator string, in service.PetitionInput) *crawlPetition {
	p, err := b.svc.CreatePetition(b.ctx, b.who(creator), in)
	b.must("petition "+key, err)
	cp := &crawlPetition{key: key, id: p.ID, creator: creator}
	if b.w.petitions == nil {
		b.w.petitions = map[string]*crawlPetition{}
	}
	b.w.petitions[key] = cp
	b.w.add(&crawlObject{kind: "petition", id: p.ID, petition: cp, author: creator})
	return cp
}

// petitions makes three: "published", written by g1's moderator (who
// holds no crawl role) and co-signed by g1, whose administrator (the
// organiser) accepted, with g2 invited and not answered; "draft", written
// by the organiser on behalf of g1; "closed", the organiser's own,
// published then closed, with g2 invited (to the draft too). Then signatures of the
// published one: the member's (signed in, counted at once), one without
// an account confirmed from its mail with the name hidden, one waiting
// for its confirmation. And gatherings linked to each.
func (b *worldBuilder) petitions() {
	g1, g2 := b.w.groups["g1"], b.w.groups["g2"]

	pub := b.petition("published", xMod, b.petitionInput("Une piste cyclable du crawl"))
	_, err := b.svc.InvitePetitionGroup(b.ctx, b.who(xMod), pub.id, g1.id)
	b.must("invite g1 to co-sign", err)
	b.must("g1 accepts", b.svc.AnswerPetitionInvitation(b.ctx, b.who(roleOwner), pub.id, g1.id, true))
	pub.groups = append(pub.groups, g1)
	_, err = b.svc.InvitePetitionGroup(b.ctx, b.who(xMod), pub.id, g2.id)
	b.must("invite g2 to co-sign", err)
	pub.invited = append(pub.invited, g2)
	_, err = b.svc.PublishPetition(b.ctx, b.who(xMod), pub.id)
	b.must("publish petition", err)
	pub.published = true

	in := b.petitionInput("CanaryDraftPetition")
	in.GroupID = g1.id
	draft := b.petition("draft", roleOwner, in)
	draft.groups = append(draft.groups, g1)
	// g2 invited to co-sign the draft: its administrator still may not
	// see it until the group accepts.
	_, err = b.svc.InvitePetitionGroup(b.ctx, b.who(roleOwner), draft.id, g2.id)
	b.must("invite g2 to the draft", err)
	draft.invited = append(draft.invited, g2)

	closed := b.petition("closed", roleOwner, b.petitionInput("Une pétition close du crawl"))
	_, err = b.svc.InvitePetitionGroup(b.ctx, b.who(roleOwner), closed.id, g2.id)
	b.must("invite g2 to the closed petition", err)
	closed.invited = append(closed.invited, g2)
	_, err = b.svc.PublishPetition(b.ctx, b.who(roleOwner), closed.id)
	b.must("publish closed petition", err)
	_, err = b.svc.ClosePetition(b.ctx, b.who(roleOwner), closed.id)
	b.must("close petition", err)
	closed.published, closed.closed = true, true

	// Pictures: the published one's for anyone, the draft's for its
	// organisers.
	for _, c := range []struct {
		p     *crawlPetition
		by    string
		shade uint8
	}{{pub, xMod, 61}, {draft, roleOwner, 71}} {
		pp, err := b.svc.SetPetitionPicture(b.ctx, b.who(c.by), c.p.id, crawlPNG(c.shade))
		b.must("petition picture", err)
		b.w.add(&crawlObject{kind: "petitionpic", id: c.p.id, petition: c.p, file: pp.Picture, author: c.by})
	}

	// Gatherings: g1's public event linked to the published petition by
	// the organiser (who organises both), g2's event to the closed one by
	// g2's administrator (who organises the event only).
	b.must("link public event", b.svc.LinkEvent(b.ctx, b.who(roleOwner), service.ByID(b.w.events["public"].id), pub.id))
	pub.events = append(pub.events, b.w.events["public"])
	b.must("link other event", b.svc.LinkEvent(b.ctx, b.who(roleOther), service.ByID(b.w.events["other"].id), closed.id))
	closed.events = append(closed.events, b.w.events["other"])
	// And the draft to the public event: the event's page names no draft
	// to those who may not see it.
	b.must("link the draft", b.svc.LinkEvent(b.ctx, b.who(roleOwner), service.ByID(b.w.events["public"].id), draft.id))
	draft.events = append(draft.events, b.w.events["public"])

	// The member signs, signed in: counted at once, with their link.
	res, err := b.svc.Sign(b.ctx, b.who(roleMember), pub.id, service.SignInput{FirstName: "Crawl", LastName: "Membre", Postal: "69007", ShowName: true})
	b.must("member signs", err)
	b.w.signers = append(b.w.signers, &crawlSigner{petition: pub, linkToken: res.Token,
		obj: b.w.add(&crawlObject{kind: "signature", id: res.SignatureID, author: roleMember})})

	// Without an account, confirmed from the mail, the name hidden.
	const hiddenMail = "canarysigner@crawl.example"
	ip := cortege.Actor{IP: "198.51.100.20"}
	_, err = b.svc.Sign(b.ctx, ip, pub.id, service.SignInput{FirstName: "Camille", LastName: "CanaryHiddenSigner", Email: hiddenMail, Postal: "69007", Comment: "Un commentaire public du crawl"})
	b.must("anonymous signature", err)
	b.w.app.Drain(b.t)
	cs, err := b.svc.ConfirmSignature(b.ctx, b.confirmToken(hiddenMail))
	b.must("confirm signature", err)
	b.w.signers = append(b.w.signers, &crawlSigner{petition: pub, linkToken: cs.Token,
		obj: b.w.add(&crawlObject{kind: "signature", id: cs.SignatureID, author: "signer"})})

	// Without an account, not confirmed yet.
	const pendingMail = "canarypending@crawl.example"
	_, err = b.svc.Sign(b.ctx, ip, pub.id, service.SignInput{FirstName: "Dominique", LastName: "CanaryPendingSigner", Email: pendingMail, Postal: "69007", ShowName: true})
	b.must("pending signature", err)
	b.w.app.Drain(b.t)
	b.w.signers = append(b.w.signers, &crawlSigner{petition: pub, confirmToken: b.confirmToken(pendingMail),
		obj: b.w.add(&crawlObject{kind: "signature", author: "pending"})})

	// A representative of Lyon 7e, with an address and a handle.
	rows, err := service.ParseTargetsCSV([]byte("id,name,kind,email,fediverse,area,communes\n" +
		"crawl-mairie-7,Mairie du 7e du crawl,official,mairie7@crawl.example,@mairie7@social.example,commune,69387\n"))
	b.must("targets file", err)
	imp, err := b.svc.LoadTargets(b.ctx, rows)
	if err == nil && len(imp.Errors) > 0 {
		err = &imp.Errors[0]
	}
	b.must("targets", err)
	at, err := b.svc.TargetsFor(b.ctx, "69007", "")
	b.must("targets of 69007", err)
	for _, t := range at.Targets {
		if t.Key == "crawl-mairie-7" {
			b.w.add(&crawlObject{kind: "target", id: t.ID})
		}
	}

	org := func(w *crawlWorld, who string) bool { return w.organisesPetition(w.petitions["published"], who) }
	b.w.canary("CanaryDraftPetition", func(w *crawlWorld, who string) bool { return w.seesPetition(w.petitions["draft"], who) })
	// A signer's name they chose to hide, their address and a signature
	// not confirmed: to the signer (from their link) and the organisers.
	for _, c := range []struct{ text, signer string }{
		{"CanaryHiddenSigner", "signer"}, {hiddenMail, "signer"},
		{"CanaryPendingSigner", "pending"}, {pendingMail, "pending"},
	} {
		signer := c.signer
		b.w.canary(c.text, func(w *crawlWorld, who string) bool { return who == signer || org(w, who) })
	}
	for _, s := range b.w.signers {
		owner := s.obj.author
		for _, secret := range []string{s.linkToken, s.confirmToken} {
			if secret != "" {
				b.w.canary(secret, func(w *crawlWorld, who string) bool { return who == owner })
			}
		}
	}
}

// confirmToken is the token of the last confirmation link mailed to addr.
func (b *worldBuilder) confirmToken(addr string) string {
	u, err := url.Parse(b.w.app.LastLink(b.t, addr, "/confirm?token="))
	b.must("confirmation link", err)
	return u.Query().Get("token")
}

// organisesPetition: its creator, and the administrators of a group that
// accepted to co-sign it (docs/petitions.md); the instance administrators
// are not organisers.
func (w *crawlWorld) organisesPetition(p *crawlPetition, who string) bool {
	if who == p.creator {
		return true
	}
	for _, g := range p.groups {
		if w.groupRank(g, who) == rankAdmin {
			return true
		}
	}
	return false
}

// seesPetition: a draft is for its organisers alone; once published,
// everyone.
func (w *crawlWorld) seesPetition(p *crawlPetition, who string) bool {
	return p.published || w.organisesPetition(p, who)
}

// otherPetition is the petition whose secrets are tried in p's paths.
func (w *crawlWorld) otherPetition(p *crawlPetition) *crawlPetition {
	if p.key == "closed" {
		return w.petitions["published"]
	}
	return w.petitions["closed"]
}
