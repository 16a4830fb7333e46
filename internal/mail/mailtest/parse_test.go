package mailtest

import (
	"bytes"
	"strings"
	"testing"
)

const nestedEML = "From: =?utf-8?q?Cort=C3=A8ge?= <noreply@c.example>\r\n" +
	"To: ada@example.org\r\n" +
	"Subject: =?utf-8?q?R=C3=A9union?= du =?utf-8?b?bHVuZGk=?=\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=\"mix\"\r\n" +
	"\r\n" +
	"--mix\r\n" +
	"Content-Type: multipart/alternative; boundary=alt\r\n" +
	"\r\n" +
	"--alt\r\n" +
	"Content-Type: text/plain; charset=UTF-8\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"Voir https://c.example/login/abc?x=3D1 et =C3=A0 bient=C3=B4t=\r\n" +
	"t.\r\n" +
	"--alt\r\n" +
	"Content-Type: text/html; charset=UTF-8\r\n" +
	"\r\n" +
	"<p>html</p>\r\n" +
	"--alt--\r\n" +
	"--mix\r\n" +
	"Content-Type: text/calendar; method=REQUEST; name=\"e.ics\"\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"Content-Disposition: attachment; filename=\"e.ics\"\r\n" +
	"\r\n" +
	"QkVHSU46VkNB\r\nTEVOREFS\r\n" +
	"--mix--\r\n"

func TestParseEMLNested(t *testing.T) {
	r, err := ParseEML([]byte(nestedEML))
	if err != nil {
		t.Fatal(err)
	}
	if r.Subject != "Réunion du lundi" {
		t.Errorf("Subject = %q", r.Subject)
	}
	if r.Text != "Voir https://c.example/login/abc?x=1 et à bientôtt." {
		t.Errorf("Text = %q", r.Text)
	}
	if got := r.Links(); len(got) != 1 || got[0] != "https://c.example/login/abc?x=1" {
		t.Errorf("Links = %q", got)
	}
	if r.HTML != "<p>html</p>" {
		t.Errorf("HTML = %q", r.HTML)
	}
	if len(r.Attachments) != 1 || r.Attachments[0].Filename != "e.ics" || string(r.Attachments[0].Data) != "BEGIN:VCALENDAR" {
		t.Errorf("Attachments = %+v", r.Attachments)
	}
	if !strings.HasPrefix(r.Attachments[0].ContentType, "text/calendar; method=REQUEST") {
		t.Errorf("attachment type = %q", r.Attachments[0].ContentType)
	}
	if r.HeaderDecoded("From") != "Cortège <noreply@c.example>" {
		t.Errorf("From = %q", r.HeaderDecoded("From"))
	}
}

func TestParseEMLLimits(t *testing.T) {
	deep := "Content-Type: multipart/mixed; boundary=b0\r\n\r\n"
	for i := 1; i <= 12; i++ {
		deep += "--b" + string(rune('0'+i-1)) + "\r\nContent-Type: multipart/mixed; boundary=b" + string(rune('0'+i)) + "\r\n\r\n"
	}
	if _, err := ParseEML([]byte(deep)); err == nil || !strings.Contains(err.Error(), "too deeply nested") {
		t.Errorf("deep nesting: err = %v", err)
	}
	var many bytes.Buffer
	many.WriteString("Content-Type: multipart/mixed; boundary=b\r\n\r\n")
	for range 200 {
		many.WriteString("--b\r\n\r\nx\r\n")
	}
	many.WriteString("--b--\r\n")
	if _, err := ParseEML(many.Bytes()); err == nil || !strings.Contains(err.Error(), "too many parts") {
		t.Errorf("many parts: err = %v", err)
	}
	if _, err := ParseEML(make([]byte, MaxMessageBytes+1)); err == nil {
		t.Error("oversized message accepted")
	}
	for _, bad := range []string{"", "no header line\r\n", "Content-Type: multipart/mixed\r\n\r\nx", "Content-Transfer-Encoding: rot13\r\n\r\nx"} {
		if _, err := ParseEML([]byte(bad)); err == nil {
			t.Errorf("ParseEML(%q) succeeded", bad)
		}
	}
}

// FuzzParseEML checks that ParseEML never panics or hangs on any input and
// that what it accepts stays within its limits.
func FuzzParseEML(f *testing.F) {
	f.Add([]byte(nestedEML))
	f.Add([]byte("Subject: hi\r\n\r\nbody\r\n"))
	f.Add([]byte("Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\naGk=\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := ParseEML(raw)
		if err != nil {
			return
		}
		if len(r.Attachments) > maxParts || len(r.Text) > MaxMessageBytes {
			t.Fatalf("limits exceeded: %d attachments, %d bytes of text", len(r.Attachments), len(r.Text))
		}
		_ = r.Links()
	})
}
