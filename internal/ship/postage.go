package ship

import (
	"context"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/pack/carton"
	"github.com/waybill/waybill/internal/ship/rate"
)

// Postage answers the pack stage's question (pack.Postage): what a parcel
// of given outer size and gross weight costs from a warehouse to an
// address, as the cheapest table carrier service that takes it, so the
// cartonizer weighs dimensional weight against carton cost. A parcel no
// service takes is refused (false).
func (s *Store) Postage(ctx context.Context, warehouseID string, to address.Address) (carton.PriceFunc, error) {
	var origin string
	var tables []CarrierInfo
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT code FROM warehouses WHERE id = $1`, warehouseID).Scan(&origin); err != nil {
			return err
		}
		var err error
		tables, err = tableCarriers(ctx, tx, true)
		return err
	})
	if err != nil {
		return nil, err
	}
	dest := rate.Destination{Country: to.Country, PostalCode: to.PostalCode}
	var prices []func(rate.Parcel) (int64, bool)
	for i := range tables {
		for _, svc := range tables[i].Data.Services {
			prices = append(prices, tables[i].Data.PriceFunc(svc.Code, origin, dest))
		}
	}
	return func(p carton.Parcel) (int64, bool) {
		best, ok := int64(0), false
		for _, price := range prices {
			if v, can := price(rate.Parcel{WeightG: p.Gross, LengthMM: int64(p.Outer[0]), WidthMM: int64(p.Outer[1]), HeightMM: int64(p.Outer[2])}); can && (!ok || v < best) {
				best, ok = v, true
			}
		}
		return best, ok
	}, nil
}
