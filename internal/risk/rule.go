package risk

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/text"
)

// The limits of a rule's own fields.
const (
	MaxWeight  = 1000
	maxRuleID  = 64
	maxName    = 100
	maxEntries = 20 // bad list entries reported one by one; the rest are summed up
)

var ruleIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]*$`)

// ruleJSON is a rule as the API carries it, before its params are read by kind.
type ruleJSON struct {
	ID     string          `json:"id"`
	Name   string          `json:"name"`
	Kind   Kind            `json:"kind"`
	Weight int             `json:"weight"`
	Action Action          `json:"action"`
	Active *bool           `json:"active"`
	Params json.RawMessage `json:"params"`
}

// decoders read each kind's params; the map is also the list of known kinds.
var decoders = map[Kind]func(*errs.Fields, []byte) Params{
	Velocity:         decodeAs[VelocityParams],
	CouponAbuse:      decodeAs[CouponAbuseParams],
	FlaggedAddress:   decodeAs[FlaggedAddressParams],
	HighValue:        decodeAs[HighValueParams],
	CODLimit:         decodeAs[CODLimitParams],
	CountryMismatch:  decodeAs[CountryMismatchParams],
	NewCustomerValue: decodeAs[NewCustomerValueParams],
}

func decodeAs[P Params](f *errs.Fields, raw []byte) Params {
	var p P
	decodeObject(f, "params", raw, &p)
	return p
}

// DecodeRule reads a rule as the API receives it and validates it. It
// refuses unknown fields anywhere, reads "params" as the kind's own type,
// and returns every problem at once as an errs.Invalid error whose fields
// name JSON paths ("params.window"). A missing "active" means true: a rule
// is configured in order to run. A missing "params" is read as {}, which is
// all country_mismatch needs.
func DecodeRule(data []byte) (Rule, error) {
	var f errs.Fields
	var in ruleJSON
	if !decodeObject(&f, "", data, &in) {
		return Rule{}, f.Err()
	}
	r := Rule{ID: in.ID, Name: in.Name, Kind: in.Kind, Weight: in.Weight, Action: in.Action, Active: in.Active == nil || *in.Active}
	if decode := decoders[in.Kind]; decode != nil {
		raw := in.Params
		if len(raw) == 0 || string(raw) == "null" {
			raw = []byte("{}")
		}
		r.Params = decode(&f, raw)
	}
	var v errs.Fields
	r.check(&v)
	// A field that could not be read is zero now: say what was wrong with
	// it, not that it (or a setting of the object holding it) is missing.
	decoded := f
	for _, e := range v {
		if !slices.ContainsFunc(decoded, func(d errs.FieldError) bool { return within(e.Path, d.Path) || within(d.Path, e.Path) }) {
			f = append(f, e)
		}
	}
	if err := f.Err(); err != nil {
		return Rule{}, err
	}
	return r, nil
}

// within reports whether path is at or under the path of another problem.
func within(path, other string) bool {
	return path == other || strings.HasPrefix(path, other+".") || strings.HasPrefix(path, other+"[")
}

// UnmarshalJSON reads a rule through DecodeRule, so that a rule loaded from
// storage is held to the same rules as one arriving through the API.
func (r *Rule) UnmarshalJSON(data []byte) error {
	v, err := DecodeRule(data)
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Validate checks a rule built in Go or loaded from storage as DecodeRule
// checks one from the API, and rewrites it in the form it is matched in:
// names trimmed, postal codes and currencies in capitals, keywords folded to
// lower case without accents. What the API then echoes back is exactly what
// orders are compared with. Nil params stand for the kind's zero params, so
// a missing setting is named by its path.
func (r *Rule) Validate() error {
	var f errs.Fields
	r.check(&f)
	return f.Err()
}

func (r *Rule) check(f *errs.Fields) {
	r.ID, r.Name = strings.TrimSpace(r.ID), strings.TrimSpace(r.Name)
	if r.ID != "" && (len(r.ID) > maxRuleID || !ruleIDPattern.MatchString(r.ID)) {
		f.Add("id", errs.CodeFormat, "id must be 1 to %d letters, digits, '.', '_', ':' or '-'", maxRuleID)
	}
	switch {
	case r.Name == "":
		f.Add("name", errs.CodeRequired, "name is required: reviewers read it next to every order the rule holds")
	case !utf8.ValidString(r.Name) || !printable(r.Name):
		f.Add("name", errs.CodeFormat, "name must be one line of printable text")
	case utf8.RuneCountInString(r.Name) > maxName:
		f.Add("name", errs.CodeTooLong, "name must be at most %d characters", maxName)
	}
	if r.Weight < 0 || r.Weight > MaxWeight {
		f.Add("weight", errs.CodeOutOfRange, "weight must be 0 to %d, got %d", MaxWeight, r.Weight)
	}
	switch r.Action {
	case Pass, Hold, Reject:
	case "":
		f.Add("action", errs.CodeRequired, "action is required: pass, hold or reject")
	default:
		f.Add("action", errs.CodeUnknown, "action must be pass, hold or reject, got %q", errs.Clip(string(r.Action)))
	}
	decode := decoders[r.Kind]
	switch {
	case r.Kind == "":
		f.Add("kind", errs.CodeRequired, "kind is required: %s", kindList())
		return
	case decode == nil:
		f.Add("kind", errs.CodeUnknown, "kind must be one of %s, got %q", kindList(), errs.Clip(string(r.Kind)))
		return
	case r.Params == nil:
		r.Params = decode(f, []byte("{}"))
	case r.Params.Kind() != r.Kind:
		f.Add("params", errs.CodeType, "params are for a %s rule, not %s", r.Params.Kind(), r.Kind)
		return
	}
	var pf errs.Fields
	r.Params = r.Params.validate(&pf)
	f.Merge("params", pf)
}

func kindList() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// printable is text.Line: no controls, separators or bidirectional overrides.
func printable(s string) bool { return text.Line(s) }

// entryProblems reports problems with list entries, one by one up to
// maxEntries and then as a count, so a pasted list of 10000 bad postal codes
// gives a readable answer.
type entryProblems struct {
	f    *errs.Fields
	path string
	n    int
}

func (p *entryProblems) add(i int, code, format string, args ...any) {
	p.n++
	if p.n <= maxEntries {
		p.f.Add(fmt.Sprintf("%s[%d]", p.path, i), code, format, args...)
	}
}

func (p *entryProblems) done() {
	if p.n > maxEntries {
		p.f.Add(p.path, errs.CodeFormat, "%d more entries of %s have problems", p.n-maxEntries, p.path)
	}
}
