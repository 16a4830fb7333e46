package reliability

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"codeberg.org/cortege/cortege/internal/mail/mailtest"
)

// The kinds of write the load makes.
const (
	kindAnon    = "anonymous registrations"
	kindJoin    = "signed-in registrations"
	kindComment = "comments"
	kindInvite  = "invitations"
)

var kinds = []string{kindAnon, kindJoin, kindComment, kindInvite, kindSign, kindConfirm}

// Budgets that keep each account under the server's own limits, so that
// what is refused is the exception: 30 comments an hour a profile, 125
// invitations an hour for an administrator.
const (
	commentsPerUser = 25
	invitesPerAdmin = 110
)

// write is one write the load made: its kind and the key the database
// check finds it by (an address, a comment's text, an event and an
// address).
type write struct{ kind, key string }

// client is a browser: its own cookies and its own address, sent as
// X-Forwarded-For (the node trusts the proxy header, so the per-IP limits
// see many people, as in life).
type client struct {
	c     *http.Client
	ip    string
	email string
	group string          // an administrator's group handle
	used  int             // comments or invitations made
	tried map[string]bool // events a user tried to join
}

func newClient(email string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{
		c: &http.Client{Jar: jar, Timeout: 15 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		ip: randomIP(), email: email, tried: map[string]bool{},
	}
}

func randomIP() string {
	return fmt.Sprintf("10.%d.%d.%d", rand.IntN(256), rand.IntN(256), 1+rand.IntN(254))
}

// post sends a form as the client (from ip when set) and returns the
// status, the Location and the body.
func (c *client) post(base, path string, form url.Values, ip string) (int, string, string, error) {
	req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, "", "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "fr")
	if ip == "" {
		ip = c.ip
	}
	req.Header.Set("X-Forwarded-For", ip)
	r, err := c.c.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer r.Body.Close()
	b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return 0, "", "", err // cut off: not an answer
	}
	return r.StatusCode, r.Header.Get("Location"), string(b), nil
}

// load is the population of the harness and the journal of what it
// wrote.
type load struct {
	base   string
	admins []*client
	users  []*client
	anon   *client
	events []string

	mu      sync.Mutex
	acked   []write         // answered 2xx or 303: must be in the database, once
	tried   []write         // sent, answer lost: may be there, at most once
	refused map[int]int     // other answers by status (limits reached…)
	errs    []string        // 5xx answers: never acceptable
	seq     atomic.Int64    // makes every address and comment unique
	pairs   map[string]bool // event+address pairs already tried

	petition *petitionLoad    // the petition signed (signature_test.go)
	smtp     *mailtest.Server // where its confirmation links come
}

// step makes one write chosen at random and records its fate. It returns
// an error when the node did not answer (killed).
func (l *load) step() error {
	r := rand.IntN(13)
	switch {
	case r < 4:
		return l.anonymous()
	case r < 6:
		if u := l.pick(l.users, commentsPerUser); u != nil {
			return l.comment(u)
		}
	case r < 7:
		if u, ev := l.pickPair(); u != nil {
			return l.join(u, ev)
		}
	case r < 8:
		if a := l.pick(l.admins, invitesPerAdmin); a != nil {
			return l.invite(a)
		}
	case r < 10:
		return l.sign()
	default:
		return l.confirmSignature()
	}
	return l.anonymous() // budgets spent: registrations have no account limit
}

// pick returns a client under its budget (counting one use), nil if none.
func (l *load) pick(cs []*client, budget int) *client {
	l.mu.Lock()
	defer l.mu.Unlock()
	for range 8 {
		c := cs[rand.IntN(len(cs))]
		if c.used < budget {
			c.used++
			return c
		}
	}
	return nil
}

// pickPair returns a user and an event the user has not tried to join.
func (l *load) pickPair() (*client, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for range 8 {
		u, ev := l.users[rand.IntN(len(l.users))], l.events[rand.IntN(len(l.events))]
		if !u.tried[ev] {
			u.tried[ev] = true
			return u, ev
		}
	}
	return nil, ""
}

// send posts a write and journals it: acked when ok accepts the answer.
func (l *load) send(c *client, w write, path string, form url.Values, ip string, ok func(status int, loc, body string) bool) error {
	status, loc, body, err := c.post(l.base, path, form, ip)
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case err != nil:
		l.tried = append(l.tried, w)
		return err
	case ok(status, loc, body):
		l.acked = append(l.acked, w)
	case status >= 500:
		l.errs = append(l.errs, fmt.Sprintf("POST %s: %d", path, status))
	default:
		l.refused[status]++
	}
	return nil
}

func seeOther(status int, loc, _ string) bool { return status == http.StatusSeeOther && loc != "" }

func (l *load) anonymous() error {
	ev := l.events[rand.IntN(len(l.events))]
	email := fmt.Sprintf("anon%d@example.net", l.seq.Add(1))
	return l.send(l.anon, write{kindAnon, ev + " " + email}, "/events/"+ev+"/join",
		url.Values{"name": {"Anonyme " + email[:8]}, "email": {email}}, randomIP(), seeOther)
}

func (l *load) join(u *client, ev string) error {
	return l.send(u, write{kindJoin, ev + " " + u.email}, "/events/"+ev+"/join", url.Values{}, "", seeOther)
}

func (l *load) comment(u *client) error {
	ev := l.events[rand.IntN(len(l.events))]
	body := fmt.Sprintf("Commentaire n°%d de %s", l.seq.Add(1), u.email)
	return l.send(u, write{kindComment, body}, "/events/"+ev+"/comments", url.Values{"body": {body}}, "", seeOther)
}

func (l *load) invite(a *client) error {
	email := fmt.Sprintf("inv%d@example.net", l.seq.Add(1))
	return l.send(a, write{kindInvite, email}, "/@"+a.group+"/members/invite",
		url.Values{"who": {email}, "message": {"Rejoignez-nous !"}}, "", seeOther)
}

var tokenRE = regexp.MustCompile(`/login/confirm\?token=([A-Za-z0-9_-]{43})`)

// confirm signs c in with the token of a sign-in link.
func (l *load) confirm(c *client, token string) error {
	status, _, _, err := c.post(l.base, "/login/confirm", url.Values{"token": {token}}, "")
	if err != nil {
		return err
	}
	if status != http.StatusSeeOther {
		return fmt.Errorf("sign-in of %s: %d", c.email, status)
	}
	// A first sign-in chooses a public name and handle before publishing.
	sum := sha256.Sum256([]byte(c.email))
	handle := "load_" + hex.EncodeToString(sum[:8])
	status, _, _, err = c.post(l.base, "/welcome", url.Values{"display_name": {handle}, "handle": {handle}}, "")
	if err != nil {
		return err
	}
	if status != http.StatusSeeOther {
		return fmt.Errorf("identity of %s: %d", c.email, status)
	}
	return nil
}
