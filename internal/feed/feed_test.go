package feed_test

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/feed"
)

func TestWrite(t *testing.T) {
	t1 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	err := feed.Write(&b, &feed.Feed{
		ID: "https://c.example/@climat", Title: "Climat & <Lyon>", Link: "https://c.example/@climat", Self: "https://c.example/@climat/feed.atom",
		Entries: []feed.Entry{{ID: "https://c.example/posts/1", Title: "Marche", Link: "https://c.example/posts/1", Summary: "a < b", HTML: `<p>x <script>y</script></p>`, Published: t1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{`<feed xmlns="http://www.w3.org/2005/Atom">`, `Climat &amp; &lt;Lyon&gt;`, `<updated>2026-03-01T10:00:00Z</updated>`, `rel="self"`, `<content type="html">&lt;p&gt;`} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "<script") {
		t.Error("HTML content not escaped")
	}
	var v struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(b.Bytes(), &v); err != nil || len(v.Entries) != 1 || v.Entries[0].Title != "Marche" {
		t.Fatalf("does not parse back: %v %+v", err, v)
	}
}
