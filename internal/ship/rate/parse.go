package rate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	_ "time/tzdata" // origins name IANA zones; a host without zoneinfo must still load them

	"github.com/waybill/waybill/internal/errs"
)

// MaxDocument is the largest carrier document ParseCarrier reads. A real
// contract with a few hundred zones and weight breaks is well under it; a
// larger input is a mistake or an attack.
const MaxDocument = 1 << 20

// ParseCarrier reads one carrier's JSON document and validates all of it,
// so that an operator loading a contract sees every mistake at once, each
// under its JSON path ("services[2].rates[0].up_to_g"). The result is ready
// for Price and Shop; nothing is checked again later.
func ParseCarrier(data []byte) (Carrier, error) {
	if len(data) > MaxDocument {
		return Carrier{}, errs.Field("", errs.CodeTooLong, "a carrier document is at most %d bytes, this one is %d", MaxDocument, len(data))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Carrier
	if err := dec.Decode(&c); err != nil {
		return Carrier{}, decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Carrier{}, errs.Field("", errs.CodeFormat, "the document holds more than one JSON value")
	}
	if f := c.validate(); len(f) > 0 {
		return Carrier{}, f.Err()
	}
	c.parsed = true
	return c, nil
}

// decodeError names the field a JSON decoding problem is in, as far as the
// decoder tells it.
func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return errs.Field(typeErr.Field, errs.CodeType, "expected %s, got JSON %s", typeErr.Type, typeErr.Value)
	case errors.As(err, &syntaxErr):
		return errs.Field("", errs.CodeFormat, "not valid JSON at byte %d: %v", syntaxErr.Offset, syntaxErr)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return errs.Field(errs.Clip(name), errs.CodeUnexpected, "there is no field %q in a carrier document", errs.Clip(name))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errs.Field("", errs.CodeFormat, "the document is empty or cut short")
	}
	return errs.Field("", errs.CodeFormat, "not a carrier document: %s", errs.Clip(fmt.Sprint(err)))
}
