package shop

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	"github.com/waybill/waybill/internal/inventory"
)

// restockEvery is how many orders the supplier lets pass between two
// deliveries: often enough that few ordinary orders run short (about 0.4 %
// of 2,000 Instacart-shaped orders, seed 1), rarely enough that the stock a
// person books in the first minutes of a demo is not moved under them.
const restockEvery = 50

// supplier keeps the US warehouse stocked: every restockEvery orders it
// delivers what the storefront sold of each product since the last
// delivery (the scarce ones excepted: they stay short), so a demo left
// running does not run dry, and orders waiting for stock are served when
// it arrives.
type supplier struct {
	bins    map[string]string // SKU -> its bin in the US warehouse
	ordered map[string]int    // units sold since the last delivery, by SKU
	n       int               // deliveries so far
}

// note counts the units of lines the supplier will replace.
func (s *supplier) note(lines []Line) {
	for _, l := range lines {
		if _, ok := s.bins[l.SKU]; ok {
			s.ordered[l.SKU] += l.Quantity
		}
	}
}

// delivery returns the receipts of the next delivery and starts counting
// afresh.
func (s *supplier) delivery() []inventory.Receipt {
	s.n++
	skus := make([]string, 0, len(s.ordered))
	for sku := range s.ordered {
		skus = append(skus, sku)
	}
	slices.Sort(skus)
	out := make([]inventory.Receipt, 0, len(skus))
	for _, sku := range skus {
		out = append(out, inventory.Receipt{Warehouse: usWarehouse, Bin: s.bins[sku], SKU: sku,
			Quantity: int64(s.ordered[sku]), Reference: fmt.Sprintf("DEMO-PO-%05d", s.n)})
	}
	clear(s.ordered)
	return out
}

// deliver books the receipts through the API with a warehouse key.
func deliver(ctx context.Context, c *client, key string, receipts []inventory.Receipt) {
	h := http.Header{"Authorization": {"Bearer " + key}}
	for _, r := range receipts {
		body, err := json.Marshal(r)
		if err != nil {
			return
		}
		h.Set("Idempotency-Key", fmt.Sprintf("demo-supplier-%s-%s", r.Reference, r.SKU))
		if c.post(ctx, "receiving stock", "/v1/stock/receipts", h, body, nil) != nil {
			return
		}
	}
}
