package e2e

// The crawler's oracle: who may read and write what, written here from
// the permission rules of docs/groups.md ("Roles and the permission
// matrix") and docs/events.md ("Rules the boundaries rely on"), never by
// calling the service's own rules, so that a change of the code that
// breaks a documented rule fails here.

// Ranks inside a group, in the order of docs/groups.md.
const (
	rankNone = iota
	rankFollower
	rankMember
	rankModerator
	rankAdmin
)

// groupRank is who's rank in g, from the world as it was built.
func (w *crawlWorld) groupRank(g *crawlGroup, who string) int {
	if g == nil {
		return rankNone
	}
	switch g.roles[who] {
	case "administrator":
		return rankAdmin
	case "moderator":
		return rankModerator
	case "member":
		return rankMember
	case "follower":
		return rankFollower
	}
	return rankNone
}

// seesGroup: a public or unlisted group is seen by everyone, a private
// one by its members, the profiles invited to it, and the instance's
// administrators (who moderate every group).
func (w *crawlWorld) seesGroup(g *crawlGroup, who string) bool {
	if g.visibility != "private" {
		return true
	}
	return w.groupRank(g, who) >= rankMember || g.invited[who] || who == roleRoot
}

// groupCan is the matrix of docs/groups.md for one action (the instance
// administrator holds no role inside groups).
func (w *crawlWorld) groupCan(g *crawlGroup, who, action string) bool {
	if who == roleAnon {
		return (action == "view_group" || action == "view_posts") && w.seesGroup(g, who)
	}
	r := w.groupRank(g, who)
	switch action {
	case "view_group":
		return w.seesGroup(g, who)
	case "contact_admins", "view_posts": // the instance administrators see a private group's page, not what is in it
		return g.visibility != "private" || r >= rankMember
	case "view_members", "view_inside", "discuss", "edit_tasks", "edit_resources":
		return r >= rankMember
	case "follow":
		return g.visibility == "public" && r == rankNone
	case "join":
		return r <= rankFollower && g.visibility != "private" && g.joinMode != "invitation"
	case "leave": // or withdraw, or decline an invitation
		return r >= rankFollower || g.invited[who]
	case "moderate", "publish_post", "publish_event", "invite", "manage_members", "view_moderation":
		return r >= rankModerator
	case "manage_roles", "edit_group", "import_members", "export_members", "delete_group":
		return r == rankAdmin
	}
	panic("crawl oracle: unknown group action " + action)
}

// organises: the creating profile and the administrators and moderators
// of an accepted organising group (docs/events.md, "Organisers on their
// own event"); an event made without an account is organised through its
// management link only.
func (w *crawlWorld) organises(e *crawlEvent, who string) bool {
	if e.group == nil {
		return false
	}
	return w.groupRank(e.group, who) >= rankModerator
}

// eventMember: a member of an organising group, who sees its private
// events.
func (w *crawlWorld) eventMember(e *crawlEvent, who string) bool {
	return e.group != nil && w.groupRank(e.group, who) >= rankMember
}

// admitted: an approved or checked-in participant.
func (w *crawlWorld) admitted(e *crawlEvent, who string) bool {
	s := e.status[who]
	return s == "approved" || s == "attended"
}

// seesEvent: drafts are for organisers (and the instance administrators);
// private events also for the organising groups' members and the people
// registered or invited; cancelled events stay visible.
func (w *crawlWorld) seesEvent(e *crawlEvent, who string) bool {
	if w.organises(e, who) || who == roleRoot {
		return true
	}
	if !e.published || !e.confirmed {
		return false
	}
	if e.visibility == "private" {
		s := e.status[who]
		return w.eventMember(e, who) || s != "" && s != "refused"
	}
	return true
}

// seesPlace: a hidden place is for organisers and admitted participants.
func (w *crawlWorld) seesPlace(e *crawlEvent, who string) bool {
	return w.seesEvent(e, who) && (!e.hidePlace || w.organises(e, who) || w.admitted(e, who))
}

// otherGroup is the group whose objects are tried in g's paths.
func (w *crawlWorld) otherGroup(g *crawlGroup) *crawlGroup {
	if g.key == "g2" {
		return w.groups["g1"]
	}
	return w.groups["g2"]
}

// otherEvent is the event whose objects are tried in e's paths.
func (w *crawlWorld) otherEvent(e *crawlEvent) *crawlEvent {
	if e.key == "other" {
		return w.events["public"]
	}
	return w.events["other"]
}
