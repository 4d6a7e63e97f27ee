package order

import (
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/text"
)

// PlaceRequest is a new order as a channel submits it. Prices are not part
// of it: they come from the catalogue, never from the caller.
type PlaceRequest struct {
	Channel         string           `json:"channel" minLength:"1" maxLength:"64" doc:"The sales channel, e.g. web, app, marketplace-x"`
	ExternalRef     string           `json:"external_ref" minLength:"1" maxLength:"128" doc:"The channel's order reference; unique per channel"`
	Customer        CustomerInput    `json:"customer"`
	ShippingAddress address.Address  `json:"shipping_address"`
	BillingAddress  *address.Address `json:"billing_address,omitempty"`
	Lines           []LineInput      `json:"lines" minItems:"1" maxItems:"100"`
	Coupons         []string         `json:"coupons,omitempty" maxItems:"5"`
	PaymentMethod   string           `json:"payment_method" enum:"prepaid,cod"`
	Currency        string           `json:"currency" minLength:"3" maxLength:"3" doc:"ISO 4217; every line must be priced in it"`
	Locale          string           `json:"locale,omitempty" maxLength:"10" doc:"Language of the customer's messages: en (default) or zh, with an optional region (zh-CN)"`
	SpecialRequests SpecialRequests  `json:"special_requests,omitempty"`
	RejectIfShort   bool             `json:"reject_if_short,omitempty" doc:"Refuse the order (409) rather than accept it with short lines"`
	// ClientIP and DeviceID describe the shopper as the channel saw them;
	// the risk rules count orders per IP and find coupons shared across
	// accounts on one device. The API caller's own address is not used:
	// for a storefront it is the shop's server, the same for every order.
	ClientIP string `json:"client_ip,omitempty" maxLength:"45" doc:"The shopper's IP address (IPv4 or IPv6), for the risk rules"`
	DeviceID string `json:"device_id,omitempty" maxLength:"128" doc:"The channel's identifier of the shopper's device, for the risk rules"`
}

// DecodeOnce lets the API fill a PlaceRequest from the parse its schema
// check made, rather than decode the body a second time
// (httpapi.OnceDecoded).
func (PlaceRequest) DecodeOnce() {}

// CustomerInput is the contact as submitted; Validate normalises it.
type CustomerInput struct {
	Name  string `json:"name" minLength:"1" maxLength:"100"`
	Email string `json:"email" minLength:"3" maxLength:"254"`
	Phone string `json:"phone" minLength:"3" maxLength:"64" doc:"Any common notation; stored as E.164 for the shipping country"`
}

// LineInput is one requested SKU. The same SKU may appear on several lines
// (say, one gift-wrapped); their demand is reserved together.
type LineInput struct {
	SKU      string `json:"sku" minLength:"1" maxLength:"64"`
	Quantity int64  `json:"quantity" minimum:"1" maximum:"10000"`
}

// The bounds on units: a larger order is a wholesale deal, not a parcel.
// MaxQuantity holds for one line and for one SKU over all the order's
// lines (the same SKU may appear on several); MaxUnits for the whole order.
const (
	MaxQuantity = 10000
	MaxUnits    = 20000
)

