package cortege

// Kinds of notification about group life. Each has an email on/off
// preference per account, and each mail a one-click unsubscribe for its
// kind.
const (
	NotifyInvitation   = "invitation"    // I was invited to a group
	NotifyJoinRequest  = "join_request"  // someone asks to join a group I moderate
	NotifyJoinAnswer   = "join_answer"   // my request was approved or refused
	NotifyNewPost      = "new_post"      // a post was published in my group
	NotifyReply        = "reply"         // a reply in a discussion I follow
	NotifyTaskAssigned = "task_assigned" // a task was assigned to me
	NotifyCoOrganise   = "co_organise"   // a group I administer is invited to co-organise an event
)

// NotificationKinds lists every kind, in the order settings show them.
var NotificationKinds = []string{NotifyInvitation, NotifyJoinRequest, NotifyJoinAnswer, NotifyNewPost, NotifyReply, NotifyTaskAssigned, NotifyCoOrganise}

// ValidNotificationKind reports whether kind is one of NotificationKinds.
func ValidNotificationKind(kind string) bool {
	for _, k := range NotificationKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// NotificationPrefs maps each kind to whether it is sent by email. Kinds
// absent from the map are on: people hear about their groups until they
// say otherwise.
type NotificationPrefs map[string]bool

// Email reports whether kind is sent by email.
func (p NotificationPrefs) Email(kind string) bool {
	on, ok := p[kind]
	return !ok || on
}
