package console

import (
	"context"
	"net/url"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
)

// adjustForm corrects a bin's stock with a reason, as adjust-stock does
// (Store.Adjust), then shows the ledger entry it wrote. A removal the
// stock cannot cover (below zero in the bin, or below what orders have
// reserved) is shown at the change it asked for.
func (c *Console) adjustForm() movement {
	return movement{page: "stockadjust", path: "/stock/adjust", fields: []stockField{
		{"warehouse", "stockform.warehouse", "warehouse"}, {"reason", "stockform.reason", "reason"},
		{"note", "stockform.note", "text"}, {"bin", "stockform.bin", "code"}, {"sku", "stockform.sku", "code"},
		{"delta", "stockform.delta", "signed"},
	}, book: func(ctx context.Context, form url.Values) (string, error) {
		var bad errs.Fields
		in := inventory.Adjustment{Warehouse: form.Get("warehouse"), Bin: form.Get("bin"), SKU: form.Get("sku"),
			Delta: formNumber(form, "delta", &bad), Reason: form.Get("reason"), Note: form.Get("note")}
		m, err := c.cfg.Stock.Adjust(ctx, in)
		if err != nil && in.Delta < 0 {
			err = atField(err, "delta") // only a removal can fall short of stock
		}
		if err != nil {
			return "", withParseErrors(bad, err)
		}
		return movedTo("/stock/ledger", m), nil
	}}
}

var stockAdjustMessages = map[string]map[string]string{
	"en": {
		"stockadjust.title":  "Adjust stock",
		"stockadjust.submit": "Adjust",
		"done.stockadjust":   "Adjusted. The ledger below shows the entry.",
	},
	"zh": {
		"stockadjust.title":  "库存调整",
		"stockadjust.submit": "确认调整",
		"done.stockadjust":   "已调整。下方流水显示了这条记录。",
	},
}
