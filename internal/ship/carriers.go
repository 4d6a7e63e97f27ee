package ship

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship/rate"
)

// CarrierInfo is a table carrier's rate data as stored, for the API.
type CarrierInfo struct {
	Code      string       `json:"code"`
	Name      string       `json:"name"`
	Active    bool         `json:"active"`
	Data      rate.Carrier `json:"data"`
	UpdatedAt time.Time    `json:"updated_at"`
}

// maxCarrierBytes bounds a carrier's rate document.
const maxCarrierBytes = 1 << 20

// PutCarrier stores a table carrier's rate data (the JSON document
// ship/rate parses, every problem named by its path), replacing the one of
// the same code.
func (s *Store) PutCarrier(ctx context.Context, data []byte, active bool) (CarrierInfo, error) {
	if len(data) > maxCarrierBytes {
		return CarrierInfo{}, errs.Field("data", errs.CodeTooLong, "a carrier's rate data must be at most %d bytes", maxCarrierBytes)
	}
	c, err := rate.ParseCarrier(data)
	if err != nil {
		return CarrierInfo{}, err
	}
	if _, clash := s.external[c.Code]; clash {
		return CarrierInfo{}, errs.Field("code", errs.CodeDuplicate, "%s is an external carrier's code", c.Code)
	}
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO carriers (code, data, active, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (code) DO UPDATE SET data = excluded.data, active = excluded.active, updated_at = excluded.updated_at`,
			c.Code, string(data), active, tx.Now)
		return err
	})
	if err != nil {
		return CarrierInfo{}, err
	}
	all, err := s.Carriers(ctx)
	for _, x := range all {
		if x.Code == c.Code {
			return x, err
		}
	}
	return CarrierInfo{}, err
}

// Carriers lists the table carriers, by code.
func (s *Store) Carriers(ctx context.Context) ([]CarrierInfo, error) {
	var out []CarrierInfo
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		out, err = tableCarriers(ctx, tx, false)
		return err
	})
	return out, err
}

// tableCarriers reads the stored table carriers (only the active ones with
// activeOnly), parsed.
func tableCarriers(ctx context.Context, tx *db.Tx, activeOnly bool) ([]CarrierInfo, error) {
	rows, err := tx.QueryContext(ctx, `SELECT code, data, active, updated_at FROM carriers ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []CarrierInfo{}
	for rows.Next() {
		var c CarrierInfo
		var data string
		if err := rows.Scan(&c.Code, &data, &c.Active, &c.UpdatedAt); err != nil {
			return nil, err
		}
		if activeOnly && !c.Active {
			continue
		}
		if c.Data, err = rate.ParseCarrier([]byte(data)); err != nil {
			return nil, errs.Wrap(errs.Internal, err, "stored rate data of carrier "+c.Code)
		}
		c.Name = c.Data.Name
		out = append(out, c)
	}
	return out, rows.Err()
}

// network is every carrier a shipment can go with: the active table
// carriers (adapters drawing serials from the database) and the external
// ones, by code.
func (s *Store) network(ctx context.Context) (map[string]Carrier, []rate.Carrier, error) {
	var tables []CarrierInfo
	if err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		tables, err = tableCarriers(ctx, tx, true)
		return err
	}); err != nil {
		return nil, nil, err
	}
	all := map[string]Carrier{}
	var data []rate.Carrier
	for _, c := range tables {
		if s.table == nil {
			return nil, nil, errs.E(errs.Internal, "the ship stage was wired without a table carrier constructor")
		}
		all[c.Code] = s.table(c.Data, s.serials)
		data = append(data, c.Data)
	}
	for code, c := range s.external {
		all[code] = c
	}
	return all, data, nil
}

// externalCodes lists the external carriers' codes in order.
func (s *Store) externalCodes() []string {
	var out []string
	for code := range s.external {
		out = append(out, code)
	}
	slices.Sort(out)
	return out
}

// serials hands out n consecutive serials of a series, in a transaction of
// their own (table.Serials): a booking that fails after drawing them
// leaves a gap, never a repeat.
func (s *Store) serials(ctx context.Context, series string, n int) (int64, error) {
	var first int64
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO carrier_serials (series, next) VALUES ($1, 1 + $2)
			ON CONFLICT (series) DO UPDATE SET next = carrier_serials.next + $2 RETURNING next - $2`,
			strings.ToUpper(series), n).Scan(&first)
	})
	return first, err
}
