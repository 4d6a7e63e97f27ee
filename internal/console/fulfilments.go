package console

import (
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/people"
)

const opListFulfilments = "list-fulfilments"

// fulfilmentsPage is the queue of one warehouse (or all), or one
// fulfilment (One), with the scan field at the top.
type fulfilmentsPage struct {
	Warehouse         string
	Warehouses        []string
	ScanAction        string
	Cards             []fulfilmentCard
	One               bool
	FirstURL, NextURL string
}

// fulfilments is the queue, as list-fulfilments reads it: what is ready
// to pick, oldest first, in the warehouse chosen (?warehouse=, kept in
// the URL so a handheld's bookmark opens its site).
func (c *Console) fulfilments(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.fulfilmentQueue(w, r, s, http.StatusOK, nil, nil)
}

// fulfilmentQueue renders the queue; a scan that found nothing comes back
// here with its code and problem.
func (c *Console) fulfilmentQueue(w http.ResponseWriter, r *http.Request, s people.Session, status int, typed, problems map[string]string) {
	locale := s.Person.Locale
	data := fulfilmentsPage{Warehouse: strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("warehouse")))}
	after, codes, ok := c.listStart(w, r, locale, "fulfilments.cursor_invalid")
	if !ok {
		return
	}
	data.Warehouses = codes
	at := stockFilter{Warehouse: data.Warehouse}
	data.ScanAction = at.Link("/fulfilments/scan")
	list, err := c.cfg.Fulfilments.List(r.Context(), fulfilment.Filter{Warehouse: data.Warehouse,
		Status: string(fulfilment.ReadyToPick), After: after, Limit: c.cfg.PageSize + 1})
	switch {
	case errs.Is(err, errs.Invalid): // a warehouse code that names none
		status, problems = http.StatusUnprocessableEntity, map[string]string{"warehouse": text(locale, "fulfilments.warehouse_unknown")}
	case err != nil:
		c.internal(w, r, locale, err)
		return
	}
	page := httpapi.NewPage(list, c.cfg.PageSize, func(f fulfilment.Fulfilment) string { return f.ID })
	cr := c.cardReader(r.Context(), locale)
	if err := cr.prefetch(page.Items); err != nil {
		c.internal(w, r, locale, err)
		return
	}
	for _, f := range page.Items {
		card, err := cr.card(f)
		if err != nil {
			c.internal(w, r, locale, err)
			return
		}
		data.Cards = append(data.Cards, card)
	}
	data.FirstURL, data.NextURL = at.pager(r, "/fulfilments", page.NextCursor)
	v := c.personView(s, "fulfilments.title")
	v.Form, v.Errors, v.Data = typed, problems, data
	c.render(w, r, status, "fulfilments", v)
}

var fulfilmentsMessages = map[string]map[string]string{
	"en": {
		"fulfilments.title":                "Fulfilments to pick",
		"fulfilments.warehouse":            "Warehouse",
		"fulfilments.all_warehouses":       "All warehouses",
		"fulfilments.show":                 "Show",
		"fulfilments.scan":                 "Scan a fulfilment or order",
		"fulfilments.none":                 "Nothing to pick.",
		"fulfilments.next":                 "More",
		"fulfilments.first":                "Oldest first",
		"fulfilments.cursor_invalid":       "This page link is not valid; start from the oldest.",
		"fulfilments.warehouse_unknown":    "There is no warehouse with this code.",
		"fulfilments.order":                "Order",
		"fulfilments.ships_on":             "Ships on",
		"fulfilments.created":              "Released",
		"fulfilments.state":                "Status",
		"fulfilments.sku":                  "SKU",
		"fulfilments.name":                 "Product",
		"fulfilments.quantity":             "Qty",
		"fulfilments.bin":                  "Bin",
		"fulfilments.no_bin":               "no bin holds it",
		"fulfilments.packing":              "Packing",
		"fulfilments.gift_wrap":            "Gift wrap",
		"fulfilments.gift_message":         "Gift message",
		"fulfilments.fragile":              "fragile",
		"fulfilments.valuable":             "valuable",
		"fulfilments.note":                 "Customer's note",
		"fulfilments.lines":                "Lines of %s",
		"fulfilments.back":                 "Back to the queue",
		"fulfilments.status.ready_to_pick": "ready to pick",
		"fulfilments.status.cancelled":     "cancelled",
	},
	"zh": {
		"fulfilments.title":                "待拣货履约单",
		"fulfilments.warehouse":            "仓库",
		"fulfilments.all_warehouses":       "全部仓库",
		"fulfilments.show":                 "查看",
		"fulfilments.scan":                 "扫描履约单或订单",
		"fulfilments.none":                 "没有待拣货的履约单。",
		"fulfilments.next":                 "更多",
		"fulfilments.first":                "从最早的开始",
		"fulfilments.cursor_invalid":       "此页面链接无效；请从最早的开始。",
		"fulfilments.warehouse_unknown":    "没有此编码的仓库。",
		"fulfilments.order":                "订单",
		"fulfilments.ships_on":             "发货日期",
		"fulfilments.created":              "下发时间",
		"fulfilments.state":                "状态",
		"fulfilments.sku":                  "SKU",
		"fulfilments.name":                 "商品",
		"fulfilments.quantity":             "数量",
		"fulfilments.bin":                  "库位",
		"fulfilments.no_bin":               "无库位存有此商品",
		"fulfilments.packing":              "包装要求",
		"fulfilments.gift_wrap":            "礼品包装",
		"fulfilments.gift_message":         "贺卡留言",
		"fulfilments.fragile":              "易碎",
		"fulfilments.valuable":             "贵重",
		"fulfilments.note":                 "客户备注",
		"fulfilments.lines":                "%s 的商品明细",
		"fulfilments.back":                 "返回队列",
		"fulfilments.status.ready_to_pick": "待拣货",
		"fulfilments.status.cancelled":     "已取消",
	},
}
