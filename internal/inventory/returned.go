package inventory

import (
	"context"

	"github.com/waybill/waybill/internal/db"
)

// KindReturn is the movement of units a carrier brought back to the
// warehouse (a parcel returned to sender): the schema has admitted it
// since the first stock migration.
const KindReturn = "return"

// Returned books units of a parcel that came back from the carrier into
// bins of the warehouse that shipped them (reference names the parcel):
// they are on hand and free again, like a receipt's, and the orders
// waiting for them are told. It joins the caller's transaction; the caller
// makes sure one parcel comes back once.
func Returned(ctx context.Context, tx *db.Tx, reference string, units []BinUnits) (Movement, error) {
	return floor(ctx, tx, booking{kind: KindReturn, reference: reference}, units, func(q int64) line { return line{onHand: q} })
}
