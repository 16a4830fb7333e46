package cortege

import (
	"net/url"
	"strings"
)

// MaxLocalPathLen bounds a "next" path carried through forms and links.
const MaxLocalPathLen = 2048

// SafeLocalPath returns s when it is a path on this site ("/…", not
// "//host" nor "/\host", no scheme, no control character), else "". It is
// what a sign-in may send people back to, so that no link can bounce them
// to another site.
func SafeLocalPath(s string) string {
	if s == "" || len(s) > MaxLocalPathLen || s[0] != '/' {
		return ""
	}
	if len(s) > 1 && (s[1] == '/' || s[1] == '\\') {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x21 || c == 0x7f || c == '\\' {
			return ""
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return ""
	}
	return s
}
