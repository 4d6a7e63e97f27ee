package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// jsonFormat reads and writes JSON bodies. Reading differs from
// encoding/json in two ways an integrator notices: a syntax error names the
// byte it was found at, and a whole number written with a fraction or an
// exponent (2.0, 1e2) fills an integer field, as JSON Schema's "integer"
// (which the document promises) allows; Go's decoder refuses both.
var jsonFormat = huma.Format{Marshal: huma.DefaultJSONFormat.Marshal, Unmarshal: decodeJSON}

// malformedJSON is a body that is not JSON at all.
type malformedJSON struct {
	offset int64
	cause  string
}

func (m malformedJSON) Error() string {
	return fmt.Sprintf("malformed JSON at byte %d: %s", m.offset, m.cause)
}

func decodeJSON(data []byte, v any) error {
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return malformedJSON{offset: syntax.Offset, cause: syntax.Error()}
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) && strings.HasPrefix(typ.Value, "number") {
		if whole, changed := wholeNumbers(data); changed {
			reflect.ValueOf(v).Elem().SetZero() // the first pass filled part of it
			if json.Unmarshal(whole, v) == nil {
				return nil
			}
		}
	}
	return err
}

// wholeNumbers rewrites every number literal that is a whole number written
// with a fraction or an exponent (2.0, 2.50e1) as a plain integer, and says
// whether it changed any. Strings are left alone; the value is exact (big.Rat),
// so 2.0000000000000001 stays as it was.
func wholeNumbers(data []byte) ([]byte, bool) {
	var out bytes.Buffer
	changed := false
	inString, escaped := false, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '-' || c >= '0' && c <= '9':
			j := i + 1
			for j < len(data) && bytes.IndexByte([]byte("0123456789.eE+-"), data[j]) >= 0 {
				j++
			}
			lit := data[i:j]
			if n, ok := wholeNumber(lit); ok {
				out.WriteString(n)
				changed = true
			} else {
				out.Write(lit)
			}
			i = j - 1
			continue
		}
		out.WriteByte(c)
	}
	return out.Bytes(), changed
}

func wholeNumber(lit []byte) (string, bool) {
	if !bytes.ContainsAny(lit, ".eE") || len(lit) > 40 {
		return "", false
	}
	if e := bytes.IndexAny(lit, "eE"); e >= 0 { // keep big.Rat's work bounded
		exp, err := strconv.Atoi(string(lit[e+1:]))
		if err != nil || exp > 30 || exp < -30 {
			return "", false
		}
	}
	r, ok := new(big.Rat).SetString(string(lit))
	if !ok || !r.IsInt() || !r.Num().IsInt64() {
		return "", false
	}
	return r.Num().String(), true
}
