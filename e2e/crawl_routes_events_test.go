package e2e

import (
	"bytes"
	"mime/multipart"
	"time"
)

// The pages of events (internal/web/event_routes.go), and the rules about
// events the API shares.

func eventRoutes() map[string]*crawlRoute {
	events, manage := objs("event"), objs("event")
	return map[string]*crawlRoute{
		"GET /events":      {targets: lit("q=crawl"), rule: everyone},
		"GET /events/new":  {targets: lit(""), rule: everyone},
		"POST /events":     {targets: lit(""), rule: everyone, body: newEventForm},
		"GET /events/{id}": {targets: both(events, withSuffix(events, ".ics")), rule: eventView},

		// Links from mails: the link's secret (here a wrong one) decides.
		"GET /events/manage":                     {targets: lit("token=" + wrongToken), rule: nobody},
		"POST /events/manage":                    {targets: lit(""), rule: nobody, body: form("token", wrongToken)},
		"GET /events/participation/confirm":      {targets: lit("token=" + wrongToken), rule: nobody},
		"POST /events/participation/confirm":     {targets: lit(""), rule: nobody, body: form("token", wrongToken)},
		"GET /events/participation/cancel":       {targets: lit("token=" + wrongToken), rule: nobody},
		"POST /events/participation/cancel":      {targets: lit(""), rule: nobody, body: form("token", wrongToken)},
		"GET /events/participation/ticket.png":   {targets: lit("token=" + wrongToken), rule: nobody},
		"GET /events/participation/unsubscribe":  {targets: lit("id=X&token=" + wrongToken), rule: nobody},
		"POST /events/participation/unsubscribe": {targets: lit(""), rule: nobody, body: form("id", "X", "token", wrongToken)},

		"POST /events/{id}/join":                  {targets: events, rule: eventJoin, body: joinForm},
		"GET /events/{id}/leave":                  {targets: events, rule: eventRegistered},
		"POST /events/{id}/leave":                 {targets: events, rule: eventRegistered, body: confirmed(), tier: tierDelete},
		"POST /events/{id}/updates":               {targets: events, rule: eventRegistered, body: form("on", "1")},
		"GET /events/{id}/ticket.png":             {targets: events, rule: eventTicket},
		"POST /events/{id}/comments":              {targets: events, rule: eventComment, body: form("body", "Un commentaire du crawl")},
		"GET /events/{id}/comments/{cid}/delete":  {targets: inEvent("comment"), rule: commentDelete},
		"POST /events/{id}/comments/{cid}/delete": {targets: inEvent("comment"), rule: commentDelete, body: confirmed(), tier: tierDelete},
		"POST /events/{id}/flag":                  {targets: events, rule: eventFlag, body: form("reason", "Signalé par le crawl")},
		"POST /events/{id}/photos":                {targets: events, rule: photoAdd, body: photoForm},

		"GET /events/{id}/edit":                       {targets: manage, rule: eventOrganiser},
		"POST /events/{id}/edit":                      {targets: manage, rule: eventOrganiser, body: editEventForm},
		"POST /events/{id}/publish":                   {targets: manage, rule: eventOrganiser, body: form("published", "1")},
		"GET /events/{id}/cancel":                     {targets: manage, rule: eventOrganiser},
		"POST /events/{id}/cancel":                    {targets: manage, rule: eventOrganiser, body: form("reason", "Annulé par le crawl"), tier: tierDelete},
		"POST /events/{id}/delete":                    {targets: manage, rule: eventOrganiser, body: form(), tier: tierLeave},
		"POST /events/{id}/comments/close":            {targets: manage, rule: eventOrganiser, body: form("closed", "0")},
		"POST /events/{id}/report":                    {targets: manage, rule: eventOrganiser, body: form("report", "Compte rendu du crawl")},
		"POST /events/{id}/photos/{pid}/hide":         {targets: inEvent("photo"), rule: photoHide, body: form("hidden", "0")},
		"GET /events/{id}/participants":               {targets: manage, rule: eventOrganiser},
		"GET /events/{id}/participants.csv":           {targets: manage, rule: eventOrganiser},
		"GET /events/{id}/participants/{pid}/{verb}":  {targets: participationVerbs, rule: askRefusal},
		"POST /events/{id}/participants/{pid}/{verb}": {targets: participationVerbs, rule: participantAnswer, body: confirmed(), tier: tierDelete},
		"POST /events/{id}/invite":                    {targets: manage, rule: eventOrganiser, body: inviteVictim},
		"GET /events/{id}/announce":                   {targets: manage, rule: eventOrganiser},
		"POST /events/{id}/announce":                  {targets: manage, rule: eventOrganiser, body: form("audience", "approved", "subject", "Nouvelles", "body", "Texte")},
		"GET /events/{id}/checkin":                    {targets: manage, rule: eventOrganiser},
		"POST /events/{id}/checkin":                   {targets: manage, rule: eventOrganiser, body: form("code", "ZZZZ-ZZZZ")},
		"GET /events/{id}/organisers":                 {targets: manage, rule: eventOrganiser},
		"POST /events/{id}/organisers":                {targets: manage, rule: addOrganiser, body: addOrganiserG3},
		"GET /events/{id}/organisers/{gid}/remove":    {targets: eventGroups, rule: removeOrganiser},
		"POST /events/{id}/organisers/{gid}/remove":   {targets: eventGroups, rule: removeOrganiser, body: confirmed(), tier: tierDelete},
		// Pages of an event session (a management or registration link
		// exchanged for a cookie): without that cookie, nobody.
		"GET /events/sent":                         {targets: lit(""), rule: everyone},
		"GET /events/{id}/manage":                  {targets: events, rule: nobody},
		"POST /events/{id}/manage":                 {targets: events, rule: nobody, body: form("action", "confirm")},
		"GET /events/{id}/registration":            {targets: events, rule: nobody},
		"GET /events/{id}/registration/ticket.png": {targets: events, rule: nobody},
		"POST /events/{id}/registration/confirm":   {targets: events, rule: nobody, body: form()},
		"POST /events/{id}/registration/cancel":    {targets: events, rule: nobody, body: form()},
		"POST /events/{id}/links":                  {targets: events, rule: anything, body: form("email", "nobody@crawl.example")},
		"GET /events/{id}/uploads/{name}":          {targets: eventPhotoFiles, rule: photoFileRule},
		"GET /events/{id}/photos/{pid}/delete":     {targets: inEvent("photo"), rule: photoHide},
		"POST /events/{id}/photos/{pid}/delete":    {targets: inEvent("photo"), rule: photoHide, body: confirmed(), tier: tierDelete},
		"GET /series/{id}":                         {targets: seriesTargets, rule: everyone},
		"GET /events/invitations":                  {targets: lit(""), rule: signedIn},
		"POST /events/invitations":                 {targets: lit(""), rule: coorgAnswer, body: coorgForm},

		"GET /feeds/events.ics":               {targets: lit("q=crawl"), rule: everyone},
		"GET /feeds/events.atom":              {targets: lit(""), rule: everyone},
		"GET /feeds/my/{file}":                {targets: both(withSuffix(ownedFeeds, ".ics"), lit("", wrongToken+".ics")), rule: feedRule, owner: true},
		"GET /@{handle}/events.ics":           {targets: groups(false), rule: groupSeen},
		"GET /@{handle}/events.atom":          {targets: groups(false), rule: groupSeen},
		"GET /admin/events":                   {targets: lit(""), rule: instanceAdmin},
		"POST /admin/events":                  {targets: lit(""), rule: instanceAdmin, body: form("anonymous", "1", "default_tz", "Europe/Paris", "photo_licence", "CC BY-NC-SA 4.0")},
		"GET /settings/calendar":              {targets: lit(""), rule: signedIn},
		"POST /settings/calendar":             {targets: lit(""), rule: signedIn, body: form()},
		"GET /settings/calendar/{id}/revoke":  {targets: objs("feed"), rule: ownerOnly},
		"POST /settings/calendar/{id}/revoke": {targets: objs("feed"), rule: ownerOnly, body: confirmed(), tier: tierDelete},
	}
}

