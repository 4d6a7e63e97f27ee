package console

import (
	"cmp"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/order"
)

// eventRow is one entry of the order's timeline, in words.
type eventRow struct{ At, What, Who, Status, Detail string }

// timelineRows writes the order's events oldest first, newest last, as
// list-order-events returns them.
// names maps an actor's id (a person's usr_…, a key's key_…) to a name;
// other actors show their id.
func timelineRows(locale string, events []order.Event, names map[string]string) []eventRow {
	out := make([]eventRow, 0, len(events))
	for _, e := range events {
		out = append(out, eventRow{At: stamp(e.At), What: word(locale, "order.ev.", e.Type), Who: cmp.Or(names[e.Actor], e.Actor),
			Status: word(locale, "status.", string(e.Status)) + " · " + word(locale, "payment.", string(e.PaymentStatus)),
			Detail: eventDetail(locale, e.Detail)})
	}
	return out
}

// eventDetail says what an event's detail holds: its reason, the address
// before and after a correction, and any other facts as "key: value".
func eventDetail(locale string, raw json.RawMessage) string {
	var d map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &d) != nil {
		return ""
	}
	var parts []string
	if r, ok := d["reason"]; ok {
		var s string
		if json.Unmarshal(r, &s) == nil && s != "" {
			parts = append(parts, s)
		}
		delete(d, "reason")
	}
	from, okFrom := d["from"]
	to, okTo := d["to"]
	if okFrom && okTo {
		var a, b address.Address
		if json.Unmarshal(from, &a) == nil && json.Unmarshal(to, &b) == nil {
			parts = append(parts, fmt.Sprintf(text(locale, "order.ev_moved"),
				strings.Join(addressLines(a), ", "), strings.Join(addressLines(b), ", ")))
			delete(d, "from")
			delete(d, "to")
		}
	}
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := strings.Trim(string(d[k]), `"`)
		if v == "" || v == "null" || v == "{}" || v == "[]" {
			continue
		}
		if len(v) > 160 {
			v = v[:157] + "…"
		}
		parts = append(parts, k+": "+v)
	}
	return strings.Join(parts, "; ")
}

var orderTimelineMessages = map[string]map[string]string{
	"en": {
		"order.timeline":                       "Timeline",
		"order.ev_at":                          "When",
		"order.ev_what":                        "What happened",
		"order.ev_who":                         "Who",
		"order.ev_state":                       "Status after",
		"order.ev_detail":                      "Detail",
		"order.ev_moved":                       "from %s to %s",
		"order.ev_key":                         "API key %s",
		"order.ev.order.placed":                "placed",
		"order.ev.order.confirmed":             "confirmed",
		"order.ev.order.held":                  "put on hold",
		"order.ev.order.reviewed":              "reviewed automatically",
		"order.ev.order.review_approved":       "approved by a reviewer",
		"order.ev.order.released":              "released to its warehouses",
		"order.ev.order.released_more":         "more released to its warehouses",
		"order.ev.order.resourced":             "sourced again",
		"order.ev.order.stock_reserved":        "stock reserved",
		"order.ev.order.waiting_for_stock":     "waiting for stock",
		"order.ev.order.awaiting_merge":        "waiting to ship with the customer's other orders",
		"order.ev.order.awaiting_release_date": "waiting for its release date",
		"order.ev.order.address_corrected":     "shipping address corrected",
		"order.ev.order.cancelled":             "cancelled",
		"order.ev.order.short_picked":          "units not found in the warehouse",
		"order.ev.order.units_cancelled":       "short units cancelled, refund due",
		"order.ev.payment.authorized":          "payment authorized",
		"order.ev.payment.paid":                "paid",
		"order.ev.payment.failed":              "payment failed",
		"order.ev.payment.canceled":            "payment cancelled by the gateway",
		"order.ev.payment.refunded":            "refunded",
		"order.ev.payment.refund_due":          "refund due",
		"order.ev.payment.duplicate":           "a second payment arrived",
	},
	"zh": {
		"order.timeline":                       "时间线",
		"order.ev_key":                         "API 密钥 %s",
		"order.ev_at":                          "时间",
		"order.ev_what":                        "事件",
		"order.ev_who":                         "操作者",
		"order.ev_state":                       "之后的状态",
		"order.ev_detail":                      "详情",
		"order.ev_moved":                       "由 %s 改为 %s",
		"order.ev.order.placed":                "已下单",
		"order.ev.order.confirmed":             "已确认",
		"order.ev.order.held":                  "已暂停",
		"order.ev.order.reviewed":              "已自动审核",
		"order.ev.order.review_approved":       "审核员已批准",
		"order.ev.order.released":              "已发往仓库",
		"order.ev.order.released_more":         "更多商品已发往仓库",
		"order.ev.order.resourced":             "已重新选择发货仓",
		"order.ev.order.stock_reserved":        "已预留库存",
		"order.ev.order.waiting_for_stock":     "等待到货",
		"order.ev.order.awaiting_merge":        "等待与客户的其他订单合并发货",
		"order.ev.order.awaiting_release_date": "等待发货日期",
		"order.ev.order.address_corrected":     "收货地址已更正",
		"order.ev.order.cancelled":             "已取消",
		"order.ev.order.short_picked":          "仓库未找到部分商品",
		"order.ev.order.units_cancelled":       "缺货商品已取消，待退款",
		"order.ev.payment.authorized":          "付款已授权",
		"order.ev.payment.paid":                "已付款",
		"order.ev.payment.failed":              "付款失败",
		"order.ev.payment.canceled":            "支付网关已取消付款",
		"order.ev.payment.refunded":            "已退款",
		"order.ev.payment.refund_due":          "待退款",
		"order.ev.payment.duplicate":           "收到第二笔付款",
	},
}
