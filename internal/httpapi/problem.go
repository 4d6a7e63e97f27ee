package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/errs"
)

// Problem is an RFC 9457 problem document with one entry per invalid field.
type Problem struct {
	Type   string            `json:"type,omitempty" doc:"A URI naming the problem type"`
	Title  string            `json:"title" doc:"Short summary of the problem type"`
	Status int               `json:"status" doc:"HTTP status code"`
	Detail string            `json:"detail,omitempty" doc:"What went wrong this time"`
	Code   string            `json:"code" doc:"Machine-readable kind: invalid, not_found, conflict, unauthorized, forbidden, unavailable, internal"`
	Errors []errs.FieldError `json:"errors,omitempty" doc:"One entry per invalid field"`
}

func (p *Problem) Error() string { return p.Detail }

// GetStatus lets huma write the problem with its own status.
func (p *Problem) GetStatus() int { return p.Status }

// ContentType makes every error answer application/problem+json.
func (p *Problem) ContentType(string) string { return "application/problem+json" }

// statusOf is the one table from error kinds to HTTP statuses.
var statusOf = map[errs.Kind]int{
	errs.Invalid:      http.StatusUnprocessableEntity,
	errs.NotFound:     http.StatusNotFound,
	errs.Conflict:     http.StatusConflict,
	errs.Unauthorized: http.StatusUnauthorized,
	errs.Forbidden:    http.StatusForbidden,
	errs.Unavailable:  http.StatusServiceUnavailable,
	errs.Internal:     http.StatusInternalServerError,
}

