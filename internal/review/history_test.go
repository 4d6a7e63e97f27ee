package review

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/risk"
)

// customer builds the facts of an order by one person.
func customer(email, phone, line1, postal, device string, coupons ...string) risk.Facts {
	return risk.Facts{Email: email, Phone: phone, ClientIP: "203.0.113.7", DeviceID: device, Coupons: coupons,
		Shipping:      address.Address{Line1: line1, City: "New York", Region: "NY", PostalCode: postal, Country: "US"},
		PaymentMethod: "cod", Currency: "USD", TotalMinor: 5000}
}

// TestHistory checks each History question against the keys RecordKeys
// stored, on the same fixed clock the orders were recorded on.
func TestHistory(t *testing.T) {
	now := start
	dbtest.EachAt(t, now.Add(-25*time.Hour), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		f := setup(t, d)
		placed := map[string]time.Time{} // an order is placed when first recorded
		record := func(orderID string, facts risk.Facts) {
			t.Helper()
			if _, ok := placed[orderID]; !ok {
				placed[orderID] = clk.Now()
			}
			require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error { return RecordKeys(f.ctx, tx, orderID, placed[orderID], facts) }))
		}
		at := func(ago time.Duration) { clk.Advance(now.Add(-ago).Sub(clk.Now())) }
		const anaPhone, carlPhone = "+1 415 555 0100", "+14155550199"
		ana := func(line1, postal, device string, coupons ...string) risk.Facts {
			return customer("Ana.Silva+shop@gmail.com", anaPhone, line1, postal, device, coupons...)
		}
		at(25 * time.Hour)
		record("o1", ana("350 Fifth Avenue", "10118", "dev-ana", "WELCOME"))
		at(24 * time.Hour)
		record("o2", customer("bo@example.org", "+12125550123", "350 5th Ave.", "10118-0110", "dev-bo", "welcome"))
		at(time.Hour)
		record("o3", customer("anasilva@gmail.com", anaPhone, "1 Main St", "10001", "", "WELCOME", " welcome ", "SPRING"))
		at(30 * time.Minute)
		record("o4", customer("carl@example.net", anaPhone, "9 Elm St", "10002", "", "WELCOME"))
		at(0)
		record("o5", customer("dana@example.com", carlPhone, "5 Oak St", "10003", "dev-ana", "SPRING"))
		record("o6", customer("BO@example.org", "+12125550123", "350 Fifth Avenue", "10118", "dev-bo", "WELCOME"))
		record("cur", ana("350 Fifth Ave", "10118", "dev-ana", "WELCOME"))

		facts := ana("350 Fifth Ave", "10118", "dev-ana", "WELCOME")
		keys := risk.Keys(facts)
		me := risk.CustomerKey(facts)
		require.Equal(t, "anasilva@gmail.com", me)
		ask := func(exclude string, q func(h risk.History) (int, error)) int {
			t.Helper()
			var n int
			require.NoError(t, d.Read(f.ctx, func(tx *db.Tx) (err error) { n, err = q(NewHistory(tx, exclude)); return err }))
			return n
		}
		since := func(dim risk.Dimension, ago time.Duration) func(risk.History) (int, error) {
			return func(h risk.History) (int, error) { return h.OrdersSince(f.ctx, dim, keys[dim], now.Add(-ago)) }
		}

		// Velocity: the window starts inclusive, to the microsecond.
		require.Equal(t, 2, ask("cur", since(risk.ByAddress, 24*time.Hour)), "o2 (at the edge) and o6")
		require.Equal(t, 1, ask("cur", since(risk.ByAddress, 24*time.Hour-time.Microsecond)), "o2 is just outside")
		require.Equal(t, 3, ask("cur", since(risk.ByAddress, 48*time.Hour)), "o1 too")
		require.Equal(t, 4, ask("", since(risk.ByAddress, 48*time.Hour)), "and the order under review when not excluded")
		require.Equal(t, 3, ask("cur", since(risk.ByPhone, 48*time.Hour)), "o1, o3, o4 share the phone")
		require.Equal(t, 2, ask("cur", since(risk.ByEmail, 48*time.Hour)), "o1 and o3 are one mailbox")
		require.Equal(t, 1, ask("cur", since(risk.ByDevice, time.Hour)), "o5; o1 is older")
		require.Equal(t, 6, ask("cur", since(risk.ByIP, 48*time.Hour)))

		// Coupon accounts: other customers, on orders sharing a key, counted once each.
		accounts := func(code string, shared ...risk.Dimension) func(risk.History) (int, error) {
			var ks []risk.Key
			for _, dim := range shared {
				ks = append(ks, risk.Key{Dimension: dim, Value: keys[dim]})
			}
			return func(h risk.History) (int, error) { return h.CouponAccounts(f.ctx, code, me, ks) }
		}
		require.Equal(t, 2, ask("cur", accounts("WELCOME", risk.ByAddress, risk.ByPhone)), "bo (o2, o6) by address, carl (o4) by phone")
		require.Equal(t, 1, ask("cur", accounts("WELCOME", risk.ByAddress)), "bo only")
		require.Equal(t, 0, ask("cur", accounts("WELCOME", risk.ByDevice)), "o5 shares the device but used SPRING")
		require.Equal(t, 1, ask("cur", accounts("SPRING", risk.ByDevice)), "dana")
		require.Equal(t, 0, ask("cur", accounts("NOPE", risk.ByAddress, risk.ByPhone, risk.ByDevice)))

		// Coupon uses and prior orders are the customer's own.
		uses := func(code string) func(risk.History) (int, error) {
			return func(h risk.History) (int, error) { return h.CouponUses(f.ctx, code, me) }
		}
		require.Equal(t, 2, ask("cur", uses("WELCOME")), "o1 and o3, which named it twice")
		require.Equal(t, 3, ask("", uses("WELCOME")))
		require.Equal(t, 1, ask("cur", uses("SPRING")))
		prior := func(c string) func(risk.History) (int, error) {
			return func(h risk.History) (int, error) { return h.PriorOrders(f.ctx, c) }
		}
		require.Equal(t, 2, ask("cur", prior(me)))
		require.Equal(t, 2, ask("cur", prior("bo@example.org")))
		require.Equal(t, 0, ask("cur", prior("nobody@example.com")))

		// A corrected address replaces the order's keys but keeps its time.
		record("o3", customer("anasilva@gmail.com", anaPhone, "350 Fifth Avenue", "10118", "", "WELCOME"))
		require.Equal(t, 2, ask("cur", since(risk.ByAddress, 2*time.Hour)), "o3 now counts at the address, with o6")
		require.Equal(t, 1, ask("cur", since(risk.ByAddress, 30*time.Minute)), "from an hour ago, when it was placed")
		require.Equal(t, 0, ask("cur", uses("SPRING")), "its coupons were replaced too")

		// COD refusals: one per order however often reported, excluding the order under review.
		r1, r2 := f.addOrder(), f.addOrder()
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error {
			for _, o := range []string{r1, r1, r2} {
				if err := RecordCODRefusal(f.ctx, tx, me, o); err != nil {
					return err
				}
			}
			return RecordCODRefusal(f.ctx, tx, "bo@example.org", f.addOrderTx(tx))
		}))
		refusals := func(h risk.History) (int, error) { return h.CODRefusals(f.ctx, me, nil) }
		require.Equal(t, 2, ask("cur", refusals))
		require.Equal(t, 1, ask(r2, refusals))

		// ... and those of another mailbox at a linked phone or address, each
		// refused order once though it matches twice.
		carl, again := f.addOrder(), f.addOrder()
		record(carl, customer("carl@example.net", anaPhone, "9 Elm St", "10002", ""))
		record(again, ana("350 Fifth Avenue", "10118", ""))
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error {
			if err := RecordCODRefusal(f.ctx, tx, "carl@example.net", carl); err != nil {
				return err
			}
			return RecordCODRefusal(f.ctx, tx, me, again)
		}))
		linked := func(dims ...risk.Dimension) func(risk.History) (int, error) {
			var ks []risk.Key
			for _, dim := range dims {
				ks = append(ks, risk.Key{Dimension: dim, Value: keys[dim]})
			}
			return func(h risk.History) (int, error) { return h.CODRefusals(f.ctx, me, ks) }
		}
		require.Equal(t, 3, ask("cur", linked()), "r1, r2 and again: the mailbox's own")
		require.Equal(t, 4, ask("cur", linked(risk.ByPhone, risk.ByAddress)), "and carl's, at the same phone")
		require.Equal(t, 3, ask("cur", linked(risk.ByAddress)), "carl ships elsewhere")
		require.Error(t, d.Write(f.ctx, func(tx *db.Tx) error { return RecordCODRefusal(f.ctx, tx, me, "ord_NOSUCHORDER") }),
			"a refusal names an order that exists")
		require.Error(t, d.Write(f.ctx, func(tx *db.Tx) error { return RecordCODRefusal(f.ctx, tx, "", r1) }))
	})
}
