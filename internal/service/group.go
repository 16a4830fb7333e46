package service

import (
	"context"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// Rate limits on group life, per account.
const (
	groupCreatePerDay   = 5
	messagesPerWindow   = 30
	messagesWindow      = 10 * time.Minute
	importsPerDay       = 5
	contactPerHour      = 5
	reportsPerDay       = 30
	joinPerHour         = 30
	groupMembersPerPage = 50
	groupPostsPerPage   = 20
	discussionsPerPage  = 30
	messagesPerPage     = 100
	dashboardListLength = 10
	groupBannerMaxSide  = 1600
	groupAvatarMaxSide  = 512
)

// GroupInput is what an administrator fills in for a group. The handle is
// chosen once, at creation.
type GroupInput struct {
	Handle        string
	Name          string
	Description   string
	Kind          string
	Tags          []string
	Address       string
	PlaceChoice   string // INSEE code picked when the address fits several communes
	HasCoords     bool
	Lat, Lon      float64
	Visibility    string
	JoinMode      string
	PublicMembers bool
}

func (in GroupInput) apply(g *cortege.Group) {
	g.Name, g.Description, g.Kind, g.Tags, g.Address = in.Name, in.Description, in.Kind, in.Tags, in.Address
	g.HasCoords, g.Lat, g.Lon = in.HasCoords, in.Lat, in.Lon
	g.Visibility, g.JoinMode, g.PublicMembers = in.Visibility, in.JoinMode, in.PublicMembers
}

// requireProfile checks the actor is signed in and acting as a profile.
func requireProfile(a cortege.Actor) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	if a.Profile == nil || a.Profile.Deleted {
		return cortege.Errorf(cortege.EFORBIDDEN, "err.profile.required")
	}
	return nil
}

func profileID(a cortege.Actor) string {
	if a.Profile == nil || !a.SignedIn() {
		return ""
	}
	return a.Profile.ID
}

