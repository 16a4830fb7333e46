package cortege

import (
	"math"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Roles inside a group, from most to least powerful. A follower follows a
// public group's public activity without being a member. The empty role
// (RoleNone) is anyone else: a visitor or a signed-in stranger.
const (
	GroupAdmin     = "administrator"
	GroupModerator = "moderator"
	GroupMember    = "member"
	GroupFollower  = "follower"
	RoleNone       = ""
)

// GroupRoles lists the roles a membership may hold.
var GroupRoles = []string{GroupAdmin, GroupModerator, GroupMember, GroupFollower}

// Visibility of a group.
const (
	VisibilityPublic   = "public"   // listed and searchable
	VisibilityUnlisted = "unlisted" // reachable by link only
	VisibilityPrivate  = "private"  // page visible to members only
)

// Join modes of a group.
const (
	JoinOpen       = "open"       // anyone joins at once
	JoinApproval   = "approval"   // a request a moderator approves
	JoinInvitation = "invitation" // by invitation only
)

// Kinds of group, shown as a label and usable as a filter.
const (
	GroupLocal    = "local"
	GroupThematic = "thematic"
	GroupOther    = "other"
)

// Statuses of a membership row.
const (
	MemberInvited   = "invited"   // invited, waiting for the person's answer
	MemberRequested = "requested" // asked to join, waiting for a moderator
	MemberActive    = "active"
)

// Limits on group fields.
const (
	MaxGroupNameLen        = 100
	MaxGroupDescriptionLen = 20000
	MaxGroupAddressLen     = 300
	MaxGroupTags           = 10
	MaxGroupTagLen         = 40
	MaxMessageToAdmins     = 5000
	MaxMembershipMessage   = 1000
)

// Group is how people organise over time. Its handle shares the profiles'
// namespace, so it is addressable like a person.
type Group struct {
	ID            string
	Handle        string
	Name          string
	Description   string // Markdown
	Avatar        string // content hash file name, "" when none
	Banner        string
	Kind          string
	Tags          []string
	Address       string // free text
	HasCoords     bool
	Lat, Lon      float64
	Visibility    string
	JoinMode      string
	PublicMembers bool // members listed to the public, not only to members
	Approved      bool // listed by the instance (see InstanceSettings.GroupApproval)
	Hidden        bool // hidden by the instance moderators
	CreatedBy     string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Validate checks and normalises a group's editable fields.
func (g *Group) Validate() error {
	h, err := NormalizeHandle(g.Handle)
	if err != nil {
		return err
	}
	g.Handle = h
	g.Name = strings.TrimSpace(g.Name)
	g.Description = strings.TrimSpace(g.Description)
	g.Address = strings.TrimSpace(g.Address)
	if err := checkFields(textField{"name", g.Name, false}, textField{"description", g.Description, true},
		textField{"address", g.Address, false}); err != nil {
		return err
	}
	if g.Name == "" {
		return Invalid("name", "err.group.name.required")
	}
	if !utf8.ValidString(g.Name) || utf8.RuneCountInString(g.Name) > MaxGroupNameLen || strings.ContainsAny(g.Name, "\r\n") {
		return Invalid("name", "err.group.name.invalid")
	}
	if !utf8.ValidString(g.Description) || utf8.RuneCountInString(g.Description) > MaxGroupDescriptionLen {
		return Invalid("description", "err.too_long")
	}
	if !utf8.ValidString(g.Address) || utf8.RuneCountInString(g.Address) > MaxGroupAddressLen || strings.ContainsAny(g.Address, "\r\n") {
		return Invalid("address", "err.too_long")
	}
	if g.Kind == "" {
		g.Kind = GroupLocal
	}
	switch g.Kind {
	case GroupLocal, GroupThematic, GroupOther:
	default:
		return Invalid("kind", "err.group.kind.invalid")
	}
	switch g.Visibility {
	case VisibilityPublic, VisibilityUnlisted, VisibilityPrivate:
	default:
		return Invalid("visibility", "err.group.visibility.invalid")
	}
	switch g.JoinMode {
	case JoinOpen, JoinApproval, JoinInvitation:
	default:
		return Invalid("join_mode", "err.group.join_mode.invalid")
	}
	if g.HasCoords && (math.IsNaN(g.Lat) || math.IsNaN(g.Lon) || g.Lat < -90 || g.Lat > 90 || g.Lon < -180 || g.Lon > 180) {
		return Invalid("coordinates", "err.coordinates.invalid")
	}
	if !g.HasCoords {
		g.Lat, g.Lon = 0, 0
	}
	tags, err := NormalizeTags(g.Tags)
	if err != nil {
		return err
	}
	g.Tags = tags
	return nil
}

// NormalizeTags trims, lower-cases and de-duplicates tags.
func NormalizeTags(in []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, t := range in {
		// Every leading "#" goes, so that normalising twice changes
		// nothing ("##" was kept as "#", and dropped at the next save).
		t = strings.ToLower(strings.TrimSpace(strings.TrimLeftFunc(t, func(r rune) bool { return r == '#' || unicode.IsSpace(r) })))
		if t == "" || seen[t] {
			continue
		}
		if err := CheckChars("tags", t, false); err != nil {
			return nil, err
		}
		if utf8.RuneCountInString(t) > MaxGroupTagLen || strings.Contains(t, ",") {
			return nil, Invalid("tags", "err.group.tag.invalid")
		}
		seen[t] = true
		out = append(out, t)
	}
	if len(out) > MaxGroupTags {
		return nil, Invalid("tags", "err.group.tags.too_many")
	}
	return out, nil
}

// Listed reports whether the group may appear in listings, search and
// feeds of discovery: public, approved and not hidden. Unlisted and private
// groups never do.
func (g *Group) Listed() bool {
	return g.Visibility == VisibilityPublic && g.Approved && !g.Hidden
}

// Membership ties a profile to a group with a role and a status.
type Membership struct {
	GroupID   string
	ProfileID string
	Role      string
	Status    string
	InvitedBy string // profile who invited, "" when none
	Message   string // the request's or the answer's message
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ActiveRole is the role the membership gives, or RoleNone while it is only
// an invitation or a request.
func (m *Membership) ActiveRole() string {
	if m == nil || m.Status != MemberActive {
		return RoleNone
	}
	return m.Role
}

// GroupAction is something a profile may try to do in a group.
type GroupAction string

// Group actions checked by the permission matrix.
const (
	ActViewGroup      GroupAction = "view_group"      // the group page, public posts, feed
	ActViewMembers    GroupAction = "view_members"    // the member list
	ActViewInside     GroupAction = "view_inside"     // discussions, tasks, resources, members-only posts
	ActFollow         GroupAction = "follow"          // follow a public group
	ActJoin           GroupAction = "join"            // join or ask to join (the join mode decides which)
	ActLeave          GroupAction = "leave"           // leave or unfollow
	ActContactAdmins  GroupAction = "contact_admins"  // send the administrators a message
	ActDiscuss        GroupAction = "discuss"         // start discussions and reply
	ActEditTasks      GroupAction = "edit_tasks"      // create and update tasks and task lists
	ActEditResources  GroupAction = "edit_resources"  // add links, notes and folders
	ActModerate       GroupAction = "moderate"        // pin, lock, delete others' messages, tasks, resources
	ActPublishPost    GroupAction = "publish_post"    // write and publish posts
	ActPublishEvent   GroupAction = "publish_event"   // create and publish the group's events
	ActInvite         GroupAction = "invite"          // invite by handle or email
	ActManageMembers  GroupAction = "manage_members"  // approve requests, remove, ban, block
	ActManageRoles    GroupAction = "manage_roles"    // promote and demote
	ActEditGroup      GroupAction = "edit_group"      // name, description, images, visibility, join mode
	ActImportMembers  GroupAction = "import_members"  // CSV import of invitations
	ActExportMembers  GroupAction = "export_members"  // CSV export of the member list
	ActViewModeration GroupAction = "view_moderation" // the group's blocks and moderation log
	ActDeleteGroup    GroupAction = "delete_group"    // delete the group
)

// GroupActions lists every action, for tables and documentation.
var GroupActions = []GroupAction{
	ActViewGroup, ActViewMembers, ActViewInside, ActFollow, ActJoin, ActLeave, ActContactAdmins,
	ActDiscuss, ActEditTasks, ActEditResources, ActModerate, ActPublishPost, ActPublishEvent,
	ActInvite, ActManageMembers, ActManageRoles, ActEditGroup, ActImportMembers, ActExportMembers,
	ActViewModeration, ActDeleteGroup,
}

// RoleRank orders roles: administrator 4, moderator 3, member 2, follower 1,
// anyone else 0.
func RoleRank(role string) int {
	switch role {
	case GroupAdmin:
		return 4
	case GroupModerator:
		return 3
	case GroupMember:
		return 2
	case GroupFollower:
		return 1
	}
	return 0
}

// ValidGroupRole reports whether role may be held by a membership.
func ValidGroupRole(role string) bool { return RoleRank(role) > 0 }

// minRank is the least role each action needs, whatever the visibility.
var minRank = map[GroupAction]int{
	ActViewInside:     2,
	ActDiscuss:        2,
	ActEditTasks:      2,
	ActEditResources:  2,
	ActModerate:       3,
	ActPublishPost:    3,
	ActPublishEvent:   3,
	ActInvite:         3,
	ActManageMembers:  3,
	ActViewModeration: 3,
	ActManageRoles:    4,
	ActEditGroup:      4,
	ActImportMembers:  4,
	ActExportMembers:  4,
	ActDeleteGroup:    4,
}

// CanGroup is the permission matrix: whether someone holding role (RoleNone
// for a visitor or stranger) may do action in a group of the given
// visibility. It ignores the group's options (see Group.Can) and the join
// mode (see JoinOutcome).
func CanGroup(role, visibility string, action GroupAction) bool {
	rank := RoleRank(role)
	member := rank >= 2
	switch action {
	case ActViewGroup, ActContactAdmins:
		return visibility != VisibilityPrivate || member
	case ActViewMembers:
		return member
	case ActFollow:
		return visibility == VisibilityPublic && rank == 0
	case ActJoin:
		return rank <= 1 && visibility != VisibilityPrivate
	case ActLeave:
		return rank >= 1
	}
	min, ok := minRank[action]
	return ok && rank >= min
}

// Can applies the matrix to g, with its options: a group that opted in
// shows its member list to anyone who can see the group.
func (g *Group) Can(role string, action GroupAction) bool {
	if action == ActViewMembers && g.PublicMembers && g.Visibility != VisibilityPrivate {
		return true
	}
	return CanGroup(role, g.Visibility, action)
}

// CanManageMember reports whether someone with role actor may remove, ban,
// promote or demote someone holding role target: only a role strictly
// above, and administrators over anyone (including other administrators).
func CanManageMember(actor, target string) bool {
	if actor == GroupAdmin {
		return true
	}
	return RoleRank(actor) >= 3 && RoleRank(actor) > RoleRank(target)
}

// JoinOutcome says what a join attempt gives in a group with mode: an
// active membership, a request waiting for approval, or a refusal
// (EFORBIDDEN: invitation only).
func JoinOutcome(joinMode string) (status string, err error) {
	switch joinMode {
	case JoinOpen:
		return MemberActive, nil
	case JoinApproval:
		return MemberRequested, nil
	}
	return "", Errorf(EFORBIDDEN, "err.group.invitation_only")
}

// GroupInvitation is an invitation sent to an email address: the mail
// carries a link with a secret token, of which only the hash is stored.
type GroupInvitation struct {
	ID         string
	GroupID    string
	Email      string
	Name       string // the invitee's name, when known (CSV import)
	InvitedBy  string // profile
	Message    string
	TokenHash  string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	AcceptedAt time.Time
	AcceptedBy string // profile
}

// GroupInvitationTTL is how long an emailed invitation stays valid.
const GroupInvitationTTL = 30 * 24 * time.Hour

// Pending reports whether the invitation can still be accepted at now.
func (i *GroupInvitation) Pending(now time.Time) bool {
	return i.AcceptedAt.IsZero() && now.Before(i.ExpiresAt)
}

// GroupBlock keeps a profile out of a group: no joining, following,
// requests or messages to the administrators.
type GroupBlock struct {
	GroupID   string
	ProfileID string
	BlockedBy string
	Reason    string
	CreatedAt time.Time
}

// ValidWebURL reports whether s is an absolute http or https URL, the only
// links Cortège stores for resources.
func ValidWebURL(s string) bool {
	if len(s) > 2000 || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// Member is a membership with the profile holding it, as member lists show.
type Member struct {
	Membership
	Profile *Profile
}

// MyGroup is one of a profile's groups with its relation to it, as the
// dashboard shows.
type MyGroup struct {
	Group      *Group
	Membership Membership
}
