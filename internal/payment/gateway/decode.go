package gateway

import (
	"cmp"
	"encoding/json"
	"errors"
	"reflect"

	"github.com/waybill/waybill/internal/errs"
)

// decode checks the body's size and reads it as JSON into v, turning a
// syntax or type error into an errs.Invalid error that names the field.
func decode(body []byte, v any) error {
	if err := checkBody(body); err != nil {
		return err
	}
	return decodeAt("", body, v).Err()
}

// decodeAt reads JSON into v and reports a failure under prefix, the JSON
// path of data within the whole body. The offending value is not echoed: a
// number literal may be as long as the body.
func decodeAt(prefix string, data []byte, v any) errs.Fields {
	err := json.Unmarshal(data, v)
	var f errs.Fields
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
	case errors.As(err, &typeErr) && typeErr.Field != "":
		path := typeErr.Field
		if prefix != "" {
			path = prefix + "." + path
		}
		f.Add(path, errs.CodeType, "%s must be %s", path, jsonKind(typeErr.Type))
	case errors.As(err, &typeErr):
		f.Add(cmp.Or(prefix, "body"), errs.CodeType, "%s must be a JSON object", cmp.Or(prefix, "the event"))
	default:
		f.Add(cmp.Or(prefix, "body"), errs.CodeFormat, "%s is not valid JSON", cmp.Or(prefix, "the event"))
	}
	return f
}

// jsonKind names the JSON a Go type accepts, for an integrator's eyes.
func jsonKind(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == nil:
		return "of another type"
	case t.Kind() == reflect.String:
		return "a string"
	case t.Kind() == reflect.Int64:
		return "an integer"
	case t.Kind() == reflect.Struct, t.Kind() == reflect.Map:
		return "an object"
	}
	return "of another type"
}
