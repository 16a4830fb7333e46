package mail_test

import (
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/mail"
)

func TestNewSMTPRejectsBadURLs(t *testing.T) {
	tests := []struct{ url, want string }{
		{"", "missing scheme"},
		{"mail.example.org:587", "unsupported scheme"},
		{"http://mail.example.org", `unsupported scheme "http"`},
		{"smtp://", "missing host"},
		{"smtp://:587", "missing host"},
		{"smtp://mail.example.org:0", "port \"0\" out of range"},
		{"smtp://mail.example.org:99999", "out of range"},
		{"smtp://u:hunter2@mail.example.org:x", "invalid port"},
		{"smtp://user@mail.example.org", "need both user and password"},
		{"smtp://mail.example.org/inbox", "unexpected path"},
		{"smtp://mail.example.org?tls=maybe", `tls="maybe"`},
		{"smtps://mail.example.org?tls=none", "smtps is always TLS"},
		{"smtp://mail.example.org?timeout=soon", `timeout="soon"`},
		{"smtp://mail.example.org?timeout=-1s", "positive duration"},
		{"smtp://mail.example.org?starttls=1", `unknown parameter "starttls"`},
		{"smtp://u:hunter2@mail.example.org?tsl=required", `unknown parameter "tsl"`},
		{"smtp://u:hunter2@mail.exa mple.org", "invalid character"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, err := mail.NewSMTP(tt.url)
			if err == nil {
				t.Fatalf("NewSMTP(%q) succeeded", tt.url)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error leaks the password: %q", err)
			}
		})
	}
}

func TestNewSMTPAccepts(t *testing.T) {
	tests := []struct{ url, str string }{
		{"smtp://mail.example.org", "smtp://mail.example.org:587"},
		{"smtp://mail.example.org:25", "smtp://mail.example.org:25"},
		{"smtps://mail.example.org", "smtps://mail.example.org:465"},
		{"smtp://user%40example.org:p%40ss@mail.example.org:2525?tls=required&timeout=10s",
			"smtp://user%40example.org:xxxxx@mail.example.org:2525"},
		{"smtps://u:p@[::1]:4650?helo=cortege.example", "smtps://u:xxxxx@[::1]:4650"},
		{"smtp://relay.local?tls=none", "smtp://relay.local:587"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			s, err := mail.NewSMTP(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.String(); got != tt.str {
				t.Errorf("String() = %q, want %q", got, tt.str)
			}
		})
	}
}
