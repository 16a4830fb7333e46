// Package markdown renders the Markdown people write (group descriptions,
// posts, messages, notes) to HTML that is safe to put in a page: goldmark
// with GitHub's extensions and no raw HTML, then bluemonday's user-content
// policy, links restricted to http, https and mailto and marked
// rel="nofollow noopener noreferrer". Images become plain links: they would
// load from other origins (the CSP forbids it, and it would tell a third
// party who reads). It knows nothing of HTTP or SQL.
package markdown

import (
	"bytes"
	"html"
	"html/template"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxInput is the longest source rendered; longer text is cut (every field
// that takes Markdown has a smaller limit anyway).
const MaxInput = 100_000

var (
	md = goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(imagesToLinks{}, 100))),
		// No html.WithUnsafe: raw HTML and dangerous link schemes are
		// dropped by goldmark before bluemonday even sees them.
	)
	policy = newPolicy()
	strict = bluemonday.StrictPolicy()
)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true) // adds rel="noopener" too
	// Task-list checkboxes from GFM, read-only.
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").OnElements("input")
	return p
}

// ToHTML renders Markdown to sanitised HTML.
func ToHTML(src string) string {
	src = clip(src)
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		return html.EscapeString(src)
	}
	return strings.TrimSpace(policy.Sanitize(b.String()))
}

// HTML is ToHTML typed for html/template, which then inserts it as is.
func HTML(src string) template.HTML {
	return template.HTML(ToHTML(src)) //nolint:gosec // sanitised by bluemonday
}

// Plain returns the text of rendered Markdown without any markup, cut to
// max runes (0: no limit) with an ellipsis: for mail bodies, feed
// summaries and page descriptions.
func Plain(src string, max int) string {
	out := html.UnescapeString(strict.Sanitize(ToHTML(src)))
	out = strings.Join(strings.Fields(out), " ")
	if max > 0 && utf8.RuneCountInString(out) > max {
		r := []rune(out)
		out = strings.TrimSpace(string(r[:max-1])) + "…"
	}
	return out
}

// clip cuts src to MaxInput bytes on a rune boundary.
func clip(src string) string {
	if len(src) <= MaxInput {
		return src
	}
	cut := MaxInput
	for cut > 0 && !utf8.RuneStart(src[cut]) {
		cut--
	}
	return src[:cut]
}

// imagesToLinks replaces each image by a link to it, titled by its text.
type imagesToLinks struct{}

// Transform implements parser.ASTTransformer.
func (imagesToLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var images []*ast.Image
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			images = append(images, img)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		link := ast.NewLink()
		link.Destination, link.Title = img.Destination, img.Title
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		if link.ChildCount() == 0 {
			link.AppendChild(link, ast.NewString(img.Destination))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
}
