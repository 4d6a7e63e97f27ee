package console

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/pick"
)

// wallSort takes one step at the wall, as sort-put-wall does. At the item
// step the store only answers where the unit goes (nothing is booked) and
// the screen shows that slot; at the slot step the unit, carried in a
// hidden field, is booked into the slot scanned and the browser goes back
// to the item step (post, redirect, get). A wrong slot, an extra unit or
// an unknown item comes back at its field (422) with nothing booked.
func (c *Console) wallSort(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	id, f := r.PathValue("task"), r.PostForm
	step := f.Get("step")
	if step != "item" && step != "slot" {
		c.renderError(w, r, locale, http.StatusBadRequest, text(locale, "error.bad_request"))
		return
	}
	in := pick.SortScan{ScanID: f.Get("scan_id"), Item: strings.TrimSpace(f.Get("item"))}
	if step == "slot" {
		in.Slot = strings.TrimSpace(f.Get("slot"))
	}
	if in.ScanID == "" {
		in.ScanID = newScanID()
	}
	if in.Item == "" { // at the slot step too: the form lost its item
		c.renderWall(w, r, s, http.StatusUnprocessableEntity, id, wallScan{Step: "item"},
			map[string]string{"item": text(locale, "wall.required.item")}, "")
		return
	}
	if step == "slot" && in.Slot == "" {
		c.wallAgain(w, r, s, id, in, map[string]string{"slot": text(locale, "wall.required.slot")})
		return
	}
	res, err := c.cfg.Floor.Sort(r.Context(), id, in)
	var e *errs.Error
	switch {
	case err == nil && res.Replayed, replayedScan(err):
		done(w, r, "/wall/"+id, "wall_replayed")
	case err == nil && step == "item":
		c.renderWall(w, r, s, http.StatusOK, id, wallScan{Step: "slot", Item: in.Item, Where: &res}, nil, "")
	case err == nil:
		q := url.Values{"put": {strconv.Itoa(res.Slot)}}
		if res.SlotDone {
			q.Set("slot_done", "1")
		}
		if res.WallDone {
			q.Set("wall_done", "1")
		}
		http.Redirect(w, r, "/wall/"+id+"?"+q.Encode(), http.StatusSeeOther)
	case errs.Is(err, errs.Invalid):
		problems := wallFieldErrors(locale, err)
		if msg, ok := problems["slot"]; ok && step == "slot" {
			c.wallAgain(w, r, s, id, in, map[string]string{"slot": msg})
			return
		}
		c.renderWall(w, r, s, http.StatusUnprocessableEntity, id, wallScan{Step: "item"},
			map[string]string{"item": firstMessage(problems)}, "")
	case errs.Is(err, errs.Conflict) && errors.As(err, &e):
		c.renderWall(w, r, s, http.StatusConflict, id, wallScan{Step: "item"}, nil, e.Message)
	case errs.Is(err, errs.NotFound):
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "wall.not_found"))
	default:
		c.internal(w, r, locale, err)
	}
}

// wallAgain shows the slot step again for the unit scanned, with where it
// goes asked afresh (nothing is booked by asking), the problem at the slot
// field. When the unit is no longer owed (another sorter put the last
// one), the item step says so instead.
func (c *Console) wallAgain(w http.ResponseWriter, r *http.Request, s people.Session, id string, in pick.SortScan,
	problems map[string]string) {
	where, err := c.cfg.Floor.Sort(r.Context(), id, pick.SortScan{ScanID: newScanID(), Item: in.Item})
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			c.renderWall(w, r, s, http.StatusUnprocessableEntity, id, wallScan{Step: "item"},
				map[string]string{"item": firstMessage(wallFieldErrors(s.Person.Locale, err))}, "")
			return
		}
		c.internal(w, r, s.Person.Locale, err)
		return
	}
	c.renderWall(w, r, s, http.StatusUnprocessableEntity, id, wallScan{Step: "slot", Item: in.Item, Where: &where}, problems, "")
}

// replayedScan reports the store's refusal of a scan id it booked
// already: the same form sent twice, whose first send was booked.
func replayedScan(err error) bool {
	for _, f := range errs.FieldsOf(err) {
		if f.Path == "scan_id" && f.Code == errs.CodeDuplicate {
			return true
		}
	}
	return false
}

// wallFieldErrors is the store's refusal by field: a sentence in the
// person's language where the problem has one, the store's words (what
// was scanned, where it goes) after it.
func wallFieldErrors(locale string, err error) map[string]string {
	out := map[string]string{}
	for _, f := range errs.FieldsOf(err) {
		if _, seen := out[f.Path]; seen {
			continue
		}
		msg := capital(f.Message)
		if locale != "en" {
			if t := text(locale, "wall.err."+f.Code); t != "wall.err."+f.Code {
				msg = t + "（" + f.Message + "）"
			}
		}
		out[f.Path] = msg
	}
	return out
}
