package ledger

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// TimeLayout is how a head writes its time: UTC, to the second.
const TimeLayout = "2006-01-02T15:04:05Z"

// Head is a signed statement of a log's state: its size, Merkle root and
// count, at a time. Its text is a C2SP tlog-checkpoint with two extension
// lines, signed as a C2SP signed note (golang.org/x/mod/sumdb/note) with the
// instance's Ed25519 key:
//
//	<origin>
//	<size>
//	<root, base64>
//	count <count>
//	time <YYYY-MM-DDTHH:MM:SSZ>
//
//	— <key name> <base64 signature>
type Head struct {
	Origin string
	Size   int64
	Root   Hash
	Count  int64
	Time   time.Time
}

// HeadOf is the head stating s at t (truncated to the second, UTC).
func HeadOf(s State, t time.Time) Head {
	return Head{Origin: s.Origin, Size: s.Size, Root: s.Root(), Count: s.Count, Time: t.UTC().Truncate(time.Second)}
}

// Text is the head's checkpoint text, the part that is signed.
func (h Head) Text() string {
	return fmt.Sprintf("%s\n%d\n%s\ncount %d\ntime %s\n", h.Origin, h.Size,
		base64.StdEncoding.EncodeToString(h.Root[:]), h.Count, h.Time.UTC().Format(TimeLayout))
}

// Sign returns the head as a signed note, the string a Document lists.
func (h Head) Sign(signer note.Signer) (string, error) {
	msg, err := note.Sign(&note.Note{Text: h.Text()}, signer)
	if err != nil {
		return "", fmt.Errorf("ledger: signing head: %w", err)
	}
	return string(msg), nil
}

// ErrHeadSignature is returned when no trusted key has signed a head.
var ErrHeadSignature = errors.New("ledger: head not signed by a trusted key")

// OpenHead checks that a signed note is signed by one of the trusted
// verifiers and parses its text strictly (any other spelling of the same
// values is refused, so that every byte of a head is accounted for).
func OpenHead(msg string, trusted note.Verifiers) (Head, error) {
	n, err := note.Open([]byte(msg), trusted)
	if err != nil {
		var unverified *note.UnverifiedNoteError
		if errors.As(err, &unverified) {
			return Head{}, ErrHeadSignature
		}
		return Head{}, fmt.Errorf("ledger: head: %w", err)
	}
	if len(n.UnverifiedSigs) > 0 {
		return Head{}, fmt.Errorf("ledger: head carries a signature by an unknown key %q", n.UnverifiedSigs[0].Name)
	}
	// note.Open ignores a repeated signature line and decodes base64
	// leniently: rebuild the note from what it read and demand the same
	// bytes, so that no variant spelling of a signed head passes.
	canon := n.Text + "\n"
	for _, sg := range n.Sigs {
		raw, _ := base64.StdEncoding.DecodeString(sg.Base64)
		canon += "— " + sg.Name + " " + base64.StdEncoding.EncodeToString(raw) + "\n"
	}
	if canon != msg {
		return Head{}, errors.New("ledger: signed head not in canonical form")
	}
	return ParseHeadText(n.Text)
}

// ParseHeadText parses a head's checkpoint text (unsigned).
func ParseHeadText(text string) (Head, error) {
	lines := strings.Split(text, "\n")
	if len(lines) != 6 || lines[5] != "" {
		return Head{}, errors.New("ledger: head text must have exactly five lines")
	}
	var h Head
	var err error
	h.Origin = lines[0]
	if !validOrigin(h.Origin) {
		return Head{}, fmt.Errorf("ledger: head origin %q", h.Origin)
	}
	if h.Size, err = parseCount(lines[1]); err != nil {
		return Head{}, fmt.Errorf("ledger: head size: %w", err)
	}
	root, err := base64.StdEncoding.Strict().DecodeString(lines[2])
	if err != nil || len(root) != len(h.Root) {
		return Head{}, fmt.Errorf("ledger: head root %q", lines[2])
	}
	copy(h.Root[:], root)
	c, ok := strings.CutPrefix(lines[3], "count ")
	if h.Count, err = parseCount(c); !ok || err != nil {
		return Head{}, fmt.Errorf("ledger: head count line %q", lines[3])
	}
	ts, ok := strings.CutPrefix(lines[4], "time ")
	if h.Time, err = time.Parse(TimeLayout, ts); !ok || err != nil || h.Time.Format(TimeLayout) != ts {
		return Head{}, fmt.Errorf("ledger: head time line %q", lines[4])
	}
	if h.Text() != text {
		return Head{}, errors.New("ledger: head text not in canonical form")
	}
	return h, nil
}

// parseCount reads a non-negative decimal without sign or leading zeros.
func parseCount(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != s {
		return 0, fmt.Errorf("%q is not a canonical non-negative integer", s)
	}
	return n, nil
}

// validOrigin accepts printable ASCII without spaces: a host and a path.
func validOrigin(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
