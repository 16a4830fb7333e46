package api

import "codeberg.org/cortege/cortege/internal/service"

// groupRoutes are the routes of groups (issue 3): the groups themselves,
// membership, posts, discussions, tasks, resources and reports. A group in
// a path is its ID or its handle ("@" optional).
func (a *API) groupRoutes() []route {
	return []route{
		{"GET", "/api/v1/groups", public, a.handleGroupList},
		{"POST", "/api/v1/groups", signedIn, a.handleGroupCreate},
		{"GET", "/api/v1/groups/{group}", public, a.handleGroupGet},
		{"PATCH", "/api/v1/groups/{group}", signedIn, a.handleGroupUpdate},
		{"DELETE", "/api/v1/groups/{group}", signedIn, a.handleGroupDelete},
		{"PUT", "/api/v1/groups/{group}/avatar", signedIn, a.groupImage(service.GroupAvatar, false)},
		{"DELETE", "/api/v1/groups/{group}/avatar", signedIn, a.groupImage(service.GroupAvatar, true)},
		{"PUT", "/api/v1/groups/{group}/banner", signedIn, a.groupImage(service.GroupBanner, false)},
		{"DELETE", "/api/v1/groups/{group}/banner", signedIn, a.groupImage(service.GroupBanner, true)},
		{"GET", "/api/v1/groups/{group}/conduct", public, a.handleGroupConductGet},
		{"PUT", "/api/v1/groups/{group}/conduct", signedIn, a.handleGroupConductPut},

		{"POST", "/api/v1/groups/{group}/join", signedIn, a.handleGroupJoin},
		{"POST", "/api/v1/groups/{group}/follow", signedIn, a.handleGroupFollow},
		{"POST", "/api/v1/groups/{group}/leave", signedIn, a.handleGroupLeave},
		{"POST", "/api/v1/groups/{group}/contact", signedIn, a.handleGroupContact},
		{"GET", "/api/v1/groups/{group}/members", public, a.handleMemberList},
		{"PATCH", "/api/v1/groups/{group}/members/{profile}", signedIn, a.handleMemberRole},
		{"DELETE", "/api/v1/groups/{group}/members/{profile}", signedIn, a.handleMemberRemove},
		{"POST", "/api/v1/groups/{group}/requests/{profile}/approve", signedIn, a.answerRequest(true)},
		{"POST", "/api/v1/groups/{group}/requests/{profile}/refuse", signedIn, a.answerRequest(false)},
		{"GET", "/api/v1/groups/{group}/invitations", signedIn, a.handleInvitationList},
		{"POST", "/api/v1/groups/{group}/invitations", signedIn, a.handleInvitationCreate},
		{"DELETE", "/api/v1/groups/{group}/invitations/{id}", signedIn, a.handleInvitationDelete},
		{"POST", "/api/v1/invitations/{id}/accept", signedIn, a.handleInvitationAccept},
		{"GET", "/api/v1/groups/{group}/blocks", signedIn, a.handleBlockList},
		{"PUT", "/api/v1/groups/{group}/blocks/{profile}", signedIn, a.handleBlockPut},
		{"DELETE", "/api/v1/groups/{group}/blocks/{profile}", signedIn, a.handleBlockDelete},

		{"GET", "/api/v1/groups/{group}/posts", public, a.handlePostList},
		{"POST", "/api/v1/groups/{group}/posts", signedIn, a.handlePostCreate},
		{"GET", "/api/v1/posts/{id}", public, a.handlePostGet},
		{"PATCH", "/api/v1/posts/{id}", signedIn, a.handlePostUpdate},
		{"DELETE", "/api/v1/posts/{id}", signedIn, a.handlePostDelete},

		{"GET", "/api/v1/groups/{group}/discussions", public, a.handleDiscussionList},
		{"POST", "/api/v1/groups/{group}/discussions", signedIn, a.handleDiscussionCreate},
		{"GET", "/api/v1/discussions/{id}", public, a.handleDiscussionGet},
		{"PATCH", "/api/v1/discussions/{id}", signedIn, a.handleDiscussionUpdate},
		{"DELETE", "/api/v1/discussions/{id}", signedIn, a.handleDiscussionDelete},
		{"POST", "/api/v1/discussions/{id}/messages", signedIn, a.handleMessageCreate},
		{"PATCH", "/api/v1/messages/{id}", signedIn, a.handleMessageUpdate},
		{"DELETE", "/api/v1/messages/{id}", signedIn, a.handleMessageDelete},

		{"GET", "/api/v1/groups/{group}/tasks", public, a.handleTaskBoard},
		{"POST", "/api/v1/groups/{group}/task-lists", signedIn, a.handleTaskListCreate},
		{"PATCH", "/api/v1/task-lists/{id}", signedIn, a.handleTaskListUpdate},
		{"DELETE", "/api/v1/task-lists/{id}", signedIn, a.handleTaskListDelete},
		{"POST", "/api/v1/task-lists/{id}/tasks", signedIn, a.handleTaskCreate},
		{"PATCH", "/api/v1/tasks/{id}", signedIn, a.handleTaskUpdate},
		{"DELETE", "/api/v1/tasks/{id}", signedIn, a.handleTaskDelete},
		{"GET", "/api/v1/me/tasks", signedIn, a.handleMyTasks},
		{"GET", "/api/v1/me/groups", signedIn, a.handleMyGroups},

		{"GET", "/api/v1/groups/{group}/resources", public, a.handleResourceTree},
		{"POST", "/api/v1/groups/{group}/resources", signedIn, a.handleResourceCreate},
		{"PATCH", "/api/v1/resources/{id}", signedIn, a.handleResourceUpdate},
		{"DELETE", "/api/v1/resources/{id}", signedIn, a.handleResourceDelete},

		{"POST", "/api/v1/reports", signedIn, a.handleReportCreate},
	}
}
