package e2e

import (
	"net/url"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// The events of the crawl's world, what they hold, and what belongs to
// accounts (profiles, tokens, feeds, reports).

func (b *worldBuilder) eventInput(title string, days int) service.EventInput {
	start := b.w.app.Clock.Now().Add(time.Duration(days) * 24 * time.Hour).Truncate(time.Hour)
	return service.EventInput{Title: title, Description: "Description de " + title, Start: start, End: start.Add(2 * time.Hour),
		TZ: "Europe/Paris", PlaceArea: "Lyon", Place: "Place Bellecour", Publish: true}
}

func (b *worldBuilder) event(key, creator string, g *crawlGroup, in service.EventInput) *crawlEvent {
	if g != nil {
		in.GroupID = g.id
	}
	e, err := b.svc.CreateEvent(b.ctx, b.who(creator), in)
	b.must("event "+key, err)
	ce := &crawlEvent{key: key, id: e.ID, group: g, published: in.Publish, confirmed: true, visibility: e.Visibility,
		hidePlace: in.HidePlace, joinMode: e.JoinMode, status: map[string]string{}, seriesID: e.SeriesID}
	b.w.events[key] = ce
	b.w.add(&crawlObject{kind: "event", id: e.ID, event: ce, group: g, author: creator})
	return ce
}

func (b *worldBuilder) events() {
	g1, g2 := b.w.groups["g1"], b.w.groups["g2"]
	b.event("public", roleOwner, g1, b.eventInput("Assemblée publique", 20))
	in := b.eventInput("Réunion à l’adresse cachée", 21)
	in.HidePlace, in.Place, in.JoinMode = true, "CanaryHiddenPlace", cortege.JoinApproval
	b.event("hidden", roleOwner, g1, in)
	in = b.eventInput("CanaryPrivateEvent", 22)
	in.Visibility = cortege.VisibilityPrivate
	b.event("private", roleOwner, g1, in)
	in = b.eventInput("CanaryDraftEvent", 23)
	in.Publish = false
	b.event("draft", roleOwner, g1, in)
	b.event("cancelled", roleOwner, g1, b.eventInput("Manifestation annulée", 24))
	_, err := b.svc.CancelEvent(b.ctx, b.who(roleOwner), service.ByID(b.w.events["cancelled"].id), service.ScopeThis, "Pluie")
	b.must("cancel", err)
	b.w.events["cancelled"].cancelled = true
	in = b.eventInput("Permanence hebdomadaire", 25)
	in.Repeat = &service.RepeatInput{Freq: cortege.FreqWeekly, Interval: 1}
	b.event("series", roleOwner, g1, in)
	b.event("other", roleOther, g2, b.eventInput("Événement de l’autre groupe", 26))

	// An event made without an account, confirmed by its mailed link: only
	// the holder of its management link organises it.
	in = b.eventInput("Pique-nique sans compte", 27)
	in.CreatorEmail = "creator@crawl.example"
	e, err := b.svc.CreateEvent(b.ctx, cortege.Actor{IP: "198.51.100.7"}, in)
	b.must("anonymous event", err)
	b.w.app.Drain(b.t)
	link, _ := url.Parse(b.w.app.LastLink(b.t, "creator@crawl.example", "/events/manage"))
	_, err = b.svc.ConfirmEventCreation(b.ctx, service.ByManageToken(link.Query().Get("token")))
	b.must("confirm anonymous event", err)
	ce := &crawlEvent{key: "anonymous", id: e.ID, published: true, confirmed: true, visibility: e.Visibility, joinMode: e.JoinMode, status: map[string]string{}}
	b.w.events["anonymous"] = ce
	b.w.add(&crawlObject{kind: "event", id: e.ID, event: ce})

	for _, k := range []string{"public", "series"} {
		e := b.w.events[k]
		b.must("co-organiser", b.svc.InviteCoOrganiser(b.ctx, b.who(roleOwner), service.ByID(e.id), g2.id))
		e.coorg = g2
	}
	b.w.canary("CanaryPrivateEvent", func(w *crawlWorld, who string) bool { return w.seesEvent(w.events["private"], who) })
	b.w.canary("CanaryDraftEvent", func(w *crawlWorld, who string) bool { return w.seesEvent(w.events["draft"], who) })
	b.w.canary("CanaryHiddenPlace", func(w *crawlWorld, who string) bool { return w.seesPlace(w.events["hidden"], who) })
}

// join registers key for the event and records the status it gets.
func (b *worldBuilder) join(e *crawlEvent, key string) *cortege.Participation {
	p, err := b.svc.JoinEvent(b.ctx, b.who(key), service.ByID(e.id), service.JoinInput{})
	b.must("join event "+e.key, err)
	e.status[key] = p.Status
	b.w.add(&crawlObject{kind: "participation", id: p.ID, event: e, author: key})
	return p
}

func (b *worldBuilder) eventContent() {
	pub, hidden, priv, other := b.w.events["public"], b.w.events["hidden"], b.w.events["private"], b.w.events["other"]
	b.join(pub, roleMember)
	b.join(other, xG2Member)
	b.join(hidden, roleMember) // pending: approval
	ok := b.join(hidden, xApproved)
	_, err := b.svc.Approve(b.ctx, b.who(roleOwner), service.ByID(hidden.id), ok.ID, "")
	b.must("approve participant", err)
	hidden.status[xApproved] = cortege.PartApproved

	// A registration without an account, confirmed from its mail.
	const anonMail = "canaryparticipant@crawl.example"
	p, err := b.svc.JoinEvent(b.ctx, cortege.Actor{IP: "198.51.100.8"}, service.ByID(pub.id), service.JoinInput{Name: "CanaryParticipantName", Email: anonMail})
	b.must("anonymous participation", err)
	b.w.app.Drain(b.t)
	link, _ := url.Parse(b.w.app.LastLink(b.t, anonMail, "/events/participation/confirm"))
	_, err = b.svc.ConfirmParticipation(b.ctx, link.Query().Get("token"))
	b.must("confirm participation", err)
	b.w.add(&crawlObject{kind: "participation", id: p.ID, event: pub, author: "nobody"})
	for _, text := range []string{anonMail, "CanaryParticipantName"} {
		b.w.canary(text, func(w *crawlWorld, who string) bool { return w.organises(w.events["public"], who) })
	}

	comment := func(e *crawlEvent, key string) {
		c, err := b.svc.Comment(b.ctx, b.who(key), service.ByID(e.id), "Commentaire de "+key)
		b.must("comment", err)
		b.w.add(&crawlObject{kind: "comment", id: c.ID, event: e, author: key})
	}
	comment(pub, roleMember)
	comment(priv, roleMember)
	comment(other, xG2Member)
	photo := func(e *crawlEvent, key string, shade uint8) {
		ph, err := b.svc.AddPhoto(b.ctx, b.who(key), service.ByID(e.id), crawlPNG(shade), "Photo")
		b.must("photo", err)
		b.w.add(&crawlObject{kind: "photo", id: ph.ID, event: e, author: key, file: ph.File})
	}
	photo(pub, roleOwner, 40)
	photo(priv, roleOwner, 90)
	photo(other, roleOther, 140)
	_, err = b.svc.Announce(b.ctx, b.who(roleOwner), service.ByID(pub.id), cortege.AudienceApproved, "Rappel", "CanaryAnnouncement")
	b.must("announce", err)
	b.w.canary("CanaryAnnouncement", func(w *crawlWorld, who string) bool {
		return w.organises(w.events["public"], who) || w.events["public"].status[who] == cortege.PartApproved
	})
	b.must("flag", b.svc.ReportToModerators(b.ctx, b.who(roleStranger), service.ReportEvent, pub.id, "CanaryFlagReason"))
}

// accountObjects records what belongs to accounts: profiles, tokens,
// feeds, a report for the administrators.
func (b *worldBuilder) accountObjects() {
	for _, k := range crawlRoles[1:] {
		p := b.w.people[k]
		b.w.add(&crawlObject{kind: "profile", id: p.pid(), author: k})
		b.w.add(&crawlObject{kind: "profile2", id: p.second.ID, author: k})
		b.w.add(&crawlObject{kind: "token", id: p.tokenID, author: k})
		b.w.add(&crawlObject{kind: "feed", id: p.feedID, author: k})
		b.w.add(&crawlObject{kind: "account", id: p.actor.Account.ID, author: k})
		// Secrets never shown back, and each address to its owner (and
		// the administrators) only.
		for _, secret := range []string{p.session, p.token, p.feedToken} {
			b.w.canary(secret, func(*crawlWorld, string) bool { return false })
		}
		owner := k
		b.w.canary(p.email, func(w *crawlWorld, who string) bool {
			// g1 invited the stranger by address: its moderators see it.
			return who == owner || who == roleRoot || owner == roleStranger && w.groupRank(w.groups["g1"], who) >= rankModerator
		})
	}
	victim := b.w.people[xVictim]
	b.w.add(&crawlObject{kind: "account", id: victim.actor.Account.ID, author: xVictim})
	r, err := b.svc.Report(b.ctx, b.who(roleStranger), cortege.ReportGroup, b.w.groups["g2"].id, "CanaryReportReason")
	b.must("report", err)
	b.w.add(&crawlObject{kind: "report", id: r.ID, author: roleStranger})
	b.w.canary("CanaryReportReason", func(w *crawlWorld, who string) bool { return who == roleRoot || who == roleStranger })
	b.w.canary("CanaryFlagReason", func(w *crawlWorld, who string) bool { return who == roleRoot || who == roleStranger })
}
