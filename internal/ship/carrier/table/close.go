package table

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
)

// Void accepts the cancellation of one of this carrier's shipments. The
// built-in carrier has no one to tell: the ship store records the void, and
// refuses it after handover, since only it knows the shipment's state.
func (c *Carrier) Void(_ context.Context, req ship.VoidRequest) error {
	if req.ShipmentID == "" {
		return errs.Field("shipment_id", errs.CodeRequired, "name the shipment to void")
	}
	if !c.belongs(req.ShipmentID) {
		return c.notMine("shipment_id", req.ShipmentID)
	}
	return nil
}

// picksUpAt reports whether any service of the carrier collects at origin.
func (c *Carrier) picksUpAt(origin string) bool {
	for _, s := range c.data.Services {
		for _, o := range s.Origins {
			if o.Warehouse == origin {
				return true
			}
		}
	}
	return false
}

// Manifest builds the day's manifest for the listed shipments. Its id is
// derived from the carrier, origin, date and shipments, so asking again for
// the same close gives the same manifest; the ship store persists it.
func (c *Carrier) Manifest(_ context.Context, req ship.ManifestRequest) (ship.Manifest, error) {
	var f errs.Fields
	if !c.picksUpAt(req.Origin) {
		f.Add("origin", errs.CodeUnknown, "carrier %s picks up at no warehouse %q", c.data.Code, errs.Clip(req.Origin))
	}
	if req.Date.IsZero() {
		f.Add("date", errs.CodeRequired, "a manifest is for one date")
	}
	if len(req.Shipments) == 0 {
		f.Add("shipments", errs.CodeRequired, "a manifest lists at least one shipment")
	}
	seen := map[string]bool{}
	m := ship.Manifest{Carrier: c.data.Code, Origin: req.Origin, Date: req.Date}
	for i, s := range req.Shipments {
		p := fmt.Sprintf("shipments[%d].shipment_id", i)
		switch {
		case !c.belongs(s.ShipmentID):
			f.Add(p, errs.CodeUnknown, "%q is not a shipment of %s", errs.Clip(s.ShipmentID), c.data.Code)
		case seen[s.ShipmentID]:
			f.Add(p, errs.CodeDuplicate, "%s is listed twice", s.ShipmentID)
		}
		seen[s.ShipmentID] = true
		for j, tn := range s.TrackingNumbers {
			if !ValidS10(tn) {
				f.Add(fmt.Sprintf("shipments[%d].tracking_numbers[%d]", i, j), errs.CodeChecksum, "%q is no valid S10 tracking number", errs.Clip(tn))
			}
		}
		m.Parcels += len(s.TrackingNumbers)
	}
	if err := f.Err(); err != nil {
		return ship.Manifest{}, err
	}
	m.Shipments = slices.Clone(req.Shipments)
	slices.SortFunc(m.Shipments, func(a, b ship.ManifestShipment) int { return strings.Compare(a.ShipmentID, b.ShipmentID) })
	h := sha256.New()
	for _, s := range m.Shipments {
		fmt.Fprintf(h, "%s:%s\n", s.ShipmentID, strings.Join(s.TrackingNumbers, ","))
	}
	m.ID = fmt.Sprintf("%s-%s-%s-%s", c.data.Code, req.Origin, strings.ReplaceAll(req.Date.String(), "-", ""), hex.EncodeToString(h.Sum(nil))[:10])
	return m, nil
}
