package inventory

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/warehouse"
)

// FuzzRequestChecks feeds arbitrary values to the validation of every stock
// request. It must not panic, every problem must name a field, and what it
// accepts must fit the ledger's columns and be a fixed point (checking the
// normalised request again changes nothing).
func FuzzRequestChecks(f *testing.F) {
	f.Add("BER", "A-01-01-1", "SKU-1", "PO-1", "found", int64(5))
	f.Add("ber", "a-1-1-1", " SKU-1 ", "", "other", int64(-5))
	f.Add("", "", "", "\x00", "stolen", int64(0))
	f.Add("B_R", "A-01-01-1-1", strings.Repeat("s", 65), strings.Repeat("r", 101), "damaged", int64(1_000_001))
	f.Add("MUC", "Z-999-999-Z", "SKU\u202e", "note", "count_correction", int64(-1_000_000))
	f.Fuzz(func(t *testing.T, wh, bin, sku, text, reason string, q int64) {
		r, rf := Receipt{Warehouse: wh, Bin: bin, SKU: sku, Quantity: q, Reference: text}.check()
		a, af := Adjustment{Warehouse: wh, Bin: bin, SKU: sku, Delta: q, Reason: reason, Note: text}.check()
		m, mf := Move{Warehouse: wh, FromBin: bin, ToBin: "A-01-01-1", SKU: sku, Quantity: q, Reference: text}.check()
		tr, tf := Transfer{SKU: sku, Quantity: q, Reference: text, From: Place{wh, bin}, To: Place{"MUC", "A-01-01-1"}}.check()
		for _, fields := range [][]string{apitest.FieldCodes(rf.Err()), apitest.FieldCodes(af.Err()), apitest.FieldCodes(mf.Err()), apitest.FieldCodes(tf.Err())} {
			for _, fc := range fields {
				path, code, _ := strings.Cut(fc, " ")
				require.NotEmpty(t, path)
				require.NotEmpty(t, code)
			}
		}
		if len(rf) == 0 {
			again, f2 := r.check()
			require.Empty(t, f2)
			require.Equal(t, r, again)
			requireStorable(t, r.Warehouse, r.Bin, r.SKU, r.Reference, 100)
			require.True(t, r.Quantity >= 1 && r.Quantity <= MaxQuantity)
		}
		if len(af) == 0 {
			again, f2 := a.check()
			require.Empty(t, f2)
			require.Equal(t, a, again)
			requireStorable(t, a.Warehouse, a.Bin, a.SKU, a.Note, 500)
			require.True(t, a.Delta != 0 && a.Delta >= -MaxQuantity && a.Delta <= MaxQuantity)
			require.LessOrEqual(t, len(a.Reason), 32)
		}
		if len(mf) == 0 {
			require.NotEqual(t, m.FromBin, m.ToBin)
		}
		if len(tf) == 0 {
			require.NotEqual(t, tr.From.Warehouse, tr.To.Warehouse)
		}
	})
}

// requireStorable checks values against the columns' CHECK constraints and
// PostgreSQL's refusal of NUL, so an accepted request never fails as a 500.
func requireStorable(t *testing.T, wh, bin, sku, text string, textMax int) {
	t.Helper()
	require.True(t, wh != "" && len(wh) <= 32 && strings.ToUpper(wh) == wh)
	c, err := warehouse.ParseBinCode(bin)
	require.NoError(t, err)
	require.Equal(t, bin, c.String())
	require.True(t, sku != "" && utf8.RuneCountInString(sku) <= 64)
	require.LessOrEqual(t, utf8.RuneCountInString(text), textMax)
	require.NotContains(t, wh+bin+sku+text, "\x00")
	require.True(t, utf8.ValidString(sku+text))
}
