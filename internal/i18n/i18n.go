// Package i18n holds the French and English catalogues of every text the
// interface shows, and picks a language for a request. Catalogues are flat
// JSON files (key → text) embedded in the binary; a test keeps both
// languages holding the same keys.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"golang.org/x/text/language"

	"codeberg.org/cortege/cortege"
)

//go:embed catalog
var catalogFS embed.FS

// Catalog maps each language to its texts.
type Catalog struct {
	texts map[string]map[string]string
}

// Load parses the embedded catalogues: catalog/<lang>.json plus, so that
// each feature keeps its texts in a file of its own, every
// catalog/<lang>/*.json. A key defined twice is an error.
func Load() (*Catalog, error) {
	c := &Catalog{texts: map[string]map[string]string{}}
	for _, lang := range cortege.Languages {
		files := []string{path.Join("catalog", lang+".json")}
		more, _ := fs.Glob(catalogFS, path.Join("catalog", lang, "*.json"))
		sort.Strings(more)
		m := map[string]string{}
		for _, f := range append(files, more...) {
			b, err := catalogFS.ReadFile(f)
			if err != nil {
				return nil, err
			}
			part := map[string]string{}
			if err := json.Unmarshal(b, &part); err != nil {
				return nil, fmt.Errorf("catalog %s: %w", f, err)
			}
			for k, v := range part {
				if _, dup := m[k]; dup {
					return nil, fmt.Errorf("catalog %s: key %s defined twice", f, k)
				}
				m[k] = v
			}
		}
		c.texts[lang] = m
	}
	return c, nil
}

// MustLoad is Load for program start, where a broken catalogue is a bug.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// T returns the text of key in lang, formatted with args (fmt verbs), falling
// back to French, then to the key itself so a missing text shows, not hides.
func (c *Catalog) T(lang, key string, args ...any) string {
	s, ok := c.texts[lang][key]
	if !ok {
		if s, ok = c.texts[cortege.DefaultLang][key]; !ok {
			s = key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// N returns the plural form of key that fits the count n in lang: the
// text of key+".one" or key+".other" (see PluralForm). A text holding fmt
// verbs is formatted with n first, then args; one without (a noun after a
// number the page shows in bold) comes back as it is.
func (c *Catalog) N(lang, key string, n int, args ...any) string {
	k := key + "." + PluralForm(lang, n)
	s, ok := c.texts[lang][k]
	if !ok {
		if s, ok = c.texts[cortege.DefaultLang][k]; !ok {
			return k
		}
	}
	if !strings.Contains(s, "%") {
		return s
	}
	return fmt.Sprintf(s, append([]any{n}, args...)...)
}

// PluralForm is the CLDR plural category of the integer n in lang, "one"
// or "other": French takes the singular for 0 and 1 ("0 membre, 1 membre,
// 2 membres"), English for 1 alone ("0 members, 1 member").
func PluralForm(lang string, n int) string {
	switch {
	case lang == "en" && n == 1:
		return "one"
	case lang != "en" && (n == 0 || n == 1):
		return "one"
	}
	return "other"
}

// Has reports whether key exists in lang.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.texts[lang][key]
	return ok
}

// Keys returns the keys of lang's catalogue.
func (c *Catalog) Keys(lang string) []string {
	out := make([]string, 0, len(c.texts[lang]))
	for k := range c.texts[lang] {
		out = append(out, k)
	}
	return out
}

var matcher = language.NewMatcher([]language.Tag{language.French, language.English})

// Match picks the language of an Accept-Language header: the first
// language Cortège speaks among the tags, most preferred first, whatever
// their region ("en-BA" reads English even before a plain "fr": the
// matcher alone weighed its uncertain region below the exact "fr"); for
// tags in other languages only, the matcher's regional fallback; French
// when nothing matches.
func Match(acceptLanguage string) string {
	if strings.TrimSpace(acceptLanguage) == "" || len(acceptLanguage) > 512 {
		return cortege.DefaultLang
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return cortege.DefaultLang
	}
	for _, t := range tags {
		b, _ := t.Base()
		if slices.Contains(cortege.Languages, b.String()) {
			return b.String()
		}
	}
	_, idx, conf := matcher.Match(tags...)
	if conf == language.No {
		return cortege.DefaultLang
	}
	return cortege.Languages[idx]
}
