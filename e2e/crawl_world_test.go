package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// The six roles the crawler tries every route as: signed out, and five
// signed-in relations to the objects of the world.
const (
	roleAnon     = "anonymous"
	roleStranger = "stranger"    // signed in, no relation to anything
	roleMember   = "member"      // member of the object's group
	roleOther    = "other-admin" // administrator of ANOTHER group
	roleOwner    = "organiser"   // administrator of the group, organiser of its events
	roleRoot     = "instance-admin"
)

var crawlRoles = []string{roleAnon, roleStranger, roleMember, roleOther, roleOwner, roleRoot}

// Extras of the world: people the crawl acts on but never as.
const (
	xMod        = "moderator"  // moderator of g1
	xFollower   = "follower"   // follows g1
	xRequester  = "requester"  // asked to join g1
	xBlocked    = "blocked"    // blocked in g1
	xInvitee    = "invitee"    // invited to g1 by handle
	xG2Member   = "g2member"   // member of g2
	xApproved   = "approved"   // admitted to the event with a hidden place
	xVictim     = "victim"     // an account the administrators may delete or suspend
	xRequester2 = "requester2" // also asked to join g1 (one request to approve, one to refuse)
)

// crawlPerson is one account of the world and its credentials.
type crawlPerson struct {
	key        string
	email      string
	session    string // cookie value
	token      string // API bearer token with every scope the account holds
	tokenID    string
	readToken  string // one with the read scope only
	plainToken string // read and write, never admin
	actor      cortege.Actor
	second     *cortege.Profile // a second profile, which may be deleted
	feedID     string           // a personal calendar feed
	feedToken  string
}

func (p *crawlPerson) pid() string {
	if p == nil || p.actor.Profile == nil {
		return ""
	}
	return p.actor.Profile.ID
}

// crawlGroup is a group and who holds which role in it, as the oracle
// knows it (never read back from the service).
type crawlGroup struct {
	key, id, handle, visibility, joinMode string
	roles                                 map[string]string // person key → administrator, moderator, member, follower
	invited                               map[string]bool   // invited by handle, not yet answered
}

// crawlEvent is an event and what the rules need to know about it.
type crawlEvent struct {
	key, id    string
	group      *crawlGroup // creating group ("" for the anonymous one)
	coorg      *crawlGroup // invited to co-organise, not accepted
	published  bool
	confirmed  bool
	visibility string
	hidePlace  bool
	cancelled  bool
	joinMode   string
	started    bool
	status     map[string]string // person key → participation status
	seriesID   string
}

// crawlObject is anything else a path names: a post, a message, a
// comment, a token… with what its rule needs.
type crawlObject struct {
	kind       string
	id         string
	group      *crawlGroup
	event      *crawlEvent
	petition   *crawlPetition
	apiVote    *crawlAPIVote
	parent     *crawlObject // the discussion of a message, the list of a task
	author     string       // person key of the creator or owner
	visibility string       // posts: public or members
	published  bool         // posts
	file       string       // photos: the upload's name
}

// crawlWorld is everything the crawler visits.
type crawlWorld struct {
	app     *testkit.App
	people  map[string]*crawlPerson
	groups  map[string]*crawlGroup
	events  map[string]*crawlEvent
	objects map[string][]*crawlObject // by kind
	// petitions and signers: crawl_world_petitions_test.go.
	petitions map[string]*crawlPetition
	signers   []*crawlSigner
	// pageVotes are the votes of the public vote pages, by ID:
	// crawl_routes_votes_test.go.
	pageVotes map[string]*crawlPageVote
	// canaries are texts only some may read: each response is searched
	// for those its reader may not see.
	canaries []crawlCanary
	static   string // the name of a fingerprinted asset
	logins   int    // sign-ins so far
}

// crawlCanary is a secret text and the rule of who may read it.
type crawlCanary struct {
	text string
	may  func(w *crawlWorld, who string) bool
}

func (w *crawlWorld) add(o *crawlObject) *crawlObject {
	w.objects[o.kind] = append(w.objects[o.kind], o)
	return o
}

func (w *crawlWorld) canary(text string, may func(w *crawlWorld, who string) bool) {
	w.canaries = append(w.canaries, crawlCanary{text: text, may: may})
}

// worldBuilder carries what building the world needs.
type worldBuilder struct {
	t   *testing.T
	ctx context.Context
	svc *service.Service
	w   *crawlWorld
}

func (b *worldBuilder) must(what string, err error) {
	b.t.Helper()
	if err != nil {
		b.t.Fatalf("crawl world: %s: %v", what, err)
	}
}

