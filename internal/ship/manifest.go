package ship

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/ship/rate"
)

// ManifestIn asks for the end-of-day manifest of a carrier at a warehouse.
type ManifestIn struct {
	Warehouse string `json:"warehouse" minLength:"1" maxLength:"32"`
	Carrier   string `json:"carrier" minLength:"1" maxLength:"64"`
}

// ManifestOut is a closed manifest with what it lists.
type ManifestOut struct {
	ID                string          `json:"id" doc:"man_…"`
	Warehouse         string          `json:"warehouse"`
	Carrier           string          `json:"carrier"`
	ShipDate          string          `json:"ship_date"`
	CarrierManifestID string          `json:"carrier_manifest_id"`
	Status            string          `json:"status" enum:"closed,partial,handed_over"`
	Parcels           []ManifestEntry `json:"parcels" nullable:"false"`
	NotStaged         int             `json:"not_staged,omitempty" doc:"Labelled shipments of the carrier left off: not every parcel was in its lane"`
	CreatedAt         time.Time       `json:"created_at"`
}

// ManifestEntry is one parcel on a manifest.
type ManifestEntry struct {
	ShipmentID     string     `json:"shipment_id"`
	OrderNumber    string     `json:"order_number"`
	TrackingNumber string     `json:"tracking_number"`
	SSCC           string     `json:"sscc"`
	WeightG        int64      `json:"weight_g"`
	Country        string     `json:"country"`
	PostalCode     string     `json:"postal_code"`
	HandedOverAt   *time.Time `json:"handed_over_at,omitempty"`
}

// CloseManifest lists a carrier's shipments staged at a warehouse (every
// parcel in the lane) on a manifest, closes the day with the carrier and
// keeps its manifest id. Shipments not fully staged are left off and
// counted; nothing staged is a conflict.
func (s *Store) CloseManifest(ctx context.Context, in ManifestIn) (ManifestOut, error) {
	carrier := strings.TrimSpace(in.Carrier)
	var whID, origin string
	var ids []string
	var req ManifestRequest
	notStaged := 0
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT id, code FROM warehouses WHERE code = $1`, normal(in.Warehouse)).Scan(&whID, &origin); err != nil {
			return db.NotFound(err, "no warehouse %s", errs.Clip(in.Warehouse))
		}
		rows, err := tx.QueryContext(ctx, `SELECT s.id, s.carrier_shipment_id, p.tracking_number, p.staged_at IS NOT NULL
			FROM shipments s JOIN shipment_parcels p ON p.shipment_id = s.id
			WHERE s.warehouse_id = $1 AND s.carrier = $2 AND s.status = 'labelled' ORDER BY s.id, p.seq`, whID, carrier)
		if err != nil {
			return err
		}
		defer rows.Close()
		staged := map[string]bool{}
		var order []string
		byID := map[string]*ManifestShipment{}
		for rows.Next() {
			var sid, cid, tracking string
			var in bool
			if err := rows.Scan(&sid, &cid, &tracking, &in); err != nil {
				return err
			}
			if _, seen := byID[sid]; !seen {
				byID[sid], staged[sid] = &ManifestShipment{ShipmentID: cid}, true
				order = append(order, sid)
			}
			byID[sid].TrackingNumbers = append(byID[sid].TrackingNumbers, tracking)
			staged[sid] = staged[sid] && in
		}
		for _, sid := range order {
			if !staged[sid] {
				notStaged++
				continue
			}
			ids = append(ids, sid)
			req.Shipments = append(req.Shipments, *byID[sid])
		}
		return rows.Err()
	})
	if err != nil {
		return ManifestOut{}, err
	}
	if len(ids) == 0 {
		return ManifestOut{}, errs.E(errs.Conflict, "nothing of %s is staged at %s (%d labelled, not all in the lane)", errs.Clip(carrier), origin, notStaged)
	}
	network, _, err := s.network(ctx)
	if err != nil {
		return ManifestOut{}, err
	}
	c, ok := network[carrier]
	if !ok {
		return ManifestOut{}, errs.E(errs.Unavailable, "carrier %s is not configured", carrier)
	}
	today := rate.DateOf(s.db.Clock().Now())
	req.IdempotencyKey, req.Origin, req.Date = "manifest:"+origin+":"+carrier+":"+ids[0]+":"+strconv.Itoa(len(ids)), origin, today
	m, err := c.Manifest(ctx, req)
	if err != nil {
		return ManifestOut{}, err
	}
	who, _ := actor.From(ctx)
	manID := id.New("man", s.db.Clock().Now())
	parcels := 0
	for _, sh := range req.Shipments {
		parcels += len(sh.TrackingNumbers)
	}
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO manifests (id, warehouse_id, carrier, ship_date, carrier_manifest_id, status, parcels,
			created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'closed', $6, $7, $8, $8)`,
			manID, whID, carrier, today.String(), m.ID, parcels, who.ID, tx.Now); err != nil {
			return err
		}
		for _, sid := range ids {
			r, err := tx.ExecContext(ctx, `UPDATE shipments SET status = 'manifested', manifest_id = $2, updated_at = $3
				WHERE id = $1 AND status = 'labelled'`, sid, manID, tx.Now)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n != 1 {
				return errs.E(errs.Conflict, "shipment %s changed while the manifest closed; close it again", sid)
			}
		}
		return nil
	})
	if err != nil {
		return ManifestOut{}, err
	}
	out, err := s.Manifest(ctx, manID)
	out.NotStaged = notStaged
	return out, err
}

