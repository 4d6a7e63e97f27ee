package ship

import (
	"context"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/ship/rate"
)

// BookRequest asks for a packed fulfilment's shipment.
type BookRequest struct {
	Service string `json:"service,omitempty" maxLength:"80" doc:"carrier:service to book instead of the rate shopping's choice; it must be one of the offered alternatives"`
}

// Book rate-shops a packed fulfilment's parcels across every carrier (the
// cheapest service that delivers by the order's promise, else the fastest;
// carriers over their allocation share skipped), books the choice with its
// carrier for tracking numbers and keeps it with the alternatives. A
// fulfilment that has a shipment gets that one back: printing labels again
// books nothing. The booking's idempotency key is the fulfilment and the
// attempt, so a retry after a carrier's timeout is the same booking; a
// carrier's refusal names its field (422), a carrier that cannot be
// reached is a 503 to try again.
func (s *Store) Book(ctx context.Context, fid string, in BookRequest) (Shipment, error) {
	if sh, err := s.live(ctx, fid); err == nil || !errs.Is(err, errs.NotFound) {
		return sh, err
	}
	var f facts
	if err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		f, err = factsOf(ctx, tx, fid)
		return err
	}); err != nil {
		return Shipment{}, err
	}
	network, tables, err := s.network(ctx)
	if err != nil {
		return Shipment{}, err
	}
	choice, err := s.shop(ctx, f, tables)
	if err != nil {
		return Shipment{}, err
	}
	opt, err := pick(choice, in.Service)
	if err != nil {
		return Shipment{}, err
	}
	c, ok := network[opt.Carrier]
	if !ok {
		return Shipment{}, errs.E(errs.Unavailable, "carrier %s is not configured", opt.Carrier)
	}
	req := CreateRequest{IdempotencyKey: fid + ":" + strconv.Itoa(f.attempt), Service: opt.Service, Origin: f.origin,
		From: f.from, To: f.to, OrderRef: f.orderNumber, ShipDate: opt.ShipDate}
	for _, p := range f.parcels {
		req.Parcels = append(req.Parcels, CreateParcel{Reference: p.sscc, WeightG: p.weightG, LengthMM: p.l, WidthMM: p.w, HeightMM: p.h,
			DeclaredValue: f.valueMinor / int64(len(f.parcels)), Currency: f.currency})
	}
	created, err := c.Create(ctx, req)
	if err != nil {
		return Shipment{}, err
	}
	if len(created.Parcels) != len(f.parcels) {
		return Shipment{}, errs.E(errs.Unavailable, "carrier %s answered %d parcels for %d", opt.Carrier, len(created.Parcels), len(f.parcels))
	}
	shipID := ""
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		var err error
		shipID, err = record(ctx, tx, f, *opt, choice, created)
		return err
	})
	if err != nil {
		if sh, again := s.live(ctx, fid); again == nil { // another packer's booking won: the same one, by its key
			return sh, nil
		}
		return Shipment{}, err
	}
	return s.Shipment(ctx, shipID)
}

// shop quotes the shipment on the table carriers and the external ones and
// chooses under the order's promise and the carriers' shares. An external
// carrier that fails to quote is listed as refused, not fatal.
func (s *Store) shop(ctx context.Context, f facts, tables []rate.Carrier) (rate.Choice, error) {
	ready := s.db.Clock().Now()
	req := rate.Request{Origin: f.origin, To: rate.Destination{Country: f.to.Country, PostalCode: f.to.PostalCode},
		Parcels: f.rateParcels(), Ready: ready}
	var quotes []rate.Quote
	var refused []rate.Refusal
	for i := range tables {
		q, r, err := tables[i].Quotes(req)
		if err != nil {
			return rate.Choice{}, err
		}
		quotes, refused = append(quotes, q...), append(refused, r...)
	}
	for _, code := range s.externalCodes() {
		q, err := s.external[code].Rate(ctx, RateRequest{Origin: f.origin, From: f.from, To: f.to, Parcels: req.Parcels, Ready: ready})
		if err != nil {
			refused = append(refused, rate.Refusal{Carrier: code, Code: "unavailable", Message: err.Error()})
			continue
		}
		quotes = append(quotes, q...)
	}
	maxShare := map[string]int{}
	for _, t := range tables {
		if t.MaxShare > 0 {
			maxShare[t.Code] = t.MaxShare
		}
	}
	choice := rate.Choose(quotes, len(f.parcels), rate.Policy{Promise: f.promise, Period: f.period, MaxShare: maxShare})
	choice.Refused = append(choice.Refused, refused...)
	return choice, nil
}

