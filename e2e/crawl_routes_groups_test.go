package e2e

// The pages of groups (internal/web/group_routes.go).

func groupRoutes() map[string]*crawlRoute {
	g := groups(false)
	return map[string]*crawlRoute{
		"GET /groups":     {targets: lit("q=crawl"), rule: everyone},
		"GET /groups/new": {targets: lit(""), rule: signedIn},
		"POST /groups":    {targets: lit(""), rule: signedIn, body: newGroupForm},
		"GET /tasks":      {targets: lit(""), rule: signedIn},

		// Links from mails: a wrong secret opens nothing.
		"GET /invitations/accept":      {targets: lit("token=" + wrongToken), rule: nobody},
		"POST /invitations/accept":     {targets: lit(""), rule: nobody, body: form("token", wrongToken)},
		"POST /invitations/{id}":       {targets: invitationAnswers, rule: invitationAnswer, body: form("accept", "1")},
		"GET /unsubscribe":             {targets: lit("token=" + wrongToken), rule: nobody},
		"POST /unsubscribe":            {targets: lit(""), rule: nobody, body: form("token", wrongToken)},
		"GET /settings/notifications":  {targets: lit(""), rule: signedIn},
		"POST /settings/notifications": {targets: lit(""), rule: signedIn, body: form("invitation", "1")},

		"GET /admin/reports":              {targets: lit(""), rule: instanceAdmin},
		"POST /admin/reports/{id}":        {targets: objs("report"), rule: instanceAdmin, body: form("action", "dismiss", "note", "Vu")},
		"GET /admin/groups":               {targets: lit(""), rule: instanceAdmin},
		"POST /admin/groups/approval":     {targets: lit(""), rule: instanceAdmin, body: form()},
		"POST /admin/groups/{id}/approve": {targets: objs("group"), rule: instanceAdmin, body: form()},

		"GET /@{handle}":           {targets: g, rule: groupSeen},
		"GET /@{handle}/feed.atom": {targets: g, rule: groupFeedRule},
		"POST /@{handle}/join":     {targets: g, rule: joinGroup, body: form("message", "Bonjour")},
		"POST /@{handle}/follow":   {targets: g, rule: signedInGroup("follow"), body: form()},
		"GET /@{handle}/leave":     {targets: g, rule: askLeave},
		"POST /@{handle}/leave":    {targets: g, rule: signedInGroup("leave"), body: confirmed(), tier: tierLeave},
		"POST /@{handle}/contact":  {targets: g, rule: signedInGroup("contact_admins"), body: form("message", "Bonjour les admins")},
		"POST /@{handle}/report":   {targets: g, rule: reportGroupRule, body: reportGroup},

		"GET /@{handle}/settings":          {targets: g, rule: groupAct("edit_group")},
		"POST /@{handle}/settings":         {targets: g, rule: groupAct("edit_group"), body: groupSettingsForm},
		"POST /@{handle}/settings/image":   {targets: withQuery(g, "field=avatar"), rule: groupAct("edit_group"), body: form("remove", "1")},
		"POST /@{handle}/settings/conduct": {targets: g, rule: groupAct("edit_group"), body: form("conduct", "Soyons aimables.")},
		"POST /@{handle}/settings/delete":  {targets: g, rule: groupAct("delete_group"), body: form("confirm", "yes"), tier: tierGroup},

		"GET /@{handle}/members":                  {targets: g, rule: groupAct("view_members")},
		"GET /@{handle}/members.csv":              {targets: g, rule: groupAct("export_members")},
		"GET /@{handle}/members/import":           {targets: g, rule: groupAct("import_members")},
		"POST /@{handle}/members/import":          {targets: g, rule: groupAct("import_members"), body: importForm},
		"POST /@{handle}/members/invite":          {targets: g, rule: groupAct("invite"), body: form("who", "invited@crawl.example", "message", "Rejoins-nous")},
		"POST /@{handle}/members/{pid}/answer":    {targets: inGroupPeople(false, xRequester), rule: memberRule("manage_members"), body: form("approve", "1")},
		"POST /@{handle}/members/{pid}/role":      {targets: inGroupPeople(false, xMod), rule: memberRule("manage_roles"), body: form("role", "moderator")},
		"GET /@{handle}/members/{pid}/remove":     {targets: inGroupPeople(false, xFollower, xMod), rule: memberRule("manage_members")},
		"POST /@{handle}/members/{pid}/remove":    {targets: inGroupPeople(false, xFollower), rule: memberRule("manage_members"), body: confirmed(), tier: tierRemove},
		"POST /@{handle}/members/{pid}/block":     {targets: anyGroupPeople(false, xMod), rule: memberRule("manage_members"), body: form("reason", "Crawl"), tier: tierRemove},
		"POST /@{handle}/members/{pid}/unblock":   {targets: inGroupPeople(false, xBlocked), rule: memberRule("manage_members"), body: form()},
		"GET /@{handle}/invitations/{id}/revoke":  {targets: inGroup("invitation", false), rule: inGroupRule("invite", nil)},
		"POST /@{handle}/invitations/{id}/revoke": {targets: inGroup("invitation", false), rule: inGroupRule("invite", nil), body: confirmed(), tier: tierDelete},

		"GET /@{handle}/posts":              {targets: g, rule: groupSeen},
		"GET /@{handle}/posts/new":          {targets: g, rule: groupAct("publish_post")},
		"POST /@{handle}/posts":             {targets: g, rule: groupAct("publish_post"), body: form("title", "Billet du crawl", "body", "Texte", "visibility", "public", "publish", "1")},
		"GET /@{handle}/posts/{id}":         {targets: inGroup("post", false), rule: postView},
		"GET /@{handle}/posts/{id}/edit":    {targets: inGroup("post", false), rule: inGroupRule("publish_post", nil)},
		"POST /@{handle}/posts/{id}/edit":   {targets: inGroup("post", false), rule: inGroupRule("publish_post", nil), body: form("title", "Billet modifié", "body", "Texte", "visibility", "public")},
		"GET /@{handle}/posts/{id}/delete":  {targets: inGroup("post", false), rule: inGroupRule("publish_post", nil)},
		"POST /@{handle}/posts/{id}/delete": {targets: inGroup("post", false), rule: inGroupRule("publish_post", nil), body: confirmed(), tier: tierDelete},

		"GET /@{handle}/discussions":                             {targets: g, rule: groupAct("view_inside")},
		"POST /@{handle}/discussions":                            {targets: g, rule: groupAct("discuss"), body: form("title", "Sujet du crawl", "body", "Premier message")},
		"GET /@{handle}/discussions/{id}":                        {targets: inGroup("discussion", false), rule: inGroupRule("view_inside", nil)},
		"POST /@{handle}/discussions/{id}/reply":                 {targets: inGroup("discussion", false), rule: inGroupRule("discuss", nil), body: form("body", "Une réponse")},
		"GET /@{handle}/discussions/{id}/moderate":               {targets: withQuery(inGroup("discussion", false), "do=delete"), rule: inGroupRule("moderate", nil)},
		"POST /@{handle}/discussions/{id}/moderate":              {targets: inGroup("discussion", false), rule: inGroupRule("moderate", nil), body: confirmed("do", "delete"), tier: tierRemove},
		"POST /@{handle}/discussions/{id}/rename":                {targets: inGroup("discussion", false), rule: inGroupRule("discuss", authorOrModerator), body: form("title", "Sujet renommé")},
		"POST /@{handle}/discussions/{id}/messages/{mid}/edit":   {targets: messages, rule: inGroupRule("discuss", authorOnly), body: form("body", "Message corrigé")},
		"GET /@{handle}/discussions/{id}/messages/{mid}/delete":  {targets: messages, rule: inGroupRule("discuss", authorOrModerator)},
		"POST /@{handle}/discussions/{id}/messages/{mid}/delete": {targets: messages, rule: inGroupRule("discuss", authorOrModerator), body: confirmed(), tier: tierDelete},

		"GET /@{handle}/tasks":                    {targets: g, rule: groupAct("view_inside")},
		"POST /@{handle}/tasks/lists":             {targets: g, rule: groupAct("edit_tasks"), body: form("title", "Liste du crawl")},
		"GET /@{handle}/tasks/lists/{id}/delete":  {targets: inGroup("tasklist", false), rule: inGroupRule("edit_tasks", authorOrModerator)},
		"POST /@{handle}/tasks/lists/{id}/delete": {targets: inGroup("tasklist", false), rule: inGroupRule("edit_tasks", authorOrModerator), body: confirmed(), tier: tierRemove},
		"POST /@{handle}/tasks/lists/{id}/rename": {targets: inGroup("tasklist", false), rule: inGroupRule("edit_tasks", nil), body: form("title", "Liste renommée")},
		"POST /@{handle}/tasks/lists/{id}/tasks":  {targets: inGroup("tasklist", false), rule: inGroupRule("edit_tasks", nil), body: form("title", "Tâche du crawl")},
		"POST /@{handle}/tasks/{id}/edit":         {targets: inGroup("task", false), rule: inGroupRule("edit_tasks", nil), body: form("title", "Tâche modifiée")},
		"POST /@{handle}/tasks/{id}/done":         {targets: inGroup("task", false), rule: inGroupRule("edit_tasks", nil), body: form("done", "1")},
		"GET /@{handle}/tasks/{id}/delete":        {targets: inGroup("task", false), rule: inGroupRule("edit_tasks", authorOrModerator)},
		"POST /@{handle}/tasks/{id}/delete":       {targets: inGroup("task", false), rule: inGroupRule("edit_tasks", authorOrModerator), body: confirmed(), tier: tierDelete},

		"GET /@{handle}/resources":              {targets: g, rule: groupAct("view_inside")},
		"POST /@{handle}/resources":             {targets: g, rule: groupAct("edit_resources"), body: form("kind", "note", "title", "Note du crawl", "body", "Texte")},
		"POST /@{handle}/resources/{id}/edit":   {targets: inGroup("resource", false), rule: inGroupRule("edit_resources", nil), body: form("title", "Note modifiée", "body", "Texte")},
		"GET /@{handle}/resources/{id}/delete":  {targets: inGroup("resource", false), rule: inGroupRule("edit_resources", authorOrModerator)},
		"POST /@{handle}/resources/{id}/delete": {targets: inGroup("resource", false), rule: inGroupRule("edit_resources", authorOrModerator), body: confirmed(), tier: tierDelete},
	}
}

