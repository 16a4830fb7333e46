package mail_test

import (
	"bytes"
	"errors"
	"net/mail"
	"regexp"
	"strings"
	"testing"

	cmail "codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/mail/mailtest"
)

func encode(t *testing.T, m *cmail.Message) *mailtest.Received {
	t.Helper()
	var buf bytes.Buffer
	if err := cmail.Encode(&buf, testFrom, m); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	r, err := mailtest.ParseEML(buf.Bytes())
	if err != nil {
		t.Fatalf("ParseEML: %v\n%s", err, buf.Bytes())
	}
	return r
}

func TestEncodeTextOnly(t *testing.T) {
	r := encode(t, &cmail.Message{To: cmail.Address{Email: "ada@example.org"}, Subject: "Hello", Text: "Line one\nhttps://x.example/a?b=c&d=e\n", Lang: "en"})
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || !strings.Contains(strings.ToLower(ct), "charset=utf-8") {
		t.Errorf("Content-Type = %q, want text/plain UTF-8", ct)
	}
	if got := r.Header.Get("Content-Transfer-Encoding"); got != "8bit" {
		t.Errorf("Content-Transfer-Encoding = %q", got)
	}
	for k, want := range map[string]string{"Auto-Submitted": "auto-generated", "Content-Language": "en", "Mime-Version": "1.0"} {
		if got := r.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if _, err := r.Header.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if got := r.Header.Get("User-Agent") + r.Header.Get("X-Mailer"); got != "" {
		t.Errorf("mailer advertised: %q", got)
	}
	from, err := mail.ParseAddress(r.Header.Get("From"))
	if err != nil || from.Name != testFrom.Name || from.Address != testFrom.Email {
		t.Errorf("From = %q (%v), want %v", r.Header.Get("From"), err, testFrom)
	}
	if links := r.Links(); len(links) != 1 || links[0] != "https://x.example/a?b=c&d=e" {
		t.Errorf("Links = %q", links)
	}
}

var msgIDRE = regexp.MustCompile(`^<[a-z2-7]{32}@cortege\.example>$`)

func TestEncodeMessageIDUnique(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		r := encode(t, &cmail.Message{To: cmail.Address{Email: "ada@example.org"}, Subject: "x", Text: "x"})
		id := r.Header.Get("Message-Id")
		if !msgIDRE.MatchString(id) {
			t.Fatalf("Message-ID %q does not match %v", id, msgIDRE)
		}
		if seen[id] {
			t.Fatalf("Message-ID %q repeated", id)
		}
		seen[id] = true
	}
}