// pick is the option to book: the choice, or the alternative the packer
// named (carrier:service).
func pick(choice rate.Choice, want string) (*rate.Option, error) {
	if want == "" {
		if choice.Chosen == nil {
			reasons := make([]string, 0, len(choice.Refused))
			for _, r := range choice.Refused {
				reasons = append(reasons, r.Carrier+" "+r.Service+": "+r.Message)
			}
			return nil, errs.E(errs.Conflict, "no carrier service can take this shipment (%s)", errs.Clip(strings.Join(reasons, "; ")))
		}
		return choice.Chosen, nil
	}
	carrier, service, _ := strings.Cut(want, ":")
	options := choice.Alternatives
	if choice.Chosen != nil {
		options = append([]rate.Option{*choice.Chosen}, options...)
	}
	for i := range options {
		if options[i].Carrier == carrier && options[i].Service == service {
			return &options[i], nil
		}
	}
	return nil, errs.Field("service", errs.CodeUnknown, "%s is not offered for this shipment", errs.Clip(want))
}

// record writes a booked shipment and says so on the fulfilment's and its
// orders' timelines.
func record(ctx context.Context, tx *db.Tx, f facts, opt rate.Option, choice rate.Choice, created Created) (string, error) {
	who, _ := actor.From(ctx)
	c, err := choiceJSON(choice)
	if err != nil {
		return "", err
	}
	shipID := id.New("shp", tx.Now)
	price, currency := opt.Total, opt.Currency
	if created.Total > 0 && created.Currency != "" {
		price, currency = created.Total, created.Currency
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO shipments (id, fulfilment_id, warehouse_id, attempt, carrier, service,
		carrier_shipment_id, status, price_minor, currency, ship_date, delivery_date, choice, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 'labelled', $8, $9, $10, $11, $12, $13, $14, $14)`,
		shipID, f.fid, f.warehouseID, f.attempt, opt.Carrier, opt.Service, created.ShipmentID, price, currency,
		opt.ShipDate.String(), opt.DeliveryDate.String(), c, who.ID, tx.Now); err != nil {
		return "", err
	}
	var rows [][]any
	tracking := make([]string, len(f.parcels))
	for i, p := range f.parcels {
		cp := created.Parcels[i]
		tracking[i] = cp.TrackingNumber
		rows = append(rows, []any{shipID, p.id, p.seq, cp.TrackingNumber, cp.RoutingCode})
	}
	if err := db.InsertRows(ctx, tx, "shipment_parcels", []string{"shipment_id", "parcel_id", "seq", "tracking_number", "routing_code"}, rows); err != nil {
		return "", err
	}
	detail := map[string]any{"shipment_id": shipID, "carrier": opt.Carrier, "service": opt.Service, "tracking_numbers": tracking,
		"price_minor": price, "currency": currency, "reason": opt.Reason, "delivery_date": opt.DeliveryDate.String()}
	if err := fulfilment.Note(ctx, tx, f.fid, fulfilment.Packed, "fulfilment.labelled", who.ID, detail); err != nil {
		return "", err
	}
	o, err := order.Read(ctx, tx, f.orderID)
	if err != nil {
		return "", err
	}
	return shipID, order.AddEvent(ctx, tx, &o, "order.labelled", who, detail)
}