// CreateGroup creates a group administered by the actor's profile. When
// the instance asks for it, the group waits for approval before it is
// listed.
func (s *Service) CreateGroup(ctx context.Context, a cortege.Actor, in GroupInput) (*cortege.Group, error) {
	if err := requirePublisher(a); err != nil {
		return nil, err
	}
	if err := s.locateGroup(ctx, &in, nil); err != nil {
		return nil, err
	}
	now := s.now()
	g := &cortege.Group{ID: cortege.NewID(now), Handle: in.Handle, CreatedBy: a.Profile.ID, CreatedAt: now, UpdatedAt: now}
	in.apply(g)
	if err := g.Validate(); err != nil {
		return nil, err
	}
	if err := s.limit(ctx, "group:create:"+a.Account.ID, groupCreatePerDay, 24*time.Hour); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(q *store.Q) error {
		set, err := q.InstanceSettings(ctx)
		if err != nil {
			return err
		}
		g.Approved = !set.GroupApproval || a.IsAdmin()
		if err := q.CreateGroup(ctx, g, groupSearchText(g)); err != nil {
			return err
		}
		return q.PutMembership(ctx, &cortege.Membership{GroupID: g.ID, ProfileID: a.Profile.ID, Role: cortege.GroupAdmin, Status: cortege.MemberActive, CreatedAt: now, UpdatedAt: now})
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// groupAccess loads a group and the actor's role in it. A group the actor
// may not see (private to others, hidden by the moderators) is ENOTFOUND,
// so its existence does not leak.
func (s *Service) groupAccess(ctx context.Context, q *store.Q, a cortege.Actor, groupID string) (*cortege.Group, string, error) {
	g, err := q.GroupByID(ctx, groupID)
	if err != nil {
		return nil, "", err
	}
	return s.groupRole(ctx, q, a, g)
}

func (s *Service) groupRole(ctx context.Context, q *store.Q, a cortege.Actor, g *cortege.Group) (*cortege.Group, string, error) {
	role := cortege.RoleNone
	if pid := profileID(a); pid != "" {
		r, err := q.MembershipRole(ctx, g.ID, pid)
		if err != nil && !cortege.IsNotFound(err) {
			return nil, "", err
		}
		role = r
	}
	if g.Hidden && !a.IsAdmin() && role != cortege.GroupAdmin {
		return nil, "", cortege.Errorf(cortege.ENOTFOUND, "err.group.not_found")
	}
	if !g.Can(role, cortege.ActViewGroup) && !a.IsAdmin() && !s.invited(ctx, q, g, a) {
		return nil, "", cortege.Errorf(cortege.ENOTFOUND, "err.group.not_found")
	}
	return g, role, nil
}

// invited reports whether an invitation by handle waits for the actor in
// g: they may see the page of the private group they are asked to join.
func (s *Service) invited(ctx context.Context, q *store.Q, g *cortege.Group, a cortege.Actor) bool {
	pid := profileID(a)
	if pid == "" {
		return false
	}
	m, err := q.MembershipOf(ctx, g.ID, pid)
	return err == nil && m.Status == cortege.MemberInvited
}

// need loads a group and checks the actor may do action in it: a visitor
// is asked to sign in, a signed-in profile without the role is refused.
func (s *Service) need(ctx context.Context, q *store.Q, a cortege.Actor, groupID string, action cortege.GroupAction) (*cortege.Group, string, error) {
	g, role, err := s.groupAccess(ctx, q, a, groupID)
	if err != nil {
		return nil, "", err
	}
	if err := allow(a, g, role, action); err != nil {
		return nil, "", err
	}
	return g, role, nil
}

// needOf is need for an object of the group found by its own ID: a group
// the actor may not see answers as the object not existing (notFound),
// so that an existing ID and a made-up one look the same to strangers.
func (s *Service) needOf(ctx context.Context, q *store.Q, a cortege.Actor, groupID string, action cortege.GroupAction, notFound string) (*cortege.Group, string, error) {
	g, role, err := s.need(ctx, q, a, groupID, action)
	return g, role, hideAs(err, notFound)
}

// groupAccessOf is groupAccess for an object found by its own ID, as
// needOf.
func (s *Service) groupAccessOf(ctx context.Context, q *store.Q, a cortege.Actor, groupID, notFound string) (*cortege.Group, string, error) {
	g, role, err := s.groupAccess(ctx, q, a, groupID)
	return g, role, hideAs(err, notFound)
}

// hideAs turns a not-found error into the not-found of another noun.
func hideAs(err error, notFound string) error {
	if cortege.IsNotFound(err) {
		return cortege.Errorf(cortege.ENOTFOUND, notFound)
	}
	return err
}

// allow returns nil when role may do action in g, else EUNAUTH for a
// visitor and EFORBIDDEN for anyone signed in.
func allow(a cortege.Actor, g *cortege.Group, role string, action cortege.GroupAction) error {
	if g.Can(role, action) {
		return nil
	}
	if !a.SignedIn() {
		return cortege.Errorf(cortege.EUNAUTH, "err.signin_required")
	}
	return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
}

// UpdateGroup changes a group's fields; administrators only.
func (s *Service) UpdateGroup(ctx context.Context, a cortege.Actor, groupID string, in GroupInput) (*cortege.Group, error) {
	if old, err := s.db.Q().GroupByID(ctx, groupID); err == nil {
		if err := s.locateGroup(ctx, &in, old); err != nil {
			return nil, err
		}
	}
	var out *cortege.Group
	err := s.inTx(ctx, func(q *store.Q) error {
		g, _, err := s.need(ctx, q, a, groupID, cortege.ActEditGroup)
		if err != nil {
			return err
		}
		in.apply(g)
		g.UpdatedAt = s.now()
		if err := g.Validate(); err != nil {
			return err
		}
		out = g
		return q.UpdateGroup(ctx, g, groupSearchText(g))
	})
	return out, err
}

// Group image fields.
const (
	GroupAvatar = "avatar"
	GroupBanner = "banner"
)

// SetGroupImage re-encodes an uploaded picture (metadata stripped) as the
// group's avatar or banner; nil data removes it. Administrators only.
func (s *Service) SetGroupImage(ctx context.Context, a cortege.Actor, groupID, field string, data []byte) (*cortege.Group, error) {
	if field != GroupAvatar && field != GroupBanner {
		return nil, cortege.Invalid("field", "err.invalid")
	}
	q := s.db.Q()
	g, _, err := s.need(ctx, q, a, groupID, cortege.ActEditGroup)
	if err != nil {
		return nil, err
	}
	name := ""
	if data != nil {
		side, variant := groupAvatarMaxSide, VariantSquare
		if field == GroupBanner {
			side, variant = groupBannerMaxSide, VariantCard
		}
		if name, err = s.saveImage(ctx, a, data, field, side, variant); err != nil {
			return nil, err
		}
	}
	old := g.Banner
	if field == GroupAvatar {
		old, g.Avatar = g.Avatar, name
	} else {
		g.Banner = name
	}
	g.UpdatedAt = s.now()
	if err := q.UpdateGroup(ctx, g, groupSearchText(g)); err != nil {
		return nil, err
	}
	if old != name {
		s.releaseUploads(ctx, old)
	}
	return g, nil
}

// DeleteGroup deletes a group with everything in it; its administrators
// only. The handle stays reserved.
func (s *Service) DeleteGroup(ctx context.Context, a cortege.Actor, groupID string) error {
	var g *cortege.Group
	err := s.inTx(ctx, func(q *store.Q) error {
		var err error
		if g, _, err = s.need(ctx, q, a, groupID, cortege.ActDeleteGroup); err != nil {
			return err
		}
		return q.DeleteGroup(ctx, groupID)
	})
	if err == nil {
		s.releaseUploads(ctx, g.Avatar, g.Banner)
	}
	return err
}

// GroupByHandle returns a group the actor may see, by its handle.
func (s *Service) GroupByHandle(ctx context.Context, a cortege.Actor, handle string) (*cortege.Group, error) {
	h, err := cortege.NormalizeHandle(handle)
	if err != nil {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.group.not_found")
	}
	q := s.db.Q()
	g, err := q.GroupByHandle(ctx, h)
	if err != nil {
		return nil, err
	}
	g, _, err = s.groupRole(ctx, q, a, g)
	return g, err
}

// GroupByID returns a group the actor may see.
func (s *Service) GroupByID(ctx context.Context, a cortege.Actor, id string) (*cortege.Group, error) {
	g, _, err := s.groupAccess(ctx, s.db.Q(), a, id)
	return g, err
}

// GroupRole returns the actor's active role in a group it may see
// (cortege.RoleNone when it has none).
func (s *Service) GroupRole(ctx context.Context, a cortege.Actor, groupID string) (string, error) {
	_, role, err := s.groupAccess(ctx, s.db.Q(), a, groupID)
	return role, err
}

// GroupPage is what a group's page shows to the actor.
type GroupPage struct {
	Group         *cortege.Group
	Role          string              // the actor's active role, RoleNone when none
	Membership    *cortege.Membership // the actor's row (an invitation or request too), nil when none
	Blocked       bool                // the actor is blocked from the group
	Can           map[cortege.GroupAction]bool
	JoinStatus    string // what joining gives: MemberActive, MemberRequested, or "" (invitation only)
	MemberCount   int
	FollowerCount int
	Members       []*cortege.Member // first page, when the actor may see them
	Posts         []*cortege.Post   // latest posts the actor may read
	// Events, once they exist, are added by the events code from the
	// same group (upcoming and past).
}

// GroupPage gathers a group's page for the actor.
func (s *Service) GroupPage(ctx context.Context, a cortege.Actor, handle string) (*GroupPage, error) {
	g, err := s.GroupByHandle(ctx, a, handle)
	if err != nil {
		return nil, err
	}
	q := s.db.Q()
	p := &GroupPage{Group: g, Can: map[cortege.GroupAction]bool{}}
	if pid := profileID(a); pid != "" {
		m, err := q.MembershipOf(ctx, g.ID, pid)
		switch {
		case err == nil:
			p.Membership, p.Role = m, m.ActiveRole()
		case !cortege.IsNotFound(err):
			return nil, err
		}
		if p.Blocked, err = q.IsBlocked(ctx, g.ID, pid); err != nil {
			return nil, err
		}
	}
	for _, act := range cortege.GroupActions {
		p.Can[act] = g.Can(p.Role, act) && !(p.Blocked && (act == cortege.ActJoin || act == cortege.ActFollow || act == cortege.ActContactAdmins))
	}
	if st, err := cortege.JoinOutcome(g.JoinMode); err == nil {
		p.JoinStatus = st
	}
	if p.MemberCount, p.FollowerCount, err = q.CountGroupMembers(ctx, g.ID); err != nil {
		return nil, err
	}
	if g.Can(p.Role, cortege.ActViewMembers) {
		if p.Members, err = q.GroupMembers(ctx, g.ID, cortege.MemberActive, false, groupMembersPerPage, 0); err != nil {
			return nil, err
		}
		for _, m := range p.Members {
			m.Profile = shownProfile(a, m.Profile)
		}
	}
	inside := g.Can(p.Role, cortege.ActViewInside)
	if p.Posts, err = q.GroupPosts(ctx, g.ID, inside, false, groupPostsPerPage, 0); err != nil {
		return nil, err
	}
	return p, nil
}

// groupSearchText is the folded text a group is found by.
func groupSearchText(g *cortege.Group) string {
	return foldSearch(strings.Join([]string{g.Name, g.Handle, strings.Join(g.Tags, " "), g.Address, g.Kind, g.Description}, " "))
}
