package review

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/risk"
)

// The dimensions order_risk_keys holds besides risk's own: the customer
// (risk.CustomerKey) and, per coupon code, the customer who used it.
const (
	customerDimension = "customer"
	couponPrefix      = "coupon:"
)

var keyColumns = []string{"order_id", "dimension", "key", "created_at"}

// RecordKeys stores the order's normalised keys (risk.Keys, the customer,
// and a row per coupon code naming the customer who used it), which later
// orders' History questions are answered from. Call it in the order's
// transaction, for each order before the next one of a batch is evaluated,
// so orders of one batch count against each other. Calling it again for the
// order (after an address correction) replaces its keys but keeps the time
// they count from, the first recording, so a corrected order does not move
// into a later velocity window.
func RecordKeys(ctx context.Context, tx *db.Tx, orderID string, f risk.Facts) error {
	since, err := dropKeys(ctx, tx, orderID)
	if err != nil {
		return err
	}
	at := tx.Now
	if !since.IsZero() {
		at = since
	}
	keys := risk.Keys(f)
	rows := make([][]any, 0, len(keys)+1+len(f.Coupons))
	for _, d := range risk.Dimensions {
		if k, ok := keys[d]; ok {
			rows = append(rows, []any{orderID, string(d), k, at})
		}
	}
	customer := risk.CustomerKey(f)
	if customer != "" {
		rows = append(rows, []any{orderID, customerDimension, customer, at})
	}
	var codes []string
	for _, c := range f.Coupons {
		if c = strings.ToUpper(strings.TrimSpace(c)); c != "" && !slices.Contains(codes, c) {
			codes = append(codes, c)
			rows = append(rows, []any{orderID, couponPrefix + c, customer, at})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if err := db.InsertRows(ctx, tx, "order_risk_keys", keyColumns, rows); err != nil {
		return fmt.Errorf("record risk keys of %s: %w", orderID, err)
	}
	return nil
}

// dropKeys deletes the order's keys and returns when they were first
// recorded, zero when there were none.
func dropKeys(ctx context.Context, tx *db.Tx, orderID string) (time.Time, error) {
	rows, err := tx.QueryContext(ctx, `DELETE FROM order_risk_keys WHERE order_id = $1 RETURNING created_at`, orderID)
	if err != nil {
		return time.Time{}, fmt.Errorf("replace risk keys of %s: %w", orderID, err)
	}
	defer rows.Close()
	var first time.Time
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			return time.Time{}, err
		}
		if first.IsZero() || at.Before(first) {
			first = at.UTC()
		}
	}
	return first, rows.Close()
}

// RecordCODRefusal notes that the customer refused or did not collect the
// order's cash-on-delivery parcel; cod_limit rules count these. The
// shipping stage calls it in the transaction that records the refusal. An
// order counts once however often it is reported.
func RecordCODRefusal(ctx context.Context, tx *db.Tx, customerKey, orderID string) error {
	if customerKey == "" || orderID == "" {
		return fmt.Errorf("record COD refusal: customer key %q, order %q", customerKey, orderID)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO cod_refusals (customer_key, order_id, at) VALUES ($1, $2, $3)
		ON CONFLICT (order_id) DO NOTHING`, customerKey, orderID, tx.Now)
	if err != nil {
		return fmt.Errorf("record COD refusal of %s: %w", orderID, err)
	}
	return nil
}
