package mail

// TemplateEventNotice is the one template of every mail about an event:
// its Kind picks the wording (subject, opening line, what to do next), so
// the French and English wordings of all event mails sit side by side.
const TemplateEventNotice = "event_notice"

// Kinds of event mail (EventNoticeData.Kind).
const (
	EventMailCreationConfirm      = "creation_confirm"      // to someone who created an event without an account
	EventMailParticipationConfirm = "participation_confirm" // to an anonymous participant: confirm the address
	EventMailJoined               = "joined"                // registration accepted at once
	EventMailPending              = "pending"               // registration waits for the organisers
	EventMailWaitlisted           = "waitlisted"            // the event is full: on the waiting list
	EventMailApproved             = "approved"              // an organiser approved the registration
	EventMailRefused              = "refused"               // an organiser refused it
	EventMailPromoted             = "promoted"              // a seat freed up: off the waiting list
	EventMailReminder             = "reminder"              // 24 hours before
	EventMailOnline               = "online"                // the online link, shortly before the start
	EventMailChanged              = "changed"               // date, time or place changed, or announced
	EventMailCancelled            = "cancelled"             // the event is called off
	EventMailAnnouncement         = "announcement"          // a message from the organisers
	EventMailOrganiserActivity    = "organiser_activity"    // to organisers: someone registered or asks to
	EventMailDigest               = "digest"                // the day's activity in one mail
)

// EventChangeLine is one "moved from … to …" line of a change notice.
type EventChangeLine struct {
	Field string // start, end, place, online_url, status
	From  string
	To    string
}

// EventDigestLine is one line of a daily digest.
type EventDigestLine struct {
	Title string
	Body  string
	URL   string
}

// EventNoticeData fills the event_notice template. Where, OnlineURL and the
// change lines hold only what this recipient may see.
type EventNoticeData struct {
	InstanceName string
	Kind         string
	Name         string // the recipient's name, "" when unknown
	EventTitle   string
	When         string // formatted in the event's zone and the recipient's language
	Where        string // the place this recipient may see
	PlaceHidden  bool   // the exact place is shown after approval
	OnlineURL    string
	Subject      string // an announcement's subject
	Message      string // an organiser's message, an announcement's body
	Changes      []EventChangeLine
	Lines        []EventDigestLine
	ActionURL    string
	CancelURL    string // cancels the registration (anonymous participants)
	TicketCode   string
	// UnsubscribeURL turns off updates for this registration (or this kind
	// of mail for an account); reminders, change and cancellation notices
	// still go out.
	UnsubscribeURL string
}
