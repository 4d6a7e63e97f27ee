package console

import (
	"net/http"
	"strconv"

	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/review"
)

// The risk operations the pages mirror (internal/review/api_rules.go).
const (
	opListRiskRules      = "list-risk-rules"
	opGetRiskRule        = "get-risk-rule"
	opCreateRiskRule     = "create-risk-rule"
	opReplaceRiskRule    = "replace-risk-rule"
	opDeleteRiskRule     = "delete-risk-rule"
	opGetRiskSettings    = "get-risk-settings"
	opUpdateRiskSettings = "update-risk-settings"
)

// riskRuleRow is one line of the risk rules table.
type riskRuleRow struct {
	ID, Name, Kind, Action, Weight string
	Active                         bool
}

// riskRules lists the rules by id, deleted ones included, as
// list-risk-rules does, with the same cursor for the next page.
func (c *Console) riskRules(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "risk.title")
	after, ok := c.cursor(w, r, v.Locale, "risk.cursor_invalid")
	if !ok {
		return
	}
	rows, err := c.cfg.Review.RiskRules(r.Context(), review.RuleFilter{After: after, Limit: c.cfg.PageSize})
	if err != nil {
		c.internal(w, r, v.Locale, err)
		return
	}
	page := httpapi.NewPage(rows, c.cfg.PageSize, func(x review.RiskRule) string { return x.ID })
	data := listPage[riskRuleRow]{NextCursor: page.NextCursor, Paged: after != ""}
	for _, x := range page.Items {
		data.Rows = append(data.Rows, riskRuleRow{ID: x.ID, Name: x.Name, Kind: word(v.Locale, "risk.kind_", string(x.Kind)),
			Action: word(v.Locale, "risk.action_", string(x.Action)), Weight: strconv.Itoa(x.Weight), Active: x.Active})
	}
	v.Data = data
	c.render(w, r, http.StatusOK, "riskrules", v)
}

var riskMessages = map[string]map[string]string{
	"en": {
		"risk.title":                   "Risk rules",
		"risk.new_title":               "New risk rule",
		"risk.edit_title":              "Risk rule",
		"risk.delete_title":            "Delete a risk rule",
		"risk.settings_title":          "Risk thresholds",
		"risk.new":                     "Add a rule",
		"risk.name":                    "Name",
		"risk.kind":                    "Kind",
		"risk.action":                  "Action when it trips",
		"risk.weight":                  "Weight (added to the order's score)",
		"risk.state":                   "State",
		"risk.active":                  "Active",
		"risk.active_label":            "Active: evaluate new orders with this rule",
		"risk.deleted_state":           "Deleted",
		"risk.delete":                  "Delete",
		"risk.delete_confirm":          "Delete the rule “%s”? It stops running at once; orders it flagged keep naming it.",
		"risk.delete_submit":           "Yes, delete the rule",
		"risk.keep":                    "Keep the rule",
		"risk.params":                  "Settings of the kind (JSON object)",
		"risk.params_help":             "For example high_value: {\"currency\": \"USD\", \"max_total_minor\": 100000}; velocity: {\"dimension\": \"email\", \"window\": \"24h\", \"max_orders\": 3}.",
		"risk.params_invalid":          "This is not JSON: write an object such as {\"currency\": \"USD\"}.",
		"risk.save":                    "Save rule",
		"risk.back":                    "All risk rules",
		"risk.none":                    "No risk rules yet.",
		"risk.next":                    "More rules",
		"risk.first":                   "First rules",
		"risk.cursor_invalid":          "This page link is not valid; start from the first rules.",
		"risk.hold_score":              "Hold at score (0 is off)",
		"risk.reject_score":            "Reject at score (0 is off)",
		"risk.settings_help":           "An order whose tripped rules' weights add up to the hold score is held for a person, to the reject score refused, whatever the rules' own actions.",
		"risk.kind_velocity":           "Velocity (too many orders)",
		"risk.kind_coupon_abuse":       "Coupon abuse",
		"risk.kind_flagged_address":    "Flagged address",
		"risk.kind_high_value":         "High value",
		"risk.kind_cod_limit":          "Cash on delivery limit",
		"risk.kind_country_mismatch":   "Country mismatch",
		"risk.kind_new_customer_value": "New customer's first order value",
		"risk.action_pass":             "Pass (score only)",
		"risk.action_hold":             "Hold for review",
		"risk.action_reject":           "Reject",
		"done.risk.saved":              "The rule was saved.",
		"done.risk.deleted":            "The rule was deleted.",
		"done.risk.settings_saved":     "The thresholds were saved.",
	},
	"zh": {
		"risk.title":                   "风控规则",
		"risk.new_title":               "新建风控规则",
		"risk.edit_title":              "风控规则",
		"risk.delete_title":            "删除风控规则",
		"risk.settings_title":          "风险阈值",
		"risk.new":                     "添加规则",
		"risk.name":                    "名称",
		"risk.kind":                    "类型",
		"risk.action":                  "触发时的动作",
		"risk.weight":                  "权重（计入订单风险分）",
		"risk.state":                   "状态",
		"risk.active":                  "启用",
		"risk.active_label":            "启用：用此规则评估新订单",
		"risk.deleted_state":           "已删除",
		"risk.delete":                  "删除",
		"risk.delete_confirm":          "确定删除规则“%s”吗？它会立即停止运行；被它标记过的订单仍会显示它的名称。",
		"risk.delete_submit":           "确定删除",
		"risk.keep":                    "保留此规则",
		"risk.params":                  "类型参数（JSON 对象）",
		"risk.params_help":             "例如 high_value：{\"currency\": \"USD\", \"max_total_minor\": 100000}；velocity：{\"dimension\": \"email\", \"window\": \"24h\", \"max_orders\": 3}。",
		"risk.params_invalid":          "这不是有效的 JSON：请填写一个对象，例如 {\"currency\": \"USD\"}。",
		"risk.save":                    "保存规则",
		"risk.back":                    "全部风控规则",
		"risk.none":                    "暂无风控规则。",
		"risk.next":                    "更多规则",
		"risk.first":                   "第一页规则",
		"risk.cursor_invalid":          "此页面链接无效；请从第一页规则开始。",
		"risk.hold_score":              "暂停阈值（0 表示关闭）",
		"risk.reject_score":            "拒绝阈值（0 表示关闭）",
		"risk.settings_help":           "订单触发的规则权重之和达到暂停阈值时转人工审核，达到拒绝阈值时拒绝，不论各规则自身的动作。",
		"risk.kind_velocity":           "频次（订单过多）",
		"risk.kind_coupon_abuse":       "优惠券滥用",
		"risk.kind_flagged_address":    "可疑地址",
		"risk.kind_high_value":         "高金额",
		"risk.kind_cod_limit":          "货到付款限额",
		"risk.kind_country_mismatch":   "国家不一致",
		"risk.kind_new_customer_value": "新客户首单金额",
		"risk.action_pass":             "放行（仅计分）",
		"risk.action_hold":             "暂停待审核",
		"risk.action_reject":           "拒绝",
		"done.risk.saved":              "规则已保存。",
		"done.risk.deleted":            "规则已删除。",
		"done.risk.settings_saved":     "阈值已保存。",
	},
}
