package track

import (
	"context"
	"slices"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/ship"
)

// replacedFulfilments reports which of the shipped fulfilments fids will
// bring nothing more to the customer because a case's reship sent again
// what did not arrive: at least one parcel was reshipped and every other
// parcel is delivered. (A whole-order reship comes from a problem case,
// which opens on a delivered order only: its fulfilments are delivered,
// none is held open.) Such a fulfilment stays shipped (a lost parcel may
// still turn up), but it no longer holds its orders back from delivered:
// settling a delivery counts it as done.
func replacedFulfilments(ctx context.Context, tx *db.Tx, fids []string) (map[string]bool, error) {
	out := map[string]bool{}
	err := db.InChunks(fids, func(part []any) error {
		rows, err := tx.QueryPrepared(ctx, `SELECT fulfilment_id, SUM(reshipped),
			SUM(CASE WHEN reshipped = 0 AND status <> $1 THEN 1 ELSE 0 END)
			FROM (SELECT t.fulfilment_id, t.status, CASE WHEN EXISTS (SELECT 1 FROM tracking_cases c
				JOIN tracking_case_actions a ON a.case_id = c.id AND a.action = $2 WHERE c.parcel_id = t.parcel_id) THEN 1 ELSE 0 END AS reshipped
				FROM parcel_tracking t WHERE t.fulfilment_id IN (`+tx.Placeholders(3, len(part))+`)) p GROUP BY fulfilment_id`,
			append([]any{ship.TrackDelivered, ActReship}, part...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var fid string
			var replaced, waiting int64
			if err := rows.Scan(&fid, &replaced, &waiting); err != nil {
				return err
			}
			if replaced > 0 && waiting == 0 {
				out[fid] = true
			}
		}
		return rows.Err()
	})
	return out, err
}

// dropReplaced takes the fulfilments a reship replaced off the orders'
// open fulfilments that finish settles with (prepareSettle reads them).
func (fx *effects) dropReplaced(ctx context.Context) error {
	var open []string
	for _, fs := range fx.open {
		for fid := range fs {
			open = append(open, fid)
		}
	}
	if len(open) == 0 {
		return nil
	}
	slices.Sort(open)
	done, err := replacedFulfilments(ctx, fx.tx, slices.Compact(open))
	if err != nil {
		return err
	}
	for _, fs := range fx.open {
		for fid := range fs {
			if done[fid] {
				delete(fs, fid)
			}
		}
	}
	return nil
}

// reshippedParcels is those of ids a case reshipped.
func reshippedParcels(ctx context.Context, tx *db.Tx, ids []string) (map[string]bool, error) {
	slices.Sort(ids)
	out := map[string]bool{}
	err := db.InChunks(slices.Compact(ids), func(part []any) error {
		got, err := tx.Strings(ctx, `SELECT DISTINCT c.parcel_id FROM tracking_cases c
			JOIN tracking_case_actions a ON a.case_id = c.id AND a.action = $1 WHERE c.parcel_id IN (`+tx.Placeholders(2, len(part))+`)`,
			append([]any{ActReship}, part...)...)
		for _, id := range got {
			out[id] = true
		}
		return err
	})
	return out, err
}
