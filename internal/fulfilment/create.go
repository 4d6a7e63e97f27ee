package fulfilment

import (
	"context"
	"maps"
	"slices"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
)

// Item is units of one order line to ship from one warehouse.
type Item struct {
	OrderID     string
	LineNo      int
	WarehouseID string
	ProductID   string
	Quantity    int64
}

// Gift is a fulfilment's packing instruction: wrap it, with the card's
// message (merged orders' messages joined).
type Gift struct {
	Wrap    bool
	Message string
}

var (
	columns     = []string{"id", "order_id", "warehouse_id", "status", "ships_on", "gift_wrap", "gift_message", "created_at", "updated_at"}
	lineColumns = []string{"fulfilment_id", "order_id", "line_no", "product_id", "quantity"}
)

// Create writes one ready_to_pick fulfilment per warehouse for items, in
// tx: owner is the order that owns them (merged orders' items ride along),
// shipsOn the local date each warehouse's parcel is due to leave. It
// returns the new ids in warehouse order, and writes a created event for
// each, attributed to actorID.
func Create(ctx context.Context, tx *db.Tx, owner string, items []Item, shipsOn map[string]string, gift Gift, actorID string) ([]string, error) {
	byWarehouse := map[string][]Item{}
	for _, it := range items {
		byWarehouse[it.WarehouseID] = append(byWarehouse[it.WarehouseID], it)
	}
	var fuls, lines [][]any
	var ids []string
	var evs []event
	for _, w := range slices.Sorted(maps.Keys(byWarehouse)) {
		fid := id.New("ful", tx.Now)
		ids = append(ids, fid)
		fuls = append(fuls, []any{fid, owner, w, string(ReadyToPick), shipsOn[w], gift.Wrap, gift.Message, tx.Now, tx.Now})
		var orders []string
		for _, it := range byWarehouse[w] {
			lines = append(lines, []any{fid, it.OrderID, it.LineNo, it.ProductID, it.Quantity})
			if !slices.Contains(orders, it.OrderID) {
				orders = append(orders, it.OrderID)
			}
		}
		evs = append(evs, event{fid, "fulfilment.created", ReadyToPick, map[string]any{"orders": orders, "ships_on": shipsOn[w]}})
	}
	if err := db.InsertRows(ctx, tx, "fulfilments", columns, fuls); err != nil {
		return nil, err
	}
	if err := db.InsertRows(ctx, tx, "fulfilment_lines", lineColumns, lines); err != nil {
		return nil, err
	}
	return ids, record(ctx, tx, actorID, evs...)
}
