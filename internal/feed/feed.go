// Package feed writes Atom 1.0 feeds (RFC 4287) with encoding/xml: a
// public group's posts now, its events later. Content is given as
// sanitised HTML and sent escaped as type="html". It knows nothing of HTTP
// or SQL.
package feed

import (
	"encoding/xml"
	"io"
	"time"
)

// Feed is what a feed says about itself.
type Feed struct {
	ID       string // a permanent URI, usually the page's URL
	Title    string
	Subtitle string
	Link     string // the HTML page
	Self     string // the feed's own URL
	Author   string
	Updated  time.Time // zero: the latest entry's
	Entries  []Entry
}

// Entry is one item of a feed.
type Entry struct {
	ID        string
	Title     string
	Link      string
	Author    string
	Summary   string // plain text
	HTML      string // sanitised HTML content
	Published time.Time
	Updated   time.Time
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Link      atomLink    `xml:"link"`
	Author    *atomPerson `xml:"author,omitempty"`
	Published string      `xml:"published,omitempty"`
	Updated   string      `xml:"updated"`
	Summary   *atomText   `xml:"summary,omitempty"`
	Content   *atomText   `xml:"content,omitempty"`
}

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID       string      `xml:"id"`
	Title    atomText    `xml:"title"`
	Subtitle *atomText   `xml:"subtitle,omitempty"`
	Links    []atomLink  `xml:"link"`
	Author   *atomPerson `xml:"author,omitempty"`
	Updated  string      `xml:"updated"`
	Entries  []atomEntry `xml:"entry"`
}

// ContentType is the media type to serve a feed with.
const ContentType = "application/atom+xml; charset=utf-8"

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Write writes f as an Atom document.
func Write(w io.Writer, f *Feed) error {
	updated := f.Updated
	af := atomFeed{ID: f.ID, Title: atomText{Type: "text", Body: f.Title}}
	if f.Subtitle != "" {
		af.Subtitle = &atomText{Type: "text", Body: f.Subtitle}
	}
	if f.Link != "" {
		af.Links = append(af.Links, atomLink{Rel: "alternate", Type: "text/html", Href: f.Link})
	}
	if f.Self != "" {
		af.Links = append(af.Links, atomLink{Rel: "self", Type: "application/atom+xml", Href: f.Self})
	}
	if f.Author != "" {
		af.Author = &atomPerson{Name: f.Author}
	}
	for _, e := range f.Entries {
		up := e.Updated
		if up.IsZero() {
			up = e.Published
		}
		if up.After(updated) && f.Updated.IsZero() {
			updated = up
		}
		ae := atomEntry{ID: e.ID, Title: atomText{Type: "text", Body: e.Title}, Link: atomLink{Rel: "alternate", Type: "text/html", Href: e.Link}, Updated: stamp(up)}
		if !e.Published.IsZero() {
			ae.Published = stamp(e.Published)
		}
		if e.Author != "" {
			ae.Author = &atomPerson{Name: e.Author}
		} else if f.Author == "" {
			ae.Author = &atomPerson{Name: f.Title} // RFC 4287 requires an author
		}
		if e.Summary != "" {
			ae.Summary = &atomText{Type: "text", Body: e.Summary}
		}
		if e.HTML != "" {
			ae.Content = &atomText{Type: "html", Body: e.HTML}
		}
		af.Entries = append(af.Entries, ae)
	}
	if updated.IsZero() {
		updated = time.Unix(0, 0)
	}
	af.Updated = stamp(updated)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(af); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
