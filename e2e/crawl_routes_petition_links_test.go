package e2e

import "strings"

// A petition's gatherings and updates (internal/web/petition_gathering.go,
// petition_update.go; internal/api/petition_gathering.go). The rules, from
// docs/petitions.md ("Gatherings", "Updates") and the service: an event
// is linked to a petition, or unlinked, by the organisers of either, who
// must see both; whoever sees a petition reads its gatherings and
// updates; its organisers alone post updates; a signer's link token joins
// a gathering of its own petition only, and an unsubscribe link is
// decided by its token.

func petitionLinkRoutes() map[string]*crawlRoute {
	p := objs("petition")
	return map[string]*crawlRoute{
		"GET /petitions/{id}/gatherings":         {targets: both(gatheringsPlain, signerLinks(ownLink, true)), rule: gatheringsView, owner: true},
		"POST /petitions/{id}/gatherings/join":   {targets: withForm(signerLinks(ownLink, false), joinPublic), rule: gatheringJoin, body: form("postcode", "69007"), owner: true},
		"POST /petitions/{id}/gatherings/link":   {targets: petitionEvents("other", "draft"), rule: petitionSideLink, body: form()},
		"POST /petitions/{id}/gatherings/unlink": {targets: linkedPairs(false), rule: petitionSideLink, body: form(), tier: tierDelete},
		"POST /events/{id}/petitions":            {targets: eventPetitions, rule: eventSideLink, body: form()},
		"POST /events/{id}/petitions/unlink":     {targets: linkedPairs(true), rule: eventSideLink, body: form(), tier: tierDelete},

		"GET /petitions/{id}/updates":  {targets: p, rule: petitionView},
		"POST /petitions/{id}/updates": {targets: p, rule: petitionOrganiser, body: form("title", "Nouvelles du crawl", "body", "Texte des nouvelles")},
		// The one-click unsubscribe of the update mails: a made-up token.
		"GET /petitions/{id}/unsubscribe":  {targets: unsubscribeLinks(true), rule: nobody},
		"POST /petitions/{id}/unsubscribe": {targets: unsubscribeLinks(false), rule: nobody, body: form()},

		"GET /api/v1/petitions/{id}/gatherings":                        {targets: withQuery(p, "postcode=69007"), rule: petitionView},
		"PUT /api/v1/petitions/{id}/gatherings/{event}":                {targets: apiPetitionEvents, rule: apiLink(false)},
		"DELETE /api/v1/petitions/{id}/gatherings/{event}":             {targets: apiLinkedPairs, rule: apiLink(true), tier: tierDelete},
		"POST /api/v1/petitions/{id}/gatherings/{event}/participation": {targets: apiJoinTargets, rule: apiGatheringJoin, body: apiLinkToken, owner: true},
		"GET /api/v1/petitions/{id}/updates":                           {targets: p, rule: petitionView},
		"POST /api/v1/petitions/{id}/updates":                          {targets: p, rule: petitionOrganiser, body: jsonBody(map[string]any{"title": "Nouvelles", "body": "Texte"})},
	}
}

// gatheringsPlain names each petition, without a token (read as the
// visitor: no object first).
func gatheringsPlain(w *crawlWorld) []crawlTarget {
	var out []crawlTarget
	for _, o := range w.objects["petition"] {
		out = append(out, crawlTarget{values: []string{o.id}, objs: []*crawlObject{nil, o}, fit: true, query: "postcode=69007"})
	}
	return out
}

// gatheringsView: whoever sees the petition reads its gatherings; a
// signer's token adds the join buttons, and one that is not of this
// petition is said wrong (422, the list still shown).
func gatheringsView(c crawlCall) want {
	if !c.w.seesPetition(pet(c), c.who) {
		return wHidden
	}
	if strings.Contains(c.t.query, "token=") && (c.obj(0) == nil || !c.t.fit) {
		return wInvalid
	}
	return wAllow
}

// gatheringJoin: a signer's token joins a gathering of its own petition,
// whoever holds it; a made-up one or another petition's is refused as a
// wrong token, on a petition one sees.
func gatheringJoin(c crawlCall) want {
	switch {
	case !c.w.seesPetition(pet(c), c.who):
		return wHidden
	case c.obj(0) == nil || !c.t.fit:
		return wInvalid
	}
	return wAllow
}

// apiGatheringJoin: the API reads the token first (a wrong one is 422
// whatever the petition).
func apiGatheringJoin(c crawlCall) want {
	if c.obj(0) == nil || !c.t.fit {
		return wInvalid
	}
	return wAllow
}

// withForm adds fields to each target's form.
func withForm(gen func(*crawlWorld) []crawlTarget, add func(w *crawlWorld) map[string]string) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		out := gen(w)
		for i := range out {
			f := map[string]string{}
			for k, v := range out[i].form {
				f[k] = v
			}
			for k, v := range add(w) {
				f[k] = v
			}
			out[i].form = f
		}
		return out
	}
}

func joinPublic(w *crawlWorld) map[string]string {
	return map[string]string{"event": w.events["public"].id}
}

// linkEvent is the event a link target names (its second or first object).
func linkEvent(c crawlCall) *crawlEvent {
	for _, o := range c.t.objs {
		if o != nil && o.event != nil {
			return o.event
		}
	}
	panic("crawl: no event in the target")
}

func (p *crawlPetition) linked(e *crawlEvent) bool {
	for _, x := range p.events {
		if x == e {
			return true
		}
	}
	return false
}