func grp(c crawlCall) *crawlGroup { return c.obj(0).group }

// groupSeen: a group's page, public posts and calendar are for those who
// see the group.
func groupSeen(c crawlCall) want { return decide(c.w.seesGroup(grp(c), c.who), false) }

// groupFeedRule: a group's Atom feed is read by feed readers, signed out:
// a private group has none.
func groupFeedRule(c crawlCall) want { return decide(grp(c).visibility != "private", false) }

// groupAct: one action of the matrix on the group named.
func groupAct(action string) func(crawlCall) want {
	return func(c crawlCall) want {
		g := grp(c)
		return decide(c.w.groupCan(g, c.who, action), c.w.seesGroup(g, c.who))
	}
}

// signedInGroup is groupAct for what only signed-in people do.
func signedInGroup(action string) func(crawlCall) want {
	return func(c crawlCall) want {
		if c.who == roleAnon {
			return wDeny
		}
		return groupAct(action)(c)
	}
}

// inGroupRule: action on the object named last, under the group named
// first, with a further condition on the object. An object of another
// group is never acted on: those the group's rule lets through hear it
// does not exist.
func inGroupRule(action string, extra func(c crawlCall, o *crawlObject) bool) func(crawlCall) want {
	return func(c crawlCall) want {
		g := grp(c)
		o := c.t.objs[len(c.t.objs)-1]
		mayHere := c.w.groupCan(g, c.who, action)
		if !c.t.fit {
			return decide(false, c.w.seesGroup(g, c.who))
		}
		return decide(mayHere && (extra == nil || extra(c, o)), c.w.seesGroup(g, c.who))
	}
}

