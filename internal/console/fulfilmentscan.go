package console

import (
	"context"
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/people"
)

// fulfilmentScan opens what a scanned code names: a fulfilment by its id,
// or an order by its number or id (its fulfilment ready to pick in the
// warehouse chosen, else any ready to pick, else its first). A code that
// names nothing comes back at the scan field (422).
func (c *Console) fulfilmentScan(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	code := strings.TrimSpace(r.PostForm.Get("code"))
	problem := func(key string, args ...any) {
		c.fulfilmentQueue(w, r, s, http.StatusUnprocessableEntity, map[string]string{"code": code},
			map[string]string{"code": (view{Locale: locale}).Tf(key, args...)})
	}
	if code == "" {
		problem("fulfilmentscan.empty")
		return
	}
	fid, number, err := c.scannedFulfilment(r.Context(), code, func(fs []fulfilment.Fulfilment) fulfilment.Fulfilment {
		return pickable(fs, r.URL.Query().Get("warehouse"))
	})
	switch {
	case errs.Is(err, errs.NotFound) && number != "":
		problem("fulfilmentscan.not_released", number)
	case errs.Is(err, errs.NotFound):
		problem("fulfilmentscan.unknown", errs.Clip(code))
	case err != nil:
		c.internal(w, r, locale, err)
	default:
		http.Redirect(w, r, "/fulfilments/"+fid, http.StatusSeeOther)
	}
}

// scannedFulfilment resolves a scanned code: a fulfilment's id, else an
// order's number or id, whose fulfilment choose picks. An order with none
// is NotFound with its number; a code that names nothing is NotFound.
func (c *Console) scannedFulfilment(ctx context.Context, code string, choose func([]fulfilment.Fulfilment) fulfilment.Fulfilment) (string, string, error) {
	f, err := c.cfg.Fulfilments.Get(ctx, scannedID(code))
	if err == nil || !errs.Is(err, errs.NotFound) {
		return f.ID, "", err
	}
	o, err := c.cfg.Orders.Get(ctx, scannedID(code))
	switch {
	case err != nil:
		return "", "", err
	case len(o.Fulfilments) == 0:
		return "", o.Number, errs.E(errs.NotFound, "order %s has no fulfilment", o.Number)
	}
	return choose(o.Fulfilments).ID, o.Number, nil
}

// scannedID undoes what a scanner's caps lock (or its absence) does to a
// code: ids are a lower-case prefix and an upper-case ULID ("ful_01J…"),
// order numbers are upper case ("WB-45MT-TN7D").
func scannedID(code string) string {
	prefix, rest, ok := strings.Cut(code, "_")
	if !ok || len(prefix) != 3 {
		return strings.ToUpper(code)
	}
	return strings.ToLower(prefix) + "_" + strings.ToUpper(rest)
}

// pickable is the fulfilment of an order a picker in warehouse most likely
// wants: ready to pick there, else ready to pick anywhere, else the first.
func pickable(fuls []fulfilment.Fulfilment, warehouse string) fulfilment.Fulfilment {
	best, score := fuls[0], 0
	for _, f := range fuls {
		s := 0
		if f.Status == fulfilment.ReadyToPick {
			s = 1
			if strings.EqualFold(f.Warehouse, warehouse) {
				s = 2
			}
		}
		if s > score {
			best, score = f, s
		}
	}
	return best
}

var fulfilmentScanMessages = map[string]map[string]string{
	"en": {
		"fulfilmentscan.empty":        "Scan or type a fulfilment id or an order number.",
		"fulfilmentscan.unknown":      "No fulfilment or order has the code %s.",
		"fulfilmentscan.not_released": "Order %s has not been released to a warehouse yet.",
	},
	"zh": {
		"fulfilmentscan.empty":        "请扫描或输入履约单号或订单号。",
		"fulfilmentscan.unknown":      "没有编码为 %s 的履约单或订单。",
		"fulfilmentscan.not_released": "订单 %s 尚未下发到仓库。",
	},
}
