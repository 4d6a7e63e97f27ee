package httpcarrier

import (
	"strings"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/ship"
)

// The Parcelway wire format as this client sends and reads it. These types
// are the client's own, not shared with the simulator, so a drift between
// the two shows up as a failing test.

type wireAddress struct {
	Name       string `json:"name"`
	Company    string `json:"company,omitempty"`
	Street1    string `json:"street1"`
	Street2    string `json:"street2,omitempty"`
	City       string `json:"city"`
	State      string `json:"state,omitempty"`
	PostalCode string `json:"postal_code"`
	Country    string `json:"country"`
}

type wireParcel struct {
	Reference     string     `json:"reference,omitempty"`
	WeightG       int64      `json:"weight_g"`
	LengthMM      int64      `json:"length_mm"`
	WidthMM       int64      `json:"width_mm"`
	HeightMM      int64      `json:"height_mm"`
	DeclaredValue *wireMoney `json:"declared_value,omitempty"`
}

type wireMoney struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

type wireRate struct {
	Service           string           `json:"service"`
	ServiceName       string           `json:"service_name"`
	Speed             string           `json:"speed"`
	Zone              string           `json:"zone"`
	Currency          string           `json:"currency"`
	Amount            int64            `json:"amount"`
	Breakdown         map[string]int64 `json:"breakdown"`
	ChargeableWeightG int64            `json:"chargeable_weight_g"`
	TransitDays       int              `json:"transit_days"`
	ShipDate          string           `json:"ship_date"`
	EstimatedDelivery string           `json:"estimated_delivery"`
}

type wireShipment struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Service string `json:"service"`
	Charge  struct {
		Amount   int64  `json:"amount"`
		Currency string `json:"currency"`
	} `json:"charge"`
	Parcels []struct {
		Reference      string `json:"reference"`
		TrackingNumber string `json:"tracking_number"`
		SortCode       string `json:"sort_code"`
	} `json:"parcels"`
}

type wireManifest struct {
	ID        string `json:"id"`
	Origin    string `json:"origin"`
	Date      string `json:"date"`
	Shipments []struct {
		ID              string   `json:"id"`
		TrackingNumbers []string `json:"tracking_numbers"`
	} `json:"shipments"`
	ParcelCount int `json:"parcel_count"`
}

// toWire writes a Waybill address the way Parcelway reads one; the district
// (a 区 or 동) rides on the second street line, where carriers print it.
func toWire(a address.Address) wireAddress {
	street2 := a.Line2
	if a.District != "" {
		street2 = strings.TrimSpace(street2 + " " + a.District)
	}
	return wireAddress{Name: a.Name, Company: a.Company, Street1: a.Line1, Street2: street2, City: a.City,
		State: a.Region, PostalCode: a.PostalCode, Country: a.Country}
}

func parcelsToWire(ps []ship.CreateParcel) []wireParcel {
	out := make([]wireParcel, len(ps))
	for i, p := range ps {
		out[i] = wireParcel{Reference: p.Reference, WeightG: p.WeightG, LengthMM: p.LengthMM, WidthMM: p.WidthMM, HeightMM: p.HeightMM}
		if p.Currency != "" {
			out[i].DeclaredValue = &wireMoney{Amount: p.DeclaredValue, Currency: p.Currency}
		}
	}
	return out
}

// fieldRenames maps Parcelway's field names to those of Waybill's requests
// where they differ, so the packer sees the field of the form they filled.
var fieldRenames = map[string]string{
	"reference": "order_ref", "Idempotency-Key": "idempotency_key",
	"from.street1": "from.line1", "from.street2": "from.line2", "from.state": "from.region",
	"to.street1": "to.line1", "to.street2": "to.line2", "to.state": "to.region",
}

// waybillField is the path in a ship request of a field Parcelway named.
func waybillField(f string) string {
	if r, ok := fieldRenames[f]; ok {
		return r
	}
	if rest, ok := strings.CutPrefix(f, "shipment_ids"); ok {
		return "shipments" + rest + ".shipment_id"
	}
	return f
}
