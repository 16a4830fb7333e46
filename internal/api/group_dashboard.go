package api

import (
	"net/http"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// MyGroups answers GET /api/v1/me/groups: the groups part of the
// dashboard of the caller's acting profile.
type MyGroups struct {
	Groups           []MyGroup          `json:"groups"`
	Invitations      []MyGroup          `json:"invitations"`
	EmailInvitations []EmailInvitation  `json:"email_invitations"`
	JoinRequests     []JoinRequest      `json:"join_requests"`
	Discussions      []RecentDiscussion `json:"discussions"`
}

// MyGroup is one of the caller's groups with their role and status.
type MyGroup struct {
	Group  *GroupSummary `json:"group"`
	Role   string        `json:"role"`
	Status string        `json:"status"`
}

// EmailInvitation is an invitation sent to the caller's address; accept
// it with POST /api/v1/invitations/{id}/accept.
type EmailInvitation struct {
	ID        string         `json:"id"`
	Group     *GroupSummary  `json:"group"`
	InvitedBy *PublicProfile `json:"invited_by"`
	Message   string         `json:"message"`
	ExpiresAt string         `json:"expires_at"`
}

// JoinRequest is a request to join a group the caller manages.
type JoinRequest struct {
	Group  *GroupSummary `json:"group"`
	Member Member        `json:"member"`
}

// RecentDiscussion is an active thread in one of the caller's groups.
type RecentDiscussion struct {
	Discussion Discussion    `json:"discussion"`
	Group      *GroupSummary `json:"group"`
}

func (a *API) toMyGroups(d *service.Dashboard) MyGroups {
	out := MyGroups{Groups: []MyGroup{}, Invitations: []MyGroup{}, EmailInvitations: []EmailInvitation{}, JoinRequests: []JoinRequest{}, Discussions: []RecentDiscussion{}}
	for _, mg := range d.Groups {
		out.Groups = append(out.Groups, MyGroup{Group: a.toGroupSummary(mg.Group), Role: mg.Membership.Role, Status: mg.Membership.Status})
	}
	for _, mg := range d.Invitations {
		out.Invitations = append(out.Invitations, MyGroup{Group: a.toGroupSummary(mg.Group), Role: mg.Membership.Role, Status: mg.Membership.Status})
	}
	for _, v := range d.EmailInvitations {
		out.EmailInvitations = append(out.EmailInvitations, EmailInvitation{ID: v.Invitation.ID, Group: a.toGroupSummary(v.Group),
			InvitedBy: a.optProfile(v.InvitedBy), Message: v.Invitation.Message, ExpiresAt: timeString(v.Invitation.ExpiresAt)})
	}
	for _, j := range d.JoinRequests {
		out.JoinRequests = append(out.JoinRequests, JoinRequest{Group: a.toGroupSummary(j.Group), Member: a.toMember(j.Member)})
	}
	for _, rd := range d.Discussions {
		out.Discussions = append(out.Discussions, RecentDiscussion{Discussion: toDiscussion(rd.Discussion), Group: a.toGroupSummary(rd.Group)})
	}
	return out
}

// handleMyGroups answers the caller's groups, invitations, join requests
// to handle and latest discussions (open tasks: GET /api/v1/me/tasks;
// events: GET /api/v1/me/events).
func (a *API) handleMyGroups(w http.ResponseWriter, r *http.Request) error {
	d, err := a.svc.Dashboard(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.toMyGroups(d))
}
