package inventory

import (
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/text"
	"github.com/waybill/waybill/internal/warehouse"
)

// reasons are the adjustment reason codes with the sign of stock change each
// implies: -1 removes, +1 adds, 0 either way.
func reasonSign(reason string) (sign int, ok bool) {
	switch reason {
	case "damaged", "lost", "expired", "theft":
		return -1, true
	case "found":
		return 1, true
	case "count_correction", "other":
		return 0, true
	}
	return 0, false
}

func (r Receipt) check() (Receipt, errs.Fields) {
	var f errs.Fields
	r.Warehouse = checkWarehouse(&f, "warehouse", r.Warehouse)
	r.Bin = checkBin(&f, "bin", r.Bin)
	r.SKU = text.Field(&f, "sku", r.SKU, 1, 64)
	checkQuantity(&f, "quantity", r.Quantity)
	r.Reference = text.Field(&f, "reference", r.Reference, 1, 100)
	r.ExpiresOn = checkExpiry(&f, "expires_on", r.ExpiresOn)
	return r, f
}

func (a Adjustment) check() (Adjustment, errs.Fields) {
	var f errs.Fields
	a.Warehouse = checkWarehouse(&f, "warehouse", a.Warehouse)
	a.Bin = checkBin(&f, "bin", a.Bin)
	a.SKU = text.Field(&f, "sku", a.SKU, 1, 64)
	if a.Delta == 0 || a.Delta < -MaxQuantity || a.Delta > MaxQuantity {
		f.Add("delta", errs.CodeOutOfRange, "delta must be -%d to %d and not 0", MaxQuantity, MaxQuantity)
	}
	a.Note = text.Field(&f, "note", a.Note, 0, 500)
	sign, ok := reasonSign(a.Reason)
	switch {
	case !ok:
		f.Add("reason", errs.CodeUnknown, "reason must be one of damaged, lost, found, count_correction, expired, theft, other")
	case sign < 0 && a.Delta > 0:
		f.Add("delta", errs.CodeOutOfRange, "reason %s removes stock; delta must be negative", a.Reason)
	case sign > 0 && a.Delta < 0:
		f.Add("delta", errs.CodeOutOfRange, "reason %s adds stock; delta must be positive", a.Reason)
	case a.Reason == "other" && a.Note == "":
		f.Add("note", errs.CodeRequired, "say what happened in a note when the reason is other")
	}
	return a, f
}

func (m Move) check() (Move, errs.Fields) {
	var f errs.Fields
	m.Warehouse = checkWarehouse(&f, "warehouse", m.Warehouse)
	m.FromBin = checkBin(&f, "from_bin", m.FromBin)
	m.ToBin = checkBin(&f, "to_bin", m.ToBin)
	if m.ToBin != "" && m.ToBin == m.FromBin {
		f.Add("to_bin", errs.CodeDuplicate, "to_bin is the same bin as from_bin")
	}
	m.SKU = text.Field(&f, "sku", m.SKU, 1, 64)
	checkQuantity(&f, "quantity", m.Quantity)
	m.Reference = text.Field(&f, "reference", m.Reference, 0, 100)
	return m, f
}

func (t Transfer) check() (Transfer, errs.Fields) {
	var f errs.Fields
	t.SKU = text.Field(&f, "sku", t.SKU, 1, 64)
	checkQuantity(&f, "quantity", t.Quantity)
	t.From.Warehouse = checkWarehouse(&f, "from.warehouse", t.From.Warehouse)
	t.From.Bin = checkBin(&f, "from.bin", t.From.Bin)
	t.To.Warehouse = checkWarehouse(&f, "to.warehouse", t.To.Warehouse)
	t.To.Bin = checkBin(&f, "to.bin", t.To.Bin)
	if t.To.Warehouse != "" && t.To.Warehouse == t.From.Warehouse {
		f.Add("to.warehouse", errs.CodeDuplicate, "a transfer goes to another warehouse; use a move within %s", t.To.Warehouse)
	}
	t.Reference = text.Field(&f, "reference", t.Reference, 0, 100)
	return t, f
}

func (r Reservation) check() errs.Fields {
	var f errs.Fields
	text.Field(&f, "reference", r.Reference, 1, 100)
	if len(r.Lines) == 0 || len(r.Lines) > 1000 {
		f.Add("lines", errs.CodeOutOfRange, "a reservation has 1 to 1000 lines")
	}
	for i, l := range r.Lines {
		path := fmt.Sprintf("lines[%d]", i)
		if l.WarehouseID == "" {
			f.Add(path+".warehouse_id", errs.CodeRequired, "warehouse_id is required")
		}
		if l.ProductID == "" {
			f.Add(path+".product_id", errs.CodeRequired, "product_id is required")
		}
		checkQuantity(&f, path+".quantity", l.Quantity)
	}
	return f
}

func checkQuantity(f *errs.Fields, path string, q int64) {
	if q < 1 || q > MaxQuantity {
		f.Add(path, errs.CodeOutOfRange, "%s must be 1 to %d", path, MaxQuantity)
	}
}

// checkWarehouse normalises a warehouse code; whether it exists is for the
// lookup inside the transaction.
func checkWarehouse(f *errs.Fields, path, code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	switch {
	case code == "":
		f.Add(path, errs.CodeRequired, "%s is required", path)
	case len(code) > 32 || strings.ContainsFunc(code, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-')
	}):
		f.Add(path, errs.CodeFormat, "%s must be a warehouse code: up to 32 letters, digits and -", path)
	}
	return code
}

// checkBin puts a bin code in canonical form, so "a-1-3-2" finds A-01-03-2.
func checkBin(f *errs.Fields, path, code string) string {
	c, err := warehouse.ParseBinCode(code)
	if err != nil {
		f.Add(path, errs.CodeFormat, "%s", err.Error())
		return ""
	}
	return c.String()
}
