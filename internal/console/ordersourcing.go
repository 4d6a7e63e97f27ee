package console

import (
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/order"
)

// sourcingView is the sourcing explanation the order stores, as tables:
// the warehouses considered and the sets of them priced.
type sourcingView struct {
	Method, Reason, Parcels, Cost, ShipsOn, NotServing, Evaluated string
	Candidates                                                    []candidateRow
	Options                                                       []optionRow
}

type candidateRow struct{ Code, Units, Days, Rate, Excluded string }

type optionRow struct {
	Warehouses, Parcels, Short, Shipping, Penalties, Cost, Days string
	Chosen                                                      bool
}

// fulfilmentRow is one of the order's fulfilments: what a warehouse ships.
type fulfilmentRow struct{ ID, Warehouse, Status, ShipsOn, Lines string }

// cost writes an estimate in minor units of the reporting currency, which
// the explanation does not name, as a plain decimal.
func cost(minor int64) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return fmt.Sprintf("%s%d.%02d", sign, minor/100, minor%100)
}

func buildSourcing(locale string, o order.Order) *sourcingView {
	if o.Sourcing == nil {
		return nil
	}
	p, e := o.Sourcing, o.Sourcing.Explanation
	v := &sourcingView{Method: word(locale, "order.method_", e.Method), Reason: e.Reason, Parcels: fmt.Sprint(p.Parcels),
		Cost: cost(p.CostMinor), ShipsOn: o.ShipsOn, NotServing: fmt.Sprint(e.NotServing), Evaluated: fmt.Sprint(e.Evaluated)}
	for _, c := range e.Candidates {
		row := candidateRow{Code: c.Code, Units: fmt.Sprint(c.Units), Days: fmt.Sprint(c.Days),
			Rate: fmt.Sprintf(text(locale, "order.rate"), cost(c.ParcelCost), cost(c.PerKgCost)), Excluded: c.Excluded}
		if c.LateDays > 0 {
			row.Days += " " + fmt.Sprintf(text(locale, "order.late"), c.LateDays)
		}
		v.Candidates = append(v.Candidates, row)
	}
	for i, op := range e.Options {
		v.Options = append(v.Options, optionRow{Warehouses: strings.Join(op.Warehouses, " + "), Parcels: fmt.Sprint(op.Parcels),
			Short: fmt.Sprint(op.Short), Shipping: cost(op.Shipping), Penalties: cost(op.ParcelPenalty + op.LatenessPenalty),
			Cost: cost(op.Cost), Days: fmt.Sprint(op.LatestDays), Chosen: i == 0})
	}
	return v
}

func fulfilmentRows(locale string, o order.Order) []fulfilmentRow {
	var out []fulfilmentRow
	for _, f := range o.Fulfilments {
		var lines []string
		for _, l := range f.Lines {
			if l.OrderID == "" || l.OrderID == o.ID {
				lines = append(lines, fmt.Sprintf("%d × %s", l.Quantity, l.SKU))
			}
		}
		out = append(out, fulfilmentRow{ID: f.ID, Warehouse: f.Warehouse, Status: word(locale, "order.fstatus.", string(f.Status)),
			ShipsOn: f.ShipsOn, Lines: strings.Join(lines, ", ")})
	}
	return out
}

