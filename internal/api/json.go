package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"

	"codeberg.org/cortege/cortege"
)

// maxBody caps a request body: 1 MiB, far above any honest request.
const maxBody = 1 << 20

// jsonType is the Content-Type of every answer.
const jsonType = "application/json; charset=utf-8"

// writeJSON answers v as JSON with status. Nothing is written when v cannot
// be encoded, so the caller can still answer an error.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", jsonType)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
	return nil
}

// noContent answers 204 with no body.
func noContent(w http.ResponseWriter) error {
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// decode reads the request body, one JSON object, into dst: it must be
// sent as application/json (415), fit in maxBody (413), parse (400), and
// hold only the fields of dst with their types (400 naming the field).
func decode(w http.ResponseWriter, r *http.Request, dst any) error {
	if err := checkContentType(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	if r.ContentLength > maxBody {
		return errTooLarge
	}
	return decodeJSON(http.MaxBytesReader(w, r.Body, maxBody), dst)
}

var (
	errMediaType = &httpError{http.StatusUnsupportedMediaType, codeMediaType, "err.api.content_type", ""}
	errTooLarge  = &httpError{http.StatusRequestEntityTooLarge, codeTooLarge, "err.api.too_large", "body"}
)

// checkContentType accepts application/json, with at most a UTF-8 charset.
func checkContentType(ct string) error {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return errMediaType
	}
	for k, v := range params {
		if k != "charset" || !strings.EqualFold(v, "utf-8") {
			return errMediaType
		}
	}
	return nil
}

// decodeJSON decodes one JSON object from body into dst, refusing unknown
// fields and anything after the object.
func decodeJSON(body io.Reader, dst any) error {
	raw, err := io.ReadAll(body)
	if mb := new(http.MaxBytesError); errors.As(err, &mb) {
		return errTooLarge
	} else if err != nil {
		return err
	}
	if err := checkUTF8(raw); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if mb := new(http.MaxBytesError); errors.As(err, &mb) {
			return errTooLarge
		}
		return badBody("body", "err.api.json_trailing")
	}
	return refuseNUL(dst)
}

// refuseNUL refuses a NUL character in any text of a decoded request
// (strings and *strings, also inside slices and nested objects): no text
// needs one, and PostgreSQL cannot store it. Like invalid UTF-8 it is a
// fault of the body, not of what it says: a 400 naming the top-level
// JSON field, before anyone's permission is looked at.
func refuseNUL(dst any) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	v = v.Elem()
	for i := range v.NumField() {
		if hasNUL(v.Field(i), 0) {
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
			return badBody(name, "err.api.nul")
		}
	}
	return nil
}

// hasNUL reports whether a decoded value holds a NUL in any string.
func hasNUL(f reflect.Value, depth int) bool {
	if depth > 8 {
		return false
	}
	switch f.Kind() {
	case reflect.Pointer:
		return !f.IsNil() && hasNUL(f.Elem(), depth+1)
	case reflect.String:
		return strings.ContainsRune(f.String(), 0)
	case reflect.Slice, reflect.Array:
		for i := range f.Len() {
			if hasNUL(f.Index(i), depth+1) {
				return true
			}
		}
	case reflect.Struct:
		for i := range f.NumField() {
			if f.Type().Field(i).IsExported() && hasNUL(f.Field(i), depth+1) {
				return true
			}
		}
	}
	return false
}

// pathID returns the {name} wildcard of the request as an object ID; a
// value no ID can have is ENOTFOUND at once, before any database work.
func pathID(r *http.Request, name string) (string, error) {
	id := r.PathValue(name)
	if !validID(id) {
		return "", cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	return id, nil
}

// validID reports whether s could be an object ID: 1 to 64 characters
// among A–Z, a–z, 0–9, "-" and "_". It keeps odd bytes (NUL, invalid
// UTF-8) away from the database, which may refuse them with an error.
func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// jsonError turns a decoding failure into a 400 (or 413) that says what is
// wrong and where.
func jsonError(err error) error {
	var (
		syntax   *json.SyntaxError
		typ      *json.UnmarshalTypeError
		tooLarge *http.MaxBytesError
		invalid  *json.InvalidUnmarshalError
	)
	switch {
	case errors.As(err, &tooLarge):
		return errTooLarge
	case errors.As(err, &invalid):
		return err // a bug here, not in the request: 500
	case errors.Is(err, io.EOF):
		return badBody("body", "err.api.json_empty")
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return badBody("body", "err.api.json_syntax")
	case errors.As(err, &typ):
		return badBody(typ.Field, "err.api.json_type")
	}
	if field, ok := unknownField(err.Error()); ok {
		return badBody(field, "err.api.json_unknown_field")
	}
	return badBody("body", "err.api.json_syntax")
}

// unknownField extracts the name from encoding/json's `json: unknown field
// "name"` (it has no typed error for it).
func unknownField(msg string) (string, bool) {
	_, rest, ok := strings.Cut(msg, `unknown field "`)
	if !ok {
		return "", false
	}
	name, _, ok := strings.Cut(rest, `"`)
	if !ok || name == "" {
		return "", false
	}
	return name, true
}

// decodeOptional is decode for routes whose body may be left out
// entirely (no Content-Length and no body: dst keeps its zero value).
func decodeOptional(w http.ResponseWriter, r *http.Request, dst any) error {
	if r.ContentLength == 0 && r.Header.Get("Content-Type") == "" {
		return nil
	}
	return decode(w, r, dst)
}
