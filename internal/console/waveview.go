package console

import (
	"fmt"
	"net/http"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/pick"
)

// wavePage is one wave as get-wave reads it, with the walking its plan
// saves, overall and per task.
type wavePage struct {
	Wave                    pick.Wave
	Created                 string
	Distance, Alone, Saved  string
	Tasks                   []waveTask
	Fulfilments, TotalLines int
}

// waveTask is one task's row: its walk against walking each fulfilment
// alone, and its totes.
type waveTask struct {
	pick.Task
	Distance, Alone, Saved string
}

// wave shows a wave: its tasks (how each walk was planned, its length
// against the fulfilments walked one by one), totes and the fulfilments
// it left in the queue, with why.
func (c *Console) wave(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	wv, err := c.cfg.Floor.Wave(r.Context(), r.PathValue("id"))
	if errs.Is(err, errs.NotFound) {
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "wave.not_found"))
		return
	}
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	data := wavePage{Wave: wv, Created: stamp(wv.CreatedAt), Distance: walk(wv.Distance), Alone: walk(wv.Alone),
		Saved: saved(wv.Distance, wv.Alone)}
	for _, t := range wv.Tasks {
		data.Tasks = append(data.Tasks, waveTask{Task: t, Distance: walk(t.Distance), Alone: walk(t.Alone), Saved: saved(t.Distance, t.Alone)})
		data.Fulfilments += len(t.Totes)
		data.TotalLines += len(t.Lines)
	}
	v := c.personView(s, "wave.title")
	v.Title = v.Tf("wave.title", wv.ID)
	v.Data = data
	c.render(w, r, http.StatusOK, "wave", v)
}

// walk is a walk's length as the floor reads it: to the decimetre.
func walk(m float64) string { return fmt.Sprintf("%.1f m", m) }

// saved is how much shorter a planned walk is than walking alone, in
// per cent; blank when there was nothing to save.
func saved(distance, alone float64) string {
	if alone <= 0 {
		return ""
	}
	return fmt.Sprintf("%.0f %%", 100*(alone-distance)/alone)
}

var waveViewMessages = map[string]map[string]string{
	"en": {
		"wave.title":            "Wave %s",
		"wave.not_found":        "There is no wave with this id.",
		"wave.warehouse":        "Warehouse",
		"wave.strategy":         "Strategy",
		"wave.ships_by":         "Ships by",
		"wave.zone":             "Zone",
		"wave.status":           "Status",
		"wave.created":          "Released",
		"wave.fulfilments":      "Fulfilments",
		"wave.distance":         "Walking",
		"wave.distance_line":    "%s planned; %s if each fulfilment were walked alone (%s saved)",
		"wave.tasks":            "Tasks",
		"wave.task":             "Task",
		"wave.method":           "Route",
		"wave.stops":            "Stops",
		"wave.walk":             "Walk",
		"wave.alone":            "Alone",
		"wave.saved":            "Saved",
		"wave.totes":            "Totes",
		"wave.tote_none":        "not yet",
		"wave.skipped":          "Left in the queue",
		"wave.skipped_none":     "Every fulfilment chosen was released.",
		"wave.fulfilment":       "Fulfilment",
		"wave.reason":           "Why",
		"wave.release_more":     "Release another wave",
		"wave.status.released":  "released",
		"wave.status.done":      "done",
		"wave.status.cancelled": "cancelled",
	},
	"zh": {
		"wave.title":            "波次 %s",
		"wave.not_found":        "没有此编号的波次。",
		"wave.warehouse":        "仓库",
		"wave.strategy":         "拣货方式",
		"wave.ships_by":         "发货截止",
		"wave.zone":             "库区",
		"wave.status":           "状态",
		"wave.created":          "下发时间",
		"wave.fulfilments":      "履约单",
		"wave.distance":         "行走距离",
		"wave.distance_line":    "计划 %s；若逐单拣货需 %s（节省 %s）",
		"wave.tasks":            "任务",
		"wave.task":             "任务",
		"wave.method":           "路线",
		"wave.stops":            "拣货点",
		"wave.walk":             "路程",
		"wave.alone":            "逐单",
		"wave.saved":            "节省",
		"wave.totes":            "周转箱",
		"wave.tote_none":        "尚未绑定",
		"wave.skipped":          "留在队列中",
		"wave.skipped_none":     "选中的履约单已全部下发。",
		"wave.fulfilment":       "履约单",
		"wave.reason":           "原因",
		"wave.release_more":     "再下发一个波次",
		"wave.status.released":  "已下发",
		"wave.status.done":      "已完成",
		"wave.status.cancelled": "已取消",
	},
}
