package e2e

import "time"

// The JSON API (internal/api/*routes.go). A group in a path is its ID;
// objects are named by their ID alone, so the IDOR attempts are the
// objects of the other group and event, judged by the rules of their own.

func apiCoreRoutes() map[string]*crawlRoute {
	return map[string]*crawlRoute{
		"/api/v1/":                          {targets: pathOnly("/api/v1/crawl-no-such-route"), rule: func(crawlCall) want { return wHidden }},
		"GET /api/v1/openapi.json":          {targets: lit(""), rule: everyone},
		"GET /api/v1/instance":              {targets: lit(""), rule: everyone},
		"PATCH /api/v1/instance":            {targets: lit(""), rule: instanceAdmin, body: jsonBody(map[string]any{"name": "Cortège du crawl"})},
		"GET /api/v1/me":                    {targets: lit(""), rule: signedIn},
		"GET /api/v1/me/identity":           {targets: lit(""), rule: signedIn},
		"PUT /api/v1/me/identity":           {targets: lit(""), rule: anything, body: jsonBody(map[string]any{"display_name": "Crawl", "handle": "crawl_api"})},
		"PATCH /api/v1/me":                  {targets: lit(""), rule: signedIn, body: jsonBody(map[string]any{"lang": "fr"})},
		"GET /api/v1/me/export":             {targets: lit(""), rule: signedIn},
		"POST /api/v1/profiles":             {targets: lit(""), rule: signedIn, body: apiNewProfile},
		"GET /api/v1/profiles/{profile}":    {targets: objs("profile", "profile2"), rule: everyone},
		"PATCH /api/v1/profiles/{profile}":  {targets: objs("profile2"), rule: ownerOnly, body: jsonBody(map[string]any{"bio": "Bio du crawl"})},
		"DELETE /api/v1/profiles/{profile}": {targets: objs("profile2"), rule: ownerOnly, tier: tierRemove},
		"GET /api/v1/tokens":                {targets: lit(""), rule: signedIn},
		// A token never makes tokens (issue 11): refused to everyone.
		"POST /api/v1/tokens":        {targets: lit(""), rule: nobody, body: jsonBody(map[string]any{"label": "child"})},
		"DELETE /api/v1/tokens/{id}": {targets: tokens, rule: ownerOnly, tier: tierSession},
		"GET /api/v1/places":         {targets: lit("q=Lyon"), rule: everyone},
	}
}