func authorOnly(c crawlCall, o *crawlObject) bool { return o.author == c.who }

func authorOrModerator(c crawlCall, o *crawlObject) bool {
	return o.author == c.who || c.w.groupRank(o.group, c.who) >= rankModerator
}

// postView: a published public post is for who sees the group, a
// members' one for members, a draft for those who publish.
func postView(c crawlCall) want {
	o := c.obj(1)
	switch {
	case !o.published:
		return inGroupRule("publish_post", nil)(c)
	case o.visibility == "members":
		return inGroupRule("view_inside", nil)(c)
	}
	return inGroupRule("view_posts", nil)(c)
}

// memberRule: managing a member (named second) needs the action and a
// rank strictly above theirs (administrators act on anyone).
func memberRule(action string) func(crawlCall) want {
	return func(c crawlCall) want {
		g := grp(c)
		target := c.obj(1).author
		may := c.w.groupCan(g, c.who, action)
		if !c.t.fit {
			return decide(false, c.w.seesGroup(g, c.who))
		}
		r := c.w.groupRank(g, c.who)
		outranks := r == rankAdmin || r > c.w.groupRank(g, target)
		return decide(may && outranks, c.w.seesGroup(g, c.who))
	}
}

// invitationAnswers: accepting, by group, an invitation by handle (the
// member is invited to g2), and by invitation ID one sent by email (to
// the stranger's address, in g1).
func invitationAnswers(w *crawlWorld) []crawlTarget {
	var out []crawlTarget
	for _, gk := range []string{"g1", "g2"} {
		g := w.groups[gk]
		out = append(out, crawlTarget{values: []string{g.id}, objs: []*crawlObject{w.groupObj(g)}, fit: true})
	}
	for _, inv := range w.objects["invitation"] {
		out = append(out, crawlTarget{values: []string{inv.group.id}, objs: []*crawlObject{w.groupObj(inv.group), inv}, fit: true, form: map[string]string{"email": inv.id}})
	}
	return out
}

