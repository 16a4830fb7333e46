package mailtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
)

// Limits on what ParseEML accepts, so that a hostile .eml cannot exhaust
// memory or the stack.
const (
	MaxMessageBytes = 10 << 20 // whole message
	maxDepth        = 8        // nested multiparts
	maxParts        = 100      // leaves in the MIME tree
)

// Received is one decoded message: what a test needs to check a mail.
type Received struct {
	From        string      // envelope sender (empty for a parsed .eml)
	To          []string    // envelope recipients (empty for a parsed .eml)
	Raw         []byte      // message bytes as received
	Header      mail.Header // top-level header fields, undecoded
	Subject     string      // Subject with RFC 2047 words decoded
	Text        string      // first text/plain part, transfer-decoded
	HTML        string      // first text/html part, transfer-decoded
	Attachments []Attachment
}

// Attachment is a decoded MIME part sent as a file.
type Attachment struct {
	Filename    string
	ContentType string // full Content-Type value, parameters included
	Data        []byte
}

var linkRE = regexp.MustCompile(`https?://[^\s<>"]+`)

// Links returns the http(s) URLs in the text part, in order, so a test can
// follow a sign-in link.
func (r *Received) Links() []string { return linkRE.FindAllString(r.Text, -1) }

// HeaderDecoded returns the first value of header k with RFC 2047 words
// decoded, e.g. a From display name.
func (r *Received) HeaderDecoded(k string) string {
	v := r.Header.Get(k)
	if d, err := new(mime.WordDecoder).DecodeHeader(v); err == nil {
		return d
	}
	return v
}

var errTooComplex = errors.New("mailtest: message too deeply nested or has too many parts")

// ParseEML decodes an RFC 5322 message: headers, subject, the text and
// HTML parts and the attachments. It accepts outside input and enforces
// size, depth and part-count limits.
func ParseEML(raw []byte) (*Received, error) {
	if len(raw) > MaxMessageBytes {
		return nil, fmt.Errorf("mailtest: message of %d bytes exceeds %d", len(raw), MaxMessageBytes)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("mailtest: read message: %w", err)
	}
	r := &Received{Raw: raw, Header: msg.Header}
	r.Subject = r.HeaderDecoded("Subject")
	parts := 0
	err = r.walk(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"),
		msg.Header.Get("Content-Disposition"), msg.Body, 0, &parts)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// walk decodes one MIME entity, recursing into multiparts.
func (r *Received) walk(ctype, cte, disp string, body io.Reader, depth int, parts *int) error {
	if depth > maxDepth {
		return errTooComplex
	}
	if *parts++; *parts > maxParts {
		return errTooComplex
	}
	if ctype == "" {
		ctype = "text/plain; charset=us-ascii"
	}
	media, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return fmt.Errorf("mailtest: Content-Type %q: %w", ctype, err)
	}
	if strings.HasPrefix(media, "multipart/") {
		boundary := params["boundary"]
		if boundary == "" {
			return fmt.Errorf("mailtest: %s without boundary", media)
		}
		mr := multipart.NewReader(body, boundary)
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("mailtest: %s: %w", media, err)
			}
			err = r.walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"),
				p.Header.Get("Content-Disposition"), p, depth+1, parts)
			if err != nil {
				return err
			}
		}
	}
	data, err := decodeBody(cte, body)
	if err != nil {
		return err
	}
	dispType, dparams, _ := mime.ParseMediaType(disp)
	switch {
	case dispType != "attachment" && media == "text/plain" && r.Text == "":
		r.Text = string(data)
	case dispType != "attachment" && media == "text/html" && r.HTML == "":
		r.HTML = string(data)
	default:
		name := dparams["filename"]
		if name == "" {
			name = params["name"]
		}
		if d, err := new(mime.WordDecoder).DecodeHeader(name); err == nil {
			name = d
		}
		r.Attachments = append(r.Attachments, Attachment{Filename: name, ContentType: ctype, Data: data})
	}
	return nil
}

// decodeBody undoes the Content-Transfer-Encoding, reading at most
// MaxMessageBytes.
func decodeBody(cte string, body io.Reader) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, &stripSpace{r: body})
	case "", "7bit", "8bit", "binary":
	default:
		return nil, fmt.Errorf("mailtest: unknown Content-Transfer-Encoding %q", cte)
	}
	data, err := io.ReadAll(io.LimitReader(body, MaxMessageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("mailtest: decode %s body: %w", cte, err)
	}
	if len(data) > MaxMessageBytes {
		return nil, errors.New("mailtest: decoded body too large")
	}
	return data, nil
}

// stripSpace drops CR, LF, spaces and tabs, which base64 bodies wrap with.
type stripSpace struct{ r io.Reader }

func (s *stripSpace) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	j := 0
	for _, c := range p[:n] {
		if c != '\r' && c != '\n' && c != ' ' && c != '\t' {
			p[j] = c
			j++
		}
	}
	return j, err
}
