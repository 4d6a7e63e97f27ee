package track_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/risk"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/track"
	"github.com/waybill/waybill/internal/warehouse"
)

// major writes minor units of USD as a remittance file does.
func major(minor int64) string { return fmt.Sprintf("%d.%02d", minor/100, minor%100) }

// A remittance file reconciled against deliveries: a full payment is
// matched and pays its COD order, a smaller one is short, payments for an
// unknown, undelivered or prepaid parcel or for a parcel paid already are
// extra, and a delivered COD parcel a week old that no row paid in full is
// missing. The same file imported again changes nothing.
func TestRemittanceReconciliation(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newCODRoute(t, d, clk)
		a, trA := k.shipCOD("A", flowtest.Line("SKU-000", 2))
		b, trB := k.shipCOD("B", flowtest.Line("SKU-001", 1))
		_, trC := k.shipCOD("C", flowtest.Line("SKU-002", 1))
		dd, trD := k.shipCOD("D", flowtest.Line("SKU-003", 1))
		_, trE := k.ship("E", "SKU-000") // prepaid
		_, trF := k.shipCOD("F", flowtest.Line("SKU-001", 1))
		require.Equal(t, order.CODPending, a.PaymentStatus)
		for _, tr := range []string{trA, trB, trC, trD, trE} {
			k.deliver(tr, monday)
		}
		// The carrier said nothing of cash: each COD parcel is due its order's total.
		h, err := k.Tracking.ParcelHistory(context.Background(), trA)
		require.NoError(t, err)
		require.NotNil(t, h.CODCollected)
		assert.Equal(t, a.TotalMinor, *h.CODCollected)
		assert.Equal(t, "USD", h.CODCurrency)
		h, err = k.Tracking.ParcelHistory(context.Background(), trE)
		require.NoError(t, err)
		assert.Nil(t, h.CODCollected, "a prepaid parcel collects nothing")

		clk.Advance(8 * 24 * time.Hour)
		file := "\ufeffcarrier,remittance_id,remittance_date,tracking_number,amount,currency\r\n" +
			"eastline,R-1,2026-12-14," + trA + "," + major(a.TotalMinor) + ",USD\r\n" +
			"eastline,R-1,2026-12-14," + trB + "," + major(b.TotalMinor-100) + ",USD\r\n" +
			"eastline,R-1,2026-12-14,ZZ000000000US,5.00,USD\r\n" +
			"eastline,R-1,2026-12-14," + strings.ToLower(trA) + "," + major(a.TotalMinor) + ",USD\r\n" +
			"eastline,R-1,2026-12-14," + trE + ",10.00,USD\r\n" +
			"eastline,R-1,2026-12-14," + trF + ",10.00,USD\r\n" +
			"eastline,R-2,2026-12-15," + trD + "," + major(dd.TotalMinor) + ",USD\r\n"
		rec, err := k.importCSV(file)
		require.NoError(t, err)
		require.Len(t, rec.Remittances, 2)
		assert.True(t, rec.Remittances[0].New)
		assert.Equal(t, 2, rec.Matched)
		assert.Equal(t, 1, rec.Short)
		assert.Equal(t, 4, rec.Extra)
		outcomes := map[int]string{}
		for _, l := range rec.Lines {
			outcomes[l.Row] = l.Outcome + ":" + l.Reason
		}
		assert.Equal(t, "matched:", outcomes[2])
		assert.Equal(t, "short:1.00 USD less than collected", outcomes[3])
		assert.Contains(t, outcomes[4], "extra:no parcel")
		assert.Equal(t, "extra:the parcel's cash was paid already", outcomes[5])
		assert.Equal(t, "extra:the parcel is not cash on delivery", outcomes[6])
		assert.Contains(t, outcomes[7], "extra:the parcel is not delivered")
		assert.Equal(t, "matched:", outcomes[8])
		var missing []string
		for _, m := range rec.Missing {
			missing = append(missing, m.TrackingNumber)
		}
		assert.ElementsMatch(t, []string{trB, trC}, missing, "B is short, C unpaid")

		assert.Equal(t, order.Paid, k.Get(t, a.ID).PaymentStatus)
		assert.Equal(t, a.TotalMinor, k.Get(t, a.ID).PaidMinor)
		assert.Equal(t, order.Paid, k.Get(t, dd.ID).PaymentStatus)
		assert.Equal(t, order.CODPending, k.Get(t, b.ID).PaymentStatus)

		// Again: answered as before, nothing counted twice.
		again, err := k.importCSV(file)
		require.NoError(t, err)
		assert.False(t, again.Remittances[0].New)
		assert.False(t, again.Remittances[1].New)
		assert.Equal(t, rec.Lines, again.Lines)
		assert.Equal(t, a.TotalMinor, k.Get(t, a.ID).PaidMinor)
		assert.Equal(t, 1, k.count(`SELECT count(*) FROM order_events WHERE order_id = $1 AND type = 'payment.paid'`, a.ID))
		assert.Equal(t, 7, k.count(`SELECT count(*) FROM cod_remittance_lines`))

		// B's remaining 1.00 in a later remittance completes it.
		rec, err = k.importCSV("eastline,R-3,2026-12-16," + trB + ",1.00,USD\n")
		require.NoError(t, err)
		assert.Equal(t, 1, rec.Matched)
		assert.Equal(t, order.Paid, k.Get(t, b.ID).PaymentStatus)
		require.Len(t, rec.Missing, 1)
		assert.Equal(t, trC, rec.Missing[0].TrackingNumber)
	})
}

