package inventory

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

// TestBinExpiryIsTheEarliestOfWhatItHolds walks one bin through the rule:
// an empty bin takes the date of what arrives (or none), a bin with stock
// keeps the earlier date, and goods without one leave it; moves and
// transfers carry the source's date; the date is shown where bins are read
// and handed to the allocation by Free.
func TestBinExpiryIsTheEarliestOfWhatItHolds(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		in := func(bin, sku string, q int64, expires string) string {
			t.Helper()
			m, err := f.s.Receive(f.ctx, Receipt{Warehouse: "BER", Bin: bin, SKU: sku, Quantity: q, Reference: "PO-1", ExpiresOn: expires})
			require.NoError(t, err)
			require.Len(t, m.Bins, 1)
			return m.Bins[0].ExpiresOn
		}
		const bin = "A-01-01-1"
		require.Equal(t, "2027-05-01", in(bin, "SKU-1", 5, "2027-05-01"), "an empty bin takes the date")
		require.Equal(t, "2027-05-01", in(bin, "SKU-1", 5, "2027-06-01"), "later goods leave the earlier date")
		require.Equal(t, "2027-04-01", in(bin, "SKU-1", 5, " 2027-04-01 "), "earlier goods bring it forward")
		require.Equal(t, "2027-04-01", in(bin, "SKU-1", 5, ""), "undated goods leave it")

		m, err := f.s.Adjust(f.ctx, Adjustment{Warehouse: "BER", Bin: bin, SKU: "SKU-1", Delta: -20, Reason: "expired"})
		require.NoError(t, err)
		require.Empty(t, m.Bins[0].ExpiresOn, "an empty bin shows no date")
		require.Equal(t, "", in(bin, "SKU-1", 3, ""), "undated goods into the emptied bin clear its old date")
		require.Equal(t, "2027-09-01", in(bin, "SKU-1", 2, "2027-09-01"), "a date is earlier than none")

		// A move and a transfer carry the date; into a bin with stock, the earlier stays.
		require.Equal(t, "2027-03-03", in("A-01-01-2", "SKU-2", 6, "2027-03-03"))
		mv, err := f.s.Move(f.ctx, Move{Warehouse: "BER", FromBin: "A-01-01-2", ToBin: "A-01-02-1", SKU: "SKU-2", Quantity: 2})
		require.NoError(t, err)
		require.Equal(t, []string{"2027-03-03", "2027-03-03"}, []string{mv.Bins[0].ExpiresOn, mv.Bins[1].ExpiresOn})
		tr := func(q int64) string {
			t.Helper()
			m, err := f.s.Transfer(f.ctx, Transfer{SKU: "SKU-2", Quantity: q,
				From: Place{Warehouse: "BER", Bin: "A-01-01-2"}, To: Place{Warehouse: "MUC", Bin: "A-01-01-1"}})
			require.NoError(t, err)
			return m.Bins[1].ExpiresOn
		}
		require.Equal(t, "2027-03-03", tr(1), "a transfer into an empty bin brings the date")
		_, err = f.s.Receive(f.ctx, Receipt{Warehouse: "MUC", Bin: "A-01-01-1", SKU: "SKU-2", Quantity: 1, Reference: "PO-2", ExpiresOn: "2027-01-01"})
		require.NoError(t, err)
		require.Equal(t, "2027-01-01", tr(1), "a transfer of later goods leaves the earlier date")
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(f.ctx, `UPDATE bin_stock SET expires_on = NULL WHERE product_id = 'prd_SKU-2'`)
			return err
		}))
		require.Equal(t, "", tr(1), "an undated source carries no date")

		rows, err := f.s.BinBalances(f.ctx, Filter{Warehouse: "BER", Limit: 10})
		require.NoError(t, err)
		shown := map[string]string{}
		for _, b := range rows {
			shown[b.Bin+" "+b.SKU] = b.ExpiresOn
		}
		require.Equal(t, map[string]string{"A-01-01-1 SKU-1": "2027-09-01", "A-01-01-2 SKU-2": "", "A-01-02-1 SKU-2": ""}, shown)

		var free []FreeUnits
		require.NoError(t, d.Read(f.ctx, func(tx *db.Tx) error {
			free, err = Free(f.ctx, tx, f.warehouseID("BER"), []string{"prd_SKU-1"}, false)
			return err
		}))
		require.Len(t, free, 1)
		require.Equal(t, "2027-09-01", free[0].ExpiresOn)
	})
}

