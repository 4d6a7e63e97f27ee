package console

import (
	"net/http"
	"strconv"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/pick"
)

// The put-wall screen (/wall/{task}) is for the sorter at the wall of a
// put-wall task, on a phone or a desk screen with a keyboard-wedge
// scanner: scan a unit from the bulk tote, the screen shows its slot
// number big, scan the slot's label, and it is booked. Below, the wall
// itself, one cell a slot. It works without script, like the pick screen.

// The operations the wall mirrors (internal/pick/api.go).
const (
	opGetPutWall  = "get-put-wall"
	opSortPutWall = "sort-put-wall"
)

// wallPage is the wall screen: the step it is at (the item, or the slot
// for the item scanned), where that item goes, and the slots.
type wallPage struct {
	Task           pick.Task
	Slots          []pick.Slot
	Step           string // "item" or "slot"
	Item           string // the item scanned, at the slot step
	Where          *pick.SortResult
	ScanID         string // fresh for each form shown: a form sent twice books once
	Problem        string
	Sorted, Needed int64
	Full           int  // slots done
	Done           bool // every slot is done: nothing is left to sort
}

// wall shows the wall at the item step, with the outcome of the last
// booking (?put=, ?slot_done=, ?wall_done=) as its notice.
func (c *Console) wall(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.renderWall(w, r, s, http.StatusOK, r.PathValue("task"), wallScan{Step: "item"}, nil, "")
}

// wallScan is the step a wall form is at and what was scanned.
type wallScan struct {
	Step, Item string
	Where      *pick.SortResult
}

// renderWall reads the task and its wall, and shows them at the step of
// scan, with problems at their fields or one above the form.
func (c *Console) renderWall(w http.ResponseWriter, r *http.Request, s people.Session, status int, taskID string,
	scan wallScan, problems map[string]string, problem string) {
	locale := s.Person.Locale
	t, err := c.cfg.Floor.Task(r.Context(), taskID)
	if errs.Is(err, errs.NotFound) || (err == nil && t.Strategy != pick.PutWall) {
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "wall.not_found"))
		return
	}
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	slots, err := c.cfg.Floor.Wall(r.Context(), taskID)
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	data := wallPage{Task: t, Slots: slots, Step: scan.Step, Item: scan.Item, Where: scan.Where, ScanID: newScanID(),
		Problem: problem}
	for _, sl := range slots {
		data.Sorted += sl.Sorted
		data.Needed += sl.Needed
		if sl.Done {
			data.Full++
		}
	}
	data.Done = len(slots) > 0 && data.Full == len(slots)
	v := c.personView(s, "wall.title")
	if data.Where != nil && data.Step == "slot" {
		v.Title = v.Tf("wall.slot_title", data.Where.Slot)
	}
	v.Errors, v.Data, v.Path = problems, data, "/wall/"+t.ID
	v.Form = map[string]string{data.Step: ""}
	if status == http.StatusOK && r.Method == http.MethodGet {
		v.Notice = wallNotice(v, r)
	}
	c.render(w, r, status, "wall", v)
}

// wallNotice is the outcome of the booking the browser was sent back
// from, read from the query the redirect wrote.
func wallNotice(v view, r *http.Request) string {
	q := r.URL.Query()
	slot, err := strconv.Atoi(q.Get("put"))
	switch {
	case q.Get("wall_done") != "":
		return v.T("wall.wall_done_notice")
	case err != nil || slot <= 0:
		return ""
	case q.Get("slot_done") != "":
		return v.Tf("wall.slot_done_notice", slot)
	default:
		return v.Tf("wall.booked_notice", slot)
	}
}

var wallMessages = map[string]map[string]string{
	"en": {
		"wall.title":             "Put wall",
		"wall.slot_title":        "Slot %d",
		"wall.not_found":         "There is no put wall for this task: it is not a put-wall task, or there is no such task.",
		"wall.task":              "Task %s",
		"wall.slot":              "Slot",
		"wall.order":             "Order %s",
		"wall.put_into":          "Put it into slot %d",
		"wall.scan.item":         "Scan the item",
		"wall.scan.slot":         "Scan the slot's label",
		"wall.ok":                "OK",
		"wall.other_item":        "Scan another item instead",
		"wall.scanned":           "Item %s",
		"wall.walking":           "The walk is not done yet: units can be sorted as they are picked.",
		"wall.bulk_tote":         "Bulk tote %s",
		"wall.slots":             "The wall",
		"wall.progress":          "%d of %d units sorted · %d of %d slots complete",
		"wall.done":              "done",
		"wall.short":             "%d short",
		"wall.finished":          "Wall done: every unit is sorted and every slot complete. Its orders go to packing.",
		"wall.booked_notice":     "Booked into slot %d. Scan the next item.",
		"wall.slot_done_notice":  "Booked. Slot %d complete: its order goes to packing. Scan the next item.",
		"wall.wall_done_notice":  "Booked. Wall done: every unit is sorted, the bulk tote is free.",
		"done.wall_replayed":     "That scan was booked already. Scan the next item.",
		"wall.required.item":     "Scan the item's barcode, or type its SKU.",
		"wall.required.slot":     "Scan the slot's label.",
		"wall.err.wrong_slot":    "Wrong slot",
		"wall.err.extra_unit":    "Extra unit",
		"wall.err.unknown_value": "Unknown item",
		"wall.link":              "Put wall",
		"wall.take_tote":         "Take the bulk tote to the wall and sort its units into their slots.",
		"wall.open":              "Open the wall",
		"wall.back_to_task":      "The pick task",
	},
	"zh": {
		"wall.title":             "播种墙",
		"wall.slot_title":        "格口 %d",
		"wall.not_found":         "此任务没有播种墙：它不是播种墙任务，或没有此任务。",
		"wall.task":              "任务 %s",
		"wall.slot":              "格口",
		"wall.order":             "订单 %s",
		"wall.put_into":          "请放入格口 %d",
		"wall.scan.item":         "扫描商品",
		"wall.scan.slot":         "扫描格口标签",
		"wall.ok":                "确定",
		"wall.other_item":        "改扫其他商品",
		"wall.scanned":           "商品 %s",
		"wall.walking":           "拣货尚未完成：已拣的商品即可分播。",
		"wall.bulk_tote":         "汇总箱 %s",
		"wall.slots":             "播种墙",
		"wall.progress":          "已分播 %d / %d 件 · 已满 %d / %d 个格口",
		"wall.done":              "已完成",
		"wall.short":             "缺 %d 件",
		"wall.finished":          "播种墙已完成：所有商品均已分播，所有格口已满。订单将进入打包。",
		"wall.booked_notice":     "已放入格口 %d。请扫描下一件商品。",
		"wall.slot_done_notice":  "已记录。格口 %d 已满：该订单将进入打包。请扫描下一件商品。",
		"wall.wall_done_notice":  "已记录。播种墙已完成：所有商品均已分播，汇总箱已空出。",
		"done.wall_replayed":     "此次扫描已记录过。请扫描下一件商品。",
		"wall.required.item":     "请扫描商品条码，或输入 SKU。",
		"wall.required.slot":     "请扫描格口标签。",
		"wall.err.wrong_slot":    "格口不对",
		"wall.err.extra_unit":    "多出的商品",
		"wall.err.unknown_value": "未知商品",
		"wall.link":              "播种墙",
		"wall.take_tote":         "请把汇总箱送到播种墙，把商品逐件分播到各自的格口。",
		"wall.open":              "打开播种墙",
		"wall.back_to_task":      "拣货任务",
	},
}
