package httpapi

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

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
	if p, ok := v.(*any); ok { // huma's schema pass: keep its parse for the struct pass
		err := json.Unmarshal(data, p)
		if err == nil {
			parses.put(data, *p)
		}
		return syntaxError(err)
	}
	if parsed, ok := parses.take(data); ok && onceDecoded(v) && fromParsed(parsed, v, data) {
		return nil
	}
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	if err := syntaxError(err); err != nil {
		if _, ok := err.(malformedJSON); ok {
			return err
		}
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

// syntaxError names the byte a syntax error was found at.
func syntaxError(err error) error {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return malformedJSON{offset: syntax.Offset, cause: syntax.Error()}
	}
	return err
}

// wholeNumbers rewrites every number literal that is a whole number written
// with a fraction or an exponent (2.0, 2.50e1) as a plain integer, and says
// whether it changed any. Strings are left alone; the value is exact (big.Rat),
// so 2.0000000000000001 stays as it was.
func wholeNumbers(data []byte) ([]byte, bool) {
	var out bytes.Buffer
	last := 0
	for i, j := range numberLiterals(data) {
		if n, ok := wholeNumber(data[i:j]); ok {
			out.Write(data[last:i])
			out.WriteString(n)
			last = j
		}
	}
	if last == 0 {
		return data, false
	}
	out.Write(data[last:])
	return out.Bytes(), true
}

// outsideStrings yields the index and byte of every byte of data, a JSON
// text, that is not inside a string literal (quotes included).
func outsideStrings(data []byte) iter.Seq2[int, byte] {
	return func(yield func(int, byte) bool) {
		inString, escaped := false, false
		for i, c := range data {
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
			default:
				if !yield(i, c) {
					return
				}
			}
		}
	}
}

// numberLiterals yields the start and end of every number literal in data:
// outside strings, a run of the characters a number is written with, from a
// digit or a minus sign.
func numberLiterals(data []byte) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		start := -1
		for i, c := range outsideStrings(data) {
			inNumber := c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
			switch {
			case start < 0 && (c == '-' || c >= '0' && c <= '9'):
				start = i
			case start >= 0 && !inNumber:
				if !yield(start, i) {
					return
				}
				start = -1
			}
		}
		if start >= 0 {
			yield(start, len(data))
		}
	}
}

// names counts the name/value pairs of every object in data (the colons
// outside strings), as written: a name given twice counts twice.
func names(data []byte) int {
	n := 0
	for _, c := range outsideStrings(data) {
		if c == ':' {
			n++
		}
	}
	return n
}

