package cortege_test

import (
	"regexp"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
)

var handleShape = regexp.MustCompile(`^[a-z0-9_]{2,30}$`)

// FuzzNormalizeHandle: a handle is refused naming "handle", or comes out
// as typed (trimmed, one "@" dropped, lower-cased) in a–z, 0–9 and "_",
// 2 to 30 of them (so nothing that could disguise it: no bidi override,
// no invisible character), and unchanged when normalised again.
func FuzzNormalizeHandle(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		out, err := cortege.NormalizeHandle(s)
		if err != nil {
			if e := cortege.ErrorOf(err); e == nil || e.Code != cortege.EINVALID || e.Field != "handle" {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if !handleShape.MatchString(out) || out != strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "@")) {
			t.Fatalf("%q → %q", s, out)
		}
		if again, err := cortege.NormalizeHandle(out); err != nil || again != out {
			t.Fatalf("%q → %q → %q (%v)", s, out, again, err)
		}
		if again, err := cortege.NormalizeHandle("@" + out); err != nil || again != out {
			t.Fatalf("@%q → %q (%v)", out, again, err)
		}
	})
}