// StatusOf is the HTTP status the API answers an error of kind k with.
func StatusOf(k errs.Kind) int {
	if s, ok := statusOf[k]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// kindOf is the reverse, for errors huma itself raises.
func kindOf(status int) errs.Kind {
	for k, s := range statusOf {
		if s == status {
			return k
		}
	}
	if status >= 500 {
		return errs.Internal
	}
	return errs.Invalid
}

// problemOf turns a classified error into its problem document. Internal
// errors show a generic message; the cause is logged by the caller.
func problemOf(err *errs.Error) *Problem {
	status := statusOf[err.Kind]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	p := &Problem{Title: http.StatusText(status), Status: status, Code: string(err.Kind), Detail: err.Message, Errors: err.Fields}
	if err.Kind == errs.Internal {
		p.Detail = "internal error; it has been logged"
		p.Errors = nil
	}
	return p
}

// newHumaError replaces huma.NewError so that huma's own errors (schema
// validation, malformed JSON, oversized bodies) come out in the same shape.
// Schema and domain problems come back together, except where the schema
// found the value unreadable: a body that is not JSON (400) or not of an
// accepted type (415) is one problem, and a value of the wrong type hides
// the domain's complaints about what lies inside it (they would be about
// fields never sent).
func newHumaError(status int, msg string, details ...error) huma.StatusError {
	p := &Problem{Title: http.StatusText(status), Status: status, Code: string(kindOf(status)), Detail: msg}
	var schema, domain []errs.FieldError
	for _, d := range details {
		if d == nil {
			continue
		}
		var fe fieldError
		if errors.As(d, &fe) {
			domain = append(domain, fe.FieldError)
			continue
		}
		var we *errs.Error
		if errors.As(d, &we) {
			return problemOf(we)
		}
		var hd huma.ErrorDetailer
		if errors.As(d, &hd) {
			schema = append(schema, fieldOf(hd.ErrorDetail()))
			continue
		}
		if status < 500 {
			schema = append(schema, errs.FieldError{Code: errs.CodeFormat, Message: d.Error()})
		}
	}
	if whole := wholeBody(status, schema); whole != nil {
		p.Detail, p.Errors = whole.Message, []errs.FieldError{*whole}
		return p
	}
	p.Errors = firstPerPath(append(schema, unshadowed(domain, schema)...))
	if status == http.StatusUnprocessableEntity && p.Detail == "validation failed" {
		p.Detail = "the request has invalid fields"
	}
	return p
}

// wholeBody is the one problem of a body that could not be read at all.
func wholeBody(status int, schema []errs.FieldError) *errs.FieldError {
	if status != http.StatusBadRequest && status != http.StatusUnsupportedMediaType {
		return nil
	}
	for _, f := range schema {
		if f.Path != "" {
			continue
		}
		if ct, ok := strings.CutPrefix(f.Message, huma.ErrUnknownContentType.Error()+": "); ok {
			return &errs.FieldError{Path: "header.Content-Type", Code: errs.CodeUnknown,
				Message: fmt.Sprintf("Content-Type %q is not accepted; send application/json", ct)}
		}
		return &errs.FieldError{Path: "", Code: errs.CodeFormat, Message: "the body is not valid JSON: " + f.Message}
	}
	return nil
}

// unshadowed drops the domain problems inside a value the schema found to
// be of the wrong type (the whole body, when it is not an object).
func unshadowed(domain, schema []errs.FieldError) []errs.FieldError {
	var wrong []string
	for _, f := range schema {
		if f.Code == errs.CodeType {
			wrong = append(wrong, f.Path)
		}
	}
	if len(wrong) == 0 {
		return domain
	}
	out := domain[:0]
	for _, f := range domain {
		if !slices.ContainsFunc(wrong, func(w string) bool { return within(f.Path, w) }) {
			out = append(out, f)
		}
	}
	return out
}

// within says whether path is at or under the JSON path outer.
func within(path, outer string) bool {
	if outer == "" || path == outer {
		return true
	}
	rest, ok := strings.CutPrefix(path, outer)
	return ok && (rest[0] == '.' || rest[0] == '[')
}

var (
	requiredProperty = regexp.MustCompile(`^expected required property (\S+) to be present`)
	// Go's decoder refuses what the schema allowed, e.g. 3.0 for an integer:
	// "json: cannot unmarshal number 3.0 into Go struct field line.lines.quantity of type int".
	goTypeError = regexp.MustCompile(`^json: cannot unmarshal (\S+)(?: (\S+))? into Go struct field [^.\s]*\.(\S+) of type (\S+)`)
)

// fieldOf converts huma's validation detail into a field error with a JSON
// path relative to the body ("lines[2].quantity") and a stable code.
func fieldOf(d *huma.ErrorDetail) errs.FieldError {
	path := d.Location
	if path == "body" {
		path = ""
	} else if rest, ok := strings.CutPrefix(path, "body."); ok {
		path = rest
	}
	msg := d.Message
	code := errs.CodeFormat
	switch {
	case goTypeError.MatchString(msg):
		m := goTypeError.FindStringSubmatch(msg)
		code, path = errs.CodeType, m[3]
		msg = "expected " + m[4] + ", got " + m[1] + " " + m[2]
	case requiredProperty.MatchString(msg):
		code = errs.CodeRequired
		name := requiredProperty.FindStringSubmatch(msg)[1]
		if path == "" {
			path = name
		} else {
			path += "." + name
		}
	case msg == "expected string", msg == "expected integer", msg == "expected number", msg == "expected boolean",
		msg == "expected array", msg == "expected object":
		code = errs.CodeType
	case strings.HasPrefix(msg, "unexpected property"):
		code = errs.CodeUnexpected
	case strings.HasPrefix(msg, "expected length <="):
		code = errs.CodeTooLong
	case strings.HasPrefix(msg, "expected number"), strings.HasPrefix(msg, "expected length"),
		strings.HasPrefix(msg, "expected array length"):
		code = errs.CodeOutOfRange
	case strings.HasPrefix(msg, "expected value to be one of"):
		code = errs.CodeUnknown
	}
	return errs.FieldError{Path: path, Code: code, Message: msg}
}

// fieldError carries a domain validator's field error through huma's list of
// validation errors, so schema and domain problems come back together.
type fieldError struct{ errs.FieldError }

func (f fieldError) Error() string { return f.Path + ": " + f.Message }

// ResolveErrors turns a validator's error into what a huma Resolver returns,
// so an operation's input type can run its domain checks in the same pass as
// the schema checks and the caller hears about every problem at once.
func ResolveErrors(err error) []error {
	if err == nil {
		return nil
	}
	fields := errs.FieldsOf(err)
	if len(fields) == 0 {
		return []error{err}
	}
	out := make([]error, len(fields))
	for i, f := range fields {
		out[i] = fieldError{f}
	}
	return out
}

// firstPerPath keeps one problem per field: the schema's, which comes first,
// over a domain check's complaint about the same bad value.
func firstPerPath(in []errs.FieldError) []errs.FieldError {
	seen := make(map[string]bool, len(in))
	out := in[:0]
	for _, f := range in {
		if f.Path != "" && seen[f.Path] {
			continue
		}
		seen[f.Path] = true
		out = append(out, f)
	}
	return out
}

// ProblemBody renders a refusal as the problem document the API sends, for
// writers that must store the exact bytes to replay them (idempotency keys).
func ProblemBody(err error) (status int, body []byte) {
	var we *errs.Error
	if !errors.As(err, &we) {
		we = errs.Wrap(errs.Internal, err, "internal error")
	}
	p := problemOf(we)
	body, mErr := json.Marshal(p)
	if mErr != nil {
		return http.StatusInternalServerError, []byte(`{"title":"Internal Server Error","status":500,"code":"internal"}`)
	}
	return p.Status, body
}
