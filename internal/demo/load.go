package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/warehouse"
)

// CatalogueSize is how many products Load creates.
const CatalogueSize = 300

// Summary counts what Load created.
type Summary struct {
	Products, Warehouses, Bins, Receipts int
	Units                                int64
	RiskRules, ShortagePolicies          int
}

// Load fills d with the demo catalogue, warehouses, opening stock and the
// operator's rules (risk rules, shortage policies, settings) through
// the same store methods the API uses, so the demo data passes the same
// validation as anything a user enters.
func Load(ctx context.Context, d *db.DB, seed uint64) (Summary, error) {
	ctx = actor.With(ctx, actor.CLI("demo"))
	products := Products(seed, CatalogueSize)
	sites := Warehouses()
	var sum Summary

	inputs := make([]catalog.ProductInput, len(products))
	for i, p := range products {
		inputs[i] = catalog.ProductInput{
			SKU: p.SKU, Name: p.Name, Category: p.Category, Attributes: p.Attributes, Barcodes: []string{p.Barcode},
			WeightG: int64(p.WeightG), LengthMM: int64(p.LengthMM), WidthMM: int64(p.WidthMM), HeightMM: int64(p.HeightMM),
			Fragile: p.Fragile, Liquid: p.Liquid, Valuable: p.Valuable, Hazmat: p.Haz,
			PriceMinor: p.PriceMinor, Currency: p.Currency,
		}
	}
	created, err := catalog.NewStore(d).CreateMany(ctx, inputs)
	if err != nil {
		return sum, fmt.Errorf("demo products: %w", err)
	}
	sum.Products = len(created)

	whs := warehouse.NewStore(d)
	for _, w := range sites {
		in := warehouse.Input{
			Code: w.Code, Name: w.Name, Latitude: w.Lat, Longitude: w.Lon, Categories: w.Categories,
			CutoffTime: w.Cutoff, Timezone: w.Timezone,
			Address: warehouse.Address{Line1: w.Line1, City: w.City, Region: w.Region, PostalCode: w.Zip, Country: w.Country},
		}
		for _, country := range sortedCountries(w.Serves) {
			in.RegionsServed = append(in.RegionsServed, demoRate(w.Country, country, w.Serves[country]))
		}
		if _, err := whs.Create(ctx, in); err != nil {
			return sum, fmt.Errorf("demo warehouse %s: %w", w.Code, err)
		}
		bins, err := whs.AddBins(ctx, w.Code, w.Bins)
		if err != nil {
			return sum, fmt.Errorf("demo bins of %s: %w", w.Code, err)
		}
		if _, err := whs.PutLayout(ctx, w.Code, w.Layout); err != nil {
			return sum, fmt.Errorf("demo layout of %s: %w", w.Code, err)
		}
		sum.Warehouses++
		sum.Bins += len(bins)
	}

	stock := OpeningStock(seed, products, sites)
	receipts := make([]inventory.Receipt, len(stock))
	for i, s := range stock {
		receipts[i] = inventory.Receipt{Warehouse: s.Warehouse, Bin: s.Bin, SKU: s.SKU, Quantity: int64(s.Quantity), Reference: "DEMO-OPENING"}
		sum.Units += int64(s.Quantity)
	}
	if _, err := inventory.NewStore(d, inventory.WithWaiting(inventory.NoneWaiting)).ReceiveAll(ctx, receipts); err != nil {
		return sum, fmt.Errorf("demo stock: %w", err)
	}
	sum.Receipts = len(receipts)
	if sum.RiskRules, sum.ShortagePolicies, err = loadRules(ctx, d, ScarceSKUs(products)); err != nil {
		return sum, err
	}
	return sum, nil
}

func sortedCountries(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// demoRate is a plausible parcel rate: cheap and quick at home, dearer and
// slower across a border (minor units of the reporting currency).
func demoRate(home, country string, prefixes []string) warehouse.Region {
	if country == home {
		return warehouse.Region{Country: country, PostalPrefixes: prefixes, ParcelCostMinor: 600, PerKgMinor: 150, TransitDays: 2}
	}
	return warehouse.Region{Country: country, PostalPrefixes: prefixes, ParcelCostMinor: 1400, PerKgMinor: 300, TransitDays: 4}
}
