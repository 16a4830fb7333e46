// Package mail sends Cortège's outgoing mail: it renders the French and
// English templates, builds one MIME message for every transport, and hands
// it to an SMTP server or writes it as an .eml file when no server is set.
package mail

import (
	"context"
	"errors"
	"time"
)

// Address is a mailbox: an email address with an optional display name.
type Address struct {
	Name  string // display name, may be empty or non-ASCII
	Email string // addr-spec, e.g. ada@example.org
}

// Attachment is a file sent with a message, such as an .ics invitation.
type Attachment struct {
	Filename    string // shown to the recipient, e.g. "event.ics"
	ContentType string // e.g. "text/calendar; method=REQUEST"; empty means application/octet-stream
	Data        []byte
}

// Message is one outgoing mail to one recipient, independent of transport.
// Text is required; HTML is optional and sent as an alternative to it.
type Message struct {
	To          Address
	Subject     string
	Text        string
	HTML        string
	Headers     map[string]string // extra headers such as List-Unsubscribe
	Attachments []Attachment
	Lang        string // BCP 47 tag written as Content-Language, e.g. "fr"
	// Calendar, when set, is an iTIP message (RFC 6047, iMIP) that calendar
	// programs act on, such as a CANCEL that drops an event.
	Calendar *Calendar
	// ID and Date, when set, are the Message-ID (an addr-spec such as
	// "abc@example.org", no angle brackets) and the Date of the message;
	// otherwise each send makes fresh ones. A sender that records them
	// before sending (the job outbox) sends the very same message again
	// after a crash: receivers can tell it is one, and the directory
	// transport writes it once.
	ID   string
	Date time.Time
}

// Calendar is an iTIP message carried by a mail: sent as a
// "text/calendar; method=…" part beside the text and HTML (where Gmail,
// Outlook and Thunderbird look for it) and attached as invite.ics.
type Calendar struct {
	Method string // PUBLISH, CANCEL…: the METHOD inside Data
	Data   []byte // the VCALENDAR
}

// Transport delivers a message from a sender, whose Name should be the
// instance name so that mailboxes show it. Implementations are safe for
// concurrent use so that several job workers can share one.
type Transport interface {
	Send(ctx context.Context, from Address, m *Message) error
}

// ErrInvalidMessage is wrapped by the errors returned for a message that
// cannot be sent as given (bad address, header injection, missing body).
// Retrying such a message is pointless.
var ErrInvalidMessage = errors.New("mail: invalid message")
