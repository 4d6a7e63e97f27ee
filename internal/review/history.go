package review

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/risk"
)

// history answers risk.History from order_risk_keys and cod_refusals.
type history struct {
	tx      *db.Tx
	exclude string
}

// NewHistory answers the risk rules' questions about earlier orders in tx,
// leaving out the order under review (excludeOrderID), whose keys may
// already be recorded: risk.Policy.Evaluate counts that order itself.
func NewHistory(tx *db.Tx, excludeOrderID string) risk.History {
	return &history{tx: tx, exclude: excludeOrderID}
}

func (h *history) count(ctx context.Context, what, q string, args ...any) (int, error) {
	var n int
	if err := h.tx.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("risk history, %s: %w", what, err)
	}
	return n, nil
}

// OrdersSince counts orders with key for dim placed at or after since.
func (h *history) OrdersSince(ctx context.Context, dim risk.Dimension, key string, since time.Time) (int, error) {
	return h.count(ctx, "orders since", `SELECT count(*) FROM order_risk_keys
		WHERE dimension = $1 AND key = $2 AND created_at >= $3 AND order_id <> $4`,
		string(dim), key, since.UTC(), h.exclude)
}

// CouponAccounts counts the other customers who used code on an order
// sharing one of the keys in shared.
func (h *history) CouponAccounts(ctx context.Context, code, customer string, shared []risk.Key) (int, error) {
	if len(shared) == 0 {
		return 0, nil
	}
	args, match := anyKey([]any{couponPrefix + code, customer, h.exclude}, "s", shared)
	return h.count(ctx, "coupon accounts", `SELECT count(DISTINCT c.key) FROM order_risk_keys s
		JOIN order_risk_keys c ON c.order_id = s.order_id AND c.dimension = $1
		WHERE (`+match+`) AND c.key <> $2 AND c.order_id <> $3`, args...)
}

// CouponUses counts the customer's orders that used code.
func (h *history) CouponUses(ctx context.Context, code, customer string) (int, error) {
	return h.count(ctx, "coupon uses", `SELECT count(*) FROM order_risk_keys
		WHERE dimension = $1 AND key = $2 AND order_id <> $3`, couponPrefix+code, customer, h.exclude)
}

// CODRefusals counts the refused cash-on-delivery parcels of the customer
// and of orders sharing one of the linked keys, each refused order once.
func (h *history) CODRefusals(ctx context.Context, customer string, linked []risk.Key) (int, error) {
	args, link := []any{customer, h.exclude}, "FALSE"
	if len(linked) > 0 {
		var match string
		args, match = anyKey(args, "k", linked)
		link = `r.order_id IN (SELECT k.order_id FROM order_risk_keys k WHERE ` + match + `)`
	}
	return h.count(ctx, "COD refusals", `SELECT count(*) FROM cod_refusals r
		WHERE r.order_id <> $2 AND (r.customer_key = $1 OR `+link+`)`, args...)
}

// anyKey appends keys (never empty) to args and returns the condition that
// the order_risk_keys row called alias is one of them.
func anyKey(args []any, alias string, keys []risk.Key) ([]any, string) {
	match := make([]string, len(keys))
	for i, k := range keys {
		args = append(args, string(k.Dimension), k.Value)
		match[i] = "(" + alias + ".dimension = $" + strconv.Itoa(len(args)-1) + " AND " + alias + ".key = $" + strconv.Itoa(len(args)) + ")"
	}
	return args, strings.Join(match, " OR ")
}

// PriorOrders counts the customer's orders.
func (h *history) PriorOrders(ctx context.Context, customer string) (int, error) {
	return h.count(ctx, "prior orders", `SELECT count(*) FROM order_risk_keys
		WHERE dimension = $1 AND key = $2 AND order_id <> $3`, customerDimension, customer, h.exclude)
}
