package reliability

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The kinds of write of petitions: a signature submitted (202: the row
// and its confirmation mail's job are durable) and a confirmation (200:
// counted, and its entry appended to the petition's log).
const (
	kindSign    = "signatures"
	kindConfirm = "confirmed signatures"
)

// petitionLoad is the petition the harness signs, and the confirmation
// links read from the mail as it comes.
type petitionLoad struct {
	id       string
	seen     int      // messages of the SMTP server already read
	links    []string // confirmation tokens not followed yet
	linkedTo map[string]string
}

var confirmRE = regexp.MustCompile(`/petitions/[A-Za-z0-9]+/confirm\?token=([A-Za-z0-9_-]{43})`)

// setUpPetition makes an API token for the first administrator (the
// one-shot command, beside the running node) and a published national
// petition through the API.
func setUpPetition(t *testing.T, n *node, l *load) {
	t.Helper()
	out, err := n.run("token", "create", "--email", "admin0@example.org", "--scope", "read,write")
	if err != nil {
		t.Fatalf("token create: %v\n%s", err, out)
	}
	tok := strings.TrimSpace(out[strings.LastIndexByte(strings.TrimSpace(out), '\n')+1:])
	var created struct{ Petition struct{ ID string } }
	body := map[string]any{"title": "Pour des trains de nuit", "text": "Nous demandons des trains de nuit.",
		"addressee": "Le ministre des Transports", "goal": 100000, "scope": "national"}
	if status, b, err := apiPost(l.anon, l.base, "/api/v1/petitions", body, tok, ""); err != nil || status != http.StatusCreated || json.Unmarshal(b, &created) != nil || created.Petition.ID == "" {
		t.Fatalf("create petition: %d %v\n%.2000s", status, err, b)
	}
	id := created.Petition.ID
	if status, b, err := apiPost(l.anon, l.base, "/api/v1/petitions/"+id+"/publish", map[string]any{}, tok, ""); err != nil || status != http.StatusOK {
		t.Fatalf("publish petition: %d %v\n%.2000s", status, err, b)
	}
	l.petition = &petitionLoad{id: id, linkedTo: map[string]string{}}
}

// apiPost posts JSON (with a bearer token when given, from ip when set).
func apiPost(c *client, base, path string, body any, token, ip string) (int, []byte, error) {
	b, _ := json.Marshal(body)
	req, err := http.NewRequest(http.MethodPost, base+path, bytes.NewReader(b))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ip == "" {
		ip = c.ip
	}
	req.Header.Set("X-Forwarded-For", ip)
	r, err := c.c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer r.Body.Close()
	out, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return 0, nil, err
	}
	return r.StatusCode, out, nil
}

// sign submits an anonymous signature of a new address.
func (l *load) sign() error {
	email := fmt.Sprintf("sig%d@example.com", l.seq.Add(1))
	body := map[string]any{"first_name": "Camille", "last_name": "Signataire", "email": email, "postal_code": "69007"}
	return l.sendJSON(write{kindSign, email}, "/api/v1/petitions/"+l.petition.id+"/signatures", body, http.StatusAccepted)
}

// confirmSignature follows a confirmation link that came by mail, or
// signs when none is waiting.
func (l *load) confirmSignature() error {
	l.mu.Lock()
	p := l.petition
	for _, m := range l.smtp.Messages()[p.seen:] {
		if tok := confirmRE.FindStringSubmatch(m.Text); tok != nil && len(m.To) == 1 {
			p.links = append(p.links, tok[1])
			p.linkedTo[tok[1]] = strings.ToLower(m.To[0])
		}
		p.seen++
	}
	if len(p.links) == 0 {
		l.mu.Unlock()
		return l.sign()
	}
	tok := p.links[0]
	p.links = p.links[1:]
	email := p.linkedTo[tok]
	l.mu.Unlock()
	return l.sendJSON(write{kindConfirm, email}, "/api/v1/signatures/confirm", map[string]any{"token": tok}, http.StatusOK)
}

// sendJSON posts to the API and journals the write: acked on status want.
func (l *load) sendJSON(w write, path string, body any, want int) error {
	status, _, err := apiPost(l.anon, l.base, path, body, "", randomIP())
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case err != nil:
		l.tried = append(l.tried, w)
		return err
	case status == want:
		l.acked = append(l.acked, w)
	case status >= 500:
		l.errs = append(l.errs, fmt.Sprintf("POST %s: %d", path, status))
	default:
		l.refused[status]++
	}
	return nil
}

// checkPetitionLog has the binary's own verifier (`cortege petition
// verify`, from outside over HTTP, with the key the instance publishes)
// check the petition's published log from the last node: chain, signed
// heads and count, which must be the database's confirmed signatures.
func checkPetitionLog(t *testing.T, f *figures, n *node, id string, confirmed int) {
	t.Helper()
	r, err := http.Get(n.url + "/.well-known/cortege-ledger-key")
	if err != nil {
		t.Fatal(err)
	}
	key, _ := io.ReadAll(r.Body)
	r.Body.Close()
	// The log is kept 1 s by the page cache: read it after that.
	time.Sleep(1100 * time.Millisecond)
	out, err := exec.Command(n.bin, "petition", "verify", "--allow-loopback", "--key", strings.TrimSpace(string(key)),
		n.url+"/petitions/"+id+"/log.json").CombinedOutput()
	if err != nil {
		f.LogError = fmt.Sprintf("petition verify: %v\n%s", err, out)
		return
	}
	m := verifiedRE.FindSubmatch(out)
	if m == nil {
		f.LogError = fmt.Sprintf("petition verify printed no entries and count:\n%s", out)
		return
	}
	f.LogEntries, _ = strconv.ParseInt(string(m[1]), 10, 64)
	f.LogCount, _ = strconv.ParseInt(string(m[2]), 10, 64)
	// Entries after the latest signed head (the heads are signed every
	// minute; a short run may have none) are counted apart.
	if t := tailRE.FindSubmatch(out); t != nil {
		f.LogCount, _ = strconv.ParseInt(string(t[1]), 10, 64)
	}
	if f.LogCount != int64(confirmed) {
		f.LogError = fmt.Sprintf("the log counts %d, the database has %d confirmed signatures", f.LogCount, confirmed)
	}
}

// verifiedRE reads the entries and the count `petition verify` printed.
var verifiedRE = regexp.MustCompile(`(?s)entries +(\d+) .*?\ncount +(\d+)`)

// tailRE reads the count over all entries when some are after the latest
// head.
var tailRE = regexp.MustCompile(`count over all entries: (\d+)`)
