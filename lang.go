package cortege

// Languages the interface ships in, French first.
var Languages = []string{"fr", "en"}

// DefaultLang is the language used when nothing else decides.
const DefaultLang = "fr"

// ValidLang reports whether lang is one of Languages.
func ValidLang(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// CheckLang returns an EINVALID error naming field when lang is not offered.
func CheckLang(field, lang string) error {
	if !ValidLang(lang) {
		return Invalid(field, "err.lang.invalid")
	}
	return nil
}