func TestEncodeNonASCII(t *testing.T) {
	subject := "Réunion à 18 h — « Marche pour le climat » 🌍"
	to := cmail.Address{Name: "Zoé Ça-Va", Email: "zoe@example.org"}
	var buf bytes.Buffer
	if err := cmail.Encode(&buf, testFrom, &cmail.Message{To: to, Subject: subject, Text: "Bienvenue à la réunion, déjà 1 000 inscrits.\n"}); err != nil {
		t.Fatal(err)
	}
	head, _, _ := bytes.Cut(buf.Bytes(), []byte("\r\n\r\n"))
	for i, c := range head {
		if c > 127 {
			t.Fatalf("non-ASCII byte in headers at %d:\n%s", i, head)
		}
	}
	r, err := mailtest.ParseEML(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if r.Subject != subject {
		t.Errorf("Subject = %q, want %q", r.Subject, subject)
	}
	got, err := (&mail.AddressParser{}).Parse(r.Header.Get("To"))
	if err != nil || got.Name != to.Name || got.Address != to.Email {
		t.Errorf("To = %q (%v), want %v", r.Header.Get("To"), err, to)
	}
	if r.HeaderDecoded("From") != `"Cortège Lyon" <noreply@cortege.example>` && !strings.Contains(r.HeaderDecoded("From"), "Cortège Lyon") {
		t.Errorf("From decoded = %q", r.HeaderDecoded("From"))
	}
	if r.Text != "Bienvenue à la réunion, déjà 1 000 inscrits.\n" && strings.TrimSpace(r.Text) != "Bienvenue à la réunion, déjà 1 000 inscrits." {
		t.Errorf("Text = %q", r.Text)
	}
}

func TestEncodeMultipartWithAttachment(t *testing.T) {
	ics := []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n")
	r := encode(t, &cmail.Message{
		To: cmail.Address{Email: "ada@example.org"}, Subject: "Invitation",
		Text: "Voir l'invitation.", HTML: "<p>Voir l'<b>invitation</b>.</p>",
		Headers: map[string]string{
			"List-Unsubscribe":      "<https://cortege.example/u/abc>",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		},
		Attachments: []cmail.Attachment{{Filename: "event.ics", ContentType: "text/calendar; method=REQUEST", Data: ics}},
	})
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/mixed") {
		t.Errorf("top Content-Type = %q, want multipart/mixed", ct)
	}
	if !bytes.Contains(r.Raw, []byte("Content-Type: multipart/alternative")) {
		t.Error("no multipart/alternative inside the mixed part")
	}
	if strings.TrimSpace(r.Text) != "Voir l'invitation." || !strings.Contains(r.HTML, "<b>invitation</b>") {
		t.Errorf("Text = %q, HTML = %q", r.Text, r.HTML)
	}
	if len(r.Attachments) != 1 {
		t.Fatalf("attachments = %d, want 1", len(r.Attachments))
	}
	a := r.Attachments[0]
	if a.Filename != "event.ics" || !strings.HasPrefix(a.ContentType, "text/calendar; method=REQUEST") || !bytes.Equal(a.Data, ics) {
		t.Errorf("attachment = %q %q %q", a.Filename, a.ContentType, a.Data)
	}
	if r.Header.Get("List-Unsubscribe") != "<https://cortege.example/u/abc>" || r.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe headers = %q", r.Header)
	}
}

func TestEncodeHTMLWithoutAttachment(t *testing.T) {
	r := encode(t, &cmail.Message{To: cmail.Address{Email: "ada@example.org"}, Subject: "s", Text: "t", HTML: "<p>h</p>"})
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/alternative") {
		t.Errorf("Content-Type = %q, want multipart/alternative", ct)
	}
	if r.HTML == "" || len(r.Attachments) != 0 {
		t.Errorf("HTML = %q, attachments = %d", r.HTML, len(r.Attachments))
	}
}

func TestEncodeRejects(t *testing.T) {
	ok := func() *cmail.Message {
		return &cmail.Message{To: cmail.Address{Email: "ada@example.org"}, Subject: "s", Text: "t"}
	}
	tests := []struct {
		name   string
		edit   func(*cmail.Message)
		substr string
	}{
		{"empty recipient", func(m *cmail.Message) { m.To.Email = "" }, "recipient address is empty"},
		{"bad recipient", func(m *cmail.Message) { m.To.Email = "not an address" }, "not a valid email"},
		{"recipient with name", func(m *cmail.Message) { m.To.Email = "Eve <eve@example.org>" }, "not a valid email"},
		{"name injection", func(m *cmail.Message) { m.To.Name = "Eve\r\nBcc: x@example.org" }, "line break"},
		{"subject injection", func(m *cmail.Message) { m.Subject = "hi\r\nBcc: x@example.org" }, "subject contains a line break"},
		{"empty text", func(m *cmail.Message) { m.Text = " \n" }, "empty text body"},
		{"header injection", func(m *cmail.Message) { m.Headers = map[string]string{"X-A": "b\nBcc: x@example.org"} }, "line break"},
		{"reserved header", func(m *cmail.Message) { m.Headers = map[string]string{"message-id": "<x@y>"} }, "Message-Id is set by the mail package"},
		{"bad header name", func(m *cmail.Message) { m.Headers = map[string]string{"X A:": "b"} }, "bad header name"},
		{"non-ASCII header", func(m *cmail.Message) { m.Headers = map[string]string{"X-A": "é"} }, "must be ASCII"},
		{"bad lang", func(m *cmail.Message) { m.Lang = "fr\r\nX: y" }, "bad language tag"},
		{"bad attachment type", func(m *cmail.Message) {
			m.Attachments = []cmail.Attachment{{Filename: "a.ics", ContentType: "text/calendar; ;;="}}
		}, "bad content type"},
		{"attachment without name", func(m *cmail.Message) { m.Attachments = []cmail.Attachment{{Data: []byte("x")}} }, "bad file name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ok()
			tt.edit(m)
			err := cmail.Encode(&bytes.Buffer{}, testFrom, m)
			if err == nil || !strings.Contains(err.Error(), tt.substr) || !errors.Is(err, cmail.ErrInvalidMessage) {
				t.Fatalf("err = %v, want ErrInvalidMessage containing %q", err, tt.substr)
			}
		})
	}
	if err := cmail.Encode(&bytes.Buffer{}, cmail.Address{Email: "bad"}, ok()); !errors.Is(err, cmail.ErrInvalidMessage) {
		t.Errorf("bad sender: err = %v", err)
	}
}

