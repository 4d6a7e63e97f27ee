package review

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/order"
)

// start is the moment tests on a fixed clock begin.
var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// cs2 names a second customer-service key in the harness's key map, so two
// reviewers of the same role can race for a task.
const cs2 actor.Role = "customer_service (second key)"

// fixture is a store and its API over one database, with a recorder in
// place of the order side that records the decisions it was handed.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	d      *db.DB
	store  *Store
	orders *recorder
	srv    *apitest.Server
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: actor.With(context.Background(), actor.CLI("test")), d: d,
		store: NewStore(d, Config{}), orders: &recorder{}}
	f.store.decisions = f.orders
	f.srv = apitest.New(t, d, func(api *httpapi.API) { Register(api, f.store) })
	_, secret, err := auth.NewKeys(d).Create(f.ctx, "second reviewer", actor.CustomerService)
	require.NoError(t, err)
	f.srv.Keys[cs2] = secret
	return f
}

// actorID is the actor id of the harness's key for role.
func (f *fixture) actorID(role actor.Role) string {
	secret := f.srv.Keys[role]
	return "key_" + secret[len("wb_"):len("wb_")+26]
}

// addOrder writes a minimal order row, as the engine would have, and
// returns its id.
func (f *fixture) addOrder() string {
	f.t.Helper()
	var orderID string
	require.NoError(f.t, f.d.Write(f.ctx, func(tx *db.Tx) error {
		orderID = f.addOrderTx(tx)
		return nil
	}))
	return orderID
}

// addOrderTx is addOrder in the caller's transaction.
func (f *fixture) addOrderTx(tx *db.Tx) string {
	f.t.Helper()
	orderID := id.New("ord", tx.Now)
	_, err := tx.ExecContext(f.ctx, `INSERT INTO orders (id, number, channel, external_ref, status, payment_status,
		payment_method, currency, subtotal_minor, discount_minor, shipping_minor, total_minor, customer_name,
		customer_email, customer_phone, locale, shipping_address, coupons, special_requests, created_at, updated_at)
		VALUES ($1, $2, 'web', $1, 'on_hold', 'cod_pending', 'cod', 'USD', 1000, 0, 0, 1000, 'Ada Lovelace',
		'ada@example.com', '+16502530000', 'en', '{}', '[]', '{}', $3, $3)`, orderID, "WB-"+orderID[4:], tx.Now)
	require.NoError(f.t, err)
	return orderID
}

// openTask opens a task of kind for a new order.
func (f *fixture) openTask(kind Kind, reason string) (orderID, taskID string) {
	f.t.Helper()
	orderID = f.addOrder()
	require.NoError(f.t, f.d.Write(f.ctx, func(tx *db.Tx) error {
		return f.store.Open(f.ctx, tx, NewTask{OrderID: orderID, Kind: kind, Reason: reason})
	}))
	tasks, err := f.store.List(f.ctx, Filter{OrderID: orderID, Kind: kind, Status: StatusOpen, Limit: 10})
	require.NoError(f.t, err)
	require.Len(f.t, tasks, 1)
	return orderID, tasks[0].ID
}

// do sends a request as role and requires the status.
func (f *fixture) do(role actor.Role, method, path, body string, status int) apitest.Response {
	f.t.Helper()
	res := f.srv.Do(role, method, path, body)
	require.Equal(f.t, status, res.Status, "%s %s: %s", method, path, res.Raw)
	return res
}

// snapshot is everything this package and the order side write, so a refused
// request can be shown to have written nothing.
func (f *fixture) snapshot() string {
	f.t.Helper()
	var b strings.Builder
	require.NoError(f.t, f.d.Read(f.ctx, func(tx *db.Tx) error {
		for _, q := range []string{
			`SELECT id || ' ' || status || ' ' || assignee || ' ' || outcome || ' ' || outcome_note FROM review_tasks ORDER BY id`,
			`SELECT id || ' ' || name || ' ' || kind || ' ' || params FROM risk_rules ORDER BY id`,
			`SELECT 'settings ' || hold_score || ' ' || reject_score FROM risk_settings`,
			`SELECT 'events ' || count(*) FROM order_events`,
			`SELECT 'audit ' || count(*) FROM audit_log`,
		} {
			rows, err := tx.QueryContext(f.ctx, q)
			if err != nil {
				return err
			}
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					rows.Close()
					return err
				}
				b.WriteString(s + "\n")
			}
			if err := rows.Close(); err != nil {
				return err
			}
		}
		return nil
	}))
	return b.String()
}

// auditActions lists the audit actions about entityID, oldest first.
func (f *fixture) auditActions(entityID string) []string {
	f.t.Helper()
	var out []string
	require.NoError(f.t, f.d.Read(f.ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(f.ctx, `SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, entityID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a string
			if err := rows.Scan(&a); err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	}))
	return out
}

// orderEvents lists the event types the order side wrote for an order.
func (f *fixture) orderEvents(orderID string) []string {
	f.t.Helper()
	var out []string
	require.NoError(f.t, f.d.Read(f.ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(f.ctx, `SELECT type FROM order_events WHERE order_id = $1 ORDER BY id`, orderID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	}))
	return out
}

// call is one decision the recorder was handed.
type call struct {
	Method, OrderID, Note, Reason, By string
	Address                           address.Address
}

// recorder stands in for onOrders, the order side of decisions. Like it,
// it writes in the task's transaction (an order event), so a test can see
// that a failure undid that write too; fail makes every call write and
// then fail.
type recorder struct {
	mu    sync.Mutex
	calls []call
	fail  error
}

func (r *recorder) approve(ctx context.Context, tx *db.Tx, orderID string, by actor.Actor, note string) error {
	return r.record(ctx, tx, call{Method: "approve", OrderID: orderID, Note: note, By: by.ID})
}

func (r *recorder) correctAddress(ctx context.Context, tx *db.Tx, orderID string, addr address.Address, by actor.Actor) error {
	return r.record(ctx, tx, call{Method: "correct_address", OrderID: orderID, Address: addr, By: by.ID})
}

// cancel closes the order's other tasks, as orderSide's contract (and the
// order's cancel hook, CloseOnCancel) does.
func (r *recorder) cancel(ctx context.Context, tx *db.Tx, orderID, reason string, by actor.Actor) error {
	if err := r.record(ctx, tx, call{Method: "cancel", OrderID: orderID, Reason: reason, By: by.ID}); err != nil {
		return err
	}
	return CloseAll(ctx, tx, orderID, Cancel, "the order was cancelled: "+reason, by)
}

func (r *recorder) record(ctx context.Context, tx *db.Tx, c call) error {
	r.mu.Lock()
	r.calls = append(r.calls, c)
	fail := r.fail
	r.mu.Unlock()
	if err := order.AddEvents(ctx, tx, c.OrderID, actor.Actor{ID: c.By},
		order.Note{Type: "review." + c.Method, Status: order.OnHold, PaymentStatus: order.CODPending, Detail: map[string]any{}}); err != nil {
		return fmt.Errorf("recorder: %w", err)
	}
	return fail
}

// take returns the calls so far and forgets them.
func (r *recorder) take() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.calls
	r.calls = nil
	return out
}

func (r *recorder) failWith(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail = err
}

var _ orderSide = (*recorder)(nil)

// errShipped is how the order package refuses a decision it cannot apply.
var errShipped = errs.E(errs.Conflict, "the order has left the warehouse")

var errBroken = errors.New("disk on fire")
