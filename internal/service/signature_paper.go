package service

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// Limits of one batch of paper signatures.
const (
	MaxPaperBatch    = 5000
	MaxPaperCSVBytes = 2 << 20
)

// PaperSignature is one line of a paper form, typed by an organiser. The
// address is optional; when given, it is checked against the online
// signatures (one per mailbox).
type PaperSignature struct {
	FirstName string
	LastName  string
	Postal    string
	Email     string
	Comment   string
}

// PaperRowError says what is wrong with one line (numbered from 1).
type PaperRowError struct {
	Row     int
	Field   string
	Message string // catalogue key
}

// PaperResult says what a batch did. A batch with any error adds nothing,
// so an organiser fixes the lines and sends the whole batch again.
type PaperResult struct {
	Added      int
	Duplicates int // lines whose address had signed already: skipped
	Errors     []PaperRowError
}

// AddPaperSignatures enters a batch of paper signatures for a petition's
// organisers. They are confirmed at once, flagged as paper and counted
// apart from the online ones, in one transaction.
func (s *Service) AddPaperSignatures(ctx context.Context, a cortege.Actor, petitionID string, rows []PaperSignature) (*PaperResult, error) {
	if len(rows) > MaxPaperBatch {
		return nil, cortege.Invalid("rows", "err.signature.too_many")
	}
	now := s.now()
	res := &PaperResult{}
	sigs := make([]*cortege.Signature, 0, len(rows))
	seen := map[string]bool{}
	for i, r := range rows {
		g := &cortege.Signature{PetitionID: petitionID, FirstName: r.FirstName, LastName: r.LastName, Postal: r.Postal,
			Email: r.Email, Comment: r.Comment, Source: cortege.SourcePaper, Status: cortege.SignatureConfirmed}
		if err := s.checkSignature(g, ""); err != nil {
			e := cortege.ErrorOf(err)
			if e == nil {
				return nil, err
			}
			res.Errors = append(res.Errors, PaperRowError{Row: i + 1, Field: e.Field, Message: e.Message})
			continue
		}
		if g.EmailKey != "" && seen[g.EmailKey] {
			res.Duplicates++
			continue
		}
		seen[g.EmailKey] = g.EmailKey != ""
		sigs = append(sigs, g)
	}
	if len(res.Errors) > 0 {
		return res, nil
	}
	err := s.inTx(ctx, func(q *store.Q) error {
		p, err := s.organisedPetition(ctx, q, a, petitionID)
		if err != nil {
			return err
		}
		if st := p.StateAt(now); st != cortege.PetitionPublished && st != cortege.PetitionClosed {
			return cortege.Errorf(cortege.ECONFLICT, "err.petition.not_signable")
		}
		paper := map[string]int{}
		for _, g := range sigs {
			if g.EmailKey != "" {
				if _, err := q.SignatureByEmailKey(ctx, p.ID, g.EmailKey, s.erasedKey(g.EmailKey)); err == nil {
					res.Duplicates++
					continue
				} else if !cortege.IsNotFound(err) {
					return err
				}
			}
			g.ID, g.CreatedAt, g.ConfirmedAt = cortege.NewID(now), now, now
			if err := s.createSignature(ctx, q, g); err != nil {
				if errors.Is(err, errRaced) {
					return cortege.Errorf(cortege.ECONFLICT, "err.conflict")
				}
				return err
			}
			paper[g.Departement]++
			res.Added++
		}
		return s.countSignatures(ctx, q, p, nil, paper)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// paperColumns maps the header names a paper CSV may use (French or
// English, lower case, accents as typed) to the fields.
var paperColumns = map[string]string{
	"first_name": "first", "firstname": "first", "first name": "first", "prénom": "first", "prenom": "first",
	"last_name": "last", "lastname": "last", "last name": "last", "nom": "last", "name": "last",
	"postal_code": "postal", "postcode": "postal", "code postal": "postal", "code_postal": "postal", "cp": "postal",
	"email": "email", "e-mail": "email", "courriel": "email", "mail": "email",
	"comment": "comment", "commentaire": "comment",
}

// ParsePaperCSV reads paper signatures from a CSV file whose first line
// names the columns (first_name/prénom, last_name/nom, postal_code/code
// postal, and optionally email/courriel, comment/commentaire), separated
// by commas or semicolons, at most MaxPaperCSVBytes and MaxPaperBatch
// lines. Errors are EINVALID on the field "file".
func ParsePaperCSV(data []byte) ([]PaperSignature, error) {
	if len(data) > MaxPaperCSVBytes {
		return nil, cortege.Invalid("file", "err.signature.csv.too_big")
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	head, err := r.Read()
	if err != nil {
		return nil, cortege.Invalid("file", "err.signature.csv.invalid")
	}
	cols := make([]string, len(head))
	have := map[string]bool{}
	for i, h := range head {
		cols[i] = paperColumns[strings.ToLower(strings.TrimSpace(h))]
		have[cols[i]] = true
	}
	if !have["first"] || !have["last"] || !have["postal"] {
		return nil, cortege.Invalid("file", "err.signature.csv.columns")
	}
	var out []PaperSignature
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, cortege.Invalid("file", "err.signature.csv.invalid")
		}
		if len(out) == MaxPaperBatch {
			return nil, cortege.Invalid("file", "err.signature.too_many")
		}
		var p PaperSignature
		blank := true
		for i, v := range rec {
			if i >= len(cols) {
				break
			}
			v = strings.TrimSpace(v)
			if cols[i] != "" { // a column of no field does not make a row
				blank = blank && v == ""
			}
			switch cols[i] {
			case "first":
				p.FirstName = v
			case "last":
				p.LastName = v
			case "postal":
				p.Postal = v
			case "email":
				p.Email = v
			case "comment":
				p.Comment = v
			}
		}
		if !blank {
			out = append(out, p)
		}
	}
	return out, nil
}
