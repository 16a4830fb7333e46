package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// Membership is a profile's relation to a group: a role, and a status
// (invited, requested, active).
type Membership struct {
	GroupID   string `json:"group_id"`
	ProfileID string `json:"profile_id"`
	Role      string `json:"role"`
	Status    string `json:"status"`
	Message   string `json:"message"`
	CreatedAt string `json:"created_at"`
}

func toMembership(m *cortege.Membership) Membership {
	return Membership{GroupID: m.GroupID, ProfileID: m.ProfileID, Role: m.Role, Status: m.Status, Message: m.Message, CreatedAt: timeString(m.CreatedAt)}
}

// Member is one line of a member list.
type Member struct {
	Profile   *PublicProfile `json:"profile"`
	Role      string         `json:"role"`
	Status    string         `json:"status"`
	Message   string         `json:"message"`
	CreatedAt string         `json:"created_at"`
}

func (a *API) toMember(m *cortege.Member) Member {
	return Member{Profile: a.optProfile(m.Profile), Role: m.Role, Status: m.Status, Message: m.Message, CreatedAt: timeString(m.CreatedAt)}
}

// optProfile is toPublicProfile for a profile that may be gone (nil).
func (a *API) optProfile(p *cortege.Profile) *PublicProfile {
	if p == nil || p.Deleted {
		return nil
	}
	pp := a.toPublicProfile(p)
	return &pp
}

// MemberList answers GET /api/v1/groups/{group}/members.
type MemberList struct {
	Members []Member `json:"members"`
	Page    int      `json:"page"`
	More    bool     `json:"more"`
}

// MessageBody is a body holding an optional message (join requests,
// answers to them, messages to the administrators).
type MessageBody struct {
	Message string `json:"message,omitempty"`
}

// InvitationCreate is the body of POST /api/v1/groups/{group}/invitations:
// a @handle, or an email address (with the invitee's name when known).
type InvitationCreate struct {
	Handle  string `json:"handle"`
	Email   string `json:"email"`
	Name    string `json:"name"`
	Message string `json:"message"`
}

// Invitation is an invitation sent by email, as the group's managers see it.
type Invitation struct {
	ID         string  `json:"id"`
	Email      string  `json:"email"`
	Name       string  `json:"name"`
	InvitedBy  string  `json:"invited_by"`
	Message    string  `json:"message"`
	CreatedAt  string  `json:"created_at"`
	ExpiresAt  string  `json:"expires_at"`
	AcceptedAt *string `json:"accepted_at"`
}

func toInvitation(i *cortege.GroupInvitation) Invitation {
	return Invitation{ID: i.ID, Email: i.Email, Name: i.Name, InvitedBy: i.InvitedBy, Message: i.Message,
		CreatedAt: timeString(i.CreatedAt), ExpiresAt: timeString(i.ExpiresAt), AcceptedAt: optTime(i.AcceptedAt)}
}

// InvitationList answers GET /api/v1/groups/{group}/invitations.
type InvitationList struct {
	Invitations []Invitation `json:"invitations"`
}

// RoleChange is the body of PATCH /api/v1/groups/{group}/members/{profile}.
type RoleChange struct {
	Role string `json:"role"`
}

// BlockCreate is the body of PUT /api/v1/groups/{group}/blocks/{profile}.
type BlockCreate struct {
	Reason string `json:"reason"`
}

// Block is a profile kept out of a group.
type Block struct {
	ProfileID string `json:"profile_id"`
	BlockedBy string `json:"blocked_by"`
	Reason    string `json:"reason"`
	CreatedAt string `json:"created_at"`
}

// BlockList answers GET /api/v1/groups/{group}/blocks.
type BlockList struct {
	Blocks []Block `json:"blocks"`
}

// memberRef resolves the {profile} path value (ID or handle) to a live
// profile's ID.
func (a *API) memberRef(r *http.Request) (string, error) {
	p, err := a.svc.ProfileByRef(r.Context(), httpx.Actor(r.Context()), r.PathValue("profile"))
	if err != nil {
		return "", err
	}
	return p.ID, nil
}

// handleGroupJoin joins a group or asks to join it, as its join mode says
// (an invitation waiting for the caller is accepted).
func (a *API) handleGroupJoin(w http.ResponseWriter, r *http.Request) error {
	var in MessageBody
	if err := decodeOptional(w, r, &in); err != nil {
		return err
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	m, err := a.svc.Join(r.Context(), httpx.Actor(r.Context()), g.ID, in.Message)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toMembership(m))
}

// handleGroupFollow follows a public group's public activity.
func (a *API) handleGroupFollow(w http.ResponseWriter, r *http.Request) error {
	g, err := a.group(r)
	if err != nil {
		return err
	}
	if err := a.svc.Follow(r.Context(), httpx.Actor(r.Context()), g.ID); err != nil {
		return err
	}
	return noContent(w)
}

// handleGroupLeave leaves, unfollows, withdraws a request or declines an
// invitation; the last administrator cannot leave (409).
func (a *API) handleGroupLeave(w http.ResponseWriter, r *http.Request) error {
	g, err := a.group(r)
	if err != nil {
		return err
	}
	if err := a.svc.Leave(r.Context(), httpx.Actor(r.Context()), g.ID); err != nil {
		return err
	}
	return noContent(w)
}

