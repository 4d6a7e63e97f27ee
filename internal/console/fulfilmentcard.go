package console

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/inventory"
)

// fulfilmentCard is a fulfilment as a picker and packer read it: its
// orders by number, its lines with a bin to pick from, and the packing
// instructions (gift wrap and message from the fulfilment, fragile and
// valuable from the products, the customer's note from the order).
type fulfilmentCard struct {
	fulfilment.Fulfilment
	Status, Created   string
	Orders            []orderRef
	Lines             []pickLine
	Notes             []string // the customers' notes
	Fragile, Valuable bool     // some line is
}

type orderRef struct{ ID, Number string }

// pickLine is a line with the bin that holds its SKU (empty when no bin
// of the warehouse does) and its product's handling flags.
type pickLine struct {
	fulfilment.Line
	Bin               string
	Fragile, Valuable bool
}

// cardReader reads what the cards of one page need, each order, product
// and bin once.
type cardReader struct {
	c        *Console
	ctx      context.Context
	locale   string
	orders   map[string]orderRef
	notes    map[string]string
	products map[string][2]bool
	bins     map[[2]string]string
}

func (c *Console) cardReader(ctx context.Context, locale string) *cardReader {
	return &cardReader{c: c, ctx: ctx, locale: locale, orders: map[string]orderRef{}, notes: map[string]string{},
		products: map[string][2]bool{}, bins: map[[2]string]string{}}
}

func (cr *cardReader) card(f fulfilment.Fulfilment) (fulfilmentCard, error) {
	card := fulfilmentCard{Fulfilment: f, Status: word(cr.locale, "fulfilments.status.", string(f.Status)),
		Created: f.CreatedAt.UTC().Format(time.DateTime + " UTC")}
	seen := map[string]bool{}
	for _, l := range f.Lines {
		orderID := l.OrderID
		if orderID == "" {
			orderID = f.OrderID
		}
		if !seen[orderID] {
			seen[orderID] = true
			ref, err := cr.order(orderID)
			if err != nil {
				return card, err
			}
			card.Orders = append(card.Orders, ref)
			if note := cr.notes[orderID]; note != "" {
				card.Notes = append(card.Notes, note)
			}
		}
		flags, err := cr.product(l.ProductID)
		if err != nil {
			return card, err
		}
		bin, err := cr.bin(f.Warehouse, l.SKU)
		if err != nil {
			return card, err
		}
		card.Lines = append(card.Lines, pickLine{Line: l, Bin: bin, Fragile: flags[0], Valuable: flags[1]})
		card.Fragile, card.Valuable = card.Fragile || flags[0], card.Valuable || flags[1]
	}
	return card, nil
}

// prefetch reads the orders of a page of fulfilments (their own and their
// merged lines') in one query, so each card finds its order cached.
func (cr *cardReader) prefetch(fs []fulfilment.Fulfilment) error {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.OrderID)
		for _, l := range f.Lines {
			if l.OrderID != "" {
				ids = append(ids, l.OrderID)
			}
		}
	}
	orders, err := cr.c.cfg.Orders.Headers(cr.ctx, ids)
	for _, o := range orders {
		cr.orders[o.ID], cr.notes[o.ID] = orderRef{ID: o.ID, Number: o.Number}, o.SpecialRequests.Note
	}
	return err
}

func (cr *cardReader) order(id string) (orderRef, error) {
	if ref, ok := cr.orders[id]; ok {
		return ref, nil
	}
	o, err := cr.c.cfg.Orders.Get(cr.ctx, id)
	if errs.Is(err, errs.NotFound) {
		return orderRef{ID: id, Number: id}, nil
	}
	if err != nil {
		return orderRef{}, err
	}
	cr.orders[id], cr.notes[id] = orderRef{ID: o.ID, Number: o.Number}, o.SpecialRequests.Note
	return cr.orders[id], nil
}

func (cr *cardReader) product(id string) ([2]bool, error) {
	if flags, ok := cr.products[id]; ok {
		return flags, nil
	}
	p, err := cr.c.cfg.Products.Get(cr.ctx, id)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return [2]bool{}, err
	}
	cr.products[id] = [2]bool{p.Fragile, p.Valuable}
	return cr.products[id], nil
}

// bin is the first bin of the warehouse holding the SKU, as list-bin-stock
// lists them.
func (cr *cardReader) bin(warehouse, sku string) (string, error) {
	key := [2]string{warehouse, sku}
	if bin, ok := cr.bins[key]; ok {
		return bin, nil
	}
	held, err := cr.c.cfg.Stock.BinBalances(cr.ctx, inventory.Filter{Warehouse: warehouse, SKU: sku, Limit: 1})
	if err != nil {
		return "", err
	}
	if len(held) > 0 {
		cr.bins[key] = held[0].Bin
	}
	return cr.bins[key], nil
}
