package document

import (
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/errs"
)

// Manifest is what the end-of-day manifest prints: the parcels a carrier's
// driver takes from a warehouse, for the driver to count, scan and sign
// for. The shipping stage fills it from a closed manifest.
type Manifest struct {
	ID                string          // Waybill's manifest id (man_…), printed and as Code 128; required
	CarrierManifestID string          // the carrier's id of the same manifest, from its manifest call; optional
	Carrier           string          // the carrier's name; required
	Warehouse         string          // the warehouse's code, e.g. "EAST"
	Sender            address.Address // the warehouse's address: where the parcels leave from
	ShipDate          time.Time       // the day the parcels leave; required
	Parcels           []ManifestParcel
}

// ManifestParcel is one parcel on a manifest, a row of its table.
type ManifestParcel struct {
	OrderNumber string
	Tracking    string // as on the label: letters, digits, - . /; printed and as Code 128
	SSCC        string // 18 digits, the parcel's GS1 serial; optional
	WeightGrams int64
	Country     string // destination, ISO 3166-1 alpha-2; optional
	PostalCode  string // destination postal code; optional
}

// Limits of a manifest: a day's parcels at a busy dock, as the handover
// takes them, and a manifest id short enough for its Code 128 in the header.
const (
	MaxManifestParcels = 5000
	MaxManifestID      = 36
	MaxParcelWeightG   = 1_000_000
)

// check refuses a manifest that cannot be printed, naming the field, and
// returns its total weight in grams.
func (m Manifest) check() (int64, error) {
	var f errs.Fields
	switch {
	case strings.TrimSpace(m.ID) == "":
		f.Add("id", errs.CodeRequired, "a manifest id is required")
	case len(m.ID) > MaxManifestID || !printableASCII(m.ID):
		f.Add("id", errs.CodeFormat, "id %q must be at most %d printable ASCII characters, for its Code 128", errs.Clip(m.ID), MaxManifestID)
	}
	if strings.TrimSpace(m.Carrier) == "" {
		f.Add("carrier", errs.CodeRequired, "a carrier is required")
	}
	if m.ShipDate.IsZero() {
		f.Add("ship_date", errs.CodeRequired, "a ship date is required")
	}
	switch {
	case len(m.Parcels) == 0:
		f.Add("parcels", errs.CodeRequired, "a manifest lists at least one parcel")
	case len(m.Parcels) > MaxManifestParcels:
		f.Add("parcels", errs.CodeTooLong, "at most %d parcels, got %d", MaxManifestParcels, len(m.Parcels))
	}
	if len(f) > 0 {
		return 0, f.Err()
	}
	var total int64
	for i, p := range m.Parcels {
		at := "parcels[" + strconv.Itoa(i) + "]"
		switch {
		case p.Tracking == "":
			f.Add(at+".tracking", errs.CodeRequired, "a tracking number is required")
		case len(p.Tracking) > MaxTracking:
			f.Add(at+".tracking", errs.CodeTooLong, "tracking must be at most %d characters, got %d", MaxTracking, len(p.Tracking))
		case strings.IndexFunc(p.Tracking, func(r rune) bool { return !trackingRune(r) }) >= 0:
			f.Add(at+".tracking", errs.CodeFormat, "tracking %q: only letters, digits and - . / go in its Code 128", errs.Clip(p.Tracking))
		}
		if p.SSCC != "" && (len(p.SSCC) != 18 || strings.IndexFunc(p.SSCC, func(r rune) bool { return r < '0' || r > '9' }) >= 0) {
			f.Add(at+".sscc", errs.CodeFormat, "sscc %q must be 18 digits", errs.Clip(p.SSCC))
		}
		if p.WeightGrams < 0 || p.WeightGrams > MaxParcelWeightG {
			f.Add(at+".weight_grams", errs.CodeOutOfRange, "weight_grams must be 0..%d, got %d", MaxParcelWeightG, p.WeightGrams)
		} else {
			total += p.WeightGrams
		}
		if p.Country != "" {
			if _, ok := address.CountryName(p.Country); !ok {
				f.Add(at+".country", errs.CodeUnknown, "country %q is not an ISO 3166-1 alpha-2 code", errs.Clip(p.Country))
			}
		}
	}
	return total, f.Err()
}

// printableASCII reports whether s is what Code 128's code set B carries.
func printableASCII(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r > 0x7e }) < 0
}

// kg writes grams as kilograms to the gram: "0.512 kg", "1250.4 kg".
func kg(g int64) string {
	return strconv.FormatFloat(float64(g)/1000, 'f', -1, 64) + " kg"
}
