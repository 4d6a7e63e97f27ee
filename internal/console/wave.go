package console

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/pick"
)

// The floor's operations the pages mirror (internal/pick/api.go).
const (
	opReleaseWave     = "release-wave"
	opGetWave         = "get-wave"
	opGetPickTask     = "get-pick-task"
	opClaimNextTask   = "claim-next-pick-task"
	opClaimTask       = "claim-pick-task"
	opUnclaimTask     = "unclaim-pick-task"
	opScanPick        = "scan-pick"
	opListPutAways    = "list-putaways"
	opCompletePutAway = "complete-putaway"
)

// waveFields are the release form's inputs, named by the paths the
// store's validation reports problems at.
var waveFields = []string{"warehouse", "strategy", "ships_by", "zone", "max_orders", "max_lines", "cart_totes", "cart_kg", "cart_litres"}

// wavesPage is the release form and the tasks on the floor of the chosen
// warehouse, the way to the waves they belong to.
type wavesPage struct {
	Warehouses []string
	Strategies []string
	Problem    string // why the floor refused the whole wave (409)
	Tasks      []pick.Task
}

// waves shows the release form, as release-wave takes it; ?warehouse=
// chooses the warehouse.
func (c *Console) waves(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.renderWaves(w, r, s, http.StatusOK, map[string]string{"warehouse": strings.ToUpper(r.URL.Query().Get("warehouse"))}, nil, "")
}

// releaseWave releases a wave through the store release-wave calls: bad
// input comes back at its fields (422), a floor with nothing to release as
// a sentence above the form (409); a released wave opens its page.
func (c *Console) releaseWave(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	typed := map[string]string{}
	for _, f := range waveFields {
		typed[f] = strings.TrimSpace(r.PostForm.Get(f))
	}
	wave, err := c.cfg.Floor.Release(r.Context(), waveRequest(r.PostForm))
	var e *errs.Error
	switch {
	case err == nil:
		done(w, r, "/waves/"+wave.ID, "wave_released")
	case errs.Is(err, errs.Invalid):
		c.renderWaves(w, r, s, http.StatusUnprocessableEntity, typed, stockFieldErrors(locale, err), "")
	case errs.Is(err, errs.Conflict) && errors.As(err, &e):
		c.renderWaves(w, r, s, http.StatusConflict, typed, nil, e.Message)
	default:
		c.internal(w, r, locale, err)
	}
}

// waveRequest reads the form; a number that is not one is refused at
// its field by the store's own range check.
func waveRequest(form url.Values) pick.WaveRequest {
	num := func(name string) int {
		var bad errs.Fields
		n := formNumber(form, name, &bad)
		if len(bad) > 0 {
			return -1
		}
		return int(n)
	}
	decimal := func(name string) float64 {
		v := strings.TrimSpace(form.Get(name))
		if v == "" {
			return 0
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return -1
		}
		return x
	}
	return pick.WaveRequest{Warehouse: strings.ToUpper(strings.TrimSpace(form.Get("warehouse"))),
		Strategy: pick.Strategy(form.Get("strategy")), ShipsBy: strings.TrimSpace(form.Get("ships_by")),
		Zone: strings.TrimSpace(form.Get("zone")), MaxOrders: num("max_orders"), MaxLines: num("max_lines"),
		CartTotes: num("cart_totes"), CartKg: decimal("cart_kg"), CartLitres: decimal("cart_litres")}
}