func apiGroupRoutes() map[string]*crawlRoute {
	g := groups(true)
	text := func(k, v string) func(crawlCall) crawlBody { return jsonBody(map[string]any{k: v}) }
	return map[string]*crawlRoute{
		"GET /api/v1/groups":                   {targets: lit("q=crawl"), rule: everyone},
		"POST /api/v1/groups":                  {targets: lit(""), rule: signedIn, body: apiNewGroup},
		"GET /api/v1/groups/{group}":           {targets: g, rule: groupSeen},
		"PATCH /api/v1/groups/{group}":         {targets: g, rule: groupAct("edit_group"), body: text("description", "Texte du crawl")},
		"DELETE /api/v1/groups/{group}":        {targets: g, rule: groupAct("delete_group"), tier: tierGroup},
		"PUT /api/v1/groups/{group}/avatar":    {targets: g, rule: groupAct("edit_group"), body: pngBody},
		"DELETE /api/v1/groups/{group}/avatar": {targets: g, rule: groupAct("edit_group")},
		"PUT /api/v1/groups/{group}/banner":    {targets: g, rule: groupAct("edit_group"), body: pngBody},
		"DELETE /api/v1/groups/{group}/banner": {targets: g, rule: groupAct("edit_group")},
		"GET /api/v1/groups/{group}/conduct":   {targets: g, rule: groupSeen},
		"PUT /api/v1/groups/{group}/conduct":   {targets: g, rule: groupAct("edit_group"), body: jsonBody(map[string]any{"text": "Soyons aimables.", "required": false})},

		"POST /api/v1/groups/{group}/join":                       {targets: g, rule: signedInGroup("join"), body: text("message", "Bonjour")},
		"POST /api/v1/groups/{group}/follow":                     {targets: g, rule: signedInGroup("follow")},
		"POST /api/v1/groups/{group}/leave":                      {targets: g, rule: signedInGroup("leave"), tier: tierLeave},
		"POST /api/v1/groups/{group}/contact":                    {targets: g, rule: signedInGroup("contact_admins"), body: text("message", "Bonjour les admins")},
		"GET /api/v1/groups/{group}/members":                     {targets: g, rule: groupAct("view_members")},
		"PATCH /api/v1/groups/{group}/members/{profile}":         {targets: inGroupPeople(true, xMod), rule: memberRule("manage_roles"), body: text("role", "moderator")},
		"DELETE /api/v1/groups/{group}/members/{profile}":        {targets: inGroupPeople(true, xFollower), rule: memberRule("manage_members"), tier: tierRemove},
		"POST /api/v1/groups/{group}/requests/{profile}/approve": {targets: inGroupPeople(true, xRequester), rule: memberRule("manage_members")},
		"POST /api/v1/groups/{group}/requests/{profile}/refuse":  {targets: inGroupPeople(true, xRequester2), rule: memberRule("manage_members")},
		"GET /api/v1/groups/{group}/invitations":                 {targets: g, rule: groupAct("invite")},
		"POST /api/v1/groups/{group}/invitations":                {targets: g, rule: groupAct("invite"), body: text("email", "invited@crawl.example")},
		"DELETE /api/v1/groups/{group}/invitations/{id}":         {targets: inGroup("invitation", true), rule: inGroupRule("invite", nil), tier: tierDelete},
		"POST /api/v1/invitations/{id}/accept":                   {targets: objs("invitation"), rule: ownerOnly},
		"GET /api/v1/groups/{group}/blocks":                      {targets: g, rule: groupAct("manage_members")},
		"PUT /api/v1/groups/{group}/blocks/{profile}":            {targets: anyGroupPeople(true, xMod), rule: memberRule("manage_members"), body: text("reason", "Crawl"), tier: tierRemove},
		"DELETE /api/v1/groups/{group}/blocks/{profile}":         {targets: inGroupPeople(true, xBlocked), rule: memberRule("manage_members")},

		"GET /api/v1/groups/{group}/posts":  {targets: g, rule: groupSeen},
		"POST /api/v1/groups/{group}/posts": {targets: g, rule: groupAct("publish_post"), body: jsonBody(map[string]any{"title": "Billet", "body": "Texte", "visibility": "public", "publish": true})},
		"GET /api/v1/posts/{id}":            {targets: objs("post"), rule: apiPostView},
		"PATCH /api/v1/posts/{id}":          {targets: objs("post"), rule: ownGroup("publish_post", nil), body: text("title", "Billet modifié")},
		"DELETE /api/v1/posts/{id}":         {targets: objs("post"), rule: ownGroup("publish_post", nil), tier: tierDelete},

		"GET /api/v1/groups/{group}/discussions":  {targets: g, rule: groupAct("view_inside")},
		"POST /api/v1/groups/{group}/discussions": {targets: g, rule: groupAct("discuss"), body: jsonBody(map[string]any{"title": "Sujet", "body": "Premier message"})},
		"GET /api/v1/discussions/{id}":            {targets: objs("discussion"), rule: ownGroup("view_inside", nil)},
		"PATCH /api/v1/discussions/{id}":          {targets: objs("discussion"), rule: ownGroup("discuss", authorOrModerator), body: text("title", "Sujet renommé")},
		"DELETE /api/v1/discussions/{id}":         {targets: objs("discussion"), rule: ownGroup("moderate", nil), tier: tierRemove},
		"POST /api/v1/discussions/{id}/messages":  {targets: objs("discussion"), rule: ownGroup("discuss", nil), body: text("body", "Réponse")},
		"PATCH /api/v1/messages/{id}":             {targets: objs("message"), rule: ownGroup("discuss", authorOnly), body: text("body", "Corrigé")},
		"DELETE /api/v1/messages/{id}":            {targets: objs("message"), rule: ownGroup("discuss", authorOrModerator), tier: tierDelete},

		"GET /api/v1/groups/{group}/tasks":       {targets: g, rule: groupAct("view_inside")},
		"POST /api/v1/groups/{group}/task-lists": {targets: g, rule: groupAct("edit_tasks"), body: text("title", "Liste")},
		"PATCH /api/v1/task-lists/{id}":          {targets: objs("tasklist"), rule: ownGroup("edit_tasks", nil), body: text("title", "Liste renommée")},
		"DELETE /api/v1/task-lists/{id}":         {targets: objs("tasklist"), rule: ownGroup("edit_tasks", authorOrModerator), tier: tierRemove},
		"POST /api/v1/task-lists/{id}/tasks":     {targets: objs("tasklist"), rule: ownGroup("edit_tasks", nil), body: text("title", "Tâche")},
		"PATCH /api/v1/tasks/{id}":               {targets: objs("task"), rule: ownGroup("edit_tasks", nil), body: text("title", "Tâche modifiée")},
		"DELETE /api/v1/tasks/{id}":              {targets: objs("task"), rule: ownGroup("edit_tasks", authorOrModerator), tier: tierDelete},
		"GET /api/v1/me/tasks":                   {targets: lit(""), rule: signedIn},
		"GET /api/v1/me/groups":                  {targets: lit(""), rule: signedIn},

		"GET /api/v1/groups/{group}/resources":  {targets: g, rule: groupAct("view_inside")},
		"POST /api/v1/groups/{group}/resources": {targets: g, rule: groupAct("edit_resources"), body: jsonBody(map[string]any{"kind": "note", "title": "Note", "body": "Texte"})},
		"PATCH /api/v1/resources/{id}":          {targets: objs("resource"), rule: ownGroup("edit_resources", nil), body: text("title", "Note modifiée")},
		"DELETE /api/v1/resources/{id}":         {targets: objs("resource"), rule: ownGroup("edit_resources", authorOrModerator), tier: tierDelete},

		"POST /api/v1/reports": {targets: lit(""), rule: signedIn, body: apiReport},
	}
}