// mayLink: the organisers of the event or of the petition.
func (w *crawlWorld) mayLink(e *crawlEvent, p *crawlPetition, who string) bool {
	return w.organises(e, who) || w.organisesPetition(p, who)
}

// petitionEvents names each petition with the given events in the form.
func petitionEvents(events ...string) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		var out []crawlTarget
		for _, o := range w.objects["petition"] {
			for _, k := range events {
				e := w.events[k]
				out = append(out, crawlTarget{values: []string{o.id}, objs: []*crawlObject{o, w.eventObj(e)}, fit: true, form: map[string]string{"event": e.id}})
			}
		}
		return out
	}
}

// petitionSideLink: from the petition's gatherings page, one who sees the
// petition and organises it or the event (un)links; an event one may not
// see is named wrong (422) on the page.
func petitionSideLink(c crawlCall) want {
	p, e := pet(c), linkEvent(c)
	switch {
	case !c.w.seesPetition(p, c.who):
		return wHidden
	case c.w.mayLink(e, p, c.who) && c.w.seesEvent(e, c.who):
		return wAllow
	case c.who != roleAnon && !c.w.seesEvent(e, c.who):
		return wInvalid
	}
	return wDeny
}

// eventPetitions names each event with the published petition in the form.
func eventPetitions(w *crawlWorld) []crawlTarget {
	p := w.petitions["published"]
	var out []crawlTarget
	for _, o := range w.objects["event"] {
		out = append(out, crawlTarget{values: []string{o.id}, objs: []*crawlObject{o, w.petitionObj(p)}, fit: true, form: map[string]string{"petition": p.id}})
	}
	return out
}

// eventSideLink: from the event's page, one who sees the event and
// organises it or the petition (un)links; a petition one may not see (a
// draft) is named wrong on the event's page (422).
func eventSideLink(c crawlCall) want {
	p, e := pet(c), linkEvent(c)
	switch {
	case !c.w.seesEvent(e, c.who):
		return wHidden
	case !c.w.seesPetition(p, c.who):
		return wInvalid
	}
	return decide(c.w.mayLink(e, p, c.who), true)
}

// linkedPairs names each linked event and petition: under the event's
// path (eventSide) or the petition's.
func linkedPairs(eventSide bool) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		var out []crawlTarget
		for _, o := range w.objects["petition"] {
			for _, e := range o.petition.events {
				eo := w.eventObj(e)
				t := crawlTarget{values: []string{o.id}, objs: []*crawlObject{o, eo}, fit: true, form: map[string]string{"event": e.id}}
				if eventSide {
					t = crawlTarget{values: []string{e.id}, objs: []*crawlObject{eo, o}, fit: true, form: map[string]string{"petition": o.id}}
				}
				out = append(out, t)
			}
		}
		return out
	}
}

// apiPetitionEvents names every petition with every event.
func apiPetitionEvents(w *crawlWorld) []crawlTarget {
	var out []crawlTarget
	for _, o := range w.objects["petition"] {
		for _, eo := range w.objects["event"] {
			out = append(out, crawlTarget{values: []string{o.id, eo.id}, objs: []*crawlObject{o, eo}, fit: true})
		}
	}
	return out
}

// apiLinkedPairs names the linked pairs, then g2's event under the
// published petition (not linked: not found to those who may unlink).
func apiLinkedPairs(w *crawlWorld) []crawlTarget {
	var out []crawlTarget
	for _, t := range linkedPairs(false)(w) {
		t.values, t.form = []string{t.objs[0].id, t.objs[1].id}, nil
		out = append(out, t)
	}
	pub, other := w.petitions["published"], w.events["other"]
	return append(out, crawlTarget{values: []string{pub.id, other.id}, objs: []*crawlObject{w.petitionObj(pub), w.eventObj(other)}, fit: true})
}

// apiLink: the event is read first (not found to who may not see it),
// then the petition (a draft one may not see is a wrong field, 422);
// then the organisers of either may; unlinking what is not linked is not
// found.
func apiLink(unlink bool) func(crawlCall) want {
	return func(c crawlCall) want {
		p, e := pet(c), linkEvent(c)
		switch {
		case !c.w.seesEvent(e, c.who):
			return wHidden
		case c.who == roleAnon:
			return wDeny
		case !c.w.seesPetition(p, c.who):
			return wInvalid
		case c.w.mayLink(e, p, c.who) && (!unlink || p.linked(e)):
			return wAllow
		}
		return wDeny
	}
}

// apiJoinTargets is signerLinks under the API's path, for g1's public
// event (linked to the published petition).
func apiJoinTargets(w *crawlWorld) []crawlTarget {
	out := signerLinks(ownLink, false)(w)
	for i := range out {
		out[i].values = []string{out[i].values[0], w.events["public"].id}
	}
	return out
}

// unsubscribeLinks names each petition with the member's signature and a
// made-up token, in the query or the form.
func unsubscribeLinks(inQuery bool) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		sig := w.signers[0].obj.id
		var out []crawlTarget
		for _, o := range w.objects["petition"] {
			t := crawlTarget{values: []string{o.id}, objs: []*crawlObject{o}, fit: true}
			if inQuery {
				t.query = "signature=" + sig + "&token=" + wrongToken
			} else {
				t.form = map[string]string{"signature": sig, "token": wrongToken}
			}
			out = append(out, t)
		}
		return out
	}
}
