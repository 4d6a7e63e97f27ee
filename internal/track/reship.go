package track

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/release"
)

// ReshipRetry is how often a reship still short of stock looks again.
const ReshipRetry = time.Hour

// ReshipJob serves the units a reship left short at the warehouse that
// shipped them, once its stock has them. The release stage serves only
// orders not yet shipped, so a shipped order's reship looks again every
// ReshipRetry until every unit is reserved and on its way.
type ReshipJob struct {
	OrderID     string `json:"order_id"`
	WarehouseID string `json:"warehouse_id"`
	// Lines is what the warehouse still owes of the reship, units by
	// order line: what it shipped the first time and has not sent again.
	Lines map[int]int64 `json:"lines"`
}

// Kind implements job.Args.
func (ReshipJob) Kind() string { return "track.reship_waiting" }

// Reshipper is the actor of a waiting reship served.
var Reshipper = actor.Actor{ID: "reship", Name: "reship", Role: actor.Admin, RemoteAddr: "local"}

// reship sends the case's parcel's items again (every packed item of the
// order for a case about the whole order), once per case: the units are
// owed again (order.Reship), reserved at the warehouse that shipped them
// as far as its stock goes, and what was reserved goes to the floor as a
// new fulfilment; the rest waits for stock (ReshipJob).
func (s *Store) reship(ctx context.Context, tx *db.Tx, c Case, o *order.Order, who actor.Actor, in ActIn, detail map[string]any) error {
	var before int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM tracking_case_actions WHERE case_id = $1 AND action = $2`,
		c.ID, ActReship).Scan(&before); err != nil {
		return err
	}
	if before > 0 {
		return errs.E(errs.Conflict, "case %s was reshipped already; a case sends its goods again once (open another case to send more)", c.ID)
	}
	items, err := itemsOf(ctx, tx, c)
	if err != nil {
		return err
	}
	resend, err := resendOf(ctx, tx, c)
	if err != nil {
		return err
	}
	ref := map[string]any{"case_id": c.ID, "case_kind": c.Kind, "parcel_id": c.ParcelID}
	if err := order.Reship(ctx, tx, o, resend, who, ref); err != nil {
		return err
	}
	var ids []string
	owed := owedBy(resend)
	// Every owed product's balances locked at once, in the ledger's order,
	// before each warehouse reads its own: locked warehouse by warehouse,
	// two reships could take them in opposite orders (a deadlock on
	// PostgreSQL, retried, but needless).
	var products []string
	for _, l := range o.Lines {
		if l.ShortQuantity > 0 && !slices.Contains(products, l.ProductID) {
			products = append(products, l.ProductID)
		}
	}
	if _, err := inventory.LockLevels(ctx, tx, products); err != nil {
		return err
	}
	for _, wh := range slices.Sorted(maps.Keys(owed)) {
		got, err := serveReship(ctx, tx, o, wh, owed[wh], who)
		if err != nil {
			return err
		}
		ids = append(ids, got...)
	}
	status := "reshipped"
	if o.Short {
		status = "waiting_for_stock"
	}
	detail["items"], detail["fulfilments"], detail["status"] = items, ids, status
	return addStep(ctx, tx, c.ID, ActReship, who, in.Note, nil, "",
		map[string]any{"items": items, "fulfilments": ids, "status": status, "short_units": shortOf(*o)})
}

// resendOf is what the case's parcel carried of its order (every packed
// parcel, for a case about the whole order), by line and the warehouse
// that packed it.
func resendOf(ctx context.Context, tx *db.Tx, c Case) ([]order.Resend, error) {
	packed, err := pack.PackedBy(ctx, tx, c.OrderID, c.ParcelID)
	out := make([]order.Resend, len(packed))
	for i, u := range packed {
		out[i] = order.Resend(u)
	}
	return out, err
}

// owedBy is what each warehouse sends again: the units of each line it
// shipped in the parcels resent.
func owedBy(rs []order.Resend) map[string]map[int]int64 {
	out := map[string]map[int]int64{}
	for _, r := range rs {
		if out[r.WarehouseID] == nil {
			out[r.WarehouseID] = map[int]int64{}
		}
		out[r.WarehouseID][r.LineNo] += r.Units
	}
	return out
}

func shortOf(o order.Order) int64 {
	var n int64
	for _, l := range o.Lines {
		n += l.ShortQuantity
	}
	return n
}

// serveReship reserves what the warehouse's stock has of the units it
// owes of o's short lines (owed, by line: what it shipped and sends
// again; another warehouse's units are its own to send) (order.Reserve:
// the ledger refuses an oversell) and releases it to the floor as one
// fulfilment, due to leave today; while it still owes units, a ReshipJob
// looks again after ReshipRetry. It returns the new fulfilment's id, if
// any.
func serveReship(ctx context.Context, tx *db.Tx, o *order.Order, warehouseID string, owed map[int]int64, who actor.Actor) ([]string, error) {
	var products []string
	for _, l := range o.Lines {
		if l.ShortQuantity > 0 && owed[l.LineNo] > 0 {
			products = append(products, l.ProductID)
		}
	}
	if len(products) == 0 {
		return nil, nil
	}
	levels, err := inventory.LockLevels(ctx, tx, products)
	if err != nil {
		return nil, err
	}
	free := map[string]int64{}
	for _, lv := range levels {
		if lv.WarehouseID == warehouseID {
			free[lv.ProductID] = lv.OnHand - lv.Reserved
		}
	}
	var adds []order.Allocation
	var items []fulfilment.Item
	left := map[int]int64{}
	for _, l := range o.Lines {
		n := min(l.ShortQuantity, owed[l.LineNo], free[l.ProductID])
		if rest := min(l.ShortQuantity, owed[l.LineNo]) - n; rest > 0 {
			left[l.LineNo] = rest
		}
		if n > 0 {
			free[l.ProductID] -= n
			adds = append(adds, order.Allocation{LineNo: l.LineNo, WarehouseID: warehouseID, ProductID: l.ProductID, Quantity: n})
			items = append(items, fulfilment.Item{OrderID: o.ID, LineNo: l.LineNo, WarehouseID: warehouseID, ProductID: l.ProductID, Quantity: n})
		}
	}
	var ids []string
	if len(adds) > 0 {
		if _, err := order.Reserve(ctx, tx, o, adds, who); err != nil {
			return nil, err
		}
		ids, err = release.More(ctx, tx, o, items, map[string]string{warehouseID: tx.Now.Format(time.DateOnly)}, who,
			map[string]any{"reship": true})
		if err != nil {
			return nil, err
		}
	}
	if len(left) == 0 {
		return ids, nil
	}
	at := tx.Now.Add(ReshipRetry)
	return ids, job.EnqueueArgs(ctx, tx, ReshipJob{OrderID: o.ID, WarehouseID: warehouseID, Lines: left},
		reshipKeyPrefix(o.ID)+warehouseID+"@"+at.UTC().Format(time.RFC3339Nano), at)
}

// reshipKeyPrefix begins the key of every ReshipJob of an order.
func reshipKeyPrefix(orderID string) string { return orderID + "@" }

// HurryReships is release's arrival hook (release.OnArrival): the reships
// waiting for stock of the products look again now, after the jobs already
// due, not at their next hourly try. The live orders waiting for the same
// stock were offered it first. Most arrivals have no reship waiting: they
// only read.
func (s *Store) HurryReships(ctx context.Context, productIDs []string) error {
	var prefixes []string
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		ids, err := order.WaitingAfterShipping(ctx, tx, productIDs)
		prefixes = prefixes[:0]
		for _, id := range ids {
			prefixes = append(prefixes, reshipKeyPrefix(id))
		}
		return err
	})
	if err != nil || len(prefixes) == 0 {
		return err
	}
	return s.db.Write(ctx, func(tx *db.Tx) error { return job.Hurry(ctx, tx, ReshipJob{}.Kind(), prefixes...) })
}

// serveWaitingReship is ReshipJob's handler: a shipped or delivered
// order's units still short get the warehouse's stock there is now.
func (s *Store) serveWaitingReship(ctx context.Context, a ReshipJob) error {
	ctx = actor.With(ctx, Reshipper)
	return s.db.Write(ctx, func(tx *db.Tx) error {
		o, err := order.Lock(ctx, tx, a.OrderID)
		if err != nil {
			return err
		}
		if (o.Status != order.Shipped && o.Status != order.Delivered) || !o.Short {
			return nil // served, or the order moved on
		}
		_, err = serveReship(ctx, tx, &o, a.WarehouseID, a.Lines, Reshipper)
		return err
	})
}
