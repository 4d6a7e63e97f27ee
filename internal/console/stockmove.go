package console

import (
	"context"
	"net/url"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
)

// moveForm relocates stock between two bins of a warehouse, as move-stock
// does (Store.Move), then shows what the bins hold.
func (c *Console) moveForm() movement {
	return movement{page: "stockmove", path: "/stock/move", fields: []stockField{
		{"warehouse", "stockform.warehouse", "warehouse"}, {"from_bin", "stockform.from_bin", "code"},
		{"sku", "stockform.sku", "code"}, {"to_bin", "stockform.to_bin", "code"},
		{"quantity", "stockform.quantity", "number"},
	}, book: func(ctx context.Context, form url.Values) (string, error) {
		var bad errs.Fields
		in := inventory.Move{Warehouse: form.Get("warehouse"), FromBin: form.Get("from_bin"), ToBin: form.Get("to_bin"),
			SKU: form.Get("sku"), Quantity: formNumber(form, "quantity", &bad)}
		m, err := c.cfg.Stock.Move(ctx, in)
		if err != nil {
			return "", withParseErrors(bad, err)
		}
		return movedTo("/stock/bins", m), nil
	}}
}

var stockMoveMessages = map[string]map[string]string{
	"en": {
		"stockmove.title":  "Move stock",
		"stockmove.submit": "Move",
		"done.stockmove":   "Moved. The bins below show where the stock is now.",
	},
	"zh": {
		"stockmove.title":  "移库",
		"stockmove.submit": "确认移库",
		"done.stockmove":   "已移库。下方库位显示了库存的当前位置。",
	},
}
