package mail_test

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/mail/mailtest"
)

func TestSMTPSend(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts []mailtest.Option
	}{
		{"no auth", nil},
		{"auth plain", []mailtest.Option{mailtest.WithAuth("cortege", "s3cr:t/é")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.NewServer(t, tt.opts...)
			tr, err := mail.NewSMTP(srv.URL() + "?timeout=5s")
			if err != nil {
				t.Fatal(err)
			}
			m := &mail.Message{
				To: mail.Address{Name: "Zoé", Email: "zoe@example.org"}, Subject: "Votre lien de connexion à Cortège",
				Text: "https://cortege.example/login/tok\n", HTML: "<p>lien</p>",
				Attachments: []mail.Attachment{{Filename: "e.ics", ContentType: "text/calendar; method=REQUEST", Data: []byte("BEGIN:VCALENDAR")}},
			}
			if err := tr.Send(context.Background(), testFrom, m); err != nil {
				t.Fatal(err)
			}
			r := srv.WaitFor(t, 1, 5*time.Second)[0]
			if r.From != testFrom.Email || len(r.To) != 1 || r.To[0] != "zoe@example.org" {
				t.Errorf("envelope = %q -> %q", r.From, r.To)
			}
			if r.Subject != m.Subject || r.Links()[0] != "https://cortege.example/login/tok" {
				t.Errorf("Subject = %q, links = %q", r.Subject, r.Links())
			}
			if len(r.Attachments) != 1 || string(r.Attachments[0].Data) != "BEGIN:VCALENDAR" {
				t.Errorf("attachments = %+v", r.Attachments)
			}
		})
	}
}

func TestSMTPAuthFailures(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.WithAuth("cortege", "right"))
	m := &mail.Message{To: mail.Address{Email: "zoe@example.org"}, Subject: "s", Text: "t"}
	for name, url := range map[string]string{
		"wrong password": "smtp://cortege:wrong@" + srv.Addr(),
		"no credentials": "smtp://" + srv.Addr(),
	} {
		t.Run(name, func(t *testing.T) {
			tr, err := mail.NewSMTP(url)
			if err != nil {
				t.Fatal(err)
			}
			err = tr.Send(context.Background(), testFrom, m)
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if strings.Contains(err.Error(), "wrong") {
				t.Errorf("error leaks the password: %v", err)
			}
		})
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server accepted %d messages", n)
	}
}

func TestSMTPRequiredTLSRefusesPlainServer(t *testing.T) {
	srv := mailtest.NewServer(t)
	tr, err := mail.NewSMTP("smtp://" + srv.Addr() + "?tls=required")
	if err != nil {
		t.Fatal(err)
	}
	err = tr.Send(context.Background(), testFrom, &mail.Message{To: mail.Address{Email: "a@example.org"}, Subject: "s", Text: "t"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("err = %v, want a STARTTLS error", err)
	}
}

func TestSMTPUnreachable(t *testing.T) {
	srv := mailtest.NewServer(t)
	addr := srv.Addr()
	_ = srv.Close()
	tr, err := mail.NewSMTP("smtp://" + addr + "?timeout=2s")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := tr.Send(context.Background(), testFrom, &mail.Message{To: mail.Address{Email: "a@example.org"}, Subject: "s", Text: "t"}); err == nil {
		t.Fatal("want an error from a closed port")
	}
	if time.Since(start) > 3*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}

// Both transports emit the same bytes apart from Date, Message-ID and the
// MIME boundaries.
func TestSMTPAndDirSameBytes(t *testing.T) {
	m := &mail.Message{
		To: mail.Address{Name: "Zoé", Email: "zoe@example.org"}, Subject: "Réunion", Lang: "fr",
		Text: "Bonjour à tous\n", HTML: "<p>Bonjour à tous</p>",
		Headers:     map[string]string{"List-Unsubscribe": "<https://c.example/u>"},
		Attachments: []mail.Attachment{{Filename: "e.ics", ContentType: "text/calendar; method=REQUEST", Data: []byte("X")}},
	}
	srv := mailtest.NewServer(t)
	tr, err := mail.NewSMTP(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Send(context.Background(), testFrom, m); err != nil {
		t.Fatal(err)
	}
	viaSMTP := srv.WaitFor(t, 1, 5*time.Second)[0].Raw
	dir := t.TempDir()
	if err := mail.NewDir(dir).Send(context.Background(), testFrom, m); err != nil {
		t.Fatal(err)
	}
	names, _ := readDir(t, dir)
	viaDir, err := os.ReadFile(names[0])
	if err != nil {
		t.Fatal(err)
	}
	a, b := normalize(viaSMTP), normalize(viaDir)
	if !bytes.Equal(a, b) {
		t.Errorf("transports differ:\n--- smtp\n%s\n--- dir\n%s", a, b)
	}
}

var (
	volatileHeader = regexp.MustCompile(`(?m)^(Date|Message-ID): .*\r\n`)
	boundaryParam  = regexp.MustCompile(`boundary="?([^";\r\n]+)`)
)

func normalize(raw []byte) []byte {
	raw = volatileHeader.ReplaceAll(raw, []byte("$1: X\r\n"))
	for i, m := range boundaryParam.FindAllSubmatch(raw, -1) {
		raw = bytes.ReplaceAll(raw, m[1], []byte{'B', byte('0' + i)})
	}
	return raw
}
