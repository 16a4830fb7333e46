package cortege

import "strings"

// TicketCodeLen is the length of a ticket code: 10 Crockford base-32
// characters (50 bits), short enough to type at the door.
const TicketCodeLen = 10

// TicketCode turns secret bytes (at least 7) into a ticket code.
func TicketCode(secret []byte) string {
	var b strings.Builder
	var acc uint64
	bits := 0
	for _, c := range secret {
		acc = acc<<8 | uint64(c)
		bits += 8
		for bits >= 5 && b.Len() < TicketCodeLen {
			bits -= 5
			b.WriteByte(crockford[(acc>>uint(bits))&31])
		}
		if b.Len() == TicketCodeLen {
			break
		}
	}
	return b.String()
}

// FormatTicketCode shows a code in two groups of five: "ABCDE-FGHJK".
func FormatTicketCode(code string) string {
	if len(code) != TicketCodeLen {
		return code
	}
	return code[:5] + "-" + code[5:]
}

// NormalizeTicketCode reads a typed or scanned code: case, spaces and
// dashes ignored, and the letters people confuse (O, I, L) read as digits.
// It reports false for anything that cannot be a code.
func NormalizeTicketCode(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch r {
		case ' ', '-', '\t':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if r > 127 || !strings.ContainsRune(crockford, r) {
			return "", false
		}
		b.WriteRune(r)
	}
	if b.Len() != TicketCodeLen {
		return "", false
	}
	return b.String(), true
}

// Ticketed reports whether the event's admitted participants get a ticket
// to show at the door: every event that has, or will have, a place, and an
// event with neither place nor link yet. An online-only event has no door,
// so it issues no ticket (nor a QR code in mails); a mixed event keeps them.
func (e *Event) Ticketed() bool { return e.Physical() || !e.Online() }
