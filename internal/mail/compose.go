package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"io"
	"mime"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// reservedHeaders are set by compose and may not be overridden through
// Message.Headers, so that a caller cannot forge the envelope or the MIME
// structure.
var reservedHeaders = map[string]bool{
	"From": true, "Sender": true, "To": true, "Cc": true, "Bcc": true,
	"Subject": true, "Date": true, "Message-Id": true, "Mime-Version": true,
	"Content-Type": true, "Content-Transfer-Encoding": true,
	"Content-Language": true, "Auto-Submitted": true, "Return-Path": true,
}

// Encode writes m as an RFC 5322 message from the given sender to w. It is
// the exact byte stream that every transport delivers, apart from the
// Date, Message-ID and MIME boundaries, which are fresh for each call.
func Encode(w io.Writer, from Address, m *Message) error {
	msg, err := compose(from, m, time.Now())
	if err != nil {
		return err
	}
	if _, err := msg.WriteTo(w); err != nil {
		return fmt.Errorf("mail: encode message: %w", err)
	}
	return nil
}

// compose builds the go-mail message shared by all transports: UTF-8,
// an 8bit text part (quoted-printable when a line is too long), a
// quoted-printable HTML part, multipart/alternative when there is HTML and
// multipart/mixed around it when there are attachments.
func compose(from Address, m *Message, now time.Time) (*gomail.Msg, error) {
	if m == nil {
		return nil, fmt.Errorf("%w: nil message", ErrInvalidMessage)
	}
	fromAddr, err := checkAddress("sender", from)
	if err != nil {
		return nil, err
	}
	toAddr, err := checkAddress("recipient", m.To)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(m.Text) == "" {
		return nil, fmt.Errorf("%w: empty text body", ErrInvalidMessage)
	}
	if hasNewline(m.Subject) {
		return nil, fmt.Errorf("%w: subject contains a line break", ErrInvalidMessage)
	}
	id := m.ID
	if id == "" {
		if id, err = NewMessageID(fromAddr.Address); err != nil {
			return nil, err
		}
	} else if !validMessageID(id) {
		return nil, fmt.Errorf("%w: bad Message-ID %q", ErrInvalidMessage, id)
	}
	if !m.Date.IsZero() {
		now = m.Date
	} else if now.IsZero() {
		now = time.Now()
	}

	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(fromAddr)
	msg.ToMailAddress(toAddr)
	msg.Subject(m.Subject)
	msg.SetDateWithValue(now)
	msg.SetMessageIDWithValue(id)
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	if m.Lang != "" {
		if !isToken(m.Lang) {
			return nil, fmt.Errorf("%w: bad language tag %q", ErrInvalidMessage, m.Lang)
		}
		msg.SetGenHeader("Content-Language", m.Lang)
	}
	for k, v := range m.Headers {
		if err := checkHeader(k, v); err != nil {
			return nil, err
		}
		msg.SetGenHeader(gomail.Header(textproto.CanonicalMIMEHeaderKey(k)), v)
	}

	// The text part goes as plain 8bit when its lines are short enough, so
	// links stay whole and greppable in .eml files and mail sources;
	// longer lines fall back to quoted-printable.
	if shortLines(m.Text) {
		crlf := strings.ReplaceAll(m.Text, "\n", "\r\n") // 8bit bodies are written as given
		msg.SetBodyString(gomail.TypeTextPlain, crlf, gomail.WithPartEncoding(gomail.NoEncoding))
	} else {
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	}
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	if c := m.Calendar; c != nil {
		if !isToken(c.Method) || len(c.Data) == 0 {
			return nil, fmt.Errorf("%w: bad calendar part (method %q)", ErrInvalidMessage, c.Method)
		}
		msg.AddAlternativeString(gomail.ContentType("text/calendar; method="+strings.ToUpper(c.Method)), string(c.Data))
		if err := attach(msg, len(m.Attachments), Attachment{Filename: "invite.ics", ContentType: "application/ics", Data: c.Data}); err != nil {
			return nil, err
		}
	}
	for i, a := range m.Attachments {
		if err := attach(msg, i, a); err != nil {
			return nil, err
		}
	}
	return msg, nil
}