func ev(c crawlCall) *crawlEvent { return c.obj(0).event }

// eventView: the page of an event is for those who see it, others hear
// it does not exist.
func eventView(c crawlCall) want { return decide(c.w.seesEvent(ev(c), c.who), false) }

// eventOrganiser: what organisers do on their event; the instance
// administrators are not organisers.
func eventOrganiser(c crawlCall) want {
	e := ev(c)
	may := c.w.organises(e, c.who)
	if len(c.t.objs) > 1 && !c.t.fit {
		may = false
	}
	return decide(may, c.w.seesEvent(e, c.who))
}

// eventJoin: anyone who sees an event may register (signed out, with a
// name and an address); a cancelled one says no in its own way.
func eventJoin(c crawlCall) want {
	e := ev(c)
	sees := c.w.seesEvent(e, c.who)
	switch {
	case !sees:
		return wHidden
	case !e.published:
		return wDeny // registrations open with the publication
	case e.cancelled:
		return wAny
	}
	return wAllow
}

// eventRegistered: a participant's own registration.
func eventRegistered(c crawlCall) want {
	e := ev(c)
	if c.who == roleAnon {
		return wDeny
	}
	return decide(e.status[c.who] != "", c.w.seesEvent(e, c.who))
}

// eventTicket: the admitted participant's ticket (every event of the
// world has a place, so tickets).
func eventTicket(c crawlCall) want {
	e := ev(c)
	if c.who == roleAnon {
		return wDeny
	}
	return decide(c.w.admitted(e, c.who), c.w.seesEvent(e, c.who))
}

