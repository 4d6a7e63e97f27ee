package risk

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
)

// decodeObject fills the struct dst points to from the JSON object raw, more
// strictly than encoding/json: a key must be spelt exactly as its field's
// json tag (encoding/json also takes "Max_Orders"), unknown keys are refused,
// and a value of the wrong type is reported under its own path rather than
// failing the whole body with one message. Keys are visited in sorted order
// so the same body always yields the same problems. It reports whether raw
// was an object at all.
func decodeObject(f *errs.Fields, path string, raw []byte, dst any) bool {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		what := path
		if what == "" {
			what = "a rule"
		}
		f.Add(path, errs.CodeType, "%s must be a JSON object", what)
		return false
	}
	v := reflect.ValueOf(dst).Elem()
	fields := map[string]reflect.Value{}
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			fields[name] = v.Field(i)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		at := join(path, errs.Clip(key))
		field, ok := fields[key]
		if !ok {
			f.Add(at, errs.CodeUnexpected, "%s is not a field here; the fields are %s",
				at, strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
			continue
		}
		if err := json.Unmarshal(obj[key], field.Addr().Interface()); err != nil {
			var bad *formatError
			if errors.As(err, &bad) {
				f.Add(at, errs.CodeFormat, "%s %s", at, bad.msg)
			} else {
				f.Add(at, errs.CodeType, "%s must be %s", at, typeWord(field.Type()))
			}
		}
	}
	return true
}

// join appends a key to a JSON path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// typeWord says in words what JSON a Go field takes.
func typeWord(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Slice:
		return "a list of strings"
	}
	return "a " + t.Name()
}

// formatError is a value of the right JSON type written wrongly; decodeObject
// reports its message under the field's path.
type formatError struct{ msg string }

func (e *formatError) Error() string { return e.msg }

// Duration is a length of time as people write it in a rule: "30m", "24h",
// "7d", "1d12h". Go's own syntax has no days, and velocity windows are most
// often said in them. It is a string in JSON so that a window reads the same
// in the API, the database and the console.
type Duration time.Duration

const day = 24 * time.Hour

// maxDays bounds the days of a Duration, so that adding them cannot overflow.
const maxDays = 36500

// ParseDuration reads a Duration: an optional count of days ("7d") followed
// by anything time.ParseDuration accepts ("12h30m").
func ParseDuration(s string) (Duration, error) {
	bad := &formatError{fmt.Sprintf("must be a duration such as \"30m\", \"24h\" or \"7d\", got %q", errs.Clip(s))}
	var days int64
	rest := strings.TrimSpace(s)
	if before, after, found := strings.Cut(rest, "d"); found {
		n, err := strconv.ParseInt(before, 10, 64)
		if err != nil || n < 0 || n > maxDays || strings.HasPrefix(before, "+") || strings.HasPrefix(after, "-") || strings.HasPrefix(after, "+") {
			return 0, bad
		}
		days, rest = n, after
		if rest == "" {
			return Duration(time.Duration(days) * day), nil
		}
	}
	d, err := time.ParseDuration(rest)
	if err != nil || d > maxDays*day || d < -maxDays*day {
		return 0, bad
	}
	return Duration(time.Duration(days)*day + d), nil
}

// String writes d in the largest unit that divides it: "7d", "36h", "90m".
func (d Duration) String() string {
	t := time.Duration(d)
	switch {
	case t > 0 && t%day == 0:
		return strconv.FormatInt(int64(t/day), 10) + "d"
	case t > 0 && t%time.Hour == 0:
		return strconv.FormatInt(int64(t/time.Hour), 10) + "h"
	case t > 0 && t%time.Minute == 0:
		return strconv.FormatInt(int64(t/time.Minute), 10) + "m"
	}
	return t.String()
}

// MarshalJSON writes d as its String.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads a string ParseDuration accepts; null leaves d alone.
func (d *Duration) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &formatError{"must be a duration string such as \"24h\" or \"7d\""}
	}
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
