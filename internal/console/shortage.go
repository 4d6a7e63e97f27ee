package console

import (
	"net/http"
	"net/url"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/shortage"
)

// The shortage operations the page mirrors (internal/shortage/api.go).
const (
	opListShortagePolicies = "list-shortage-policies"
	opSetShortagePolicy    = "set-shortage-policy"
)

// shortageFields are the set form's fields, named as the API's.
var shortageFields = []string{"channel", "policy", "max_waiting", "lead_days", "release_on"}

// shortagePage is one product's policies and the set form's choices.
type shortagePage struct {
	SKU   string
	Rules []shortage.Rule
	Kinds []string
}

// shortagePolicies finds a product by SKU and lists its policies, its
// default and per-channel overrides, as list-shortage-policies does.
func (c *Console) shortagePolicies(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "shortage.title")
	sku := r.URL.Query().Get("sku")
	v.Form = map[string]string{"sku": sku, "policy": order.PolicyBackorder}
	c.shortageAnswer(w, r, v, sku, nil)
}

// setShortagePolicy sets a product's policy for every channel or one, as
// set-shortage-policy does; the store checks it with the API's Validate.
func (c *Console) setShortagePolicy(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "shortage.title")
	if !c.form(w, r, v.Locale) {
		return
	}
	v.Form = typed(r, append(shortageFields, "sku")...)
	var bad errs.Fields
	p := shortage.Policy{Kind: v.Form["policy"], ReleaseOn: v.Form["release_on"]}
	if n := wholeNumber(&bad, v.Locale, v.Form, "max_waiting"); n != nil {
		p.MaxWaiting = *n
	}
	if n := wholeNumber(&bad, v.Locale, v.Form, "lead_days"); n != nil {
		p.LeadDays = int(*n)
	}
	err := bad.Err()
	if err == nil {
		_, err = c.cfg.Shortages.Set(r.Context(), v.Form["sku"], v.Form["channel"], p)
	}
	if err != nil {
		c.shortageAnswer(w, r, v, v.Form["sku"], err)
		return
	}
	done(w, r, "/shortage-policies?"+url.Values{"sku": {v.Form["sku"]}}.Encode(), "shortage.saved")
}

// shortageAnswer renders the page for sku, with the set form's problems
// when err is not nil; an unknown SKU is 404.
func (c *Console) shortageAnswer(w http.ResponseWriter, r *http.Request, v view, sku string, err error) {
	data := shortagePage{SKU: sku, Kinds: []string{order.PolicyHold, order.PolicyBackorder, order.PolicyPresale,
		order.PolicySplit, order.PolicyCancelShort}}
	if sku != "" {
		var lerr error
		if data.Rules, lerr = c.cfg.Shortages.List(r.Context(), sku); lerr != nil {
			c.refused(w, r, "shortage", v, lerr)
			return
		}
	}
	v.Data = data
	if err != nil {
		c.refused(w, r, "shortage", v, err, shortageFields...)
		return
	}
	c.render(w, r, http.StatusOK, "shortage", v)
}

var shortageMessages = map[string]map[string]string{
	"en": {
		"shortage.title":               "Shortage policies",
		"shortage.sku":                 "Product SKU",
		"shortage.find":                "Show policies",
		"shortage.of":                  "Policies of %s",
		"shortage.channel":             "Channel",
		"shortage.channel_help":        "Empty sets the product's default for every channel.",
		"shortage.every":               "every channel (default)",
		"shortage.policy":              "Policy",
		"shortage.max_waiting":         "Most units waiting (backorder) or the presale quota",
		"shortage.lead_days":           "Days until stock is expected (backorder)",
		"shortage.release_on":          "Release date (presale), YYYY-MM-DD",
		"shortage.updated":             "Changed",
		"shortage.none":                "No policy: short units are held for stock or a person.",
		"shortage.set":                 "Set a policy",
		"shortage.save":                "Save policy",
		"shortage.policy_hold":         "Hold (wait for stock or a person)",
		"shortage.policy_backorder":    "Backorder",
		"shortage.policy_presale":      "Presale",
		"shortage.policy_split":        "Split (ship what is in stock)",
		"shortage.policy_cancel_short": "Cancel the short units",
		"done.shortage.saved":          "The policy was saved.",
	},
	"zh": {
		"shortage.title":               "缺货策略",
		"shortage.sku":                 "商品 SKU",
		"shortage.find":                "查看策略",
		"shortage.of":                  "%s 的缺货策略",
		"shortage.channel":             "渠道",
		"shortage.channel_help":        "留空则设置该商品在所有渠道的默认策略。",
		"shortage.every":               "所有渠道（默认）",
		"shortage.policy":              "策略",
		"shortage.max_waiting":         "最多等待件数（预订）或预售配额",
		"shortage.lead_days":           "预计到货天数（预订）",
		"shortage.release_on":          "发售日期（预售），格式 YYYY-MM-DD",
		"shortage.updated":             "修改时间",
		"shortage.none":                "未设置策略：缺货的件数将暂停，等待到货或人工处理。",
		"shortage.set":                 "设置策略",
		"shortage.save":                "保存策略",
		"shortage.policy_hold":         "暂停（等待到货或人工处理）",
		"shortage.policy_backorder":    "预订（缺货先接单）",
		"shortage.policy_presale":      "预售",
		"shortage.policy_split":        "拆分（有货先发）",
		"shortage.policy_cancel_short": "取消缺货部分",
		"done.shortage.saved":          "策略已保存。",
	},
}
