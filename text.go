package cortege

import (
	"strings"
	"unicode/utf8"
)

// CheckText trims s and checks it is valid UTF-8 without NUL or other
// control characters (tabs and, when multiline, line breaks allowed) and at
// most max characters. PostgreSQL refuses NUL bytes, and control
// characters have no business in names or prose, so they are refused here
// with the field named rather than failing in the database.
func CheckText(field, s string, max int, multiline bool) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", Invalid(field, "err.text.invalid")
	}
	if !ControlFree(s, multiline) {
		return "", Invalid(field, "err.text.invalid")
	}
	if utf8.RuneCountInString(s) > max {
		return "", Invalid(field, "err.too_long")
	}
	return s, nil
}

// ControlFree reports whether s has no NUL or other control character
// (tabs allowed, and line breaks when multiline).
func ControlFree(s string, multiline bool) bool {
	for _, r := range s {
		if r == '\t' || multiline && (r == '\n' || r == '\r') {
			continue
		}
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}