// eventComment: signed-in people who see a published event comment (its
// organisers also on a draft).
func eventComment(c crawlCall) want {
	e := ev(c)
	if c.who == roleAnon {
		return wDeny
	}
	sees := c.w.seesEvent(e, c.who)
	return decide(sees && (e.published || c.w.organises(e, c.who)), sees)
}

// eventFlag: anyone signed in who sees an event may report it (its
// organisers are told to edit it instead: a 409).
func eventFlag(c crawlCall) want {
	if c.who == roleAnon {
		return wDeny
	}
	sees := c.w.seesEvent(ev(c), c.who)
	return decide(sees, sees)
}

// photoAdd: organisers, and admitted participants once the event has
// started (none has).
func photoAdd(c crawlCall) want {
	e := ev(c)
	if c.who == roleAnon {
		return wDeny
	}
	return decide(c.w.organises(e, c.who) || c.w.admitted(e, c.who) && e.started, c.w.seesEvent(e, c.who))
}

// commentDelete: its author, the organisers, an instance administrator.
func commentDelete(c crawlCall) want {
	e := ev(c)
	may := c.t.fit && (c.obj(1).author == c.who || c.w.organises(e, c.who) || c.who == roleRoot)
	if c.who == roleAnon {
		may = false
	}
	return decide(may, c.w.seesEvent(e, c.who))
}

// photoHide: the organisers and the instance administrators.
func photoHide(c crawlCall) want {
	e := ev(c)

	return decide(c.t.fit && (c.w.organises(e, c.who) || c.who == roleRoot), c.w.seesEvent(e, c.who))
}

// participantAnswer: organisers approve and refuse their event's
// participants.
func participantAnswer(c crawlCall) want {
	e := ev(c)

	return decide(c.t.fit && c.w.organises(e, c.who), c.w.seesEvent(e, c.who))
}

// askRefusal: only refusing someone who holds a seat asks first; the GET
// of anything else has nothing to ask.
func askRefusal(c crawlCall) want {
	p := c.obj(1)
	s := p.event.status[p.author]
	if p.author == "nobody" {
		s = "approved" // the registration without an account, confirmed
	}
	if c.t.values[2] != "refuse" || s != "approved" {
		return decide(false, c.w.seesEvent(ev(c), c.who))
	}
	return participantAnswer(c)
}

// participationVerbs names each registration under its event, then under
// another, to approve and to refuse.
func participationVerbs(w *crawlWorld) []crawlTarget {
	var out []crawlTarget
	for _, t := range inEvent("participation")(w) {
		for _, verb := range []string{"approve", "refuse"} {
			t2 := t
			t2.values = append(append([]string(nil), t.values...), verb)
			out = append(out, t2)
		}
	}
	return out
}