// A sign-in link must stand whole in the raw message (people and scripts
// grep .eml files for it), and a text with a line too long for 8bit falls
// back to quoted-printable.
func TestTextPartEncoding(t *testing.T) {
	link := "https://mobilisation.example.org/login/confirm?token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEfG"
	var buf bytes.Buffer
	if err := cmail.Encode(&buf, testFrom, &cmail.Message{To: cmail.Address{Email: "a@example.org"}, Subject: "x", Text: "Lien :\n" + link + "\n", HTML: "<p>x</p>"}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(link+"\r\n")) {
		t.Fatalf("link not whole in raw message:\n%s", buf.Bytes())
	}
	long := strings.Repeat("mot ", 400)
	r := encode(t, &cmail.Message{To: cmail.Address{Email: "a@example.org"}, Subject: "x", Text: long})
	if got := r.Header.Get("Content-Transfer-Encoding"); got != "quoted-printable" {
		t.Fatalf("long line sent as %q", got)
	}
	if strings.TrimSpace(r.Text) != strings.TrimSpace(long) {
		t.Fatal("long text did not round-trip")
	}
}

// TestEncodeCalendarPart: an iTIP message goes as a text/calendar part
// with its method inside multipart/alternative (where calendar programs
// look) and as invite.ics, byte for byte, CRLF line ends kept.
func TestEncodeCalendarPart(t *testing.T) {
	ics := []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:a@x\r\nSUMMARY:" + strings.Repeat("é", 40) + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	var buf bytes.Buffer
	m := &cmail.Message{To: cmail.Address{Email: "ada@example.org"}, Subject: "Annulé", Text: "Annulé.", HTML: "<p>Annulé.</p>",
		Calendar: &cmail.Calendar{Method: "CANCEL", Data: ics}}
	if err := cmail.Encode(&buf, testFrom, m); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	alt := strings.Index(raw, "multipart/alternative")
	cal := strings.Index(raw, "Content-Type: text/calendar; method=CANCEL; charset=UTF-8")
	if alt < 0 || cal < alt {
		t.Fatalf("no text/calendar alternative after multipart/alternative:\n%s", raw)
	}
	r, err := mailtest.ParseEML(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var part, file bool
	for _, a := range r.Attachments {
		switch {
		case a.Filename == "invite.ics" && strings.HasPrefix(a.ContentType, "application/ics"):
			file = bytes.Equal(a.Data, ics)
		case strings.HasPrefix(a.ContentType, "text/calendar; method=CANCEL"):
			part = bytes.Equal(a.Data, ics)
		}
	}
	if !part || !file || strings.TrimSpace(r.Text) != "Annulé." {
		t.Fatalf("calendar part %v, invite.ics %v, attachments %+v", part, file, r.Attachments)
	}
	m.Calendar.Method = "CANCEL\r\nBcc: x@y"
	if err := cmail.Encode(&buf, testFrom, m); !errors.Is(err, cmail.ErrInvalidMessage) {
		t.Fatalf("bad method: %v", err)
	}
}
