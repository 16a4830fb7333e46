// Package mailtest runs an in-process SMTP server for tests and decodes
// the messages it receives or that the directory transport wrote, so tests
// can assert on subjects, bodies and sign-in links.
package mailtest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Server is an SMTP server on 127.0.0.1 that keeps every message it
// accepts. It is safe for concurrent use.
type Server struct {
	srv        *smtp.Server
	ln         net.Listener
	user, pass string

	mu       sync.Mutex
	messages []*Received
	changed  chan struct{} // closed and replaced on every new message
	errs     []error
}

// Option configures a Server.
type Option func(*Server)

// WithAuth makes the server offer AUTH PLAIN over plain TCP and refuse mail
// from clients that have not authenticated with user and pass.
func WithAuth(user, pass string) Option {
	return func(s *Server) { s.user, s.pass = user, pass }
}

// NewServer starts a server on 127.0.0.1 on a free port and stops it when
// the test ends.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{changed: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	s.ln = ln
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{s: s}, nil
	}))
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.MaxMessageBytes = MaxMessageBytes
	s.srv.ReadTimeout = 10 * time.Second
	s.srv.WriteTimeout = 10 * time.Second
	go func() { _ = s.srv.Serve(ln) }()
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// Addr returns the host:port the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// URL returns an smtp:// URL for mail.NewSMTP, with the credentials when
// the server requires them.
func (s *Server) URL() string {
	u := url.URL{Scheme: "smtp", Host: s.Addr()}
	if s.user != "" {
		u.User = url.UserPassword(s.user, s.pass)
	}
	return u.String()
}

// Close stops the server; messages already received stay readable.
func (s *Server) Close() error {
	err := s.srv.Close()
	if lerr := s.ln.Close(); lerr != nil && !errors.Is(lerr, net.ErrClosed) && err == nil {
		err = lerr
	}
	if errors.Is(err, smtp.ErrServerClosed) {
		err = nil
	}
	return err
}

// Messages returns the messages received so far, oldest first.
func (s *Server) Messages() []*Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Received(nil), s.messages...)
}

// Errors returns the messages that arrived but could not be decoded.
func (s *Server) Errors() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]error(nil), s.errs...)
}

// WaitFor waits until at least n messages have arrived and returns them;
// it fails the test after timeout.
func (s *Server) WaitFor(t testing.TB, n int, timeout time.Duration) []*Received {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		got, changed := len(s.messages), s.changed
		s.mu.Unlock()
		if got >= n {
			return s.Messages()
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("mailtest: got %d messages after %v, want %d (decode errors: %v)", got, timeout, n, s.Errors())
			return nil
		}
	}
}

func (s *Server) add(r *Received, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.errs = append(s.errs, err)
		return
	}
	s.messages = append(s.messages, r)
	close(s.changed)
	s.changed = make(chan struct{})
}

// session is one SMTP connection's state.
type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

var errAuthRequired = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}

func (c *session) AuthMechanisms() []string {
	if c.s.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (c *session) Auth(mech string) (sasl.Server, error) {
	if c.s.user == "" || mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != c.s.user || pass != c.s.pass {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Invalid credentials"}
		}
		c.authed = true
		return nil
	}), nil
}

func (c *session) Mail(from string, _ *smtp.MailOptions) error {
	if c.s.user != "" && !c.authed {
		return errAuthRequired
	}
	c.from, c.to = from, nil
	return nil
}

func (c *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	c.to = append(c.to, to)
	return nil
}

func (c *session) Data(r io.Reader) error {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return err
	}
	rec, err := ParseEML(buf.Bytes())
	if err != nil {
		c.s.add(nil, fmt.Errorf("message from %s: %w", c.from, err))
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "Undecodable message"}
	}
	rec.From, rec.To = c.from, append([]string(nil), c.to...)
	c.s.add(rec, nil)
	return nil
}

func (c *session) Reset()        { c.from, c.to = "", nil }
func (c *session) Logout() error { return nil }

var _ smtp.AuthSession = (*session)(nil)