func (c *Console) renderWaves(w http.ResponseWriter, r *http.Request, s people.Session, status int, typed, problems map[string]string, problem string) {
	locale := s.Person.Locale
	codes, err := c.warehouseCodes(r.Context())
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	if typed["warehouse"] == "" && len(codes) > 0 {
		typed["warehouse"] = codes[0]
	}
	data := wavesPage{Warehouses: codes, Strategies: []string{string(pick.ByOrder), string(pick.Cluster), string(pick.PutWall)}, Problem: problem}
	for _, st := range []string{pick.TaskClaimed, pick.TaskOpen} {
		ts, err := c.cfg.Floor.Tasks(r.Context(), pick.TaskFilter{Warehouse: typed["warehouse"], Status: st, Limit: c.cfg.PageSize})
		if err != nil {
			c.internal(w, r, locale, err)
			return
		}
		data.Tasks = append(data.Tasks, ts...)
	}
	v := c.personView(s, "waves.title")
	v.Form, v.Errors, v.Data = typed, problems, data
	c.render(w, r, status, "waves", v)
}

var waveMessages = map[string]map[string]string{
	"en": {
		"nav.waves":                   "Waves",
		"waves.title":                 "Release a wave",
		"waves.warehouse":             "Warehouse",
		"waves.strategy":              "Strategy",
		"waves.strategy.order":        "order: one fulfilment per walk",
		"waves.strategy.cluster":      "cluster: several orders on one cart",
		"waves.strategy.putwall":      "put wall: a batch picked in bulk, then sorted into a wall's slots",
		"waves.ships_by":              "Ships by (only fulfilments due by this day)",
		"waves.zone":                  "Zone (only fulfilments picked wholly in it)",
		"waves.max_orders":            "At most this many orders",
		"waves.max_lines":             "At most this many pick lines",
		"waves.cart_totes":            "Totes on a cluster cart, or slots of the put wall",
		"waves.cart_kg":               "Most a cart carries, kg",
		"waves.cart_litres":           "Most a cart holds, litres",
		"waves.optional":              "Leave blank for the default (%s).",
		"waves.submit":                "Release the wave",
		"waves.floor":                 "Tasks on the floor",
		"waves.floor_none":            "No open or claimed task in this warehouse.",
		"waves.task":                  "Task",
		"waves.wave":                  "Wave",
		"waves.status":                "Status",
		"waves.stops":                 "Stops",
		"waves.claimed_by":            "Picker",
		"waves.show":                  "Show",
		"done.wave_released":          "The wave is released: its tasks wait on the floor to be claimed.",
		"waves.task_status.open":      "open",
		"waves.task_status.done":      "done",
		"waves.task_status.claimed":   "claimed",
		"waves.task_status.cancelled": "cancelled",
	},
	"zh": {
		"nav.waves":                   "波次",
		"waves.title":                 "下发波次",
		"waves.warehouse":             "仓库",
		"waves.strategy":              "拣货方式",
		"waves.strategy.order":        "按单：每次拣一个履约单",
		"waves.strategy.cluster":      "合拣：一辆拣货车拣多个订单",
		"waves.strategy.putwall":      "播种墙：批量拣货，再分播到播种墙的格口",
		"waves.ships_by":              "发货截止日期（只下发此日期前到期的履约单）",
		"waves.zone":                  "库区（只下发能在此库区拣齐的履约单）",
		"waves.max_orders":            "最多订单数",
		"waves.max_lines":             "最多拣货行数",
		"waves.cart_totes":            "合拣车上的周转箱数，或播种墙的格口数",
		"waves.cart_kg":               "每车最大载重（千克）",
		"waves.cart_litres":           "每车最大容积（升）",
		"waves.optional":              "留空则用默认值（%s）。",
		"waves.submit":                "下发波次",
		"waves.floor":                 "现场任务",
		"waves.floor_none":            "此仓库没有待领取或已领取的任务。",
		"waves.task":                  "任务",
		"waves.wave":                  "波次",
		"waves.status":                "状态",
		"waves.stops":                 "拣货点",
		"waves.claimed_by":            "拣货员",
		"waves.show":                  "查看",
		"done.wave_released":          "波次已下发：任务等待领取。",
		"waves.task_status.open":      "待领取",
		"waves.task_status.done":      "已完成",
		"waves.task_status.claimed":   "已领取",
		"waves.task_status.cancelled": "已取消",
	},
}
