package console

import (
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/pick"
)

// opVerifyPick is the operation the second-scan form mirrors.
const opVerifyPick = "verify-pick"

// pickVerify is an admin's second scan of a valuable stop, as verify-pick
// takes it: the bin and the item scanned at the cage; problems at the
// form's fields.
func (c *Console) pickVerify(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	id, f := r.PathValue("id"), r.PostForm
	in := pick.Verification{ScanID: f.Get("scan_id"), Line: f.Get("line"), Bin: strings.TrimSpace(f.Get("verify_bin")),
		Item: strings.TrimSpace(f.Get("verify_item"))}
	if in.ScanID == "" {
		in.ScanID = newScanID()
	}
	_, err := c.cfg.Floor.Verify(r.Context(), id, in)
	switch {
	case err == nil:
		done(w, r, "/pick/"+id, "pick_verified")
	case errs.Is(err, errs.Invalid):
		at := map[string]string{}
		for field, msg := range pickFieldErrors(locale, err) {
			at["verify_"+field] = msg
		}
		c.renderPickTask(w, r, s, http.StatusUnprocessableEntity, id, pickScanState{}, "bin", at, at["verify_line"]+at["verify_scan_id"])
	default:
		c.pickRefused(w, r, s, id, err)
	}
}
