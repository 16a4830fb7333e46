package cortege

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CheckText trims s and checks its characters (CheckChars) and its length,
// at most max characters. It is the one text rule of every noun, so the
// web and the API refuse the same things with the same messages.
func CheckText(field, s string, max int, multiline bool) (string, error) {
	s = strings.TrimSpace(s)
	if err := CheckChars(field, s, multiline); err != nil {
		return "", err
	}
	if utf8.RuneCountInString(s) > max {
		return "", Invalid(field, "err.too_long")
	}
	return s, nil
}

// CheckChars refuses, with an EINVALID error naming field, what no text
// may hold: invalid UTF-8; control characters (tabs and line breaks
// allowed only when multiline; PostgreSQL cannot even store NUL);
// characters that make a text show other than it reads — the bidi
// overrides and isolates U+202A–U+202E and U+2066–U+2069
// ("\u202eecila" shows as "alice") and the other invisible format
// characters (zero-width space and joiners, word joiner, BOM, soft
// hyphen); and the Unicode line and paragraph separators U+2028, U+2029
// and NEL, which some programs break lines at and others do not. A
// zero-width joiner between two emoji (🏳️‍🌈) and the tag characters of a
// subdivision flag are part of the emoji and stay.
func CheckChars(field, s string, multiline bool) error {
	if key := textFault(s, multiline); key != "" {
		return Invalid(field, key)
	}
	return nil
}

// textField is one text of a noun, for checkFields.
type textField struct {
	name, text string
	multiline  bool
}

// checkFields runs CheckChars over each field in turn.
func checkFields(fields ...textField) error {
	for _, f := range fields {
		if err := CheckChars(f.name, f.text, f.multiline); err != nil {
			return err
		}
	}
	return nil
}

// ControlFree reports whether s passes CheckChars.
func ControlFree(s string, multiline bool) bool { return textFault(s, multiline) == "" }

// textFault returns the catalogue key of the first thing s may not hold,
// "" when it holds none.
func textFault(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "err.text.utf8"
	}
	prev := rune(-1)
	for i, r := range s {
		if key := runeFault(s, i, r, prev, multiline); key != "" {
			return key
		}
		prev = r
	}
	return ""
}

// runeFault is textFault for the rune r at byte i of s, after prev.
func runeFault(s string, i int, r, prev rune, multiline bool) string {
	switch {
	case r == '\n' || r == '\r':
		if !multiline {
			return "err.text.line_break"
		}
	case r == '\t':
		if !multiline {
			return "err.text.control"
		}
	case r == 0x85 || r == 0x2028 || r == 0x2029:
		if !multiline {
			return "err.text.line_break"
		}
		return "err.text.separator"
	case r < 0x20 || r >= 0x7f && r <= 0x9f:
		return "err.text.control"
	case r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
		return "err.text.bidi"
	case r == 0x200d:
		next, _ := utf8.DecodeRuneInString(s[i+len("\u200d"):])
		if !emoji(prev) || !emoji(next) {
			return "err.text.invisible"
		}
	case r >= 0xe0020 && r <= 0xe007f:
		if prev != 0x1f3f4 && (prev < 0xe0020 || prev > 0xe007e) {
			return "err.text.invisible"
		}
	case unicode.Is(unicode.Cf, r):
		return "err.text.invisible"
	}
	return ""
}

// emoji reports whether r can stand on either side of the zero-width
// joiner of an emoji sequence: a pictograph, a skin tone or the
// variation selector that makes a symbol an emoji.
func emoji(r rune) bool {
	return r >= 0x1f000 && r <= 0x1faff || r >= 0x2600 && r <= 0x27bf || r >= 0x2b00 && r <= 0x2bff || r == 0xfe0f
}
