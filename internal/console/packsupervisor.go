package console

import (
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/people"
)

// packAccept accepts a held parcel's weight with what the check found, as
// accept-parcel-weight does (admins only, and not the packer who weighed
// it: that refusal is said above the forms, 403).
func (c *Console) packAccept(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	id, f := r.PathValue("id"), r.PostForm
	typed := map[string]string{"reason": strings.TrimSpace(f.Get("reason"))}
	parcel, err := c.deskParcel(r, id, f.Get("parcel"))
	if err != nil {
		c.packRefused(w, r, s, id, typed, err, nil)
		return
	}
	if len(typed["reason"]) > 200 {
		c.packRefused(w, r, s, id, typed, errs.Field("reason", errs.CodeTooLong, "%s", text(locale, "packsupervisor.reason_long")), nil)
		return
	}
	res, err := c.cfg.Packing.AcceptWeight(r.Context(), parcel, pack.Accept{ScanID: scanID(f), Reason: typed["reason"]})
	switch {
	case err != nil:
		c.packRefused(w, r, s, id, typed, err, nil)
	case res.Done:
		done(w, r, "/pack/"+id, "pack_accepted_done")
	default:
		done(w, r, "/pack/"+id, "pack_accepted")
	}
}

// packWriteOff writes off damaged or missing units, as
// resolve-pack-problem does (admins only). Its fields are named apart
// from the item scan's (problem_item, problem_quantity) so that each
// form's problems show at its own fields.
func (c *Console) packWriteOff(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	id, f := r.PathValue("id"), r.PostForm
	typed := map[string]string{"problem_item": strings.TrimSpace(f.Get("problem_item")),
		"problem_quantity": strings.TrimSpace(f.Get("problem_quantity")), "kind": f.Get("kind"), "note": strings.TrimSpace(f.Get("note")),
		"found": strings.TrimSpace(f.Get("found")), "bin": strings.TrimSpace(f.Get("bin"))}
	var bad errs.Fields
	in := pack.Problem{ScanID: scanID(f), Item: typed["problem_item"], Quantity: packNumber(f, "problem_quantity", locale, &bad),
		Kind: typed["kind"], Note: typed["note"], Found: typed["found"], Bin: typed["bin"]}
	if in.Item == "" {
		bad.Add("problem_item", errs.CodeRequired, "%s", text(locale, "packsupervisor.required.item"))
	}
	if in.Quantity < 0 || in.Quantity > 10_000 {
		bad.Add("problem_quantity", errs.CodeOutOfRange, "%s", text(locale, "packscan.quantity_range"))
	}
	if len(in.Note) > 200 {
		bad.Add("note", errs.CodeTooLong, "%s", text(locale, "packsupervisor.note_long"))
	}
	rename := map[string]string{"item": "problem_item", "quantity": "problem_quantity"}
	if len(bad) > 0 {
		c.packRefused(w, r, s, id, typed, bad.Err(), rename)
		return
	}
	st, err := c.cfg.Packing.Resolve(r.Context(), id, in)
	switch {
	case err != nil:
		c.packRefused(w, r, s, id, typed, err, rename)
	case st.Status == "packed":
		done(w, r, "/pack/"+id, "pack_written_off_done")
	default:
		done(w, r, "/pack/"+id, "pack_written_off")
	}
}

var packSupervisorMessages = map[string]map[string]string{
	"en": {
		"packsupervisor.reason_long":   "Say it in at most 200 characters.",
		"packsupervisor.note_long":     "The note is at most 200 characters.",
		"packsupervisor.required.item": "Choose the item.",
		"done.pack_accepted":           "Weight accepted: the parcel is packed.",
		"done.pack_accepted_done":      "Weight accepted: the parcel is packed, and so is the order.",
		"done.pack_written_off":        "Written off: the order line goes short of those units.",
		"done.pack_written_off_done":   "Written off; every unit left is packed, so the order is packed.",
	},
	"zh": {
		"packsupervisor.reason_long":   "请控制在 200 个字符以内。",
		"packsupervisor.note_long":     "备注最多 200 个字符。",
		"packsupervisor.required.item": "请选择商品。",
		"done.pack_accepted":           "已接受重量：包裹已封箱。",
		"done.pack_accepted_done":      "已接受重量：包裹已封箱，订单也已打包完成。",
		"done.pack_written_off":        "已核销：订单行按缺少这些件数处理。",
		"done.pack_written_off_done":   "已核销；其余商品都已封箱，订单已打包完成。",
	},
}
