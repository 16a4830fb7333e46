package markdown_test

import (
	"regexp"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/markdown"
)

// payloads is the corpus of hostile Markdown: whatever they become, the
// output must be harmless.
var payloads = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=//evil.example/x.js></SCRIPT>`,
	"<scr<script>ipt>alert(1)</script>",
	`[click](javascript:alert(1))`,
	`[click](JaVaScRiPt:alert(1))`,
	`[click](  javascript:alert(1))`,
	`[click](java&#115;cript:alert(1))`,
	`[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))`,
	`[click](&#x6A;avascript:alert(1))`,
	"[click](java\tscript:alert(1))",
	`[click](vbscript:msgbox(1))`,
	`[click](VBScript:msgbox(1))`,
	`[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`[click](DATA:text/html,<script>alert(1)</script>)`,
	`[click][ref]` + "\n\n" + `[ref]: javascript:alert(1)`,
	`<javascript:alert(1)>`,
	`![x](javascript:alert(1))`,
	`![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)`,
	`<img src=x onerror=alert(1)>`,
	`<img src="x" onerror="alert(1)">`,
	`<IMG SRC=x OnErRoR=alert(1)>`,
	`<a href="https://ok.example" onclick="alert(1)">x</a>`,
	`<a href="javascript:alert(1)">x</a>`,
	`<iframe src="https://evil.example"></iframe>`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<p style="background:url(javascript:alert(1))">x</p>`,
	`<div style="position:fixed;top:0">x</div>`,
	`<style>body{display:none}</style>`,
	`<object data="x.swf"></object>`,
	`<embed src="x.swf">`,
	`<form action="https://evil.example"><input name=p></form>`,
	`<meta http-equiv="refresh" content="0;url=https://evil.example">`,
	`<base href="https://evil.example/">`,
	`<link rel=stylesheet href=https://evil.example/x.css>`,
	`<details open ontoggle=alert(1)>`,
	`<body onload=alert(1)>`,
	`<!--<img src=x onerror=alert(1)>-->`,
	"```html\n<script>alert(1)</script>\n```",
	"`<script>alert(1)</script>`",
	`[x](https://ok.example "title\" onmouseover=\"alert(1)")`,
	`[x](https://ok.example/"onmouseover="alert(1))`,
	`<a href="&#106;avascript:alert(1)">x</a>`,
	`<a href="jav&#x09;ascript:alert(1)">x</a>`,
	`https://ok.example/<script>alert(1)</script>`,
	`| a |` + "\n|---|\n" + `| <img src=x onerror=alert(1)> |`,
	`- [ ] <script>alert(1)</script>`,
	`<x onmouseover=alert(1)>hover</x>`,
	`<a href="//evil.example">protocol-relative</a>`,
	`[x](file:///etc/passwd)`,
	`[x](ftp://example.org)`,
}

var (
	dangerousTag  = regexp.MustCompile(`(?i)<\s*/?\s*(script|iframe|svg|math|style|object|embed|form|meta|base|link|body|details|input[^>]*type=["']?(?:text|submit|hidden))`)
	eventAttr     = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	styleAttr     = regexp.MustCompile(`(?i)<[^>]*\sstyle\s*=`)
	badSchemeAttr = regexp.MustCompile(`(?i)<[^>]*\s(href|src|action|data)\s*=\s*["']?\s*(javascript|vbscript|data|file|ftp):`)
	hrefAttr      = regexp.MustCompile(`(?i)(?:href|src)="([^"]*)"`)
)

// checkHarmless fails when out could run code, load a foreign resource or
// restyle the page.
func checkHarmless(t *testing.T, in, out string) {
	t.Helper()
	for name, re := range map[string]*regexp.Regexp{"tag": dangerousTag, "event handler": eventAttr, "style": styleAttr, "scheme": badSchemeAttr} {
		if re.MatchString(out) {
			t.Errorf("%s survives in %q -> %q", name, in, out)
		}
	}
	for _, m := range hrefAttr.FindAllStringSubmatch(out, -1) {
		u := strings.ToLower(m[1])
		if !(strings.HasPrefix(u, "https:") || strings.HasPrefix(u, "http:") || strings.HasPrefix(u, "mailto:")) {
			t.Errorf("link %q survives in %q -> %q", m[1], in, out)
		}
	}
	if strings.Contains(strings.ToLower(out), "<img") {
		t.Errorf("image survives in %q -> %q", in, out)
	}
}

func TestPayloadCorpusIsHarmless(t *testing.T) {
	for _, p := range payloads {
		t.Run(p, func(t *testing.T) {
			checkHarmless(t, p, markdown.ToHTML(p))
		})
	}
}

func TestRendering(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"**gras** et _italique_", "<p><strong>gras</strong> et <em>italique</em></p>"},
		{"~~barré~~", "<del>barré</del>"},
		{"[pad](https://pad.example/abc)", `<a href="https://pad.example/abc" rel="nofollow noreferrer noopener" target="_blank">pad</a>`},
		{"Écrire à <mailto:contact@example.org>", `href="mailto:contact@example.org"`},
		{"https://auto.example/link", `<a href="https://auto.example/link" rel="nofollow noreferrer noopener" target="_blank">`},
		{"![affiche](https://img.example/a.png)", `<a href="https://img.example/a.png" rel="nofollow noreferrer noopener" target="_blank">affiche</a>`},
		{"| a | b |\n|---|---|\n| 1 | 2 |", "<table>"},
		{"- [x] fait", `<input checked="" disabled="" type="checkbox"`},
		{"<b>raw</b> html", "<p>raw html</p>"},
	} {
		got := markdown.ToHTML(tc.in)
		if !strings.Contains(got, tc.want) {
			t.Errorf("ToHTML(%q) = %q, want it to contain %q", tc.in, got, tc.want)
		}
	}
}

func TestPlain(t *testing.T) {
	if got := markdown.Plain("# Titre\n\nUn **texte** avec [un lien](https://x.example) & <b>du HTML</b>.", 0); got != "Titre Un texte avec un lien & du HTML." {
		t.Errorf("Plain = %q", got)
	}
	if got := markdown.Plain("un deux trois quatre", 9); got != "un deux…" {
		t.Errorf("Plain cut = %q", got)
	}
}

func TestHugeInputIsCut(t *testing.T) {
	out := markdown.ToHTML(strings.Repeat("é", markdown.MaxInput))
	if len(out) > markdown.MaxInput+100 {
		t.Errorf("output of %d bytes", len(out))
	}
}

func FuzzToHTML(f *testing.F) {
	for _, p := range payloads {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkHarmless(t, in, markdown.ToHTML(in))
	})
}

// BenchmarkToHTML renders a typical group description (public pages render
// it on every view).
func BenchmarkToHTML(b *testing.B) {
	src := strings.Repeat("## Qui sommes-nous ?\n\nUn **collectif** de quartier : [pad](https://pad.example/x), réunions le mardi.\n\n- tracts\n- affiches\n\n", 10)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		markdown.ToHTML(src)
	}
}
