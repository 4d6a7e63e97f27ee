package console

import (
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/pick"
)

// opReportShortPick is the operation the short form mirrors.
const opReportShortPick = "report-short-pick"

// pickShort reports the stop's bin short, as report-short-pick does: the
// picker scans the bin and types how many units are there. The rest comes
// from other bins as new stops, or the order line goes short; the bin gets
// a count task. Problems come back at the form's fields.
func (c *Console) pickShort(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	id, f := r.PathValue("id"), r.PostForm
	var bad errs.Fields
	in := pick.ShortReport{ScanID: f.Get("scan_id"), Line: f.Get("line"), Bin: strings.TrimSpace(f.Get("short_bin")),
		Found: formNumber(f, "found", &bad)}
	if in.ScanID == "" {
		in.ScanID = newScanID()
	}
	if in.Bin == "" {
		bad.Add("bin", errs.CodeRequired, "%s", text(locale, "pickscan.required.bin"))
	}
	res, err := c.cfg.Floor.Short(r.Context(), id, in)
	err = withParseErrors(bad, err)
	switch {
	case err == nil && res.Missing > 0:
		done(w, r, "/pick/"+id, "pick_short_missing")
	case err == nil:
		done(w, r, "/pick/"+id, "pick_short_resourced")
	case errs.Is(err, errs.Invalid):
		problems := pickFieldErrors(locale, err)
		at := map[string]string{}
		for field, msg := range problems {
			if field == "bin" {
				field = "short_bin"
			}
			at[field] = msg
		}
		c.renderPickTask(w, r, s, http.StatusUnprocessableEntity, id, pickScanState{Line: in.Line}, "bin", at, "")
	default:
		c.pickRefused(w, r, s, id, err)
	}
}
