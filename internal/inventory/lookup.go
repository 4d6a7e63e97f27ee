package inventory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// ref is a warehouse, bin or product found by its code, with both names so
// entries store the id and messages show the code.
type ref struct {
	ID     string
	Code   string
	Active bool
}

// resolver looks up the codes of one request inside its transaction and
// collects every unknown one, so the caller hears about all of them at once.
type resolver struct {
	ctx    context.Context
	tx     *db.Tx
	fields errs.Fields
	err    error
}

func (r *resolver) one(path, what, code, query string, args ...any) ref {
	if r.err != nil || code == "" {
		return ref{}
	}
	out := ref{Code: code}
	err := r.tx.QueryRowContext(r.ctx, query, args...).Scan(&out.ID, &out.Active)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		r.fields.Add(path, errs.CodeUnknown, "there is no %s %s", what, code)
		return ref{}
	case err != nil:
		r.err = fmt.Errorf("look up %s %s: %w", what, code, err)
		return ref{}
	}
	return out
}

func (r *resolver) warehouse(path, code string) ref {
	return r.one(path, "warehouse", code, `SELECT id, active FROM warehouses WHERE code = $1`, code)
}

// bin finds code in warehouse w; nothing is reported if w itself was unknown.
func (r *resolver) bin(path string, w ref, code string) ref {
	if w.ID == "" {
		return ref{}
	}
	b := r.one(path, "bin", code, `SELECT id, active FROM bins WHERE warehouse_id = $1 AND code = $2`, w.ID, code)
	if b.ID == "" && r.err == nil && code != "" {
		r.fields[len(r.fields)-1].Message = fmt.Sprintf("warehouse %s has no bin %s", w.Code, code)
	}
	return b
}

func (r *resolver) product(path, sku string) ref {
	return r.one(path, "SKU", sku, `SELECT id, active FROM products WHERE sku = $1`, sku)
}

// done returns the lookup failure, or an Invalid error naming every unknown code.
func (r *resolver) done() error {
	if r.err != nil {
		return r.err
	}
	return r.fields.Err()
}

// takesStock refuses new stock for an inactive warehouse or bin: an inactive
// place is being emptied or closed, and what is in it may still leave.
func takesStock(w, b ref) error {
	if !w.Active {
		return errs.E(errs.Conflict, "warehouse %s is inactive and takes no new stock", w.Code)
	}
	if !b.Active {
		return errs.E(errs.Conflict, "bin %s in warehouse %s is inactive and takes no new stock", b.Code, w.Code)
	}
	return nil
}
