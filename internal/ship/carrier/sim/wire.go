package sim

import "time"

// The request and response bodies of Parcelway's API, as its published
// documentation (the package comment) describes them.

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

type rateBody struct {
	Origin  string       `json:"origin"`
	To      wireAddress  `json:"to"`
	Parcels []wireParcel `json:"parcels"`
	ReadyAt *time.Time   `json:"ready_at"`
}

type wireRate struct {
	Service           string         `json:"service"`
	ServiceName       string         `json:"service_name"`
	Speed             string         `json:"speed"`
	Zone              string         `json:"zone"`
	Currency          string         `json:"currency"`
	Amount            int64          `json:"amount"`
	Breakdown         map[string]int `json:"breakdown"`
	ChargeableWeightG int64          `json:"chargeable_weight_g"`
	TransitDays       int            `json:"transit_days"`
	ShipDate          string         `json:"ship_date"`
	EstimatedDelivery string         `json:"estimated_delivery"`
}

type createBody struct {
	Service   string       `json:"service"`
	Origin    string       `json:"origin"`
	Reference string       `json:"reference"`
	ShipDate  string       `json:"ship_date,omitempty"`
	From      wireAddress  `json:"from"`
	To        wireAddress  `json:"to"`
	Parcels   []wireParcel `json:"parcels"`
}

type wireLabel struct {
	Reference      string `json:"reference"`
	TrackingNumber string `json:"tracking_number"`
	SortCode       string `json:"sort_code"`
}

// shipment is both Parcelway's record and its answer.
type shipment struct {
	ID        string      `json:"id"`
	Status    string      `json:"status"` // booked, voided, manifested
	Service   string      `json:"service"`
	Origin    string      `json:"origin"`
	Reference string      `json:"reference"`
	CreatedAt time.Time   `json:"created_at"`
	Charge    wireMoney   `json:"charge"`
	Parcels   []wireLabel `json:"parcels"`
	Manifest  string      `json:"manifest_id,omitempty"`
}

type manifestRequest struct {
	Origin      string   `json:"origin"`
	Date        string   `json:"date"`
	ShipmentIDs []string `json:"shipment_ids"`
}

type manifestEntry struct {
	ID              string   `json:"id"`
	TrackingNumbers []string `json:"tracking_numbers"`
}

type manifestBody struct {
	ID          string          `json:"id"`
	Origin      string          `json:"origin"`
	Date        string          `json:"date"`
	Shipments   []manifestEntry `json:"shipments"`
	ParcelCount int             `json:"parcel_count"`
}

type wireEvent struct {
	ID             string     `json:"id"`
	TrackingNumber string     `json:"tracking_number"`
	Code           string     `json:"code"`
	Reason         string     `json:"reason,omitempty"`
	Description    string     `json:"description,omitempty"`
	Location       string     `json:"location,omitempty"`
	OccurredAt     time.Time  `json:"occurred_at"`
	CODCollected   *wireMoney `json:"cod_collected,omitempty"`
	// EstimatedDelivery is the new delivery date, YYYY-MM-DD.
	EstimatedDelivery string `json:"estimated_delivery,omitempty"`
}

type trackingRequest struct {
	TrackingNumbers []string `json:"tracking_numbers"`
}

type trackingResult struct {
	TrackingNumber string      `json:"tracking_number"`
	Events         []wireEvent `json:"events"`
}

// webhookBatch is the body of one webhook delivery.
type webhookBatch struct {
	ID        string      `json:"id"`
	Type      string      `json:"type"`
	CreatedAt time.Time   `json:"created_at"`
	Events    []wireEvent `json:"events"`
}