func apiEventRoutes() map[string]*crawlRoute {
	events := objs("event")
	return map[string]*crawlRoute{
		"GET /api/v1/events":                   {targets: lit("q=crawl"), rule: everyone},
		"POST /api/v1/events":                  {targets: lit(""), rule: signedIn, body: apiNewEvent},
		"GET /api/v1/events/{id}":              {targets: events, rule: eventView},
		"PATCH /api/v1/events/{id}":            {targets: events, rule: eventOrganiser, body: jsonBody(map[string]any{"description": "Modifié par le crawl"})},
		"DELETE /api/v1/events/{id}":           {targets: events, rule: eventOrganiser, tier: tierLeave},
		"POST /api/v1/events/{id}/publish":     {targets: events, rule: eventOrganiser},
		"POST /api/v1/events/{id}/unpublish":   {targets: events, rule: eventOrganiser, tier: tierDelete},
		"POST /api/v1/events/{id}/cancel":      {targets: events, rule: eventOrganiser, body: jsonBody(map[string]any{"reason": "Crawl"}), tier: tierDelete},
		"PUT /api/v1/events/{id}/report":       {targets: events, rule: eventOrganiser, body: jsonBody(map[string]any{"report": "Compte rendu"})},
		"PUT /api/v1/events/{id}/picture":      {targets: events, rule: eventOrganiser, body: pngBody},
		"DELETE /api/v1/events/{id}/picture":   {targets: events, rule: eventOrganiser},
		"GET /api/v1/events/{id}/calendar.ics": {targets: events, rule: eventView},
		"GET /api/v1/events/{id}/occurrences":  {targets: events, rule: eventView},

		"POST /api/v1/events/{id}/organisers":                    {targets: events, rule: addOrganiser, body: func(c crawlCall) crawlBody { return jsonBody(map[string]any{"group": c.w.groups["g3"].id})(c) }},
		"POST /api/v1/events/{id}/co-organisers":                 {targets: events, rule: eventOrganiser, body: jsonBody(map[string]any{"group": "crawl_g2"})},
		"DELETE /api/v1/events/{id}/organisers/{group}":          {targets: eventGroups, rule: removeOrganiser, tier: tierDelete},
		"GET /api/v1/groups/{group}/co-organising":               {targets: g1g2, rule: groupAdmin},
		"POST /api/v1/groups/{group}/co-organising/{id}/accept":  {targets: coorgTargets("public"), rule: coorgRule},
		"POST /api/v1/groups/{group}/co-organising/{id}/decline": {targets: coorgTargets("series"), rule: coorgRule},
		"GET /api/v1/groups/{group}/events":                      {targets: groups(true), rule: groupSeen},

		"GET /api/v1/events/{id}/participation":                         {targets: events, rule: eventRegistered},
		"POST /api/v1/events/{id}/participation":                        {targets: events, rule: apiJoin, body: jsonBody(map[string]any{"accept_conduct": true})},
		"PATCH /api/v1/events/{id}/participation":                       {targets: events, rule: eventRegistered, body: jsonBody(map[string]any{"updates": true})},
		"DELETE /api/v1/events/{id}/participation":                      {targets: events, rule: eventRegistered, tier: tierDelete},
		"GET /api/v1/events/{id}/ticket":                                {targets: events, rule: eventTicket},
		"GET /api/v1/events/{id}/participants":                          {targets: events, rule: eventOrganiser},
		"GET /api/v1/events/{id}/participants.csv":                      {targets: events, rule: eventOrganiser},
		"POST /api/v1/events/{id}/participants/{participation}/approve": {targets: inEvent("participation"), rule: participantAnswer},
		"POST /api/v1/events/{id}/participants/{participation}/refuse":  {targets: inEvent("participation"), rule: participantAnswer, tier: tierDelete},
		"POST /api/v1/events/{id}/invitations": {targets: events, rule: eventOrganiser, body: func(c crawlCall) crawlBody {
			return jsonBody(map[string]any{"handle": c.w.people[xVictim].actor.Profile.Handle})(c)
		}},
		"POST /api/v1/events/{id}/check-in":             {targets: events, rule: eventOrganiser, body: jsonBody(map[string]any{"code": "ZZZZ-ZZZZ"})},
		"GET /api/v1/events/{id}/counts":                {targets: events, rule: eventOrganiser},
		"GET /api/v1/events/{id}/announcements":         {targets: events, rule: eventOrganiser},
		"POST /api/v1/events/{id}/announcements":        {targets: events, rule: eventOrganiser, body: jsonBody(map[string]any{"audience": "approved", "subject": "Nouvelles", "body": "Texte"})},
		"GET /api/v1/events/{id}/comments":              {targets: events, rule: eventView},
		"POST /api/v1/events/{id}/comments":             {targets: events, rule: eventComment, body: jsonBody(map[string]any{"body": "Commentaire"})},
		"DELETE /api/v1/events/{id}/comments/{comment}": {targets: inEvent("comment"), rule: commentDelete, tier: tierDelete},
		"GET /api/v1/events/{id}/photos":                {targets: events, rule: eventView},
		"POST /api/v1/events/{id}/photos":               {targets: events, rule: photoAdd, body: pngBody},
		"DELETE /api/v1/events/{id}/photos/{photo}":     {targets: inEvent("photo"), rule: photoHide, tier: tierDelete},
		"PATCH /api/v1/events/{id}/photos/{photo}":      {targets: inEvent("photo"), rule: photoHide, body: jsonBody(map[string]any{"hidden": false})},
		"GET /api/v1/me/events":                         {targets: lit(""), rule: signedIn},
	}
}

