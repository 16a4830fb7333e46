package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// DefaultSMTPTimeout bounds each SMTP connection (dial, dialogue and data)
// unless the URL sets ?timeout= or the context has an earlier deadline.
const DefaultSMTPTimeout = 30 * time.Second

// SMTP delivers mail to a submission server with github.com/wneessen/go-mail.
// Each Send opens its own connection, so one SMTP is safe for concurrent use.
type SMTP struct {
	host     string
	port     int
	user     string
	pass     string
	implicit bool // smtps: TLS from the first byte
	policy   gomail.TLSPolicy
	timeout  time.Duration
	helo     string
	tls      *tls.Config
}

// NewSMTP parses a server URL: smtp://[user:pass@]host[:port] uses STARTTLS
// when offered (port 587 by default), smtps:// uses implicit TLS (port 465
// by default). Query parameters: tls=required|opportunistic|none,
// timeout=DURATION, helo=NAME. Errors never repeat the password.
func NewSMTP(rawURL string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // url.Error quotes the whole URL, password included
		}
		return nil, fmt.Errorf("mail: SMTP URL: %v", err)
	}
	s := &SMTP{timeout: DefaultSMTPTimeout, policy: gomail.TLSOpportunistic}
	switch u.Scheme {
	case "smtp":
		s.port = 587
	case "smtps":
		s.port, s.implicit, s.policy = 465, true, gomail.TLSMandatory
	case "":
		return nil, errors.New("mail: SMTP URL: missing scheme (want smtp:// or smtps://)")
	default:
		return nil, fmt.Errorf("mail: SMTP URL: unsupported scheme %q (want smtp or smtps)", u.Scheme)
	}
	if u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.Fragment != "" {
		return nil, errors.New("mail: SMTP URL: unexpected path or fragment (want scheme://[user:pass@]host[:port])")
	}
	if s.host = u.Hostname(); s.host == "" {
		return nil, errors.New("mail: SMTP URL: missing host")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("mail: SMTP URL: port %q out of range 1-65535", p)
		}
		s.port = n
	}
	if u.User != nil {
		s.user = u.User.Username()
		pass, ok := u.User.Password()
		if s.user == "" || !ok {
			return nil, errors.New("mail: SMTP URL: credentials need both user and password (user:pass@host)")
		}
		s.pass = pass
	}
	if err := s.parseQuery(u.RawQuery); err != nil {
		return nil, err
	}
	s.tls = &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
	return s, nil
}

// parseQuery applies the tls, timeout and helo parameters and refuses any
// other, so that a typo does not silently weaken the connection.
func (s *SMTP) parseQuery(raw string) error {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return fmt.Errorf("mail: SMTP URL: query: %v", err)
	}
	for key, vals := range q {
		v := vals[len(vals)-1]
		switch key {
		case "tls":
			switch {
			case v == "required":
				s.policy = gomail.TLSMandatory
			case v == "opportunistic" && !s.implicit:
				s.policy = gomail.TLSOpportunistic
			case v == "none" && !s.implicit:
				s.policy = gomail.NoTLS
			default:
				return fmt.Errorf("mail: SMTP URL: tls=%q not valid for %s (want required, opportunistic or none; smtps is always TLS)",
					v, map[bool]string{true: "smtps", false: "smtp"}[s.implicit])
			}
		case "timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return fmt.Errorf("mail: SMTP URL: timeout=%q is not a positive duration such as 30s", v)
			}
			s.timeout = d
		case "helo":
			if v == "" || strings.ContainsAny(v, " \r\n") {
				return fmt.Errorf("mail: SMTP URL: helo=%q is not a host name", v)
			}
			s.helo = v
		default:
			return fmt.Errorf("mail: SMTP URL: unknown parameter %q (known: tls, timeout, helo)", key)
		}
	}
	return nil
}

// String describes the server for logs, with the password redacted.
func (s *SMTP) String() string {
	scheme := "smtp"
	if s.implicit {
		scheme = "smtps"
	}
	u := url.URL{Scheme: scheme, Host: net.JoinHostPort(s.host, strconv.Itoa(s.port))}
	if s.user != "" {
		u.User = url.UserPassword(s.user, "xxxxx")
	}
	return u.String()
}

// Send delivers m from the sender in one SMTP session. A context deadline
// earlier than the configured timeout shortens the session.
func (s *SMTP) Send(ctx context.Context, from Address, m *Message) error {
	msg, err := compose(from, m, time.Now())
	if err != nil {
		return err
	}
	if err := msg.EnvelopeFrom(from.Email); err != nil {
		return fmt.Errorf("%w: envelope sender: %v", ErrInvalidMessage, err)
	}
	timeout := s.timeout
	if dl, ok := ctx.Deadline(); ok {
		if left := time.Until(dl); left < timeout {
			timeout = max(left, time.Millisecond)
		}
	}
	opts := []gomail.Option{
		gomail.WithPort(s.port),
		gomail.WithTimeout(timeout),
		gomail.WithTLSPolicy(s.policy),
		gomail.WithTLSConfig(s.tls),
	}
	if s.implicit {
		opts = append(opts, gomail.WithSSL())
	}
	if s.helo != "" {
		opts = append(opts, gomail.WithHELO(s.helo))
	}
	if s.user != "" {
		opts = append(opts,
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(s.user), gomail.WithPassword(s.pass))
	}
	client, err := gomail.NewClient(s.host, opts...)
	if err != nil {
		return fmt.Errorf("mail: SMTP client for %s: %w", s, err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send via %s: %w", s, err)
	}
	return nil
}
