package console

import (
	"net/http"

	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/people"
)

// stockBins lists what each bin holds, as list-bin-stock does (bins with
// stock only), narrowed like the balances: by SKU, warehouse and bin.
func (c *Console) stockBins(w http.ResponseWriter, r *http.Request, s people.Session) {
	stockList(c, w, r, s, "stockbins", c.cfg.Stock.BinBalances, inventory.BinCursor)
}

var stockBinsMessages = map[string]map[string]string{
	"en": {
		"stockbins.title": "Stock by bin",
		"stockbins.bin":   "Bin",
		"stockbins.none":  "No bin holds stock that matches.",
	},
	"zh": {
		"stockbins.title": "按库位查看库存",
		"stockbins.bin":   "库位",
		"stockbins.none":  "没有库位存有符合条件的库存。",
	},
}