// A malformed remittance file is refused whole, each problem at its row
// and column, and records nothing.
func TestRemittanceFileErrorsNameRowAndColumn(t *testing.T) {
	t.Parallel()
	head := "carrier,remittance_id,remittance_date,tracking_number,amount,currency\n"
	good := "eastline,R-1,2026-12-07,EL1US,12.50,USD\n"
	cases := []struct {
		name, file string
		want       []string
	}{
		{"three decimals", head + "eastline,R-1,2026-12-07,EL1US,12.505,USD\n", []string{"rows[2].amount"}},
		{"words for money", head + good + "eastline,R-1,2026-12-07,EL2US,twelve,USD\n", []string{"rows[3].amount"}},
		{"negative", good + "eastline,R-1,2026-12-07,EL2US,-1.00,USD\n", []string{"rows[2].amount"}},
		{"yen decimals", "eastline,R-1,2026-12-07,EL2US,100.5,JPY\n", []string{"rows[1].amount"}},
		{"unknown currency", head + "eastline,R-1,2026-12-07,EL1US,1.00,XQQ\n", []string{"rows[2].currency"}},
		{"columns missing", head + good + "eastline,R-1,EL2US\n", []string{"rows[3]"}},
		{"bad date", head + "eastline,R-1,2026-13-01,EL1US,1.00,USD\n", []string{"rows[2].remittance_date"}},
		{"future date", head + "eastline,R-1,2027-06-01,EL1US,1.00,USD\n", []string{"rows[2].remittance_date"}},
		{"two dates", head + good + "eastline,R-1,2026-12-06,EL2US,1.00,USD\n", []string{"rows[3].remittance_date"}},
		{"empty cells", head + ",R-1,2026-12-07,,1.00,USD\n", []string{"rows[2].carrier", "rows[2].tracking_number"}},
		{"control character", head + "eastline,R-1,2026-12-07,EL\x071US,1.00,USD\n", []string{"rows[2].tracking_number"}},
		{"bidi override", head + "eastline,R\u202e-1,2026-12-07,EL1US,1.00,USD\n", []string{"rows[2].remittance_id"}},
		{"long id", head + "eastline," + strings.Repeat("R", 65) + ",2026-12-07,EL1US,1.00,USD\n", []string{"rows[2].remittance_id"}},
		{"unknown column", "carrier,remittance_id,remittance_date,tracking_number,amount,currency,bogus\n" + good,
			[]string{"rows[1].bogus"}},
		{"column missing from header", "carrier,remittance_id,remittance_date,tracking_number,amount\n",
			[]string{"rows[1].currency"}},
		{"column twice", "carrier,carrier,remittance_id,remittance_date,tracking_number,amount,currency\n",
			[]string{"rows[1].carrier"}},
		{"stray quote", head + good + "eastline,\"R-1,2026-12-07,EL2US,1.00,USD\n", []string{"rows[3]"}},
		{"not UTF-8", head + "eastline,R-\xff,2026-12-07,EL1US,1.00,USD\n", []string{"csv"}},
		{"empty", "", []string{"csv"}},
		{"header only", head, []string{"csv"}},
		{"too large", head + strings.Repeat(good, track.MaxRemittanceBytes/len(good)+1), []string{"csv"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := track.ParseRemittance([]byte(c.file), monday)
			require.Error(t, err)
			require.True(t, errs.Is(err, errs.Invalid), "%v", err)
			var paths []string
			for _, fe := range errs.FieldsOf(err) {
				paths = append(paths, fe.Path)
			}
			assert.Equal(t, c.want, paths, "%v", err)
		})
	}
	t.Run("good", func(t *testing.T) {
		rows, err := track.ParseRemittance([]byte("\ufeff"+strings.ReplaceAll(good+"Eastline, R-1 ,2026-12-07,el2us,7,JPY\n",
			"\n", "\r\n")), monday)
		require.NoError(t, err)
		require.Len(t, rows, 2)
		assert.Equal(t, track.RemitRow{Row: 1, Carrier: "eastline", Reference: "R-1", RemittedOn: "2026-12-07",
			TrackingNumber: "EL1US", AmountMinor: 1250, Currency: "USD"}, rows[0])
		assert.Equal(t, track.RemitRow{Row: 2, Carrier: "eastline", Reference: "R-1", RemittedOn: "2026-12-07",
			TrackingNumber: "EL2US", AmountMinor: 7, Currency: "JPY"}, rows[1])
	})
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newCODRoute(t, d, clk)
		_, err := k.importCSV(head + good + "eastline,R-2,2026-12-07,EL2US,1.0.0,USD\n")
		require.Equal(t, []string{"rows[3].amount"}, paths(err))
		assert.Equal(t, 0, k.count(`SELECT count(*) FROM cod_remittances`))
	})
}