// ownGroup: an action on an object named by its ID alone, judged in its
// own group; an object its reader may not see (a draft) is not found.
func ownGroup(action string, extra func(c crawlCall, o *crawlObject) bool) func(crawlCall) want {
	return func(c crawlCall) want {
		o := c.obj(0)
		g := o.group
		sees := c.w.seesGroup(g, c.who)
		return decide(c.w.groupCan(g, c.who, action) && (extra == nil || extra(c, o)), sees)
	}
}

// apiPostView is postView for a post named by its ID.
func apiPostView(c crawlCall) want {
	o := c.obj(0)
	switch {
	case !o.published:
		if !c.w.groupCan(o.group, c.who, "publish_post") {
			return wHidden
		}
		return wAllow
	case o.visibility == "members":
		return ownGroup("view_inside", nil)(c)
	}
	return ownGroup("view_posts", nil)(c)
}

// apiJoin: the API registers signed-in people only.
func apiJoin(c crawlCall) want {
	if c.who == roleAnon {
		return wDeny
	}
	return eventJoin(c)
}

// removeOrganiser: the event's organisers, or the administrators of the
// group taken off; a group that does not organise the event is not found.
func removeOrganiser(c crawlCall) want {
	e, g := ev(c), c.obj(1).group
	if !c.w.organises(e, c.who) && c.w.groupRank(g, c.who) == rankAdmin && e.coorg == g {
		return wSkip // the organisers take it off first
	}
	may := c.w.organises(e, c.who) || c.w.groupRank(g, c.who) == rankAdmin
	if may && e.group != g && e.coorg != g {
		return wHidden
	}
	return decide(may, c.w.seesEvent(e, c.who))
}