// handleGroupContact sends the administrators a message by email, without
// either side seeing the other's address.
func (a *API) handleGroupContact(w http.ResponseWriter, r *http.Request) error {
	var in MessageBody
	if err := decode(w, r, &in); err != nil {
		return err
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	if err := a.svc.ContactAdmins(r.Context(), httpx.Actor(r.Context()), g.ID, in.Message); err != nil {
		return err
	}
	return noContent(w)
}

// handleMemberList lists members (?status=active, the default, for those
// who may see them), or requests, invitations and followers (?status=
// requested, invited, followers; moderators).
func (a *API) handleMemberList(w http.ResponseWriter, r *http.Request) error {
	status := r.URL.Query().Get("status")
	if status == "" {
		status = cortege.MemberActive
	}
	page, err := queryPage(r)
	if err != nil {
		return err
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	mp, err := a.svc.Members(r.Context(), httpx.Actor(r.Context()), g.ID, status, page)
	if err != nil {
		return err
	}
	out := MemberList{Members: make([]Member, 0, len(mp.Members)), Page: mp.Page, More: mp.More}
	for _, m := range mp.Members {
		out.Members = append(out.Members, a.toMember(m))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleInvitationCreate invites a profile by handle (204) or someone by
// email (201 with the invitation); moderators.
func (a *API) handleInvitationCreate(w http.ResponseWriter, r *http.Request) error {
	var in InvitationCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	inv, err := a.svc.Invite(r.Context(), httpx.Actor(r.Context()), g.ID, in.Handle, in.Email, in.Name, in.Message)
	if err != nil {
		return err
	}
	if inv == nil {
		return noContent(w)
	}
	return writeJSON(w, http.StatusCreated, toInvitation(inv))
}

// handleInvitationList lists the invitations sent by email; moderators.
func (a *API) handleInvitationList(w http.ResponseWriter, r *http.Request) error {
	page, err := queryPage(r)
	if err != nil {
		return err
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	invs, err := a.svc.GroupInvitations(r.Context(), httpx.Actor(r.Context()), g.ID, page)
	if err != nil {
		return err
	}
	out := InvitationList{Invitations: make([]Invitation, 0, len(invs))}
	for _, i := range invs {
		out.Invitations = append(out.Invitations, toInvitation(i))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleInvitationDelete revokes an invitation sent by email; moderators.
func (a *API) handleInvitationDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	if err := a.svc.RevokeInvitation(r.Context(), httpx.Actor(r.Context()), g.ID, id); err != nil {
		return err
	}
	return noContent(w)
}

// handleInvitationAccept accepts an invitation sent to the caller's email
// address (as listed on their dashboard).
func (a *API) handleInvitationAccept(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	g, err := a.svc.AcceptEmailInvitation(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return a.writeGroupDetail(w, r, g, http.StatusOK)
}

// answerRequest serves approve and refuse of a join request; moderators.
func (a *API) answerRequest(approve bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var in MessageBody
		if err := decodeOptional(w, r, &in); err != nil {
			return err
		}
		g, pid, err := a.groupMember(r)
		if err != nil {
			return err
		}
		if err := a.svc.AnswerJoinRequest(r.Context(), httpx.Actor(r.Context()), g.ID, pid, approve, in.Message); err != nil {
			return err
		}
		return noContent(w)
	}
}

// handleMemberRole promotes or demotes a member; administrators.
func (a *API) handleMemberRole(w http.ResponseWriter, r *http.Request) error {
	var in RoleChange
	if err := decode(w, r, &in); err != nil {
		return err
	}
	g, pid, err := a.groupMember(r)
	if err != nil {
		return err
	}
	if err := a.svc.SetMemberRole(r.Context(), httpx.Actor(r.Context()), g.ID, pid, in.Role); err != nil {
		return err
	}
	return noContent(w)
}

// handleMemberRemove removes a member (or follower); moderators, over
// lower roles only.
func (a *API) handleMemberRemove(w http.ResponseWriter, r *http.Request) error {
	g, pid, err := a.groupMember(r)
	if err != nil {
		return err
	}
	if err := a.svc.RemoveMember(r.Context(), httpx.Actor(r.Context()), g.ID, pid); err != nil {
		return err
	}
	return noContent(w)
}

// handleBlockList lists the profiles kept out of a group; moderators.
func (a *API) handleBlockList(w http.ResponseWriter, r *http.Request) error {
	g, err := a.group(r)
	if err != nil {
		return err
	}
	bs, err := a.svc.GroupBlocks(r.Context(), httpx.Actor(r.Context()), g.ID)
	if err != nil {
		return err
	}
	out := BlockList{Blocks: make([]Block, 0, len(bs))}
	for _, b := range bs {
		out.Blocks = append(out.Blocks, Block{ProfileID: b.ProfileID, BlockedBy: b.BlockedBy, Reason: b.Reason, CreatedAt: timeString(b.CreatedAt)})
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleBlockPut bans a profile from a group (removing its membership);
// moderators.
func (a *API) handleBlockPut(w http.ResponseWriter, r *http.Request) error {
	var in BlockCreate
	if err := decodeOptional(w, r, &in); err != nil {
		return err
	}
	g, pid, err := a.groupMember(r)
	if err != nil {
		return err
	}
	if err := a.svc.BlockProfile(r.Context(), httpx.Actor(r.Context()), g.ID, pid, in.Reason); err != nil {
		return err
	}
	return noContent(w)
}

// handleBlockDelete lifts a ban; moderators.
func (a *API) handleBlockDelete(w http.ResponseWriter, r *http.Request) error {
	g, pid, err := a.groupMember(r)
	if err != nil {
		return err
	}
	if err := a.svc.UnblockProfile(r.Context(), httpx.Actor(r.Context()), g.ID, pid); err != nil {
		return err
	}
	return noContent(w)
}

// groupMember reads the {group} and {profile} of a member route.
func (a *API) groupMember(r *http.Request) (*cortege.Group, string, error) {
	g, err := a.group(r)
	if err != nil {
		return nil, "", err
	}
	pid, err := a.memberRef(r)
	return g, pid, err
}
