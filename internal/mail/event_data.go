package mail

import "html/template"

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
	// Hidden says the recipient may not see the new value yet, and when
	// they will: HiddenUntilApproval (pending) or HiddenUntilSeat (on the
	// waiting list). From is then empty and To holds at most the public
	// area, so the line says "the exact place changed" without leaking it.
	Hidden string
	// Announced says the value was "to be announced" before.
	Announced bool
}

// When a hidden detail becomes visible (EventChangeLine.Hidden).
const (
	HiddenUntilApproval = "approval"
	HiddenUntilSeat     = "seat"
)

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
	Message      string // an organiser's message, an announcement's body (Markdown source)
	Changes      []EventChangeLine
	Lines        []EventDigestLine
	ActionURL    string
	CancelURL    string // cancels the registration (anonymous participants)
	TicketCode   string
	// UnsubscribeURL turns off updates for this registration (or this kind
	// of mail for an account); reminders, change and cancellation notices
	// still go out.
	UnsubscribeURL string

	// MessageHTML is Message rendered from Markdown and sanitised by the
	// caller, for the HTML part; the text part shows Message as written.
	MessageHTML template.HTML
	// Reason is what the organisers said when cancelling (Markdown
	// source), ReasonHTML the same rendered and sanitised by the caller.
	Reason     string
	ReasonHTML template.HTML
	// Relative is when the event starts as seen from the moment the mail
	// is written, in the event's zone: "today at 20:24", "tomorrow at
	// 10:00", "on Saturday 3 May at 10:00" (reminders and online links).
	Relative string
}
