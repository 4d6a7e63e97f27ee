package ship

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
)

// HandoverIn is the driver's scans at pickup: every parcel label taken.
type HandoverIn struct {
	Scans []string `json:"scans" minItems:"1" maxItems:"5000" doc:"Tracking numbers or SSCCs, as scanned"`
}

// HandoverReport is what the scans showed against the manifest.
type HandoverReport struct {
	Manifest   ManifestOut `json:"manifest"`
	HandedOver []string    `json:"handed_over" nullable:"false" doc:"Tracking numbers taken now"`
	Missing    []string    `json:"missing" nullable:"false" doc:"On the manifest, not scanned: still here"`
	Extra      []string    `json:"extra" nullable:"false" doc:"Scanned, not on the manifest: take them back"`
	Shipped    []string    `json:"shipped" nullable:"false" doc:"Fulfilments every parcel of which is now with the carrier"`
}

// Handover checks the driver's scans against a manifest: the parcels
// scanned are handed over, those not scanned are reported missing (the
// manifest stays partial until a later handover takes them), scans of
// parcels not on it are reported extra. A shipment whose parcels are all
// taken is handed over: its fulfilment ships with the tracking numbers,
// its units leave the ledger, and its order's customer is told.
func (s *Store) Handover(ctx context.Context, manID string, in HandoverIn) (HandoverReport, error) {
	if len(in.Scans) == 0 || len(in.Scans) > 5000 {
		return HandoverReport{}, errs.Field("scans", errs.CodeOutOfRange, "scan 1 to 5000 parcels")
	}
	rep := HandoverReport{HandedOver: []string{}, Missing: []string{}, Extra: []string{}, Shipped: []string{}}
	who, _ := actor.From(ctx)
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		var status string
		lock := ""
		if tx.Dialect == db.Postgres {
			lock = " FOR UPDATE"
		}
		if err := tx.QueryRowContext(ctx, `SELECT status FROM manifests WHERE id = $1`+lock, manID).Scan(&status); err != nil {
			return db.NotFound(err, "no manifest %s", errs.Clip(manID))
		}
		if status == "handed_over" {
			return errs.E(errs.Conflict, "manifest %s was handed over already", manID)
		}
		onIt, err := manifestParcels(ctx, tx, manID)
		if err != nil {
			return err
		}
		seen := map[int]bool{}
		for _, raw := range in.Scans {
			code := normal(raw)
			i := slices.IndexFunc(onIt, func(p manifestParcel) bool { return p.tracking == code || p.sscc == ssccOf(code) })
			switch {
			case i < 0:
				rep.Extra = append(rep.Extra, errs.Clip(code))
			case !seen[i] && onIt[i].handed:
				seen[i] = true // taken at an earlier handover
			case !seen[i]:
				seen[i] = true
				if _, err := tx.ExecContext(ctx, `UPDATE shipment_parcels SET handed_over_at = $3 WHERE shipment_id = $1 AND parcel_id = $2`,
					onIt[i].shipment, onIt[i].parcel, tx.Now); err != nil {
					return err
				}
				onIt[i].handed = true
				rep.HandedOver = append(rep.HandedOver, onIt[i].tracking)
			}
		}
		done := map[string]bool{}
		for _, p := range onIt {
			if !p.handed {
				rep.Missing = append(rep.Missing, p.tracking)
				done[p.shipment] = false
			} else if _, ok := done[p.shipment]; !ok {
				done[p.shipment] = true
			}
		}
		for _, p := range onIt {
			if done[p.shipment] && p.status == StatusManifested {
				delete(done, p.shipment)
				fid, err := handOver(ctx, tx, p.shipment, who)
				if err != nil {
					return err
				}
				for _, hook := range s.handedOver {
					if err := hook(ctx, tx, p.shipment); err != nil {
						return err
					}
				}
				rep.Shipped = append(rep.Shipped, fid)
			}
		}
		next := "handed_over"
		if len(rep.Missing) > 0 {
			next = "partial"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE manifests SET status = $2, updated_at = $3 WHERE id = $1`, manID, next, tx.Now); err != nil {
			return err
		}
		scans, _ := json.Marshal(in.Scans)
		missing, _ := json.Marshal(rep.Missing)
		extra, _ := json.Marshal(rep.Extra)
		_, err = tx.ExecContext(ctx, `INSERT INTO handovers (id, manifest_id, scans, missing, extra, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			id.New("hnd", tx.Now), manID, string(scans), string(missing), string(extra), who.ID, tx.Now)
		return err
	})
	if err != nil {
		return HandoverReport{}, err
	}
	rep.Manifest, err = s.Manifest(ctx, manID)
	return rep, err
}

