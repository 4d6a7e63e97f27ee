package catalog

import (
	"context"
	"strconv"
	"time"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
)

// Store reads and writes the catalogue. Each exported method is one unit of
// work in its own transaction, and every write records an audit entry in it.
type Store struct {
	db *db.DB
}

// NewStore returns the catalogue kept in d; d must be migrated.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

func newProduct(in ProductInput, now time.Time) Product {
	p := Product{ID: id.New("prd", now), Active: true, CreatedAt: now, UpdatedAt: now}
	p.fill(in)
	return p
}

// Create adds one active product. Invalid input fails with every field at
// fault; a sku or barcode already in the catalogue fails with Conflict.
func (s *Store) Create(ctx context.Context, in ProductInput) (Product, error) {
	if err := in.Validate(); err != nil {
		return Product{}, err
	}
	var p Product
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		p = newProduct(in, tx.Now)
		if err := checkUnique(ctx, tx, "", in); err != nil {
			return err
		}
		if err := insertProducts(ctx, tx, []Product{p}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "product.create", "product", p.ID, in)
	})
	if err != nil {
		return Product{}, err
	}
	return p, nil
}

// CreateMany adds products all together or not at all, in batched inserts;
// the demo loader and other bulk callers use it. Field paths in errors lead
// with the input's index ("[3].sku").
func (s *Store) CreateMany(ctx context.Context, ins []ProductInput) ([]Product, error) {
	var f errs.Fields
	skus := map[string]int{}
	gtins := map[string]int{}
	for i, in := range ins {
		at := "[" + strconv.Itoa(i) + "]"
		bad := in.check()
		f.Merge(at, bad)
		if len(bad) > 0 {
			continue
		}
		if j, dup := skus[foldSKU(in.SKU)]; dup {
			f.Add(at+".sku", errs.CodeDuplicate, "sku %s repeats [%d].sku", in.SKU, j)
		}
		skus[foldSKU(in.SKU)] = i
		for k, code := range in.Barcodes {
			if j, dup := gtins[gtin14(code)]; dup {
				f.Add(at+".barcodes["+strconv.Itoa(k)+"]", errs.CodeDuplicate, "barcode %s repeats one of [%d]", code, j)
			}
			gtins[gtin14(code)] = i
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var ps []Product
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		var allSKUs, allGTINs []string
		for _, in := range ins {
			allSKUs = append(allSKUs, in.SKU)
			allGTINs = append(allGTINs, gtinsOf(in.Barcodes)...)
		}
		h, err := findHolders(ctx, tx, allSKUs, allGTINs)
		if err != nil {
			return err
		}
		var taken errs.Fields
		ps = make([]Product, len(ins))
		for i, in := range ins {
			taken.Merge("["+strconv.Itoa(i)+"]", h.collisions("", in))
			ps[i] = newProduct(in, tx.Now)
		}
		if err := conflict(taken); err != nil {
			return err
		}
		if err := insertProducts(ctx, tx, ps); err != nil {
			return err
		}
		for i, p := range ps {
			if err := audit.Record(ctx, tx, "product.create", "product", p.ID, ins[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ps, nil
}

// Get returns the product with this id or sku, or NotFound.
func (s *Store) Get(ctx context.Context, productID string) (Product, error) {
	return s.getBy(ctx, byRef, productID)
}

// GetBySKU returns the product with a merchant's sku, which is how orders
// and imports name products; NotFound if there is none.
func (s *Store) GetBySKU(ctx context.Context, sku string) (Product, error) {
	return s.getBy(ctx, "sku", sku)
}

func (s *Store) getBy(ctx context.Context, column, value string) (Product, error) {
	if !isText(value) {
		return Product{}, errs.E(errs.NotFound, "no product with %s %q", column, errs.Clip(value))
	}
	var p Product
	err := s.db.Read(ctx, func(tx *db.Tx) (err error) {
		p, err = getTx(ctx, tx, column, value, false)
		return err
	})
	return p, err
}
