package catalog_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
)

// fixture is what a catalogue test needs: a store on a fresh database and
// a context with an actor, which every write needs for its audit entry.
type fixture struct {
	ctx   context.Context
	db    *db.DB
	store *catalog.Store
}

func setup(t *testing.T, d *db.DB) fixture {
	t.Helper()
	return fixture{ctx: actor.With(context.Background(), actor.CLI("test")), db: d, store: catalog.NewStore(d)}
}

func product(sku string, barcodes ...string) catalog.ProductInput {
	return catalog.ProductInput{
		SKU: sku, Name: "Product " + sku, Category: "kitchen", Attributes: map[string]string{"colour": "blue"},
		Barcodes: barcodes, WeightG: 350, LengthMM: 120, WidthMM: 90, HeightMM: 100, PriceMinor: 1299, Currency: "EUR",
	}
}

// counts is the number of products, barcodes and audit entries, compared
// before and after a refused write to prove nothing was half written.
type counts struct{ products, barcodes, audit int }

func (f fixture) counts(t *testing.T) counts {
	t.Helper()
	var c counts
	err := f.db.Read(f.ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(f.ctx, `SELECT (SELECT count(*) FROM products), (SELECT count(*) FROM product_barcodes),
			(SELECT count(*) FROM audit_log)`).Scan(&c.products, &c.barcodes, &c.audit)
	})
	require.NoError(t, err)
	return c
}

func (f fixture) create(t *testing.T, in catalog.ProductInput) catalog.Product {
	t.Helper()
	p, err := f.store.Create(f.ctx, in)
	require.NoError(t, err)
	return p
}