// keys counts the names of every object in v, a parse into an any, where a
// name given twice in the text is one.
func keys(v any) int {
	n := 0
	switch v := v.(type) {
	case map[string]any:
		n += len(v)
		for _, e := range v {
			n += keys(e)
		}
	case []any:
		for _, e := range v {
			n += keys(e)
		}
	}
	return n
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

// A body is decoded once (for types that opt in: OnceDecoded). huma reads it twice: into an any, which its
// schema check walks, then into the operation's struct. decodeJSON keeps
// the first parse (parses) and, when the second asks for the same bytes,
// fills the struct from it (fromParsed) instead of reading the JSON again,
// if that gives exactly what encoding/json would; if not (a name given
// twice, a number written with a fraction, ...), it reads the JSON as
// before.

// OnceDecoded is a request body type that may be filled from the schema
// pass's parse: the bodies of the hot operations (placing an order) opt in,
// the rest are decoded twice as huma does.
type OnceDecoded interface {
	// DecodeOnce marks the type; it is never called.
	DecodeOnce()
}

func onceDecoded(v any) bool {
	_, ok := v.(OnceDecoded)
	return ok
}

// parses holds the schema pass's parse of each body being read, by the
// address of its bytes (huma hands both passes the same buffer); take
// checks the bytes too, because huma reuses its buffers.
var parses = parseCache{m: map[*byte]parsedBody{}}

type parsedBody struct {
	data []byte // a copy of the bytes parsed
	v    any
}

type parseCache struct {
	mu sync.Mutex
	m  map[*byte]parsedBody
}

// maxParses bounds the cache: every parse is taken by its struct pass a
// moment later, so only an operation that never asks for one leaves it.
const maxParses = 4096

func (c *parseCache) put(data []byte, v any) {
	if len(data) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxParses {
		clear(c.m)
	}
	c.m[unsafe.SliceData(data)] = parsedBody{data: bytes.Clone(data), v: v}
}

func (c *parseCache) take(data []byte) (any, bool) {
	if len(data) == 0 {
		return nil, false
	}
	c.mu.Lock()
	p, ok := c.m[unsafe.SliceData(data)]
	delete(c.m, unsafe.SliceData(data))
	c.mu.Unlock()
	return p.v, ok && bytes.Equal(p.data, data)
}

// fromParsed sets *v from parsed, the body data decoded into an any, and
// reports whether it did; it does only when that is what json.Unmarshal
// (data, v) gives: every name matches a field exactly (encoding/json would
// also take another case), every value has its field's kind, every number
// is written as a plain integer (the any holds a float64, exact below
// 2^53), and no time is written with escapes (encoding/json hands a time
// its literal, unescaped by no one). Otherwise *v is untouched.
func fromParsed(parsed any, v any, data []byte) bool {
	rv := reflect.ValueOf(v)
	// A name given twice in an object: the parse kept the last, encoding/json
	// merges two objects given under one name; decode again to agree with it.
	if rv.Kind() != reflect.Pointer || rv.IsNil() || !plainNumbers(data) || names(data) != keys(parsed) {
		return false
	}
	out := reflect.New(rv.Type().Elem()).Elem()
	var a assigner
	if !a.assign(out, parsed) || a.times && bytes.IndexByte(data, '\\') >= 0 {
		return false
	}
	rv.Elem().Set(out)
	return true
}

type assigner struct {
	times bool // a time.Time was set
}

var (
	timeType        = reflect.TypeFor[time.Time]()
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func (a *assigner) assign(dst reflect.Value, src any) bool {
	t := dst.Type()
	if src == nil { // null: nil for what can be nil; nothing for the rest
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
			dst.SetZero()
		}
		return true
	}
	if t == timeType {
		s, ok := src.(string)
		if !ok || dst.Addr().Interface().(*time.Time).UnmarshalText([]byte(s)) != nil {
			return false
		}
		a.times = true
		return true
	}
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface &&
		(reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler)) {
		return false
	}
	switch t.Kind() {
	case reflect.String:
		s, ok := src.(string)
		if ok {
			dst.SetString(s)
		}
		return ok
	case reflect.Bool:
		b, ok := src.(bool)
		if ok {
			dst.SetBool(b)
		}
		return ok
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f, ok := src.(float64)
		if !ok || f != math.Trunc(f) || math.Abs(f) >= 1<<53 || dst.OverflowInt(int64(f)) {
			return false
		}
		dst.SetInt(int64(f))
		return true
	case reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		f, ok := src.(float64)
		if !ok || f != math.Trunc(f) || f < 0 || f >= 1<<53 || dst.OverflowUint(uint64(f)) {
			return false
		}
		dst.SetUint(uint64(f))
		return true
	case reflect.Float64:
		f, ok := src.(float64)
		if ok {
			dst.SetFloat(f)
		}
		return ok
	case reflect.Pointer:
		if t.Elem().Implements(jsonUnmarshaler) || t.Elem().Implements(textUnmarshaler) {
			return false
		}
		p := reflect.New(t.Elem())
		if !a.assign(p.Elem(), src) {
			return false
		}
		dst.Set(p)
		return true
	case reflect.Slice:
		items, ok := src.([]any)
		if !ok || t.Elem().Kind() == reflect.Uint8 { // []byte is base64 text
			return false
		}
		s := reflect.MakeSlice(t, len(items), len(items))
		for i, item := range items {
			if !a.assign(s.Index(i), item) {
				return false
			}
		}
		dst.Set(s)
		return true
	case reflect.Struct:
		m, ok := src.(map[string]any)
		if !ok {
			return false
		}
		fields, ok := jsonFields(t)
		if !ok {
			return false
		}
		for name, val := range m {
			i, ok := fields[name]
			if !ok || !a.assign(dst.Field(i), val) {
				return false
			}
		}
		return true
	case reflect.Interface:
		if t.NumMethod() != 0 {
			return false
		}
		dst.Set(reflect.ValueOf(src))
		return true
	}
	return false
}

// structFields caches, per struct type, its JSON names and their field
// indexes; a type whose fields encoding/json treats in ways fromParsed
// does not (embedded structs, ",string") is cached as not ok.
var structFields sync.Map // reflect.Type → fieldIndex

type fieldIndex struct {
	byName map[string]int
	ok     bool
}

func jsonFields(t reflect.Type) (map[string]int, bool) {
	if f, ok := structFields.Load(t); ok {
		return f.(fieldIndex).byName, f.(fieldIndex).ok
	}
	fi := fieldIndex{byName: map[string]int{}, ok: true}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		switch {
		case f.Anonymous || strings.Contains(","+opts+",", ",string,"):
			fi.ok = false
		case !f.IsExported() || tag == "-":
			continue
		case name == "":
			name = f.Name
		}
		fi.byName[name] = i
	}
	structFields.Store(t, fi)
	return fi.byName, fi.ok
}

// plainNumbers reports whether every number in data is written as a plain
// integer (no fraction, no exponent).
func plainNumbers(data []byte) bool {
	for i, j := range numberLiterals(data) {
		if bytes.ContainsAny(data[i:j], ".eE") {
			return false
		}
	}
	return true
}