var (
	channelPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]*$`)
	localePattern  = regexp.MustCompile(`^[a-z]{2}(-[A-Za-z]{2,4})?$`)
)

// ValidChannel reports whether s can name a sales channel, as orders do.
func ValidChannel(s string) bool { return len(s) <= 64 && channelPattern.MatchString(s) }

// validate checks everything that needs no database and normalises the
// request in place, returning every problem at once with its JSON path.
func (r *PlaceRequest) validate() error {
	var f errs.Fields
	r.Channel, r.ExternalRef = strings.TrimSpace(r.Channel), strings.TrimSpace(r.ExternalRef)
	if !ValidChannel(r.Channel) {
		f.Add("channel", errs.CodeFormat, "channel must be 1 to 64 letters, digits, '.', '_', ':' or '-'")
	}
	if r.ExternalRef == "" || len(r.ExternalRef) > 128 || !printable(r.ExternalRef) {
		f.Add("external_ref", errs.CodeFormat, "external_ref must be 1 to 128 printable characters")
	}
	if r.ClientIP = strings.TrimSpace(r.ClientIP); r.ClientIP != "" {
		if ip, err := netip.ParseAddr(r.ClientIP); err != nil {
			f.Add("client_ip", errs.CodeFormat, "client_ip must be an IPv4 or IPv6 address")
		} else {
			r.ClientIP = ip.Unmap().String()
		}
	}
	if r.DeviceID = strings.TrimSpace(r.DeviceID); len(r.DeviceID) > 128 || !printable(r.DeviceID) || strings.ContainsAny(r.DeviceID, "\n\t") {
		f.Add("device_id", errs.CodeFormat, "device_id must be up to 128 printable characters on one line")
	}
	ship, shipErrs := address.Validate(r.ShippingAddress)
	f.Merge("shipping_address", shipErrs)
	r.ShippingAddress = ship
	if r.BillingAddress != nil {
		bill, billErrs := address.Validate(*r.BillingAddress)
		f.Merge("billing_address", billErrs)
		r.BillingAddress = &bill
	}
	r.Customer.Name = strings.TrimSpace(r.Customer.Name)
	if r.Customer.Name == "" || len([]rune(r.Customer.Name)) > 100 || !printable(r.Customer.Name) {
		f.Add("customer.name", errs.CodeFormat, "customer.name must be 1 to 100 printable characters")
	}
	if email, err := address.NormalizeEmail(r.Customer.Email); err != nil {
		addInput(&f, "customer.email", err)
	} else {
		r.Customer.Email = email
	}
	if len(shipErrs) == 0 || r.ShippingAddress.Country != "" {
		if phone, err := address.NormalizePhone(r.Customer.Phone, r.ShippingAddress.Country); err != nil {
			addInput(&f, "customer.phone", err)
		} else {
			r.Customer.Phone = phone
		}
	}
	r.validateLines(&f)
	r.Currency = strings.ToUpper(strings.TrimSpace(r.Currency))
	if len(r.Currency) != 3 {
		f.Add("currency", errs.CodeFormat, "currency must be a 3-letter ISO 4217 code")
	} else if !money.IsCurrency(r.Currency) {
		f.Add("currency", errs.CodeUnknown, "%s is not an ISO 4217 currency code", r.Currency)
	}
	if r.PaymentMethod != "prepaid" && r.PaymentMethod != "cod" {
		f.Add("payment_method", errs.CodeUnknown, "payment_method must be prepaid or cod")
	}
	if r.Locale == "" {
		r.Locale = "en"
	} else if !localePattern.MatchString(r.Locale) {
		f.Add("locale", errs.CodeFormat, "locale must look like en, zh or zh-CN")
	}
	r.validateRequests(&f)
	return f.Err()
}

func (r *PlaceRequest) validateLines(f *errs.Fields) {
	if len(r.Lines) == 0 || len(r.Lines) > 100 {
		f.Add("lines", errs.CodeOutOfRange, "an order has 1 to 100 lines")
	}
	for i := range r.Lines {
		l := &r.Lines[i]
		l.SKU = strings.TrimSpace(l.SKU)
		if l.SKU == "" || len(l.SKU) > 64 {
			f.Add(fmt.Sprintf("lines[%d].sku", i), errs.CodeRequired, "sku must be 1 to 64 characters")
		}
		if l.Quantity < 1 || l.Quantity > MaxQuantity {
			f.Add(fmt.Sprintf("lines[%d].quantity", i), errs.CodeOutOfRange, "quantity must be 1 to %d, got %d", MaxQuantity, l.Quantity)
		}
	}
	perSKU := map[string]int64{}
	var units int64
	for i, l := range r.Lines {
		if l.Quantity < 1 || l.Quantity > MaxQuantity {
			continue // already refused on its own
		}
		perSKU[l.SKU] += l.Quantity
		units += l.Quantity
		if perSKU[l.SKU] > MaxQuantity && perSKU[l.SKU]-l.Quantity <= MaxQuantity {
			f.Add(fmt.Sprintf("lines[%d].quantity", i), errs.CodeOutOfRange,
				"SKU %s comes to %d units over the order's lines; at most %d", errs.Clip(l.SKU), perSKU[l.SKU], MaxQuantity)
		}
	}
	if units > MaxUnits {
		f.Add("lines", errs.CodeOutOfRange, "the order comes to %d units; at most %d", units, MaxUnits)
	}
	seen := map[string]int{}
	for i, c := range r.Coupons {
		c = strings.ToUpper(strings.TrimSpace(c))
		r.Coupons[i] = c
		if j, dup := seen[c]; dup {
			f.Add(fmt.Sprintf("coupons[%d]", i), errs.CodeDuplicate, "coupon %q is already coupons[%d]", c, j)
		}
		seen[c] = i
	}
}

func (r *PlaceRequest) validateRequests(f *errs.Fields) {
	sr := &r.SpecialRequests
	if w := sr.DeliveryWindow; w != nil && !w.To.After(w.From) {
		f.Add("special_requests.delivery_window.to", errs.CodeOutOfRange, "the window must end after it starts")
	}
	if !printable(sr.Note) || len([]rune(sr.Note)) > 1000 {
		f.Add("special_requests.note", errs.CodeFormat, "note must be at most 1000 printable characters")
	}
	if !printable(sr.GiftMessage) || len([]rune(sr.GiftMessage)) > 500 {
		f.Add("special_requests.gift_message", errs.CodeFormat, "gift_message must be at most 500 printable characters")
	}
	if sr.GiftMessage != "" && !sr.GiftWrap {
		f.Add("special_requests.gift_message", errs.CodeFormat, "a gift message needs gift_wrap")
	}
}

// addInput attaches a contact validator's error to its field.
func addInput(f *errs.Fields, path string, err error) {
	var in *address.InputError
	if errors.As(err, &in) {
		f.Add(path, in.Code, "%s", in.Message)
		return
	}
	f.Add(path, errs.CodeFormat, "%s", err.Error())
}

func addInputIf(f *errs.Fields, path string, err error) {
	if err != nil {
		addInput(f, path, err)
	}
}

// printable refuses what text.Note refuses (newlines allowed in free text).
func printable(s string) bool { return text.Note(s) }
