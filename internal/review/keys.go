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
// orders' History questions are answered from; they count from placed, when
// the order was placed. Call it in the order's transaction. Calling it again
// for the order (after an address correction) replaces its keys.
func RecordKeys(ctx context.Context, tx *db.Tx, orderID string, placed time.Time, f risk.Facts) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM order_risk_keys WHERE order_id = $1`, orderID); err != nil {
		return fmt.Errorf("replace risk keys of %s: %w", orderID, err)
	}
	keys := risk.Keys(f)
	rows := make([][]any, 0, len(keys)+1+len(f.Coupons))
	for _, d := range risk.Dimensions {
		if k, ok := keys[d]; ok {
			rows = append(rows, []any{orderID, string(d), k, placed})
		}
	}
	customer := risk.CustomerKey(f)
	if customer != "" {
		rows = append(rows, []any{orderID, customerDimension, customer, placed})
	}
	var codes []string
	for _, c := range f.Coupons {
		if c = strings.ToUpper(strings.TrimSpace(c)); c != "" && !slices.Contains(codes, c) {
			codes = append(codes, c)
			rows = append(rows, []any{orderID, couponPrefix + c, customer, placed})
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
