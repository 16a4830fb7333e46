package cortege

import (
	"strings"
	"unicode"
)

// MaxInvitees is how many people one pasted list may invite; what lies
// beyond is listed back, not dropped silently.
const MaxInvitees = 200

// MaxInviteeText bounds the pasted text itself (bytes).
const MaxInviteeText = 64 << 10

// Invitee is one person a pasted list names: an address (with the name
// written before it, if any) or an existing profile's @handle.
type Invitee struct {
	Line   int // 1-based line of the paste
	Email  string
	Name   string
	Handle string
}

// InviteeProblem is a piece of a pasted list that names nobody: its line,
// the text as typed and a catalogue key saying why.
type InviteeProblem struct {
	Line    int
	Text    string
	Message string
}

// ParseInvitees reads a list of addresses as people paste it from a
// spreadsheet, a mail client or a note: one or several per line,
// separated by commas, semicolons, tabs or spaces, bare
// (marie@example.org), with a name ("Marie Curie <marie@example.org>",
// "\"Curie, Marie\" <marie@example.org>", or the name typed before a bare
// address), with "mailto:", or @handles of profiles already here. A
// list of a single word without "@" is a handle, as the one-person field
// always read it. Addresses are normalised (NormalizeEmail) and each
// person comes once (the first line wins); what names nobody comes back
// as a problem with its line, and the rest is kept.
func ParseInvitees(s string) ([]Invitee, []InviteeProblem) {
	p := &inviteeParser{seen: map[string]bool{}}
	if w := strings.TrimSpace(s); w != "" && !strings.ContainsAny(w, "@,;<>\" \t\r\n") {
		p.handle(1, w)
		return p.out, p.bad
	}
	for i, line := range strings.Split(s, "\n") {
		if p.full() {
			break
		}
		p.line(i+1, strings.TrimSuffix(line, "\r"))
	}
	return p.out, p.bad
}

// inviteeParser collects what a paste names, line by line.
type inviteeParser struct {
	out  []Invitee
	bad  []InviteeProblem
	seen map[string]bool
}

// full reports whether enough was read: MaxInvitees people, and as many
// problems again, are more than anyone pastes by hand.
func (p *inviteeParser) full() bool {
	return len(p.out)+len(p.bad) >= 2*MaxInvitees
}

func (p *inviteeParser) problem(line int, text, msg string) {
	if !p.full() {
		p.bad = append(p.bad, InviteeProblem{Line: line, Text: text, Message: msg})
	}
}

// line reads one line: words, "quoted names", <addresses> and separators.
func (p *inviteeParser) line(n int, s string) {
	var name []string // words read since the last person, a name if an address follows
	var word strings.Builder
	flushName := func() {
		if len(name) > 0 {
			p.problem(n, strings.Join(name, " "), "err.invitees.no_address")
			name = nil
		}
	}
	endWord := func() {
		w := word.String()
		word.Reset()
		if w == "" {
			return
		}
		bare := strings.Trim(w, "\"'()[]")
		if low := strings.ToLower(bare); strings.HasPrefix(low, "mailto:") {
			bare = bare[len("mailto:"):]
		}
		switch {
		case strings.HasPrefix(bare, "@") && strings.Count(bare, "@") == 1:
			p.handle(n, bare)
			name = nil // "Marie @marie": the profile has its own name
		case strings.Contains(bare, "@"):
			p.email(n, w, bare, strings.Join(name, " "))
			name = nil
		default:
			name = append(name, w)
		}
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; {
		case c == ',' || c == ';':
			endWord()
			flushName()
		case unicode.IsSpace(c):
			endWord()
		case c == '"' && word.Len() == 0:
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			if q := strings.TrimSpace(string(rs[i+1 : min(j, len(rs))])); q != "" {
				name = append(name, q)
			}
			i = j
		case c == '<':
			endWord()
			j := i + 1
			for j < len(rs) && rs[j] != '>' {
				j++
			}
			if j == len(rs) {
				p.problem(n, strings.TrimSpace(strings.Join(append(name, string(rs[i:])), " ")), "err.invitees.unreadable")
				name = nil
				i = j
				continue
			}
			addr := strings.TrimSpace(string(rs[i+1 : j]))
			if low := strings.ToLower(addr); strings.HasPrefix(low, "mailto:") {
				addr = addr[len("mailto:"):]
			}
			p.email(n, string(rs[i:j+1]), addr, strings.Join(name, " "))
			name = nil
			i = j
		default:
			word.WriteRune(c)
		}
	}
	endWord()
	flushName()
}

// email adds an address (typed as text) unless invalid or already there.
func (p *inviteeParser) email(line int, text, addr, name string) {
	e, err := NormalizeEmail(addr)
	if err != nil {
		p.problem(line, strings.TrimSpace(strings.Join([]string{name, text}, " ")), "err.invitees.invalid_email")
		return
	}
	key := strings.ToLower(e)
	if p.seen[key] {
		return
	}
	if len(p.out) >= MaxInvitees {
		p.problem(line, text, "err.invitees.too_many")
		return
	}
	p.seen[key] = true
	if len([]rune(name)) > MaxDisplayNameLen {
		name = string([]rune(name)[:MaxDisplayNameLen])
	}
	p.out = append(p.out, Invitee{Line: line, Email: e, Name: name})
}

// handle adds a profile's @handle unless malformed or already there.
func (p *inviteeParser) handle(line int, text string) {
	h, err := NormalizeHandle(text)
	if err != nil {
		p.problem(line, text, "err.invitees.invalid_handle")
		return
	}
	if p.seen["@"+h] {
		return
	}
	if len(p.out) >= MaxInvitees {
		p.problem(line, text, "err.invitees.too_many")
		return
	}
	p.seen["@"+h] = true
	p.out = append(p.out, Invitee{Line: line, Handle: h})
}
