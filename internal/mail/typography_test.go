package mail

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestEnglishMailTypography scans the English mail templates for French
// typography: a space (or no-break space) before ":", ";", "?" or "!",
// and guillemets.
func TestEnglishMailTypography(t *testing.T) {
	bad := regexp.MustCompile(`[ \x{00A0}\x{202F}][:;?!]|&nbsp;[:;?!]|[«»]`)
	files, err := fs.Glob(templateFS, "templates/en/*")
	if err != nil || len(files) < 10 {
		t.Fatalf("templates: %v, %d", err, len(files))
	}
	for _, f := range files {
		b, _ := fs.ReadFile(templateFS, f)
		for i, line := range strings.Split(string(b), "\n") {
			// Template actions ({{if eq .Kind "x"}}) are code, not text.
			text := regexp.MustCompile(`\{\{.*?\}\}`).ReplaceAllString(line, "X")
			if m := bad.FindString(text); m != "" {
				t.Errorf("%s:%d: French typography %q", f, i+1, m)
			}
		}
	}
}

// TestFrenchMailTypography: the French templates put a no-break space
// before ":", ";", "?", "!" and "»" and after "«", so no line of a mail
// begins with a lone punctuation mark.
func TestFrenchMailTypography(t *testing.T) {
	bad := regexp.MustCompile(`« | [:;?!»]`)
	files, err := fs.Glob(templateFS, "templates/fr/*")
	if err != nil || len(files) < 10 {
		t.Fatalf("templates: %v, %d", err, len(files))
	}
	action := regexp.MustCompile(`\{\{.*?\}\}`)
	for _, f := range files {
		b, _ := fs.ReadFile(templateFS, f)
		for i, line := range strings.Split(string(b), "\n") {
			if m := bad.FindString(action.ReplaceAllString(line, "X")); m != "" {
				t.Errorf("%s:%d: breaking space in %q", f, i+1, m)
			}
		}
	}
}
