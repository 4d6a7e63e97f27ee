package auth

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
)

// Scope confines a key. An integration key confined to channels sees and
// changes only those channels' orders (a shop's storefront cannot read or
// cancel another shop's); a warehouse key confined to warehouses sees only
// their fulfilments and moves only their stock. Empty lists confine nothing.
type Scope struct {
	Channels   []string `json:"channels,omitempty" maxItems:"50" doc:"Integration keys: the sales channels whose orders the key may see and change; empty: all"`
	Warehouses []string `json:"warehouses,omitempty" maxItems:"50" doc:"Warehouse keys: the warehouse codes whose fulfilments and stock the key may see and change; empty: all"`
}

// The forms of channel names and warehouse codes, as order intake
// (order.ValidChannel) and the warehouse master data accept them: auth sits
// below both and cannot ask them.
var (
	channelName   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$`)
	warehouseCode = regexp.MustCompile(`^[A-Z0-9-]{1,32}$`)
)

func (s Scope) check(f *errs.Fields, role actor.Role) {
	if len(s.Channels) > 0 && role != actor.Integration {
		f.Add("channels", errs.CodeOutOfScope, "only integration keys are confined to channels")
	}
	if len(s.Warehouses) > 0 && role != actor.Warehouse {
		f.Add("warehouses", errs.CodeOutOfScope, "only warehouse keys are confined to warehouses")
	}
	checkList(f, "channels", s.Channels, channelName, "a channel is 1 to 64 letters, digits, '.', '_', ':' or '-'")
	checkList(f, "warehouses", s.Warehouses, warehouseCode, "a warehouse code is 1 to 32 upper-case letters, digits or '-'")
}

func checkList(f *errs.Fields, path string, list []string, form *regexp.Regexp, rule string) {
	if len(list) > 50 {
		f.Add(path, errs.CodeOutOfRange, "at most 50 entries")
		return
	}
	for i, v := range list {
		at := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case !form.MatchString(v):
			f.Add(at, errs.CodeFormat, "%s", rule)
		case slices.Index(list, v) < i:
			f.Add(at, errs.CodeDuplicate, "%s repeats %s[%d]", v, path, slices.Index(list, v))
		}
	}
}

// normal is the scope as stored and shown: nil lists, not empty ones.
func (s Scope) normal() Scope {
	if len(s.Channels) == 0 {
		s.Channels = nil
	}
	if len(s.Warehouses) == 0 {
		s.Warehouses = nil
	}
	return s
}

// columns are the stored forms: JSON lists.
func (s Scope) columns() (channels, warehouses string) {
	c, _ := json.Marshal(nonNil(s.Channels))
	w, _ := json.Marshal(nonNil(s.Warehouses))
	return string(c), string(w)
}

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func scopeOf(channels, warehouses string) (Scope, error) {
	var s Scope
	if err := json.Unmarshal([]byte(channels), &s.Channels); err != nil {
		return Scope{}, fmt.Errorf("api key channels: %w", err)
	}
	if err := json.Unmarshal([]byte(warehouses), &s.Warehouses); err != nil {
		return Scope{}, fmt.Errorf("api key warehouses: %w", err)
	}
	return s.normal(), nil
}