// eventGroups names, for the public event and the other group's, each of
// g1 and g2 as an organiser to remove.
func eventGroups(w *crawlWorld) []crawlTarget {
	var out []crawlTarget
	for _, ek := range []string{"public", "other"} {
		e := w.events[ek]
		for _, gk := range []string{"g1", "g2"} {
			out = append(out, crawlTarget{values: []string{e.id, w.groups[gk].id}, objs: []*crawlObject{w.eventObj(e), w.groupObj(w.groups[gk])}, fit: true})
		}
	}
	return out
}

func seriesTargets(w *crawlWorld) []crawlTarget {
	return []crawlTarget{{values: []string{w.events["series"].seriesID}, fit: true}}
}

func ownedFeeds(w *crawlWorld) []crawlTarget {
	var out []crawlTarget
	for _, o := range w.objects["feed"] {
		out = append(out, crawlTarget{values: []string{w.people[o.author].feedToken}, objs: []*crawlObject{o}, fit: true})
	}
	return out
}

// feedRule: a personal calendar feed is read with its secret alone, by
// whoever holds it; a wrong secret reads nothing.
func feedRule(c crawlCall) want {
	if len(c.t.objs) == 0 {
		return wDeny
	}
	return wAllow
}

// coorgAnswer: the administrators of a group invited to co-organise
// answer (g2, invited to the public event).
func coorgAnswer(c crawlCall) want {
	if c.w.groupRank(c.w.groups["g2"], c.who) == rankAdmin {
		return wAllow
	}
	return wDeny
}

func coorgForm(c crawlCall) crawlBody {
	return formOf(c, "event", c.w.events["public"].id, "group", c.w.groups["g2"].id, "accept", "1")
}

// addOrganiser: an organiser adds a group they moderate (g3, the
// organiser's) to their event.
func addOrganiser(c crawlCall) want {
	e := ev(c)
	may := c.w.organises(e, c.who) && c.w.groupRank(c.w.groups["g3"], c.who) >= rankModerator
	return decide(may, c.w.seesEvent(e, c.who))
}

func addOrganiserG3(c crawlCall) crawlBody { return formOf(c, "group", c.w.groups["g3"].id) }

func inviteVictim(c crawlCall) crawlBody {
	return formOf(c, "handle", c.w.people[xVictim].actor.Profile.Handle)
}

func joinForm(c crawlCall) crawlBody {
	return formOf(c, "name", "Crawl "+c.who, "email", c.who+"-join@crawl.example", "accept_conduct", "1")
}

// eventFields is a valid event, two months ahead.
func eventFields(c crawlCall, title string) []string {
	loc, _ := time.LoadLocation("Europe/Paris")
	start := c.w.app.Clock.Now().Add(60 * 24 * time.Hour).In(loc).Truncate(time.Hour)
	return []string{"title", title, "start", start.Format("2006-01-02T15:04"), "end", start.Add(2 * time.Hour).Format("2006-01-02T15:04"),
		"tz", "Europe/Paris", "place_area", "Lyon", "place", "Place des Terreaux", "publish", "1", "visibility", "public",
		"join_mode", "free", "status", "confirmed", "interval", "1", "scope", "this", "email", c.who + "-event@crawl.example"}
}

func newEventForm(c crawlCall) crawlBody { return formOf(c, eventFields(c, "Événement du crawl")...) }
func editEventForm(c crawlCall) crawlBody {
	return formOf(c, eventFields(c, "Événement modifié")...)
}

// photoForm is a multipart form with a small picture.
func photoForm(c crawlCall) crawlBody {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("caption", "Photo du crawl")
	fw, _ := mw.CreateFormFile("photo", "photo.png")
	fw.Write(crawlPNG(200))
	mw.Close()
	return crawlBody{ctype: mw.FormDataContentType(), data: buf.String()}
}

// eventPhotoFiles names each photo's file under its event's path (where a
// management session's cookie goes).
func eventPhotoFiles(w *crawlWorld) []crawlTarget {
	var out []crawlTarget
	for _, o := range w.objects["photo"] {
		out = append(out, crawlTarget{values: []string{o.event.id, o.file}, objs: []*crawlObject{o}, fit: true})
	}
	return out
}