func g1g2(w *crawlWorld) []crawlTarget {
	var out []crawlTarget
	for _, k := range []string{"g1", "g2"} {
		out = append(out, crawlTarget{values: []string{w.groups[k].id}, objs: []*crawlObject{w.groupObj(w.groups[k])}, fit: true})
	}
	return out
}

// groupAdmin: what only the group's administrators do.
func groupAdmin(c crawlCall) want {
	g := grp(c)
	return decide(c.w.groupRank(g, c.who) == rankAdmin, c.w.seesGroup(g, c.who))
}

// coorgTargets names an event g2 is invited to co-organise, under g2
// (fit) and under g1 (not invited).
func coorgTargets(event string) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		e := w.events[event]
		var out []crawlTarget
		for _, k := range []string{"g2", "g1"} {
			out = append(out, crawlTarget{values: []string{w.groups[k].id, e.id}, objs: []*crawlObject{w.groupObj(w.groups[k]), w.eventObj(e)}, fit: k == "g2"})
		}
		return out
	}
}

// coorgRule: the administrators of the invited group answer.
func coorgRule(c crawlCall) want {
	g := grp(c)
	return decide(c.t.fit && c.w.groupRank(g, c.who) == rankAdmin, c.w.seesGroup(g, c.who))
}

func apiNewProfile(c crawlCall) crawlBody {
	return jsonBody(map[string]any{"handle": handleOf(c.who) + "_api", "display_name": "Profil API"})(c)
}

func apiNewGroup(c crawlCall) crawlBody {
	return jsonBody(map[string]any{"handle": "crawl_api_" + handleOf(c.who), "name": "Groupe API " + c.who, "kind": "local", "visibility": "public", "join_mode": "open"})(c)
}

func apiReport(c crawlCall) crawlBody {
	return jsonBody(map[string]any{"target_kind": "group", "target_id": c.w.groups["g2"].id, "reason": "Signalé par le crawl"})(c)
}

func apiNewEvent(c crawlCall) crawlBody {
	start := c.w.app.Clock.Now().Add(60 * 24 * time.Hour).Truncate(time.Hour)
	return jsonBody(map[string]any{"title": "Événement API", "start": start.Format(time.RFC3339), "end": start.Add(2 * time.Hour).Format(time.RFC3339),
		"tz": "Europe/Paris", "place_area": "Lyon", "place": "Place des Terreaux", "publish": true})(c)
}

// pngBody is a small picture sent as the request body.
func pngBody(crawlCall) crawlBody { return crawlBody{ctype: "image/png", data: string(crawlPNG(220))} }