// Manifest reads a manifest with its parcels.
func (s *Store) Manifest(ctx context.Context, manID string) (ManifestOut, error) {
	var m ManifestOut
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT m.id, w.code, m.carrier, m.ship_date, m.carrier_manifest_id, m.status, m.created_at
			FROM manifests m JOIN warehouses w ON w.id = m.warehouse_id WHERE m.id = $1`, manID).
			Scan(&m.ID, &m.Warehouse, &m.Carrier, &m.ShipDate, &m.CarrierManifestID, &m.Status, &m.CreatedAt); err != nil {
			return db.NotFound(err, "no manifest %s", errs.Clip(manID))
		}
		rows, err := tx.QueryContext(ctx, `SELECT s.id, o.number, p.tracking_number, c.sscc, c.weight_g, o.shipping_address,
			p.handed_over_at FROM shipments s JOIN shipment_parcels p ON p.shipment_id = s.id
			JOIN parcels c ON c.id = p.parcel_id JOIN fulfilments f ON f.id = s.fulfilment_id JOIN orders o ON o.id = f.order_id
			WHERE s.manifest_id = $1 ORDER BY s.id, p.seq`, manID)
		if err != nil {
			return err
		}
		defer rows.Close()
		m.Parcels = []ManifestEntry{}
		for rows.Next() {
			var e ManifestEntry
			var to string
			if err := rows.Scan(&e.ShipmentID, &e.OrderNumber, &e.TrackingNumber, &e.SSCC, &e.WeightG, &to, &e.HandedOverAt); err != nil {
				return err
			}
			var a address.Address
			if err := json.Unmarshal([]byte(to), &a); err != nil {
				return err
			}
			e.Country, e.PostalCode = a.Country, a.PostalCode
			m.Parcels = append(m.Parcels, e)
		}
		return rows.Err()
	})
	return m, err
}

// ManifestCSV writes a manifest as CSV, one parcel per row, for the
// carrier's driver and the shop's records.
func (s *Store) ManifestCSV(ctx context.Context, manID string) ([]byte, error) {
	m, err := s.Manifest(ctx, manID)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"manifest", "carrier_manifest", "carrier", "warehouse", "ship_date", "order", "tracking_number", "sscc",
		"weight_g", "country", "postal_code", "handed_over_at"})
	for _, e := range m.Parcels {
		handed := ""
		if e.HandedOverAt != nil {
			handed = e.HandedOverAt.UTC().Format(time.RFC3339)
		}
		_ = w.Write([]string{m.ID, m.CarrierManifestID, m.Carrier, m.Warehouse, m.ShipDate, csvSafe(e.OrderNumber), csvSafe(e.TrackingNumber),
			e.SSCC, fmt.Sprint(e.WeightG), e.Country, csvSafe(e.PostalCode), handed})
	}
	w.Flush()
	return []byte(b.String()), w.Error()
}

// csvSafe keeps a spreadsheet from reading a value as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