// manifestParcel is one parcel of a manifest as a handover checks it.
type manifestParcel struct {
	shipment, parcel, tracking, sscc, status string
	handed                                   bool
}

func manifestParcels(ctx context.Context, tx *db.Tx, manID string) ([]manifestParcel, error) {
	rows, err := tx.QueryContext(ctx, `SELECT p.shipment_id, p.parcel_id, upper(p.tracking_number), c.sscc, s.status, p.handed_over_at IS NOT NULL
		FROM shipment_parcels p JOIN shipments s ON s.id = p.shipment_id JOIN parcels c ON c.id = p.parcel_id
		WHERE s.manifest_id = $1 ORDER BY s.id, p.seq`, manID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []manifestParcel
	for rows.Next() {
		var p manifestParcel
		if err := rows.Scan(&p.shipment, &p.parcel, &p.tracking, &p.sscc, &p.status, &p.handed); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// handOver ships a shipment whose parcels the driver all took: the
// shipment is handed over, its fulfilment shipped with the tracking
// numbers, its picked units leave the ledger (ship), and its order is told
// (shipped when nothing else of it is left to ship). It returns the
// fulfilment's id.
func handOver(ctx context.Context, tx *db.Tx, shipID string, who actor.Actor) (string, error) {
	sh, err := shipmentTx(ctx, tx, `s.id = $1`, shipID)
	if err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE shipments SET status = 'handed_over', handed_over_at = $2, updated_at = $2 WHERE id = $1`,
		shipID, tx.Now); err != nil {
		return "", err
	}
	tracking := make([]string, len(sh.Parcels))
	for i, p := range sh.Parcels {
		tracking[i] = p.TrackingNumber
	}
	detail := map[string]any{"shipment_id": shipID, "carrier": sh.Carrier, "service": sh.Service, "tracking_numbers": tracking}
	if err := fulfilment.Ship(ctx, tx, sh.FulfilmentID, sh.Carrier, tracking, who.ID, detail); err != nil {
		return "", err
	}
	units, orders, err := shippedUnits(ctx, tx, sh.FulfilmentID)
	if err != nil {
		return "", err
	}
	if _, err := inventory.Ship(ctx, tx, shipID, units); err != nil {
		return "", err
	}
	for _, oid := range orders {
		o, err := order.Lock(ctx, tx, oid)
		if err != nil {
			return "", err
		}
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM fulfilments f WHERE f.status NOT IN ('shipped', 'cancelled')
			AND f.id IN (SELECT fulfilment_id FROM fulfilment_lines WHERE order_id = $1)`, oid).Scan(&open); err != nil {
			return "", err
		}
		all := open == 0 && !o.Short
		if err := order.ShippedPart(ctx, tx, &o, all, who, detail); err != nil {
			return "", err
		}
	}
	return sh.FulfilmentID, nil
}

// shippedUnits is what a fulfilment carries, by product, for the ledger,
// and the orders it carries them for.
func shippedUnits(ctx context.Context, tx *db.Tx, fid string) ([]inventory.Units, []string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT f.warehouse_id, l.product_id, sum(l.quantity) FROM fulfilment_lines l
		JOIN fulfilments f ON f.id = l.fulfilment_id WHERE l.fulfilment_id = $1 GROUP BY f.warehouse_id, l.product_id ORDER BY l.product_id`, fid)
	if err != nil {
		return nil, nil, err
	}
	var units []inventory.Units
	for rows.Next() {
		var u inventory.Units
		if err := rows.Scan(&u.WarehouseID, &u.ProductID, &u.Quantity); err != nil {
			rows.Close()
			return nil, nil, err
		}
		units = append(units, u)
	}
	if err := rows.Close(); err != nil {
		return nil, nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT DISTINCT order_id FROM fulfilment_lines WHERE fulfilment_id = $1 ORDER BY order_id`, fid)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var orders []string
	for rows.Next() {
		var oid string
		if err := rows.Scan(&oid); err != nil {
			return nil, nil, err
		}
		orders = append(orders, oid)
	}
	return units, orders, rows.Err()
}
