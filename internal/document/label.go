package document

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/errs"
)

// Label is what a shipping label prints. The carrier integration fills
// the tracking number, service and sort code; the pack station the rest.
type Label struct {
	Sender    address.Address // printed small, top left: where an undeliverable parcel goes back to
	Recipient address.Address // printed large, in the destination country's format
	// SenderPhone and RecipientPhone are printed under the addresses;
	// carriers call them on a failed delivery.
	SenderPhone, RecipientPhone string
	OrderNumber                 string // printed, not encoded: the QR and Code 128 carry the tracking number
	Parcel, Parcels             int    // "parcel 2 of 3"; both at least 1
	WeightGrams                 int    // the parcel's weight; 0 leaves it off
	Carrier                     string // the carrier's name, e.g. "UPS", "顺丰速运"
	Service                     string // the carrier's service, e.g. "Ground", "标快"
	SortCode                    string // the carrier's routing or sort code, printed large for the hub's sorters
	Tracking                    string // the tracking number, as Code 128: letters, digits, - . /
	References                  []Reference
	// Return makes it a return label: the customer (Sender) sends the
	// parcel back to the merchant's returns address (Recipient), and the
	// label says RETURN (in Chinese too for Chinese-speaking countries).
	Return bool
}

// Reference is an optional line a carrier or a customer asks for, such as
// a purchase-order number or a customs reference.
type Reference struct {
	Name, Value string
}

// Limits of a label. Text longer than its box is cut with an ellipsis;
// these refuse what no label can carry.
const (
	MaxTracking   = 40 // the longest tracking number that scans at 0.19 mm modules in 95 mm
	MaxReferences = 3  // the lines left at the foot of the label
	MaxParcels    = 999
)

// addressLines are a label's two addresses set in their countries'
// formats, worked out once per label.
type addressLines struct{ sender, recipient []string }

// check refuses a label that cannot be printed, naming the field, and
// returns its addresses' lines.
func (l Label) check() (addressLines, error) {
	var f errs.Fields
	al := addressLines{sender: address.Lines(l.Sender), recipient: address.Lines(l.Recipient)}
	switch {
	case l.Tracking == "":
		f.Add("tracking", errs.CodeRequired, "a tracking number is required")
	case len(l.Tracking) > MaxTracking:
		f.Add("tracking", errs.CodeTooLong, "tracking must be at most %d characters, got %d", MaxTracking, len(l.Tracking))
	default:
		if i := strings.IndexFunc(l.Tracking, func(r rune) bool { return !trackingRune(r) }); i >= 0 {
			f.Add("tracking", errs.CodeFormat, "tracking %q has %q: only letters, digits and - . / go in its Code 128", errs.Clip(l.Tracking), errs.Clip(l.Tracking[i:i+1]))
		}
	}
	if l.Parcels < 1 || l.Parcels > MaxParcels {
		f.Add("parcels", errs.CodeOutOfRange, "parcels must be 1..%d, got %d", MaxParcels, l.Parcels)
	}
	if l.Parcel < 1 || l.Parcel > max(l.Parcels, 1) {
		f.Add("parcel", errs.CodeOutOfRange, "parcel must be 1..%d (of parcels), got %d", max(l.Parcels, 1), l.Parcel)
	}
	if l.WeightGrams < 0 || l.WeightGrams > 1_000_000 {
		f.Add("weight_grams", errs.CodeOutOfRange, "weight_grams must be 0..1000000, got %d", l.WeightGrams)
	}
	if strings.TrimSpace(l.Carrier) == "" {
		f.Add("carrier", errs.CodeRequired, "a carrier is required")
	}
	if len(al.recipient) == 0 {
		f.Add("recipient", errs.CodeRequired, "a recipient address is required")
	}
	if len(al.sender) == 0 {
		f.Add("sender", errs.CodeRequired, "a sender address is required")
	}
	if len(l.References) > MaxReferences {
		f.Add("references", errs.CodeTooLong, "at most %d references fit, got %d", MaxReferences, len(l.References))
	}
	return al, f.Err()
}

// trackingRune is what a tracking number may hold: what every carrier
// uses, and nothing a ZPL barcode field would read as a command.
func trackingRune(r rune) bool {
	return (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || r == '-' || r == '.' || r == '/'
}

// QRPayload is what a label's QR code holds:
//
//	WB1|<tracking>|<carrier>|<recipient country>|<recipient postal code>
//
// "WB1" names this layout (version 1), so a scanner tells a Waybill label
// from a carrier's own code. The carrier and postal code have "|" and
// control characters removed and are cut to 40 characters; the postal code
// is upper-cased without spaces. A depot scanner reads tracking, carrier
// and destination in one scan.
func QRPayload(l Label) string {
	clean := func(s string) string {
		s = strings.Map(func(r rune) rune {
			if r == '|' || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				return -1
			}
			return r
		}, strings.ToValidUTF8(s, ""))
		if r := []rune(strings.TrimSpace(s)); len(r) > 40 {
			s = string(r[:40])
		}
		return strings.TrimSpace(s)
	}
	zip := strings.ToUpper(strings.Join(strings.Fields(clean(l.Recipient.PostalCode)), ""))
	return strings.Join([]string{"WB1", l.Tracking, clean(l.Carrier), clean(strings.ToUpper(l.Recipient.Country)), zip}, "|")
}

// weight writes grams as kilograms for the label: "1.25 kg".
func weight(g int) string {
	kg := strconv.FormatFloat(float64(g)/1000, 'f', -1, 64)
	return fmt.Sprintf("%s kg", kg)
}
