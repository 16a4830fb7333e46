package service

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"codeberg.org/cortege/cortege"
)

// Limits of a targets file (every mairie of France fits, with room).
const (
	MaxTargetsCSVBytes = 64 << 20
	MaxTargetsCSVRows  = 100_000
	maxTargetsColumns  = 40
)

// TargetRow is one line of a targets file: the target it describes and
// the line it starts on, for messages.
type TargetRow struct {
	Line   int
	Target cortege.Target
}

// TargetRowError says what is wrong with one line of a targets file:
// Line counts from 1 (the header is line 1), Column is the column's
// documented name ("" when the fault is the line's as a whole), Message
// a catalogue key.
type TargetRowError struct {
	Line    int
	Column  string
	Message string
}

// Error says where the fault is, with the message's key.
func (e *TargetRowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Message)
	}
	return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Column, e.Message)
}

// targetColumns maps the header names a targets file may use (lower case;
// the documented English name and a French one) to the documented name.
var targetColumns = map[string]string{
	"id": "id", "identifiant": "id",
	"name": "name", "nom": "name",
	"kind": "kind", "type": "kind",
	"role": "role", "fonction": "role", "rôle": "role",
	"email": "email", "courriel": "email", "e-mail": "email",
	"fediverse": "fediverse", "activitypub": "fediverse", "mastodon": "fediverse",
	"form_url": "form_url", "formulaire": "form_url", "contact_form": "form_url",
	"area": "area", "zone": "area",
	"area_name": "area_name", "nom_zone": "area_name",
	"communes":     "communes",
	"departements": "departements", "départements": "departements",
}

// requiredTargetColumns must be in every file's header.
var requiredTargetColumns = []string{"id", "name", "kind", "area"}

// ParseTargetsCSV reads a targets file (docs/targets.md): UTF-8, comma or
// semicolon separated (guessed from the header), a header naming the
// columns, lines starting with "#" ignored, blank lines skipped. It
// checks the file's shape only (columns, syntax, sizes); the service
// validates each target. An error is a *TargetRowError naming the line
// and column, or EINVALID on "file" for the file as a whole.
func ParseTargetsCSV(data []byte) ([]TargetRow, error) {
	if len(data) > MaxTargetsCSVBytes {
		return nil, cortege.Invalid("file", "err.target.csv.too_big")
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, cortege.Invalid("file", "err.target.csv.encoding")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = guessComma(data)
	r.Comment = '#'
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, csvError(err)
	}
	if len(head) > maxTargetsColumns {
		return nil, &TargetRowError{Line: 1, Message: "err.target.csv.columns_many"}
	}
	headLine, _ := r.FieldPos(0)
	cols := make([]string, len(head))
	seen := map[string]bool{}
	for i, h := range head {
		name := targetColumns[strings.ToLower(strings.TrimSpace(h))]
		if name == "" {
			return nil, &TargetRowError{Line: headLine, Column: clip(strings.TrimSpace(h), 40), Message: "err.target.csv.column_unknown"}
		}
		if seen[name] {
			return nil, &TargetRowError{Line: headLine, Column: name, Message: "err.target.csv.column_twice"}
		}
		seen[name], cols[i] = true, name
	}
	for _, c := range requiredTargetColumns {
		if !seen[c] {
			return nil, &TargetRowError{Line: headLine, Column: c, Message: "err.target.csv.column_missing"}
		}
	}
	var out []TargetRow
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) > len(cols) {
			return nil, &TargetRowError{Line: line, Message: "err.target.csv.fields_many"}
		}
		row, blank := targetRecord(rec, cols)
		if blank {
			continue
		}
		if len(out) == MaxTargetsCSVRows {
			return nil, cortege.Invalid("file", "err.target.csv.too_many")
		}
		row.Line = line
		out = append(out, row)
	}
	if len(out) == 0 {
		return nil, cortege.Invalid("file", "err.target.csv.empty")
	}
	return out, nil
}

// targetRecord reads one record under the header's columns; blank says
// every cell was empty.
func targetRecord(rec, cols []string) (TargetRow, bool) {
	var row TargetRow
	t := &row.Target
	blank := true
	for i, v := range rec {
		v = strings.TrimSpace(v)
		blank = blank && v == ""
		switch cols[i] {
		case "id":
			t.Key = v
		case "name":
			t.Name = v
		case "kind":
			t.Kind = v
		case "role":
			t.Role = v
		case "email":
			t.Email = v
		case "fediverse":
			t.Fediverse = v
		case "form_url":
			t.FormURL = v
		case "area":
			t.Area.Level = v
		case "area_name":
			t.Area.Name = v
		case "communes":
			t.Area.Communes = splitCodes(v)
		case "departements":
			t.Area.Departements = splitCodes(v)
		}
	}
	return row, blank
}

// splitCodes splits a cell listing place codes, separated by spaces,
// commas, semicolons or "|".
func splitCodes(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool {
		return r == ' ' || r == ',' || r == ';' || r == '|' || r == '\t'
	})
}

// guessComma picks the separator of the first line that is not a
// comment: a semicolon when it has more of them than commas.
func guessComma(data []byte) rune {
	for len(data) > 0 {
		var line []byte
		line, data, _ = bytes.Cut(data, []byte("\n"))
		if t := bytes.TrimSpace(line); len(t) == 0 || t[0] == '#' {
			continue
		}
		if bytes.Count(line, []byte(";")) > bytes.Count(line, []byte(",")) {
			return ';'
		}
		return ','
	}
	return ','
}

// csvError names the line of a CSV syntax error (a stray quote…).
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &TargetRowError{Line: pe.Line, Message: "err.target.csv.syntax"}
	}
	if err == io.EOF {
		return cortege.Invalid("file", "err.target.csv.empty")
	}
	return cortege.Invalid("file", "err.target.csv.invalid")
}

// clip cuts s to at most n runes, for a value quoted in a message.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