// TestReceiptExpiryMustBeADate: a receipt's expires_on is optional, and
// when given a real date from 2000 to 2100; otherwise a 422 at the field,
// in a bulk load at the receipt's index, and nothing is booked.
func TestReceiptExpiryMustBeADate(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		receipt := func(expires string) Receipt {
			return Receipt{Warehouse: "BER", Bin: "A-01-01-1", SKU: "SKU-1", Quantity: 1, Reference: "PO-1", ExpiresOn: expires}
		}
		before := f.counts()
		for expires, code := range map[string]string{
			"2027-02-30": errs.CodeFormat, "2027-2-03": errs.CodeFormat, "27-02-03": errs.CodeFormat, "2027/02/03": errs.CodeFormat,
			"03.02.2027": errs.CodeFormat, "2027-02-03T00:00:00Z": errs.CodeFormat, "soon": errs.CodeFormat,
			"1999-12-31": errs.CodeOutOfRange, "2101-01-01": errs.CodeOutOfRange, "0000-01-01": errs.CodeOutOfRange,
		} {
			_, err := f.s.Receive(f.ctx, receipt(expires))
			f.refused(before, err, errs.Invalid, "")
			require.Equal(t, []string{"expires_on " + code}, apitest.FieldCodes(err), expires)
		}
		_, err := f.s.ReceiveAll(f.ctx, []Receipt{receipt("2030-01-01"), receipt("2030-13-01")})
		f.refused(before, err, errs.Invalid, "")
		require.Equal(t, []string{"[1].expires_on invalid_format"}, apitest.FieldCodes(err))
		for _, edge := range []string{"2000-01-01", "2100-12-31", "2028-02-29"} {
			m, err := f.s.Receive(f.ctx, receipt(edge))
			require.NoError(t, err, edge)
			require.NotEmpty(t, m.Bins[0].ExpiresOn)
		}

		e := newAPI(f)
		e.Run(t, e.snapshot, []apitest.Scenario{
			{Name: "not a date", Role: actor.Warehouse, Method: "POST", Path: "/v1/stock/receipts", Status: 422,
				Body:   `{"warehouse":"BER","bin":"A-01-01-2","sku":"SKU-1","quantity":1,"reference":"PO","expires_on":"2027-13-01"}`,
				Fields: []string{"expires_on invalid_format"}},
			{Name: "a typo's year", Role: actor.Warehouse, Method: "POST", Path: "/v1/stock/receipts", Status: 422,
				Body:   `{"warehouse":"BER","bin":"A-01-01-2","sku":"SKU-1","quantity":1,"reference":"PO","expires_on":"2207-01-01"}`,
				Fields: []string{"expires_on out_of_range"}},
			{Name: "a number", Role: actor.Warehouse, Method: "POST", Path: "/v1/stock/receipts", Status: 422,
				Body:   `{"warehouse":"BER","bin":"A-01-01-2","sku":"SKU-1","quantity":1,"reference":"PO","expires_on":20270101}`,
				Fields: []string{"expires_on wrong_type"}},
			{Name: "received", Role: actor.Warehouse, Method: "POST", Path: "/v1/stock/receipts", Status: 201,
				Body: `{"warehouse":"BER","bin":"A-01-01-2","sku":"SKU-1","quantity":1,"reference":"PO","expires_on":"2027-01-31"}`},
		})
		res := e.Do(actor.Warehouse, "GET", "/v1/stock/bins?warehouse=BER&bin=A-01-01-2", "")
		require.Equal(t, 200, res.Status, res.Raw)
		require.Equal(t, "2027-01-31", res.Body["items"].([]any)[0].(map[string]any)["expires_on"])
		res = e.Do(actor.Warehouse, "GET", "/v1/stock/bins?warehouse=BER&bin=A-01-01-1", "")
		require.Equal(t, "2000-01-01", res.Body["items"].([]any)[0].(map[string]any)["expires_on"])
	})
}
