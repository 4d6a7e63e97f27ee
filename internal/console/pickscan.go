package console

import (
	"crypto/rand"
	"errors"
	"net/http"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/pick"
)

// pickScan takes one step of a stop: the scan just typed, with the ones
// before it from hidden fields. Every step is checked by the store's own
// rules (Store.Pick, as scan-pick calls it): the steps still to come are
// sent blank, and a blank tote is always refused, so nothing is booked
// before the last step; the refusal is read only for the fields scanned
// so far. A wrong scan comes back at its field (422) with nothing
// recorded; a right one moves to the next step; the last one books the
// units and goes on to the next stop (post, redirect, get).
func (c *Console) pickScan(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	id, f := r.PathValue("id"), r.PostForm
	at := slices.Index(pickSteps, f.Get("step"))
	if at < 0 {
		c.renderError(w, r, locale, http.StatusBadRequest, text(locale, "error.bad_request"))
		return
	}
	state := pickScanState{Line: f.Get("line")}
	scanned := []*string{&state.Bin, &state.Item, &state.Quantity, &state.Tote}
	for i, name := range pickSteps[:at+1] {
		*scanned[i] = strings.TrimSpace(f.Get(name))
	}
	in := pick.Scan{ScanID: f.Get("scan_id"), Line: state.Line, Bin: state.Bin, Item: state.Item, Tote: state.Tote}
	if in.ScanID == "" {
		in.ScanID = newScanID()
	}
	var bad errs.Fields
	if at >= 2 {
		in.Quantity = formNumber(f, "quantity", &bad)
	}
	if *scanned[at] == "" {
		bad.Add(pickSteps[at], errs.CodeRequired, "%s", text(locale, "pickscan.required."+pickSteps[at]))
	}
	res, err := c.cfg.Floor.Pick(r.Context(), id, in)
	err = withParseErrors(bad, err)
	var e *errs.Error
	switch {
	case err == nil && res.TaskDone:
		done(w, r, "/pick/"+id, "pick_task_done")
	case err == nil && res.FulfilmentPicked:
		done(w, r, "/pick/"+id, "pick_fulfilment_picked")
	case err == nil:
		done(w, r, "/pick/"+id, "pick_booked")
	case errs.Is(err, errs.Invalid):
		problems := pickFieldErrors(locale, err)
		for i, name := range pickSteps[:at+1] {
			if msg, wrong := problems[name]; wrong {
				// Back at the first wrong scan, its field empty for the
				// next scan (the message names what was scanned).
				*scanned[i] = ""
				if name == "quantity" {
					state.Quantity = f.Get("quantity")
				}
				for _, later := range scanned[i+1:] {
					*later = ""
				}
				c.renderPickTask(w, r, s, http.StatusUnprocessableEntity, id, state, name, map[string]string{name: msg}, "")
				return
			}
		}
		if at == len(pickSteps)-1 { // every scan right, yet refused: a used scan id, a line gone
			c.renderPickTask(w, r, s, http.StatusConflict, id, pickScanState{}, "bin", nil, firstMessage(problems))
			return
		}
		c.renderPickTask(w, r, s, http.StatusOK, id, state, pickSteps[at+1], nil, "")
	case errs.Is(err, errs.Conflict) && errors.As(err, &e):
		// The task or the stop refuses the scan whatever was scanned:
		// not claimed by the person, nothing left, a valuable line not
		// verified. Said above the step it was at.
		c.renderPickTask(w, r, s, http.StatusConflict, id, state, pickSteps[at], nil, e.Message)
	case errs.Is(err, errs.NotFound):
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "picktask.not_found"))
	default:
		c.internal(w, r, locale, err)
	}
}

// newScanID is the key of one confirmation, made when its form is shown:
// the store books a key once, so a form sent twice books once.
func newScanID() string { return "hh-" + rand.Text() }

// pickFieldErrors is the store's refusal by field, in the person's
// language where the problem has a sentence, with the store's words (what
// was scanned, what was expected) after it.
func pickFieldErrors(locale string, err error) map[string]string {
	out := map[string]string{}
	for _, f := range errs.FieldsOf(err) {
		if _, seen := out[f.Path]; seen {
			continue
		}
		msg := capital(f.Message)
		if locale != "en" {
			if t := text(locale, "pickscan.err."+f.Code); t != "pickscan.err."+f.Code {
				msg = t + "（" + f.Message + "）"
			}
		}
		out[f.Path] = msg
	}
	return out
}

func firstMessage(problems map[string]string) string {
	for _, k := range []string{"scan_id", "line"} {
		if m, ok := problems[k]; ok {
			return m
		}
	}
	for _, m := range problems {
		return m
	}
	return ""
}

// capital starts a store's message (written to follow a colon) as a
// sentence.
func capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

var pickScanMessages = map[string]map[string]string{
	"en": {
		"pickscan.required.bin":       "Scan the bin's label.",
		"pickscan.required.item":      "Scan the item's barcode, or type its SKU.",
		"pickscan.required.quantity":  "Enter how many you took.",
		"pickscan.required.tote":      "Scan the tote's label.",
		"pickscan.err.wrong_bin":      "Wrong bin",
		"pickscan.err.wrong_item":     "Wrong item",
		"pickscan.err.too_many":       "Too many",
		"pickscan.err.wrong_tote":     "Wrong tote",
		"pickscan.err.tote_in_use":    "This tote holds another order",
		"pickscan.err.invalid_format": "Not a valid code",
		"done.pick_booked":            "Booked. Here is the next stop.",
		"done.pick_fulfilment_picked": "Booked, and that order is fully picked. Here is the next stop.",
		"done.pick_task_done":         "Booked. That was the last stop.",
	},
	"zh": {
		"pickscan.required.bin":       "请扫描库位标签。",
		"pickscan.required.item":      "请扫描商品条码，或输入 SKU。",
		"pickscan.required.quantity":  "请输入拣了几件。",
		"pickscan.required.tote":      "请扫描周转箱标签。",
		"pickscan.err.wrong_bin":      "库位不对",
		"pickscan.err.wrong_item":     "商品不对",
		"pickscan.err.too_many":       "数量过多",
		"pickscan.err.wrong_tote":     "周转箱不对",
		"pickscan.err.tote_in_use":    "此周转箱已被其他订单占用",
		"pickscan.err.invalid_format": "编码格式无效",
		"done.pick_booked":            "已记录。下一个拣货点如下。",
		"done.pick_fulfilment_picked": "已记录，该订单已全部拣完。下一个拣货点如下。",
		"done.pick_task_done":         "已记录。这是最后一个拣货点。",
	},
}
