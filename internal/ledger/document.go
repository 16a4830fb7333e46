package ledger

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// Document is a published log, the body of /petitions/{id}/log.json: the
// log ID, the instance's verifier key, every entry in order and the signed
// heads in order of size.
type Document struct {
	Format  string   `json:"format"`
	Origin  string   `json:"origin"`
	Key     string   `json:"key"` // note verifier key "name+hash+base64", see docs/ledger.md
	Entries []Entry  `json:"entries"`
	Heads   []string `json:"heads"` // signed notes, see Head
}

// entryJSON is an entry's public form; hashes are lowercase hex.
type entryJSON struct {
	N          int64  `json:"n"`
	Kind       Kind   `json:"kind"`
	Prev       string `json:"prev"`
	Commitment string `json:"commitment"`
	Revokes    *int64 `json:"revokes,omitempty"`
}

// MarshalJSON writes the entry's public form.
func (e Entry) MarshalJSON() ([]byte, error) {
	j := entryJSON{N: e.N, Kind: e.Kind, Prev: hex.EncodeToString(e.Prev[:]), Commitment: hex.EncodeToString(e.Commitment[:])}
	if e.Kind == KindRevoke {
		r := e.Revokes
		j.Revokes = &r
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads an entry strictly: known kinds, lowercase hex, revokes
// present exactly on revocations.
func (e *Entry) UnmarshalJSON(b []byte) error {
	var j entryJSON
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&j); err != nil {
		return err
	}
	return e.fromJSON(j)
}

// fromJSON checks and converts an entry's public form.
func (e *Entry) fromJSON(j entryJSON) error {
	out := Entry{N: j.N, Kind: j.Kind}
	var err error
	if out.Prev, err = ParseHex(j.Prev); err != nil {
		return fmt.Errorf("prev: %w", err)
	}
	if out.Commitment, err = ParseHex(j.Commitment); err != nil {
		return fmt.Errorf("commitment: %w", err)
	}
	switch {
	case j.Kind == KindSign && j.Revokes == nil:
	case j.Kind == KindRevoke && j.Revokes != nil:
		out.Revokes = *j.Revokes
	case j.Kind == KindSign || j.Kind == KindRevoke:
		return fmt.Errorf("revokes must be given on revoke entries only")
	default:
		return fmt.Errorf("unknown kind %q", j.Kind)
	}
	*e = out
	return nil
}

// ParseHex reads a hash as 64 lowercase hexadecimal digits.
func ParseHex(s string) (Hash, error) {
	var h Hash
	if len(s) != 2*len(h) {
		return h, fmt.Errorf("%q is not 64 hex digits", s)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return h, fmt.Errorf("%q is not lowercase hex", s)
		}
	}
	_, err := hex.Decode(h[:], []byte(s))
	return h, err
}

// Marshal writes the document in its canonical form: compact JSON, fields
// in the order of Document and entryJSON, strings escaped as encoding/json
// escapes them, and a final newline. It writes what json.Marshal would,
// faster (TestMarshalIsJSON).
func (d Document) Marshal() ([]byte, error) {
	b := make([]byte, 0, 256+len(d.Entries)*190+len(d.Heads)*260)
	b = append(b, `{"format":`...)
	b = appendString(b, d.Format)
	b = append(b, `,"origin":`...)
	b = appendString(b, d.Origin)
	b = append(b, `,"key":`...)
	b = appendString(b, d.Key)
	b = append(b, `,"entries":[`...)
	for i, e := range d.Entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendEntry(b, e)
	}
	b = append(b, `],"heads":[`...)
	for i, h := range d.Heads {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, h)
	}
	return append(b, "]}\n"...), nil
}

// appendString appends s as encoding/json writes a string.
func appendString(b []byte, s string) []byte {
	if s == string(KindSign) || s == string(KindRevoke) {
		return append(append(append(b, '"'), s...), '"')
	}
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// ParseDocument reads a published log. It refuses unknown fields and any
// document that is not in canonical form once insignificant whitespace is
// removed, so that no byte of a log can change without the verifier seeing
// it (a relabelled key, a re-spelled number, a second copy of a field).
// Entry errors name the position.
func ParseDocument(b []byte) (Document, error) {
	var raw struct {
		Format  string      `json:"format"`
		Origin  string      `json:"origin"`
		Key     string      `json:"key"`
		Entries []entryJSON `json:"entries"`
		Heads   []string    `json:"heads"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return Document{}, locate(b, fmt.Errorf("ledger: log is not valid JSON of the expected shape: %w", err))
	}
	if dec.More() {
		return Document{}, fmt.Errorf("ledger: data after the log document")
	}
	if raw.Format != Format {
		return Document{}, fmt.Errorf("ledger: format %q, want %q", raw.Format, Format)
	}
	if raw.Entries == nil || raw.Heads == nil {
		return Document{}, fmt.Errorf("ledger: entries and heads must both be present")
	}
	d := Document{Format: raw.Format, Origin: raw.Origin, Key: raw.Key, Heads: raw.Heads, Entries: make([]Entry, len(raw.Entries))}
	for i, j := range raw.Entries {
		if err := d.Entries[i].fromJSON(j); err != nil {
			return Document{}, &Error{Position: int64(i), Head: -1, Msg: "entry does not parse: " + err.Error()}
		}
	}
	canon, err := d.Marshal()
	if err != nil {
		return Document{}, err
	}
	var got bytes.Buffer
	if err := json.Compact(&got, b); err != nil {
		return Document{}, fmt.Errorf("ledger: %w", err)
	}
	if !bytes.Equal(got.Bytes(), bytes.TrimSuffix(canon, []byte("\n"))) {
		return Document{}, firstDifference(got.Bytes(), canon)
	}
	return d, nil
}

// locate names the entry a decoding error is in, when it is in one: the
// slow path, taken only for a document that is already refused.
func locate(b []byte, err error) error {
	var raw struct {
		Entries []json.RawMessage `json:"entries"`
	}
	if json.Unmarshal(b, &raw) != nil {
		return err
	}
	for i, r := range raw.Entries {
		var e Entry
		if eerr := json.Unmarshal(r, &e); eerr != nil {
			return &Error{Position: int64(i), Head: -1, Msg: "entry does not parse: " + eerr.Error()}
		}
	}
	return err
}

// firstDifference says where a document departs from its canonical form.
func firstDifference(got, canon []byte) error {
	i := 0
	for i < len(got) && i < len(canon) && got[i] == canon[i] {
		i++
	}
	return fmt.Errorf("ledger: log not in canonical form from byte %d (of the compacted document)", i)
}