func paths(err error) []string {
	var out []string
	for _, fe := range errs.FieldsOf(err) {
		out = append(out, fe.Path)
	}
	return out
}

// FuzzParseRemittance: any bytes are rows or a field error, never a panic.
func FuzzParseRemittance(f *testing.F) {
	f.Add([]byte("carrier,remittance_id,remittance_date,tracking_number,amount,currency\neastline,R-1,2026-12-07,EL1US,12.50,USD\n"))
	f.Add([]byte("\ufeffeastline,R-1,2026-12-07,EL1US,1,JPY\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := track.ParseRemittance(data, monday)
		if err != nil {
			require.True(t, errs.Is(err, errs.Invalid), "%v", err)
			require.NotEmpty(t, errs.FieldsOf(err))
			return
		}
		for _, r := range rows {
			require.GreaterOrEqual(t, r.AmountMinor, int64(0))
			require.NotEmpty(t, r.TrackingNumber)
		}
	})
}

// A customer who refused a COD parcel has their next COD order held by a
// cod_limit rule with max_refusals 0; the refused parcel returns to sender
// and its units are back on hand exactly once, however often the return
// is reported.
func TestCODRefusalHoldsTheNextOrderAndTheReturnRestocksOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newCODRoute(t, d, clk)
		rule, err := risk.DecodeRule([]byte(`{"name":"Refused COD before","kind":"cod_limit","weight":100,
			"action":"hold","params":{"max_refusals":0}}`))
		require.NoError(t, err)
		_, err = k.Tasks.CreateRule(flowtest.As(flowtest.Chief), rule)
		require.NoError(t, err)
		before := k.onHand("SKU-002")
		o, tr := k.shipCOD("R1", flowtest.Line("SKU-002", 3)) // released: no refusal yet
		assert.Equal(t, before-3, k.onHand("SKU-002"))

		refused := ev("r1-refused", tr, ship.TrackDeliveryAttempted, monday.Add(3*time.Hour))
		refused.Reason = ship.ReasonRefused
		k.ingest(ev("r1-0", tr, ship.TrackPickedUp, monday.Add(time.Hour)), refused)
		assert.Equal(t, 1, k.count(`SELECT count(*) FROM tracking_cases WHERE order_id = $1 AND kind = 'refused'`, o.ID))
		assert.Equal(t, 1, k.count(`SELECT count(*) FROM cod_refusals WHERE order_id = $1`, o.ID))
		k.ingest(refused) // the carrier repeats itself
		assert.Equal(t, 1, k.count(`SELECT count(*) FROM cod_refusals`))

		// The warehouse has a returns bin by now: the units go there.
		_, err = warehouse.NewStore(d).AddBins(flowtest.As(flowtest.Chief), "EAST", []warehouse.BinInput{{Code: warehouse.ReturnsBinCode, X: 9, Y: 9}})
		require.NoError(t, err)
		back := ev("r1-back", tr, ship.TrackReturnedToSender, monday.Add(40*time.Hour))
		res := k.ingest(back)
		require.Equal(t, 1, res.Applied)
		assert.Equal(t, before, k.onHand("SKU-002"), "on hand after the return = before shipping")
		k.ingest(back, ev("r1-back-again", tr, ship.TrackReturnedToSender, monday.Add(47*time.Hour)))
		assert.Equal(t, before, k.onHand("SKU-002"))
		assert.Equal(t, 1, k.count(`SELECT count(*) FROM stock_entries WHERE kind = 'return'`))
		assert.Equal(t, 1, k.count(`SELECT count(*) FROM stock_entries e JOIN bins b ON b.id = e.bin_id
			WHERE e.kind = 'return' AND b.code = $1`, warehouse.ReturnsBinCode), "into the returns bin")
		assert.Equal(t, 1, k.count(`SELECT count(*) FROM parcel_returns`))
		assert.Equal(t, order.Returned, k.Get(t, o.ID).Status)
		rep, err := k.Stock.Reconcile(context.Background())
		require.NoError(t, err)
		assert.True(t, rep.OK, "the ledger agrees with the balances: %+v", rep.Differences)

		// The same customer's next COD order is held for review.
		next := k.COD(t, "R2", flowtest.Line("SKU-001", 1))
		k.RunJobs(t)
		held := k.Get(t, next.ID)
		assert.Equal(t, order.OnHold, held.Status)
		require.NotEmpty(t, held.RiskReasons)
		assert.Contains(t, held.RiskReasons[0].Text, "refused 1 cash-on-delivery parcel before")

		// So is a COD order under a new mailbox to the same phone and address:
		// the refusal was met at the phone and the door, not at the mailbox.
		other := flowtest.Request("R3", flowtest.Line("SKU-001", 1))
		other.PaymentMethod, other.Customer.Email = "cod", "ada.new@example.net"
		elsewhere := other
		elsewhere.ExternalRef, elsewhere.Customer.Phone = "R4", "+1 650-253-0001"
		elsewhere.ShippingAddress.Line1 = "1 Infinite Loop"
		linked, unlinked := k.Accepted(t, other), k.Accepted(t, elsewhere)
		k.RunJobs(t)
		assert.Equal(t, order.OnHold, k.Get(t, linked.ID).Status)
		assert.NotEqual(t, order.OnHold, k.Get(t, unlinked.ID).Status, "another mailbox, phone and address: no history")
	})
}