// attach adds one attachment after checking its name and media type.
func attach(msg *gomail.Msg, i int, a Attachment) error {
	if a.Filename == "" || hasNewline(a.Filename) || strings.ContainsAny(a.Filename, `"\/`) {
		return fmt.Errorf("%w: attachment %d: bad file name %q", ErrInvalidMessage, i, a.Filename)
	}
	ct := a.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	if _, _, err := mime.ParseMediaType(ct); err != nil || hasNewline(ct) {
		return fmt.Errorf("%w: attachment %q: bad content type %q", ErrInvalidMessage, a.Filename, ct)
	}
	err := msg.AttachReader(a.Filename, bytes.NewReader(a.Data),
		gomail.WithFileContentType(gomail.ContentType(ct)))
	if err != nil {
		return fmt.Errorf("mail: attachment %q: %w", a.Filename, err)
	}
	return nil
}

// checkAddress parses a into a net/mail address, refusing anything that is
// not a single plain addr-spec.
func checkAddress(role string, a Address) (*netmail.Address, error) {
	if a.Email == "" {
		return nil, fmt.Errorf("%w: %s address is empty", ErrInvalidMessage, role)
	}
	if hasNewline(a.Name) {
		return nil, fmt.Errorf("%w: %s name contains a line break", ErrInvalidMessage, role)
	}
	parsed, err := netmail.ParseAddress(a.Email)
	if err != nil || parsed.Address != a.Email || parsed.Name != "" {
		return nil, fmt.Errorf("%w: %s address %q is not a valid email address", ErrInvalidMessage, role, a.Email)
	}
	return &netmail.Address{Name: a.Name, Address: a.Email}, nil
}

// checkHeader refuses reserved names, malformed names and values that could
// inject further header lines.
func checkHeader(k, v string) error {
	if !isFieldName(k) {
		return fmt.Errorf("%w: bad header name %q", ErrInvalidMessage, k)
	}
	canon := textproto.CanonicalMIMEHeaderKey(k)
	if reservedHeaders[canon] {
		return fmt.Errorf("%w: header %s is set by the mail package", ErrInvalidMessage, canon)
	}
	if hasNewline(v) || strings.ContainsRune(v, 0) {
		return fmt.Errorf("%w: header %s contains a line break", ErrInvalidMessage, canon)
	}
	for _, r := range v {
		if r > 126 {
			return fmt.Errorf("%w: header %s must be ASCII", ErrInvalidMessage, canon)
		}
	}
	return nil
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewMessageID returns "random@domain" with 160 random bits and the
// domain of the sender's address, as RFC 5322 section 3.6.4 recommends:
// a Message-ID a caller can record before sending (Message.ID).
func NewMessageID(sender string) (string, error) {
	var b [20]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("mail: message id: %w", err)
	}
	domain := sender[strings.LastIndexByte(sender, '@')+1:]
	return strings.ToLower(idEncoding.EncodeToString(b[:])) + "@" + domain, nil
}

// validMessageID reports whether id is a plain "left@right" of printable
// ASCII without brackets, spaces or a second "@".
func validMessageID(id string) bool {
	if len(id) > 250 || strings.Count(id, "@") != 1 || strings.HasPrefix(id, "@") || strings.HasSuffix(id, "@") {
		return false
	}
	for _, r := range id {
		if r <= 32 || r >= 127 || strings.ContainsRune("<>()[]\\,;:\"", r) {
			return false
		}
	}
	return true
}

func hasNewline(s string) bool { return strings.ContainsAny(s, "\r\n") }

// isFieldName reports whether s is a valid RFC 5322 header field name.
func isFieldName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r <= 32 || r >= 127 || r == ':' {
			return false
		}
	}
	return true
}

// isToken reports whether s has only letters, digits and hyphens, as a
// language tag does.
func isToken(s string) bool {
	for _, r := range s {
		if !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return s != ""
}

// shortLines reports whether every line of s fits well within RFC 5322's
// 998-byte limit and s has no bare CR or NUL, so it can travel as 8bit.
func shortLines(s string) bool {
	if strings.ContainsAny(s, "\r\x00") {
		return false
	}
	for _, line := range strings.Split(s, "\n") {
		if len(line) > 900 {
			return false
		}
	}
	return true
}