// buildCrawlWorld makes two groups with members of each role (and a
// private third), events of each visibility (private, draft, hidden
// address, cancelled, a series, one made without an account, one of the
// other group), posts, discussions, tasks, resources, photos, comments,
// participations with and without accounts, invitations, reports,
// calendar feeds and API tokens.
func buildCrawlWorld(t *testing.T, app *testkit.App) *crawlWorld {
	b := &worldBuilder{t: t, ctx: context.Background(), svc: app.Service, w: &crawlWorld{
		app: app, people: map[string]*crawlPerson{}, groups: map[string]*crawlGroup{},
		events: map[string]*crawlEvent{}, objects: map[string][]*crawlObject{},
	}}
	for _, k := range append(crawlRoles[1:], xMod, xFollower, xRequester, xBlocked, xInvitee, xG2Member, xApproved, xVictim, xRequester2) {
		b.person(k)
	}
	b.groupsAndMembers()
	b.groupContent()
	b.events()
	b.eventContent()
	b.accountObjects()
	b.petitions()
	b.apiVotes() // crawl_routes_votes_api_test.go
	b.votePages()
	app.Drain(t)
	rec := httptest.NewRecorder()
	app.Handler.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	m := regexp.MustCompile(`/static/([^"?]+)`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatal("crawl world: the home page links no static asset")
	}
	b.w.static = m[1]
	return b.w
}

// person signs a new account in through the mailed link (the instance
// administrator through `admin create`'s link) and gives it a second
// profile, an API token and a calendar feed.
func (b *worldBuilder) person(key string) *crawlPerson {
	b.t.Helper()
	p := &crawlPerson{key: key, email: key + "@crawl.example"}
	b.signIn(p)
	prof, err := b.svc.UpdateProfile(b.ctx, p.actor, p.actor.Profile.ID, service.ProfileInput{DisplayName: "Crawl " + key, Bio: "Bio of " + key})
	b.must("profile "+key, err)
	p.actor.Profile = prof
	p.second, err = b.svc.CreateProfile(b.ctx, p.actor, service.ProfileInput{Handle: handleOf(key) + "_bis", DisplayName: "Second " + key})
	b.must("second profile "+key, err)
	feedURL, feed, err := b.svc.CreateICSFeed(b.ctx, p.actor)
	b.must("feed", err)
	fu, _ := url.Parse(feedURL)
	p.feedID, p.feedToken = feed.ID, fu.Path[len("/feeds/my/"):len(fu.Path)-len(".ics")]
	b.w.people[key] = p
	return p
}

// signIn gives p a new session and a new API token.
func (b *worldBuilder) signIn(p *crawlPerson) {
	b.t.Helper()
	key := p.key
	b.w.logins++
	ip := "192.0.2." + itoa(b.w.logins%250+1)
	label := "crawl " + itoa(b.w.logins) // each sign-in's own token
	var link string
	if key == roleRoot {
		l, err := b.svc.CreateAdmin(b.ctx, p.email, "Root")
		b.must("admin", err)
		link = l
	} else {
		b.must("login "+key, b.svc.RequestLogin(b.ctx, cortege.Actor{IP: ip}, p.email, "fr"))
		b.w.app.Drain(b.t)
		link = b.w.app.LastLink(b.t, p.email, "/login/confirm")
	}
	u, err := url.Parse(link)
	b.must("link", err)
	secret, _, err := b.svc.ConfirmLogin(b.ctx, cortege.Actor{IP: ip}, u.Query().Get("token"))
	b.must("confirm "+key, err)
	p.session = secret
	testkit.IdentifySession(b.t, b.svc, secret)
	p.actor, err = b.svc.SessionActor(b.ctx, secret, ip)
	b.must("session "+key, err)
	p.token, err = b.svc.CreateTokenFor(b.ctx, p.email, label, service.IdentityInput{})
	b.must("token "+key, err)
	p.readToken, err = b.svc.CreateTokenWith(b.ctx, p.email, service.TokenInput{Label: "read", Scopes: []string{cortege.ScopeRead}}, service.IdentityInput{})
	b.must("read token "+key, err)
	p.plainToken, err = b.svc.CreateTokenWith(b.ctx, p.email, service.TokenInput{Label: "plain", Scopes: []string{cortege.ScopeRead, cortege.ScopeWrite}}, service.IdentityInput{})
	b.must("plain token "+key, err)
	ts, err := b.svc.APITokens(b.ctx, p.actor)
	b.must("tokens", err)
	for _, tk := range ts {
		if tk.Label == label {
			p.tokenID = tk.ID
		}
	}
}

