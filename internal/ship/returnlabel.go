package ship

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/ship/rate"
)

// ReturnRequest asks for a shipment's return label.
type ReturnRequest struct {
	Service string `json:"service,omitempty" maxLength:"80" doc:"The carrier's service for the return (\"ground\" or \"eastline:ground\"); the shipment's own service when empty. A return goes with the shipment's carrier."`
}

// ReturnShipment is a return booked with the carrier of a shipment that
// went out: the customer sends its parcels back to the warehouse, each
// under a tracking number of its own.
type ReturnShipment struct {
	ID                string          `json:"id" doc:"rtl_…"`
	ShipmentID        string          `json:"shipment_id"`
	Carrier           string          `json:"carrier"`
	Service           string          `json:"service"`
	CarrierShipmentID string          `json:"carrier_shipment_id"`
	Status            string          `json:"status" enum:"labelled,voided"`
	PriceMinor        int64           `json:"price_minor" doc:"A table carrier: the service's price on the outbound lane, which the reverse lane costs the same; an external carrier: what it charges"`
	Currency          string          `json:"currency"`
	Sender            address.Address `json:"sender" doc:"The customer, who sends the parcels back"`
	SenderPhone       string          `json:"sender_phone,omitempty" doc:"Printed under the sender, for the carrier's driver"`
	Recipient         address.Address `json:"recipient" doc:"The warehouse's returns address"`
	OrderNumber       string          `json:"order_number"`
	Parcels           []ReturnParcel  `json:"parcels" nullable:"false"`
	CreatedAt         time.Time       `json:"created_at"`
}

// ReturnParcel is one parcel of a return: the outbound parcel it answers
// (the customer reuses the carton) and the tracking number to send it on.
type ReturnParcel struct {
	Seq            int    `json:"seq"`
	ParcelID       string `json:"parcel_id"`
	TrackingNumber string `json:"tracking_number"`
	RoutingCode    string `json:"routing_code"`
	WeightG        int64  `json:"weight_g"`
}

// ReturnLabel books a return for a shipment that went out (labelled, on a
// manifest or handed over) with the same carrier, so the customer can send
// its parcels back to the warehouse: one tracking number per outbound
// parcel, the customer as sender, the warehouse as recipient. Asking again
// answers the return already booked; a voided shipment has nothing to
// return (409). The carrier must serve the reverse direction: a table
// carrier's rate data prices lanes from its origin warehouses, so a return
// is priced as the same service on the outbound lane (warehouse to the
// customer) and refused where that lane is not served; the booking is
// Create with From and To swapped and the idempotency key
// return:<shipment>:<attempt>, so a retry after a carrier's timeout is the
// same booking and a new one after a void is not.
func (s *Store) ReturnLabel(ctx context.Context, shipID string, in ReturnRequest) (ReturnShipment, error) {
	if len(in.Service) > 80 {
		return ReturnShipment{}, errs.Field("service", errs.CodeTooLong, "a service is at most 80 bytes")
	}
	f, err := s.returnFacts(ctx, shipID)
	if err != nil {
		return ReturnShipment{}, err
	}
	if r, err := s.liveReturn(ctx, shipID); err == nil || !errs.Is(err, errs.NotFound) {
		return r, err
	}
	service, err := f.service(in.Service)
	if err != nil {
		return ReturnShipment{}, err
	}
	network, tables, err := s.network(ctx)
	if err != nil {
		return ReturnShipment{}, err
	}
	c, ok := network[f.sh.Carrier]
	if !ok {
		return ReturnShipment{}, errs.E(errs.Unavailable, "carrier %s is not configured", f.sh.Carrier)
	}
	var quote *rate.Quote
	for i := range tables {
		if tables[i].Code == f.sh.Carrier {
			q, err := reverseLane(&tables[i], f, service)
			if err != nil {
				return ReturnShipment{}, err
			}
			quote = &q
		}
	}
	req := CreateRequest{IdempotencyKey: "return:" + shipID + ":" + strconv.Itoa(f.attempt), Service: service, Origin: f.sh.Warehouse,
		From: f.customer, To: f.warehouse, OrderRef: f.orderNumber}
	for _, p := range f.parcels {
		req.Parcels = append(req.Parcels, CreateParcel{Reference: "RTN-" + p.sscc, WeightG: p.weightG, LengthMM: p.l, WidthMM: p.w,
			HeightMM: p.h, DeclaredValue: f.valueMinor / int64(len(f.parcels)), Currency: f.currency})
	}
	created, err := c.Create(ctx, req)
	if err != nil {
		return ReturnShipment{}, err
	}
	if len(created.Parcels) != len(f.parcels) {
		return ReturnShipment{}, errs.E(errs.Unavailable, "carrier %s answered %d parcels for %d", f.sh.Carrier, len(created.Parcels), len(f.parcels))
	}
	price, currency := created.Total, created.Currency
	if quote != nil {
		price, currency = quote.Total, quote.Currency
	}
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		return recordReturn(ctx, tx, f, service, created, price, currency)
	})
	if err != nil {
		if r, again := s.liveReturn(ctx, shipID); again == nil { // another clerk's booking won: the same one, by its key
			return r, nil
		}
		return ReturnShipment{}, err
	}
	return s.liveReturn(ctx, shipID)
}

