package order_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/warehouse"
)

// fixture is a database with a catalogue, warehouses and a running engine.
type fixture struct {
	ctx    context.Context
	db     *db.DB
	engine *order.Engine
	orders *order.Store
	stock  *inventory.Store
}

func setup(t *testing.T, d *db.DB, cfg order.Config) *fixture {
	t.Helper()
	f := &fixture{ctx: actor.With(context.Background(), actor.Actor{ID: "key_shop", Name: "shop", Role: actor.Integration}),
		db: d, orders: order.NewStore(d), stock: inventory.NewStore(d)}
	f.engine = order.NewEngine(d, slog.New(slog.DiscardHandler), cfg)
	f.engine.Start()
	t.Cleanup(f.engine.Stop)
	return f
}

// addProducts creates n products SKU-000…, priced 1000 USD minor units each.
func (f *fixture) addProducts(t *testing.T, n int) []string {
	t.Helper()
	var ins []catalog.ProductInput
	var skus []string
	for i := range n {
		sku := fmt.Sprintf("SKU-%03d", i)
		skus = append(skus, sku)
		ins = append(ins, catalog.ProductInput{SKU: sku, Name: "Product " + sku, Category: "general", WeightG: 500,
			LengthMM: 100, WidthMM: 100, HeightMM: 100, PriceMinor: 1000, Currency: "USD"})
	}
	_, err := catalog.NewStore(f.db).CreateMany(f.ctx, ins)
	require.NoError(t, err)
	return skus
}

// addWarehouse creates a warehouse serving the US with one bin, A-01-01-1.
func (f *fixture) addWarehouse(t *testing.T, code string) {
	t.Helper()
	ws := warehouse.NewStore(f.db)
	_, err := ws.Create(f.ctx, warehouse.Input{Code: code, Name: "Site " + code, Latitude: 40, Longitude: -74,
		Address:       warehouse.Address{Line1: "1 Dock St", City: "Newark", Region: "NJ", PostalCode: "07105", Country: "US"},
		RegionsServed: []warehouse.Region{{Country: "US"}}, CutoffTime: "16:00", Timezone: "America/New_York"})
	require.NoError(t, err)
	_, err = ws.AddBins(f.ctx, code, []warehouse.BinInput{{Code: "A-01-01-1", X: 1, Y: 1}})
	require.NoError(t, err)
}

func (f *fixture) receive(t *testing.T, wh, sku string, qty int64) {
	t.Helper()
	_, err := f.stock.Receive(f.ctx, inventory.Receipt{Warehouse: wh, Bin: "A-01-01-1", SKU: sku, Quantity: qty, Reference: "PO"})
	require.NoError(t, err)
}

// request is a valid US order for the given SKU quantities.
func request(ref string, lines ...order.LineInput) order.PlaceRequest {
	return order.PlaceRequest{
		Channel: "web", ExternalRef: ref, PaymentMethod: "prepaid", Currency: "USD",
		Customer: order.CustomerInput{Name: "Ada Lovelace", Email: "ada@example.com", Phone: "+1 650-253-0000"},
		ShippingAddress: address.Address{Name: "Ada Lovelace", Line1: "1600 Amphitheatre Pkwy", City: "Mountain View",
			Region: "CA", PostalCode: "94043", Country: "US"},
		Lines: lines,
	}
}

func line(sku string, qty int64) order.LineInput { return order.LineInput{SKU: sku, Quantity: qty} }
