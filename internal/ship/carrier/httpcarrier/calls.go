package httpcarrier

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/rate"
)

// Rate asks the carrier for its quotes, dated when req says when the
// parcels are ready.
func (c *Client) Rate(ctx context.Context, req ship.RateRequest) ([]rate.Quote, error) {
	body := map[string]any{"origin": req.Origin, "to": toWire(req.To), "parcels": rateParcels(req.Parcels)}
	if !req.Ready.IsZero() {
		body["ready_at"] = req.Ready
	}
	var quotes []rate.Quote
	err := c.do(ctx, call{method: http.MethodPost, path: "/v1/rates", body: body, decode: func(data []byte) (err error) {
		quotes, err = decodeRates(c.cfg.Code, data)
		return err
	}})
	return quotes, err
}

func rateParcels(ps []rate.Parcel) []wireParcel {
	out := make([]wireParcel, len(ps))
	for i, p := range ps {
		out[i] = wireParcel{WeightG: p.WeightG, LengthMM: p.LengthMM, WidthMM: p.WidthMM, HeightMM: p.HeightMM}
	}
	return out
}

// Create books the shipment under req's idempotency key, which every retry
// repeats, so a booking whose answer was lost is answered again rather
// than made twice.
func (c *Client) Create(ctx context.Context, req ship.CreateRequest) (ship.Created, error) {
	if req.IdempotencyKey == "" || len(req.IdempotencyKey) > 255 {
		return ship.Created{}, errs.Field("idempotency_key", errs.CodeRequired, "a booking carries an idempotency key of 1 to 255 bytes")
	}
	body := map[string]any{"service": req.Service, "origin": req.Origin, "reference": req.OrderRef,
		"from": toWire(req.From), "to": toWire(req.To), "parcels": parcelsToWire(req.Parcels)}
	if !req.ShipDate.IsZero() {
		body["ship_date"] = req.ShipDate.String()
	}
	var out ship.Created
	err := c.do(ctx, call{method: http.MethodPost, path: "/v1/shipments", idempotencyKey: req.IdempotencyKey, body: body,
		decode: func(data []byte) (err error) {
			out, err = decodeCreated(req, data)
			return err
		}})
	return out, err
}

// Void cancels a shipment; voiding one already voided succeeds.
func (c *Client) Void(ctx context.Context, req ship.VoidRequest) error {
	if req.ShipmentID == "" || len(req.ShipmentID) > maxID {
		return errs.Field("shipment_id", errs.CodeRequired, "name the shipment to void")
	}
	return c.do(ctx, call{method: http.MethodPost, path: "/v1/shipments/" + url.PathEscape(req.ShipmentID) + "/void",
		idempotencyKey: req.IdempotencyKey, body: struct{}{}, decode: func(data []byte) error {
			var s wireShipment
			return decodeStrict(data, &s)
		}})
}

// Manifest closes the day for the listed shipments. Without an idempotency
// key one is derived from the origin, date and shipments, so a retried
// close never makes two manifests.
func (c *Client) Manifest(ctx context.Context, req ship.ManifestRequest) (ship.Manifest, error) {
	ids := make([]string, len(req.Shipments))
	for i, s := range req.Shipments {
		ids[i] = s.ShipmentID
	}
	key := req.IdempotencyKey
	if key == "" {
		sorted := slices.Sorted(slices.Values(ids))
		sum := sha256.Sum256([]byte(req.Origin + "\x00" + req.Date.String() + "\x00" + strings.Join(sorted, "\x00")))
		key = "manifest-" + hex.EncodeToString(sum[:16])
	}
	var out ship.Manifest
	err := c.do(ctx, call{method: http.MethodPost, path: "/v1/manifests", idempotencyKey: key,
		body: map[string]any{"origin": req.Origin, "date": req.Date.String(), "shipment_ids": ids},
		decode: func(data []byte) (err error) {
			out, err = decodeManifest(c.cfg.Code, data)
			return err
		}})
	return out, err
}

// Status asks the carrier for a shipment's state ("booked", "voided",
// "manifested"), for reconciling after a call whose outcome is unknown.
func (c *Client) Status(ctx context.Context, shipmentID string) (string, error) {
	if shipmentID == "" || len(shipmentID) > maxID {
		return "", errs.Field("shipment_id", errs.CodeRequired, "name the shipment")
	}
	var status string
	err := c.do(ctx, call{method: http.MethodGet, path: "/v1/shipments/" + url.PathEscape(shipmentID), decode: func(data []byte) error {
		var s wireShipment
		if err := decodeStrict(data, &s); err != nil {
			return err
		}
		if s.ID != shipmentID || s.Status == "" {
			return errUnexpected
		}
		status = s.Status
		return nil
	}})
	return status, err
}
