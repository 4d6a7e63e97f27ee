package console

import (
	"context"
	"net/url"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
)

// receiveForm books goods arriving into a bin, as receive-stock does
// (Store.Receive: the same checks, hooks and audit), then shows the
// balance it left. The delivery note comes first and the quantity after
// the codes, so a scanner's Enter walks the codes and Enter after the
// count books; an expiry date, if the goods have one, is typed before that.
func (c *Console) receiveForm() movement {
	return movement{page: "stockreceive", path: "/stock/receive", fields: []stockField{
		{"warehouse", "stockform.warehouse", "warehouse"}, {"reference", "stockform.reference", "code"},
		{"bin", "stockform.bin", "code"}, {"sku", "stockform.sku", "code"}, {"quantity", "stockform.quantity", "number"},
		{"expires_on", "stockform.expires_on", "date"},
	}, book: func(ctx context.Context, form url.Values) (string, error) {
		var bad errs.Fields
		in := inventory.Receipt{Warehouse: form.Get("warehouse"), Bin: form.Get("bin"), SKU: form.Get("sku"),
			Quantity: formNumber(form, "quantity", &bad), Reference: form.Get("reference"), ExpiresOn: strings.TrimSpace(form.Get("expires_on"))}
		m, err := c.cfg.Stock.Receive(ctx, in)
		if err != nil {
			return "", withParseErrors(bad, err)
		}
		return movedTo("/stock", m), nil
	}}
}

// movedTo is the stock page at path narrowed to the warehouse and SKU a
// movement booked, which shows its effect.
func movedTo(path string, m inventory.Movement) string {
	if len(m.Entries) == 0 {
		return path
	}
	return stockFilter{SKU: m.Entries[0].SKU, Warehouse: m.Entries[0].Warehouse}.Link(path)
}

var stockReceiveMessages = map[string]map[string]string{
	"en": {
		"stockreceive.title":  "Receive stock",
		"stockreceive.submit": "Receive",
		"done.stockreceive":   "Received. The balance below includes it.",
	},
	"zh": {
		"stockreceive.title":  "入库",
		"stockreceive.submit": "确认入库",
		"done.stockreceive":   "已入库。下方库存已包含此次入库。",
	},
}
