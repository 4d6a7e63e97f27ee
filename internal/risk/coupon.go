package risk

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/errs"
)

// CouponAbuseParams configure a CouponAbuse rule: it trips when a coupon
// meant once per household or person is used again through a second
// account — other customers sharing this order's address, phone or device
// already used it — or when one customer used it more often than allowed.
// Each limit is off when absent; at least one must be given. Customers are
// told apart by CustomerKey, their normalised mailbox.
type CouponAbuseParams struct {
	Coupons            []string    `json:"coupons,omitempty" doc:"The codes the rule watches; empty watches every coupon"`
	Shared             []Dimension `json:"shared,omitempty" doc:"The keys that link accounts: address, phone, ip, device; default address, phone and device"`
	MaxAccounts        *int        `json:"max_accounts,omitempty" doc:"The most linked customers that may use one coupon, this one included, 1 to 100000"`
	MaxUsesPerCustomer *int        `json:"max_uses_per_customer,omitempty" doc:"The most orders one customer may use one coupon on, this one included, 1 to 100000"`
}

// linkWords name the keys that link accounts in a reason's text.
var linkWords = map[Dimension]string{ByAddress: "address", ByPhone: "phone", ByIP: "IP address", ByDevice: "device"}

// defaultShared are the keys that link accounts when a rule names none: an
// IP is left out because offices, campuses and mobile carriers share one.
var defaultShared = []Dimension{ByAddress, ByPhone, ByDevice}

var couponPattern = regexp.MustCompile(`^[A-Z0-9_-]{1,32}$`)

const maxCoupons = 1000

// Kind is CouponAbuse.
func (CouponAbuseParams) Kind() Kind { return CouponAbuse }

func (p CouponAbuseParams) validate(f *errs.Fields) Params {
	if len(p.Coupons) > maxCoupons {
		f.Add("coupons", errs.CodeOutOfRange, "coupons may list at most %d codes, got %d", maxCoupons, len(p.Coupons))
	} else {
		codes := make([]string, 0, len(p.Coupons))
		bad := entryProblems{f: f, path: "coupons"}
		for i, c := range p.Coupons {
			c = normalizeCoupon(c)
			if !couponPattern.MatchString(c) {
				bad.add(i, errs.CodeFormat, "a coupon code is 1 to 32 letters, digits, '_' or '-', got %q", errs.Clip(c))
			}
			codes = append(codes, c)
		}
		bad.done()
		p.Coupons = nilIfEmpty(codes)
	}
	linkable := []Dimension{ByAddress, ByPhone, ByIP, ByDevice}
	for i, d := range p.Shared {
		path := fmt.Sprintf("shared[%d]", i)
		if d == ByEmail {
			f.Add(path, errs.CodeUnknown, "%s: email identifies the customer, so it cannot link two customers; use %s", path, dimensionList(linkable))
			continue
		}
		checkDimension(f, path, d, linkable)
	}
	checkOptionalCount(f, "max_accounts", p.MaxAccounts, 1)
	checkOptionalCount(f, "max_uses_per_customer", p.MaxUsesPerCustomer, 1)
	if p.MaxAccounts == nil && p.MaxUsesPerCustomer == nil {
		f.Add("", errs.CodeRequired, "a coupon_abuse rule needs max_accounts, max_uses_per_customer or both")
	}
	return p
}

func normalizeCoupon(c string) string { return strings.ToUpper(strings.TrimSpace(c)) }

func (p CouponAbuseParams) test(e *env) ([]string, error) {
	var found []string
	var seen []string
	for _, code := range e.facts.Coupons {
		code = normalizeCoupon(code)
		if code == "" || slices.Contains(seen, code) || (len(p.Coupons) > 0 && !slices.Contains(p.Coupons, code)) {
			continue
		}
		seen = append(seen, code)
		if p.MaxAccounts != nil {
			text, err := p.accounts(e, code)
			if err != nil {
				return nil, err
			}
			found = appendText(found, text)
		}
		if p.MaxUsesPerCustomer != nil && e.customer != "" {
			n, err := e.history.CouponUses(e.ctx, code, e.customer)
			if err != nil {
				return nil, err
			}
			if n+1 > *p.MaxUsesPerCustomer {
				found = append(found, fmt.Sprintf("coupon %s used on %d orders by this customer, this one included (limit %d)",
					code, n+1, *p.MaxUsesPerCustomer))
			}
		}
	}
	return found, nil
}

// accounts checks how many linked customers used code.
func (p CouponAbuseParams) accounts(e *env, code string) (string, error) {
	dims := p.Shared
	if len(dims) == 0 {
		dims = defaultShared
	}
	shared := e.keysFor(dims)
	var words []string
	for _, k := range shared {
		words = append(words, linkWords[k.Dimension])
	}
	if len(shared) == 0 {
		return "", nil
	}
	n, err := e.history.CouponAccounts(e.ctx, code, e.customer, shared)
	if err != nil || n+1 <= *p.MaxAccounts {
		return "", err
	}
	return fmt.Sprintf("coupon %s used by %d customers sharing this order's %s (limit %d)",
		code, n+1, orWords(words), *p.MaxAccounts), nil
}

func appendText(found []string, text string) []string {
	if text == "" {
		return found
	}
	return append(found, text)
}

// orWords joins words as a sentence does: "a", "a or b", "a, b or c".
func orWords(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