// invitationAnswer: only the person invited answers.
func invitationAnswer(c crawlCall) want {
	if inv := c.obj(1); inv != nil {
		if inv.author == c.who {
			return wAllow
		}
		return wDeny
	}
	if grp(c).invited[c.who] {
		return wAllow
	}
	return wDeny
}

// joinGroup is the join action; the member, invited to g2, is not made to
// join it while the crawl still accepts that invitation.
func joinGroup(c crawlCall) want {
	if grp(c).invited[c.who] {
		return wSkip
	}
	return signedInGroup("join")(c)
}

// askLeave: leaving asks members (and above), who lose something; a
// follower or someone invited leaves at once, so there is nothing to ask.
func askLeave(c crawlCall) want {
	g := grp(c)
	if c.who == roleAnon {
		return wDeny
	}
	return decide(c.w.groupRank(g, c.who) >= rankMember, c.w.seesGroup(g, c.who))
}

// reportGroupRule: whoever signed in sees a group may report it.
func reportGroupRule(c crawlCall) want {
	sees := c.w.seesGroup(grp(c), c.who)
	if c.who == roleAnon {
		return wDeny
	}
	return decide(sees, sees)
}

func newGroupForm(c crawlCall) crawlBody {
	return formOf(c, "handle", "crawl_new_"+handleOf(c.who), "name", "Nouveau groupe "+c.who, "kind", "local", "visibility", "public", "join_mode", "open")
}

func groupSettingsForm(c crawlCall) crawlBody {
	g := grp(c)
	return formOf(c, "name", "Groupe renommé", "description", "Texte", "kind", "local", "visibility", g.visibility, "join_mode", g.joinMode)
}

func reportGroup(c crawlCall) crawlBody {
	return formOf(c, "kind", "group", "target", grp(c).id, "reason", "Signalé par le crawl")
}

// importForm is a CSV of one address, as the import page sends it.
func importForm(c crawlCall) crawlBody {
	return formOf(c, "csv", "email\nimported@crawl.example\n")
}