var orderSourcingMessages = map[string]map[string]string{
	"en": {
		"order.risk":                  "Risk",
		"order.risk_score":            "Risk score: %d",
		"order.risk_none":             "No risk rule tripped.",
		"order.risk_rule":             "Rule",
		"order.risk_what":             "What tripped",
		"order.risk_weight":           "Weight",
		"order.risk_act":              "Action",
		"order.risk_action.pass":      "adds to the score",
		"order.risk_action.hold":      "holds for review",
		"order.risk_action.reject":    "rejects",
		"order.sourcing":              "Sourcing",
		"order.sourcing_none":         "The order has no sourcing plan yet.",
		"order.sourcing_how":          "How it was chosen",
		"order.method_exact":          "exact search",
		"order.method_heuristic":      "heuristic search",
		"order.method_greedy":         "nearest warehouses first",
		"order.parcels":               "Parcels",
		"order.est_cost":              "Estimated cost",
		"order.not_serving":           "Warehouses not serving the address",
		"order.evaluated":             "Sets priced",
		"order.considered":            "Warehouses considered",
		"order.warehouse":             "Warehouse",
		"order.units":                 "Units it could ship",
		"order.days":                  "Days to arrive",
		"order.rate_col":              "Rate",
		"order.rate":                  "%s a parcel + %s a kg",
		"order.late":                  "(%d late)",
		"order.excluded":              "Left out because",
		"order.options":               "Sets priced, the chosen one first",
		"order.set":                   "Warehouses",
		"order.short":                 "Short",
		"order.ship_cost":             "Shipping",
		"order.penalties":             "Penalties",
		"order.cost":                  "Cost",
		"order.chosen":                "chosen",
		"order.fulfilments":           "Fulfilments",
		"order.fulfilment":            "Fulfilment",
		"order.fstatus.ready_to_pick": "ready to pick",
		"order.fstatus.cancelled":     "cancelled",
		"order.f_lines":               "Lines",
		"order.f_none":                "Not released to a warehouse yet.",
		"order.mark.short":            "%d short: %s",
		"order.mark.cancelled":        "%d cancelled for lack of stock",
		"order.policy.hold":           "held for stock",
		"order.policy.backorder":      "backordered",
		"order.policy.presale":        "presale",
		"order.policy.split":          "ships later, apart",
		"order.policy.cancel_short":   "cancelled",
	},
	"zh": {
		"order.risk":                  "风险",
		"order.risk_score":            "风险分：%d",
		"order.risk_none":             "未触发任何风控规则。",
		"order.risk_rule":             "规则",
		"order.risk_what":             "触发原因",
		"order.risk_weight":           "权重",
		"order.risk_act":              "动作",
		"order.risk_action.pass":      "计入分数",
		"order.risk_action.hold":      "暂停待审核",
		"order.risk_action.reject":    "拒绝",
		"order.sourcing":              "发货仓选择",
		"order.sourcing_none":         "此订单尚无发货方案。",
		"order.sourcing_how":          "选择方式",
		"order.method_exact":          "精确搜索",
		"order.method_heuristic":      "启发式搜索",
		"order.method_greedy":         "就近仓库优先",
		"order.parcels":               "包裹数",
		"order.est_cost":              "预估成本",
		"order.not_serving":           "不服务该地址的仓库数",
		"order.evaluated":             "已比较的方案数",
		"order.considered":            "考虑过的仓库",
		"order.warehouse":             "仓库",
		"order.units":                 "可发件数",
		"order.days":                  "送达天数",
		"order.rate_col":              "运费标准",
		"order.rate":                  "每包裹 %s + 每公斤 %s",
		"order.late":                  "（迟 %d 天）",
		"order.excluded":              "未入选原因",
		"order.options":               "已比较的仓库组合（首行为选中方案）",
		"order.set":                   "仓库",
		"order.short":                 "缺货",
		"order.ship_cost":             "运费",
		"order.penalties":             "罚分",
		"order.cost":                  "成本",
		"order.chosen":                "已选中",
		"order.fulfilments":           "履约单",
		"order.fulfilment":            "履约单",
		"order.fstatus.ready_to_pick": "待拣货",
		"order.fstatus.cancelled":     "已取消",
		"order.f_lines":               "明细",
		"order.f_none":                "尚未发往仓库。",
		"order.mark.short":            "缺 %d 件：%s",
		"order.mark.cancelled":        "因缺货取消 %d 件",
		"order.policy.hold":           "等待到货",
		"order.policy.backorder":      "预订补货",
		"order.policy.presale":        "预售",
		"order.policy.split":          "稍后另行发货",
		"order.policy.cancel_short":   "已取消",
	},
}
