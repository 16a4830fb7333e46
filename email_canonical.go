package cortege

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CanonicalEmail returns the form under which two addresses that reach the
// same mailbox compare equal, so that one person signs a petition once
// whatever the disguise. It is a key for comparison only: mail always goes
// to the address as typed. The rules, in order:
//
//   - The whole address is lower-cased. RFC 5321 lets a local part be
//     case-sensitive, but no provider we know of delivers "Anna" and
//     "anna" to two people.
//   - The domain loses a trailing dot, and each label outside ASCII is
//     written in Punycode ("élysée.fr" → "xn--lyse-9raa.fr"), so an IDN
//     typed in Unicode and in its ACE form compare equal. Only lower-
//     casing is applied before encoding: not the full UTS #46 mapping
//     (width folding, NFC), which needs tables the domain package does
//     not carry; input methods produce the composed forms anyway.
//   - Gmail (gmail.com, googlemail.com: one service, so googlemail.com
//     becomes gmail.com) ignores the dots of the local part and everything
//     from a "+": both go.
//   - The providers of subaddressDomains deliver "name+tag" to "name": the
//     tag goes. Their dots are kept, since they are significant there.
//   - Every other domain is left as it is: a "+" may be an ordinary
//     character of someone else's mailbox, and merging two people's
//     addresses would refuse a real signature.
//
// The input should have passed NormalizeEmail; what is not an address is
// EINVALID on the field "email".
func CanonicalEmail(addr string) (string, error) {
	addr = strings.TrimSpace(addr)
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 || !utf8.ValidString(addr) {
		return "", Invalid("email", "err.email.invalid")
	}
	local := strings.ToLower(addr[:at])
	if strings.ContainsFunc(local, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return "", Invalid("email", "err.email.invalid")
	}
	domain, ok := asciiDomain(addr[at+1:])
	if !ok {
		return "", Invalid("email", "err.email.invalid")
	}
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	switch {
	case domain == "gmail.com":
		local = strings.ReplaceAll(cutTag(local), ".", "")
	case subaddressDomains[domain]:
		local = cutTag(local)
	}
	if local == "" {
		return "", Invalid("email", "err.email.invalid")
	}
	return local + "@" + domain, nil
}

// subaddressDomains are providers documented to deliver "name+tag@" to
// "name@" (plus addressing): Microsoft's consumer mail, Apple's iCloud,
// Fastmail, Proton, Yandex, Zoho and mailbox.org. Yahoo is not here: its
// disposable addresses use "-", which is also an ordinary character there.
var subaddressDomains = map[string]bool{
	"outlook.com": true, "outlook.fr": true, "hotmail.com": true, "hotmail.fr": true,
	"live.com": true, "live.fr": true, "msn.com": true,
	"icloud.com": true, "me.com": true, "mac.com": true,
	"fastmail.com": true, "fastmail.fm": true,
	"protonmail.com": true, "protonmail.ch": true, "proton.me": true, "pm.me": true,
	"yandex.ru": true, "yandex.com": true, "ya.ru": true,
	"zoho.com": true, "mailbox.org": true,
}

// cutTag drops everything from the first "+" of a local part.
func cutTag(local string) string {
	if i := strings.IndexByte(local, '+'); i >= 0 {
		return local[:i]
	}
	return local
}

// asciiDomain lower-cases a domain, drops one trailing dot and writes its
// non-ASCII labels in Punycode with the "xn--" prefix. It refuses empty
// labels and labels or names past the DNS limits (63 and 253 octets).
func asciiDomain(d string) (string, bool) {
	d = strings.TrimSuffix(strings.ToLower(d), ".")
	if d == "" {
		return "", false
	}
	labels := strings.Split(d, ".")
	for i, l := range labels {
		if l == "" || !hostChars(l) {
			return "", false
		}
		if !isASCII(l) {
			enc, ok := punycode(l)
			if !ok {
				return "", false
			}
			l = "xn--" + enc
		}
		if len(l) > 63 {
			return "", false
		}
		labels[i] = l
	}
	out := strings.Join(labels, ".")
	return out, len(out) <= 253
}

// hostChars reports whether a label holds only what a host name may:
// ASCII letters, digits and hyphens, or letters beyond ASCII (an IDN).
func hostChars(l string) bool {
	for _, r := range l {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r >= 0x80 && unicode.IsLetter(r) || r >= 0x80 && unicode.Is(unicode.M, r) || r >= 0x80 && unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Parameters of Punycode (RFC 3492, section 5).
const (
	pcBase        = 36
	pcTMin        = 1
	pcTMax        = 26
	pcSkew        = 38
	pcDamp        = 700
	pcInitialBias = 72
	pcInitialN    = 128
)

// punycode encodes one label (RFC 3492, section 6.3), refusing what
// would overflow.
func punycode(label string) (string, bool) {
	runes := []rune(label)
	var out []byte
	for _, r := range runes {
		if r < 0x80 {
			out = append(out, byte(r))
		}
	}
	basic := len(out)
	handled := basic
	if basic > 0 {
		out = append(out, '-')
	}
	n, delta, bias := rune(pcInitialN), 0, pcInitialBias
	for handled < len(runes) {
		m := rune(0x7fffffff)
		for _, r := range runes {
			if r >= n && r < m {
				m = r
			}
		}
		if int(m-n) > (1<<30)/(handled+1) {
			return "", false
		}
		delta += int(m-n) * (handled + 1)
		n = m
		for _, r := range runes {
			if r < n {
				delta++
			}
			if r != n {
				continue
			}
			q := delta
			for k := pcBase; ; k += pcBase {
				t := k - bias
				if t < pcTMin {
					t = pcTMin
				} else if t > pcTMax {
					t = pcTMax
				}
				if q < t {
					break
				}
				out = append(out, pcDigit(t+(q-t)%(pcBase-t)))
				q = (q - t) / (pcBase - t)
			}
			out = append(out, pcDigit(q))
			bias = pcAdapt(delta, handled+1, handled == basic)
			delta = 0
			handled++
		}
		delta++
		n++
	}
	return string(out), true
}

func pcDigit(d int) byte {
	if d < 26 {
		return byte('a' + d)
	}
	return byte('0' + d - 26)
}

func pcAdapt(delta, points int, first bool) int {
	if first {
		delta /= pcDamp
	} else {
		delta /= 2
	}
	delta += delta / points
	k := 0
	for delta > ((pcBase-pcTMin)*pcTMax)/2 {
		delta /= pcBase - pcTMin
		k += pcBase
	}
	return k + (pcBase-pcTMin+1)*delta/(delta+pcSkew)
}