// freshSessions signs every role in again (new session, new token), for
// writes that end sessions: each starts from working credentials.
func (w *crawlWorld) freshSessions(t *testing.T) {
	b := &worldBuilder{t: t, ctx: context.Background(), svc: w.app.Service, w: w}
	for _, k := range crawlRoles[1:] {
		b.signIn(w.people[k])
	}
}

func handleOf(key string) string {
	out := []byte{}
	for _, c := range []byte(key) {
		if c == '-' {
			c = '_'
		}
		out = append(out, c)
	}
	return string(out)
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func (b *worldBuilder) who(key string) cortege.Actor { return b.w.people[key].actor }

func (b *worldBuilder) group(key, owner, handle, name, visibility, join string) *crawlGroup {
	g, err := b.svc.CreateGroup(b.ctx, b.who(owner), service.GroupInput{Handle: handle, Name: name, Description: "Le groupe " + key,
		Kind: cortege.GroupLocal, Visibility: visibility, JoinMode: join})
	b.must("group "+key, err)
	cg := &crawlGroup{key: key, id: g.ID, handle: g.Handle, visibility: visibility, joinMode: join,
		roles: map[string]string{owner: cortege.GroupAdmin}, invited: map[string]bool{}}
	b.w.groups[key] = cg
	b.w.add(&crawlObject{kind: "group", id: g.ID, group: cg, author: owner})
	return cg
}

// admit makes key a member of g (asking, then approved by its owner, when
// the group asks for approval).
func (b *worldBuilder) admit(g *crawlGroup, owner, key, role string) {
	_, err := b.svc.Join(b.ctx, b.who(key), g.id, "")
	b.must("join "+key, err)
	if g.joinMode == cortege.JoinApproval {
		b.must("approve "+key, b.svc.AnswerJoinRequest(b.ctx, b.who(owner), g.id, b.w.people[key].pid(), true, ""))
	}
	if role != cortege.GroupMember {
		b.must("role "+key, b.svc.SetMemberRole(b.ctx, b.who(owner), g.id, b.w.people[key].pid(), role))
	}
	g.roles[key] = role
}

func (b *worldBuilder) groupsAndMembers() {
	g1 := b.group("g1", roleOwner, "crawl_g1", "Groupe public du crawl", cortege.VisibilityPublic, cortege.JoinApproval)
	g2 := b.group("g2", roleOther, "crawl_g2", "Autre groupe du crawl", cortege.VisibilityPublic, cortege.JoinOpen)
	g3 := b.group("g3", roleOwner, "crawl_g3", "CanaryPrivateGroupName", cortege.VisibilityPrivate, cortege.JoinInvitation)
	b.admit(g1, roleOwner, roleMember, cortege.GroupMember)
	b.admit(g1, roleOwner, xMod, cortege.GroupModerator)
	b.admit(g2, roleOther, xG2Member, cortege.GroupMember)
	b.must("follow", b.svc.Follow(b.ctx, b.who(xFollower), g1.id))
	g1.roles[xFollower] = cortege.GroupFollower
	_, err := b.svc.Join(b.ctx, b.who(xRequester), g1.id, "CanaryJoinRequestMessage")
	b.must("request", err)
	_, err = b.svc.Join(b.ctx, b.who(xRequester2), g1.id, "")
	b.must("request", err)
	b.admit(g1, roleOwner, xBlocked, cortege.GroupMember)
	b.must("block", b.svc.BlockProfile(b.ctx, b.who(roleOwner), g1.id, b.w.people[xBlocked].pid(), "CanaryBlockReason"))
	delete(g1.roles, xBlocked)
	b.must("invite", b.svc.InviteProfile(b.ctx, b.who(roleOwner), g1.id, b.w.people[xInvitee].actor.Profile.Handle, ""))
	g1.invited[xInvitee] = true
	b.must("invite g3", b.svc.InviteProfile(b.ctx, b.who(roleOwner), g3.id, b.w.people[roleMember].actor.Profile.Handle, ""))
	b.must("accept g3", b.svc.AcceptInvitation(b.ctx, b.who(roleMember), g3.id))
	g3.roles[roleMember] = cortege.GroupMember
	b.must("invite g2", b.svc.InviteProfile(b.ctx, b.who(roleOther), g2.id, b.w.people[roleMember].actor.Profile.Handle, ""))
	g2.invited[roleMember] = true
	// Invitations by email: the stranger's own address (they may accept
	// it), and an address nobody holds in g2.
	inv, err := b.svc.InviteEmail(b.ctx, b.who(roleOwner), g1.id, b.w.people[roleStranger].email, "", "")
	b.must("invite by email", err)
	b.w.add(&crawlObject{kind: "invitation", id: inv.ID, group: g1, author: roleStranger})
	inv, err = b.svc.InviteEmail(b.ctx, b.who(roleOther), g2.id, "nobody@crawl.example", "", "")
	b.must("invite by email g2", err)
	b.w.add(&crawlObject{kind: "invitation", id: inv.ID, group: g2, author: "nobody"})
	b.w.canary("CanaryJoinRequestMessage", func(w *crawlWorld, who string) bool { return w.groupRank(w.groups["g1"], who) >= rankModerator })
	b.w.canary("CanaryBlockReason", func(w *crawlWorld, who string) bool { return w.groupRank(w.groups["g1"], who) >= rankModerator })
	b.w.canary("CanaryPrivateGroupName", func(w *crawlWorld, who string) bool {
		return w.groupRank(w.groups["g3"], who) >= rankMember || who == roleRoot
	})
}

// groupContent writes, in g1, g2 and g3, what their pages hold.
func (b *worldBuilder) groupContent() {
	for _, c := range []struct{ g, owner, member string }{{"g1", roleOwner, roleMember}, {"g2", roleOther, xG2Member}, {"g3", roleOwner, roleMember}} {
		g := b.w.groups[c.g]
		post := func(title, vis string, publish bool) {
			p, err := b.svc.CreatePost(b.ctx, b.who(c.owner), g.id, service.PostInput{Title: title, Body: "Texte de " + title, Visibility: vis, Publish: publish})
			b.must("post", err)
			b.w.add(&crawlObject{kind: "post", id: p.ID, group: g, author: c.owner, visibility: vis, published: publish})
		}
		post("Annonce publique "+c.g, cortege.PostPublic, true)
		if c.g == "g1" {
			post("CanaryMembersPost", cortege.PostMembers, true)
			post("CanaryDraftPost", cortege.PostPublic, false)
		}
		d, err := b.svc.StartDiscussion(b.ctx, b.who(c.member), g.id, "Discussion "+c.g+" CanaryDiscussion"+c.g, "CanaryMessage"+c.g)
		b.must("discussion", err)
		disc := b.w.add(&crawlObject{kind: "discussion", id: d.ID, group: g, author: c.member})
		_, err = b.svc.Reply(b.ctx, b.who(c.owner), d.ID, "Réponse de l’administration")
		b.must("reply", err)
		v, err := b.svc.Discussion(b.ctx, b.who(c.owner), d.ID, 1)
		b.must("discussion view", err)
		for _, m := range v.Messages {
			author := c.member
			if m.AuthorID == b.w.people[c.owner].pid() {
				author = c.owner
			}
			b.w.add(&crawlObject{kind: "message", id: m.ID, group: g, parent: disc, author: author})
		}
		l, err := b.svc.CreateTaskList(b.ctx, b.who(c.member), g.id, "Liste "+c.g)
		b.must("task list", err)
		list := b.w.add(&crawlObject{kind: "tasklist", id: l.ID, group: g, author: c.member})
		tk, err := b.svc.CreateTask(b.ctx, b.who(c.member), l.ID, service.TaskInput{Title: "CanaryTask" + c.g})
		b.must("task", err)
		b.w.add(&crawlObject{kind: "task", id: tk.ID, group: g, parent: list, author: c.member})
		r, err := b.svc.CreateResource(b.ctx, b.who(c.member), g.id, service.ResourceInput{Kind: "note", Title: "CanaryResource" + c.g, Body: "Note"})
		b.must("resource", err)
		b.w.add(&crawlObject{kind: "resource", id: r.ID, group: g, author: c.member})
		inside := func(g *crawlGroup) func(w *crawlWorld, who string) bool {
			return func(w *crawlWorld, who string) bool { return w.groupRank(g, who) >= rankMember }
		}
		for _, text := range []string{"CanaryDiscussion" + c.g, "CanaryMessage" + c.g, "CanaryTask" + c.g, "CanaryResource" + c.g} {
			b.w.canary(text, inside(g))
		}
	}
	g1 := b.w.groups["g1"]
	b.w.canary("CanaryMembersPost", func(w *crawlWorld, who string) bool { return w.groupRank(g1, who) >= rankMember })
	b.w.canary("CanaryDraftPost", func(w *crawlWorld, who string) bool { return w.groupRank(g1, who) >= rankModerator })
}

// crawlPNG is a small picture of one shade (each its own upload).
func crawlPNG(shade uint8) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for y := 0; y < 30; y++ {
		for x := 0; x < 40; x++ {
			img.Set(x, y, color.RGBA{shade, uint8(x * 6), uint8(y * 8), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
