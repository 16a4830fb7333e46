package api

// featureSchemas maps the schemas of the groups and events fragments
// (openapi/groups.json, openapi/events.json) to the Go types they
// describe; TestOpenAPISchemasMatchTypes checks them with the core ones.
var featureSchemas = map[string]any{
	"Group": Group{}, "Coordinates": Coordinates{}, "GroupSummary": GroupSummary{}, "GroupDetail": GroupDetail{},
	"GroupHit": GroupHit{}, "GroupList": GroupList{}, "GroupCreate": GroupCreate{}, "GroupUpdate": GroupUpdate{},
	"Membership": Membership{}, "Member": Member{}, "MemberList": MemberList{}, "MessageBody": MessageBody{},
	"InvitationCreate": InvitationCreate{}, "Invitation": Invitation{}, "InvitationList": InvitationList{},
	"RoleChange": RoleChange{}, "BlockCreate": BlockCreate{}, "Block": Block{}, "BlockList": BlockList{},
	"Post": Post{}, "PostList": PostList{}, "PostCreate": PostCreate{}, "PostUpdate": PostUpdate{},
	"Discussion": Discussion{}, "DiscussionList": DiscussionList{}, "Message": Message{}, "DiscussionDetail": DiscussionDetail{},
	"DiscussionCreate": DiscussionCreate{}, "DiscussionUpdate": DiscussionUpdate{}, "MessageCreate": MessageCreate{},
	"Task": Task{}, "TaskList": TaskList{}, "TaskBoard": TaskBoard{}, "TaskListCreate": TaskListCreate{},
	"TaskCreate": TaskCreate{}, "TaskUpdate": TaskUpdate{}, "MyTask": MyTask{}, "MyTaskList": MyTaskList{},
	"Resource": Resource{}, "ResourceTree": ResourceTree{}, "ResourceCreate": ResourceCreate{}, "ResourceUpdate": ResourceUpdate{},
	"ReportCreate": ReportCreate{}, "MyGroups": MyGroups{}, "MyGroup": MyGroup{}, "EmailInvitation": EmailInvitation{},
	"JoinRequest": JoinRequest{}, "RecentDiscussion": RecentDiscussion{},

	"Event": Event{}, "EventDetail": EventDetail{}, "EventOrganiser": EventOrganiser{}, "EventCounts": EventCounts{},
	"EventChange": EventChange{}, "Question": Question{}, "Series": Series{}, "EventItem": EventItem{}, "EventList": EventList{},
	"EventCreate": EventCreate{}, "QuestionInput": QuestionInput{}, "RepeatInput": RepeatInput{}, "EventUpdate": EventUpdate{},
	"CancelBody": CancelBody{}, "ReportBody": ReportBody{},
	"Participation": Participation{}, "Answer": Answer{}, "JoinEventBody": JoinEventBody{}, "ParticipationUpdate": ParticipationUpdate{},
	"Participant": Participant{}, "ParticipantList": ParticipantList{}, "InviteBody": InviteBody{}, "Ticket": Ticket{},
	"Announcement": Announcement{}, "AnnouncementList": AnnouncementList{}, "AnnouncementCreate": AnnouncementCreate{},
	"Comment": Comment{}, "CommentList": CommentList{}, "CommentCreate": CommentCreate{},
	"Photo": Photo{}, "PhotoList": PhotoList{}, "PhotoUpdate": PhotoUpdate{}, "CheckInBody": CheckInBody{}, "CheckInResult": CheckInResult{},
	"OrganiserBody": OrganiserBody{}, "EventBatch": EventBatch{}, "GroupEvents": GroupEvents{}, "SeriesEvent": SeriesEvent{},
	"MyEvents": MyEvents{}, "JoinedEvent": JoinedEvent{}, "OrganisedEvent": OrganisedEvent{},
}

// featureRequestTypes are the request bodies of the groups and events
// routes, for the decoder's fuzz target.
func featureRequestTypes() []any {
	return []any{
		&GroupCreate{}, &GroupUpdate{}, &MessageBody{}, &InvitationCreate{}, &RoleChange{}, &BlockCreate{},
		&PostCreate{}, &PostUpdate{}, &DiscussionCreate{}, &DiscussionUpdate{}, &MessageCreate{},
		&TaskListCreate{}, &TaskCreate{}, &TaskUpdate{}, &ResourceCreate{}, &ResourceUpdate{}, &ReportCreate{},
		&EventCreate{}, &EventUpdate{}, &CancelBody{}, &ReportBody{}, &JoinEventBody{}, &ParticipationUpdate{},
		&InviteBody{}, &AnnouncementCreate{}, &CommentCreate{}, &PhotoUpdate{}, &CheckInBody{}, &OrganiserBody{},
		&GroupConductUpdate{},
	}
}