// service is the return's service: the one asked for (with or without
// the carrier's code), else the shipment's own.
func (f returnFacts) service(want string) (string, error) {
	want = strings.TrimSpace(want)
	if want == "" {
		return f.sh.Service, nil
	}
	if carrier, service, ok := strings.Cut(want, ":"); ok {
		if carrier != f.sh.Carrier {
			return "", errs.Field("service", errs.CodeUnknown, "a return goes with the shipment's carrier %s, not %s", f.sh.Carrier, errs.Clip(carrier))
		}
		want = service
	}
	if want == "" {
		return "", errs.Field("service", errs.CodeRequired, "name the carrier's service after the colon")
	}
	return want, nil
}

// reverseLane prices a return on a table carrier: the same service on the
// outbound lane, from the shipment's warehouse to the customer. A lane the
// service does not serve refuses the return at the field rating names.
func reverseLane(c *rate.Carrier, f returnFacts, service string) (rate.Quote, error) {
	parcels := make([]rate.Parcel, len(f.parcels))
	for i, p := range f.parcels {
		parcels[i] = rate.Parcel{WeightG: p.weightG, LengthMM: p.l, WidthMM: p.w, HeightMM: p.h}
	}
	q, err := c.Quote(rate.Request{Origin: f.sh.Warehouse, To: rate.Destination{Country: strings.ToUpper(f.customer.Country),
		PostalCode: f.customer.PostalCode}, Parcels: parcels}, service)
	var refusal *rate.Refusal
	if errors.As(err, &refusal) {
		return q, errs.Field(refusalField(refusal.Field()), refusal.Code, "%s %s cannot carry this return: %s", c.Code, service, refusal.Message)
	}
	return q, err
}

// refusalField is where a rating refusal shows on a return request: the
// service, unless it names a parcel.
func refusalField(path string) string {
	if strings.HasPrefix(path, "parcels") {
		return path
	}
	return "service"
}

// recordReturn writes a booked return and says so on the order's
// timeline.
func recordReturn(ctx context.Context, tx *db.Tx, f returnFacts, service string, created Created, price int64, currency string) error {
	who, _ := actor.From(ctx)
	sender, err := json.Marshal(f.customer)
	if err != nil {
		return err
	}
	recipient, err := json.Marshal(f.warehouse)
	if err != nil {
		return err
	}
	rid := id.New("rtl", tx.Now)
	if _, err := tx.ExecContext(ctx, `INSERT INTO return_shipments (id, shipment_id, attempt, carrier, service, carrier_shipment_id,
		status, price_minor, currency, sender, recipient, sender_phone, order_number, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 'labelled', $7, $8, $9, $10, $11, $12, $13, $14, $14)`,
		rid, f.sh.ID, f.attempt, f.sh.Carrier, service, created.ShipmentID, price, currency, string(sender), string(recipient),
		f.phone, f.orderNumber, who.ID, tx.Now); err != nil {
		return err
	}
	rows := make([][]any, 0, len(f.parcels))
	tracking := make([]string, len(f.parcels))
	for i, p := range f.parcels {
		cp := created.Parcels[i]
		tracking[i] = cp.TrackingNumber
		rows = append(rows, []any{rid, p.seq, p.id, cp.TrackingNumber, cp.RoutingCode, p.weightG})
	}
	if err := db.InsertRows(ctx, tx, "return_parcels", []string{"return_id", "seq", "parcel_id", "tracking_number", "routing_code", "weight_g"}, rows); err != nil {
		return err
	}
	o, err := order.Read(ctx, tx, f.orderID)
	if err != nil {
		return err
	}
	return order.AddEvent(ctx, tx, &o, "order.return_labelled", who, map[string]any{"return_id": rid, "shipment_id": f.sh.ID,
		"carrier": f.sh.Carrier, "service": service, "tracking_numbers": tracking, "price_minor": price, "currency": currency})
}
