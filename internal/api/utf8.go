package api

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// checkUTF8 refuses a body that is not valid UTF-8 or that escapes half a
// surrogate pair ("\ud800"): encoding/json would silently turn both into
// U+FFFD, so "a\xff" would be stored as "a�" where the web refuses it. It
// is a fault of the JSON text (RFC 8259 wants UTF-8), so it answers 400
// like a syntax error, naming the top-level field that holds it ("body"
// when no field can be told).
func checkUTF8(raw []byte) error {
	if utf8.Valid(raw) && !loneSurrogate(raw) {
		return nil
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) == nil {
		for name, v := range fields {
			if !utf8.Valid(v) || loneSurrogate(v) {
				return badBody(name, "err.text.utf8")
			}
		}
	}
	return badBody("body", "err.text.utf8")
}

// loneSurrogate reports whether JSON text b holds a \u escape of a
// surrogate that is not half of a high-low pair.
func loneSurrogate(b []byte) bool {
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			continue
		}
		if b[i+1] != 'u' {
			i++ // an escape of one character: \\, \", \n…
			continue
		}
		r, ok := hex4(b, i+2)
		switch {
		case !ok:
			continue // a syntax error the decoder reports
		case r >= 0xdc00 && r <= 0xdfff:
			return true
		case r >= 0xd800 && r <= 0xdbff:
			if i+11 < len(b) && b[i+6] == '\\' && b[i+7] == 'u' {
				if lo, ok := hex4(b, i+8); ok && lo >= 0xdc00 && lo <= 0xdfff {
					i += 11
					continue
				}
			}
			return true
		}
		i += 5
	}
	return false
}

// hex4 reads the four hex digits of a \u escape at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(b[i:i+4]), 16, 32)
	return rune(n), err == nil
}
