package inventory

import (
	"context"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
)

// inScope refuses a movement that touches a warehouse outside the caller's
// key (a warehouse key confined to its sites: actor.Actor.Warehouses).
// pairs are JSON path and warehouse code, as sent.
func inScope(ctx context.Context, pairs ...string) error {
	who, ok := actor.From(ctx)
	if !ok || len(who.Warehouses) == 0 {
		return nil
	}
	var f errs.Fields
	for i := 0; i+1 < len(pairs); i += 2 {
		if code := strings.ToUpper(strings.TrimSpace(pairs[i+1])); !who.SeesWarehouse(code) {
			f.Add(pairs[i], errs.CodeOutOfScope, "this key may move stock only in %s", strings.Join(who.Warehouses, ", "))
		}
	}
	if len(f) == 0 {
		return nil
	}
	return errs.OutOfScope("warehouses", f)
}
