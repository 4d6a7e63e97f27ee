// Package errs defines the few kinds of failure Waybill reports and the
// field-level detail a caller needs to fix bad input. The HTTP layer maps a
// Kind to a status in one table; every other layer only wraps.
package errs

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Kind classifies an error by what the caller can do about it.
type Kind string

// The kinds of failure. Anything that is not one of these is internal.
const (
	Invalid      Kind = "invalid"      // the input is wrong; fix it and retry
	NotFound     Kind = "not_found"    // the thing named does not exist
	Conflict     Kind = "conflict"     // the input is fine but the current state refuses it
	Unauthorized Kind = "unauthorized" // no valid credentials
	Forbidden    Kind = "forbidden"    // valid credentials, wrong role
	Unavailable  Kind = "unavailable"  // try again later
	Internal     Kind = "internal"     // a bug or an outage; details are logged, not shown
)

// FieldError names one invalid field so that a form or an integrator can point
// at it. Path is a JSON path into the request body ("lines[2].quantity"), or a
// location such as "query.limit" for non-body input.
type FieldError struct {
	Path    string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Field codes shared by every validator, so clients can branch on them.
const (
	CodeRequired   = "required"
	CodeTooLong    = "too_long"
	CodeOutOfRange = "out_of_range"
	CodeFormat     = "invalid_format"
	CodeChecksum   = "invalid_checksum"
	CodeUnknown    = "unknown_value"
	CodeDuplicate  = "duplicate"
	CodeType       = "wrong_type"
	CodeUnexpected = "unknown_field"
	CodeOutOfScope = "out_of_scope" // the key is confined to other channels or warehouses
)

// Error is Waybill's error value: a kind, a message safe to show a caller, and
// for invalid input the fields at fault.
type Error struct {
	Kind    Kind
	Message string
	Fields  []FieldError
	cause   error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Path, f.Message)
	}
	if e.cause != nil {
		b.WriteString(": ")
		b.WriteString(e.cause.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.cause }

// E builds an error of a kind with a formatted message.
func E(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Wrap gives cause a kind and a caller-safe message while keeping it for logs.
func Wrap(kind Kind, cause error, message string) *Error {
	return &Error{Kind: kind, Message: message, cause: cause}
}

// KindOf reports the kind of err, Internal for errors Waybill did not classify.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Is reports whether err is of kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// Fields collects field errors while validating one input, so a caller gets
// every problem at once rather than one per attempt.
type Fields []FieldError

// Add records a problem with the field at path.
func (f *Fields) Add(path, code, format string, args ...any) {
	*f = append(*f, FieldError{Path: path, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Merge appends problems found by a nested validator under prefix.
func (f *Fields) Merge(prefix string, other Fields) {
	for _, e := range other {
		if prefix != "" {
			if e.Path == "" || e.Path[0] == '[' {
				e.Path = prefix + e.Path
			} else {
				e.Path = prefix + "." + e.Path
			}
		}
		*f = append(*f, e)
	}
}

// Err returns nil when nothing was recorded, else an Invalid error listing it all.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Message: "the request has invalid fields", Fields: f}
}

// Field is an Invalid error about one field, whose problem is also the
// error's message: a scan refused for its bin says so in both places.
func Field(path, code, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Kind: Invalid, Message: msg, Fields: Fields{{Path: path, Code: code, Message: msg}}}
}

// FieldsOf returns the field errors carried by err, if any.
func FieldsOf(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Clip shortens a caller's value for an error message to about 40
// characters, cut on a character boundary, so a megabyte of junk is never
// echoed back.
func Clip(s string) string {
	const limit = 40
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// OutOfScope is the refusal of a confined API key: 403, with each field
// that named a channel or warehouse outside the key's scope (f, code
// CodeOutOfScope) and a message saying which kind of scope it is.
func OutOfScope(what string, f Fields) error {
	return &Error{Kind: Forbidden, Message: "this API key is confined to other " + what, Fields: f}
}
