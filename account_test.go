package cortege_test

import (
	"net/mail"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
)

// FuzzNormalizeEmail: an address is refused naming "email", or comes out
// as what was typed (trimmed, the domain lower-cased), short enough, free
// of what no text may hold, parsed by net/mail as itself, and unchanged
// when normalised again.
func FuzzNormalizeEmail(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		out, err := cortege.NormalizeEmail(s)
		if err != nil {
			if e := cortege.ErrorOf(err); e == nil || e.Code != cortege.EINVALID || e.Field != "email" {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if again, err := cortege.NormalizeEmail(out); err != nil || again != out {
			t.Fatalf("%q → %q → %q (%v)", s, out, again, err)
		}
		if len(out) > cortege.MaxEmailLen || cortege.CheckChars("email", out, false) != nil {
			t.Fatalf("%q → %q", s, out)
		}
		at := strings.LastIndexByte(out, '@')
		in := strings.TrimSpace(s)
		if at <= 0 || out[:at] != in[:at] || out[at+1:] != strings.ToLower(out[at+1:]) || !strings.EqualFold(out[at+1:], in[at+1:]) {
			t.Fatalf("%q → %q", s, out)
		}
		if a, err := mail.ParseAddress(out); err != nil || a.Address != out {
			t.Fatalf("%q → %q, which net/mail reads as %v (%v)", s, out, a, err)
		}
	})
}
