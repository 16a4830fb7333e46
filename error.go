// Package cortege holds Cortège's domain: the types every layer shares, their
// validation and the pure rules about them. It imports only the standard
// library: no SQL, JSON tags, HTML or HTTP live here.
package cortege

import (
	"errors"
	"fmt"
)

// Error codes. Each boundary (HTML, JSON API, ActivityPub) maps them to its
// own status in one place.
const (
	EINTERNAL  = "internal"
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	EFORBIDDEN = "forbidden"
	EUNAUTH    = "unauthorized"
	ECONFLICT  = "conflict"
	ERATELIMIT = "rate_limited"
	// EUNAVAILABLE: the server is busy with this kind of work; the same
	// request will likely succeed in a few seconds (503 with Retry-After).
	EUNAVAILABLE = "unavailable"
)

// Error is the one error type business code returns on purpose. Message is a
// key of the translation catalogues (for example "err.email.invalid"), so
// every boundary can show it in the reader's language; Field names the form
// or JSON field at fault, when there is one.
type Error struct {
	Code    string
	Field   string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and message key.
func Errorf(code, message string) *Error { return &Error{Code: code, Message: message} }

// Invalid returns an EINVALID error about one field.
func Invalid(field, message string) *Error {
	return &Error{Code: EINVALID, Field: field, Message: message}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not an
// *Error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorOf returns err as an *Error, or nil when it is not one (an internal
// failure whose details must not reach users).
func ErrorOf(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// IsNotFound reports whether err carries ENOTFOUND.
func IsNotFound(err error) bool { return ErrorCode(err) == ENOTFOUND }