// The same remittance imported by several people at once counts once:
// each import answers it (new once, as before otherwise) or is told to
// try again, and the order is paid once.
func TestConcurrentImportsOfOneRemittanceCountOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newCODRoute(t, d, clk)
		o, tr := k.shipCOD("C1", flowtest.Line("SKU-000", 1))
		k.deliver(tr, monday)
		file := "eastline,R-9,2026-12-07," + tr + "," + major(o.TotalMinor) + ",USD\n"
		var wg sync.WaitGroup
		results := make([]error, 4)
		fresh := make([]bool, 4)
		for i := range results {
			wg.Go(func() {
				rec, err := k.importCSV(file)
				results[i] = err
				fresh[i] = err == nil && rec.Remittances[0].New
			})
		}
		wg.Wait()
		news := 0
		for i, err := range results {
			if err != nil {
				require.True(t, errs.Is(err, errs.Conflict), "%v", err)
			}
			if fresh[i] {
				news++
			}
		}
		assert.Equal(t, 1, news)
		assert.Equal(t, 1, k.count(`SELECT count(*) FROM cod_remittance_lines`))
		assert.Equal(t, 1, k.count(`SELECT count(*) FROM order_events WHERE order_id = $1 AND type = 'payment.paid'`, o.ID))
		assert.Equal(t, o.TotalMinor, k.Get(t, o.ID).PaidMinor)
	})
}
