package console

import (
	"net/http"
	"strings"
)

// messages holds every string the pages show, by locale: the shared
// strings below and each page file's own table. A key missing in a locale
// falls back to English, and a key missing there shows itself, so a gap
// is visible rather than blank. Tests check both locales have the same
// keys and no two tables define one key.
var messages = merge(tables...)

// tables lists each page file's strings; a new page adds its table here.
var tables = []map[string]map[string]string{
	coreMessages,
	ordersMessages,
	queueMessages, // the work queues' shared words: review tasks, exception cases
	reviewMessages,
	reviewTaskMessages,
	reviewClaimMessages,
	reviewDecideMessages,
	reviewRefuseMessages,
	stockMessages,
	stockBinsMessages,
	stockLedgerMessages,
	stockFormMessages,
	stockReceiveMessages,
	stockAdjustMessages,
	stockMoveMessages,
	reconcileMessages,
	codMessages,
	fulfilmentsMessages,
	fulfilmentMessages,
	fulfilmentScanMessages,
	// the floor: waves, the handheld pick screen, put-aways
	waveMessages, waveViewMessages, pickMessages, pickTaskMessages, pickScanMessages, putAwayMessages, replenishMessages,
	wallMessages,
	packMessages, packStationMessages, packScanMessages, packSupervisorMessages, // the pack station
	countsMessages, countMessages, // cycle counts
	orderMessages,
	orderSourcingMessages,
	orderTimelineMessages,
	dispatchMessages, // dispatch: book, stage, manifests, handover
	orderCancelMessages,
	orderAddressMessages,
	trackMessages, orderTrackingMessages, // the public tracking page; the order page's parcels
	casesMessages, caseMessages, // exception cases
	// adminp
	adminFormMessages, peopleMessages, productsMessages, apiKeysMessages, riskMessages,
	settingsMessages, shortageMessages, warehousesMessages, layoutMessages,
}

func merge(ts ...map[string]map[string]string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, t := range ts {
		for locale, strs := range t {
			if out[locale] == nil {
				out[locale] = map[string]string{}
			}
			for k, v := range strs {
				out[locale][k] = v
			}
		}
	}
	return out
}

// coreMessages are the strings of the layout, sign-in, set-up and errors.
var coreMessages = map[string]map[string]string{
	"en": {
		"app":                        "Waybill console",
		"nav.orders":                 "Orders",
		"nav.apikeys":                "API keys",
		"nav.review":                 "Review",
		"nav.fulfilments":            "Fulfilments",
		"nav.stock":                  "Stock",
		"nav.products":               "Products",
		"nav.warehouses":             "Warehouses",
		"nav.risk":                   "Risk rules",
		"nav.shortage":               "Shortage policies",
		"nav.people":                 "People",
		"nav.settings":               "Settings",
		"scan.submit":                "Go",
		"choice.any":                 "Any",
		"nav.signout":                "Sign out",
		"nav.signout_everywhere":     "Sign out everywhere",
		"signin.title":               "Sign in",
		"signin.email":               "E-mail",
		"signin.password":            "Password",
		"signin.submit":              "Sign in",
		"setup.title":                "Choose your password",
		"setup.greeting":             "Welcome, %s. Choose a password of at least 12 characters that you use nowhere else.",
		"setup.password":             "New password",
		"setup.submit":               "Save password",
		"setup.done":                 "Your password is set. Sign in with it.",
		"apikeys.title":              "API keys",
		"apikeys.id":                 "Key",
		"apikeys.name":               "Name",
		"apikeys.role":               "Role",
		"apikeys.created":            "Created",
		"apikeys.revoked":            "Revoked",
		"apikeys.active":             "Active",
		"error.title":                "Something went wrong",
		"error.forbidden_title":      "Not allowed",
		"error.forbidden":            "Your role (%s) may not open this page.",
		"error.not_found":            "There is no such page.",
		"error.internal":             "The console could not answer this time. Try again; if it keeps happening, tell an administrator (request %s).",
		"error.csrf":                 "This form was sent from another site and has been refused.",
		"error.bad_request":          "The request was not understood.",
		"err.wrong_credentials":      "The e-mail address or the password is wrong.",
		"err.rate_limited":           "Too many failed sign-ins. Wait 15 minutes and try again.",
		"err.common_password":        "This password is on a list of passwords attackers try first. Choose another.",
		"err.password_length":        "The password must be at least 12 characters.",
		"err.bad_link":               "This set-up link cannot be used: it was used already, has expired or was mistyped. Ask an administrator for a new one.",
		"signed_in_as":               "Signed in as %s (%s)",
		"lang.switch":                "中文",
		"lang.switch_code":           "zh",
		"signin.setup_hint":          "New here? Use the set-up link an administrator gave you.",
		"setup.password_help":        "At least 12 characters.",
		"signin.password_missing":    "Enter your password.",
		"status.placed":              "placed",
		"status.confirmed":           "confirmed",
		"status.on_hold":             "on hold",
		"status.released":            "released",
		"status.shipped":             "shipped",
		"status.cancelled":           "cancelled",
		"payment.awaiting_payment":   "awaiting payment",
		"payment.authorized":         "authorized",
		"payment.paid":               "paid",
		"payment.failed":             "failed",
		"payment.cod_pending":        "cash on delivery",
		"payment.refund_due":         "refund due",
		"payment.partially_refunded": "partially refunded",
		"payment.refunded":           "refunded",
		"payment.voided":             "voided",
	},
	"zh": {
		"app":                        "Waybill 控制台",
		"nav.orders":                 "订单",
		"nav.apikeys":                "API 密钥",
		"nav.review":                 "审核",
		"nav.fulfilments":            "履约单",
		"nav.stock":                  "库存",
		"nav.products":               "商品",
		"nav.warehouses":             "仓库",
		"nav.risk":                   "风控规则",
		"nav.shortage":               "缺货策略",
		"nav.people":                 "人员",
		"nav.settings":               "设置",
		"scan.submit":                "确定",
		"choice.any":                 "全部",
		"nav.signout":                "退出登录",
		"nav.signout_everywhere":     "在所有设备上退出",
		"signin.title":               "登录",
		"signin.email":               "电子邮箱",
		"signin.password":            "密码",
		"signin.submit":              "登录",
		"setup.title":                "设置密码",
		"setup.greeting":             "欢迎，%s。请设置一个至少 12 个字符、未在其他地方使用过的密码。",
		"setup.password":             "新密码",
		"setup.submit":               "保存密码",
		"setup.done":                 "密码已设置，请用它登录。",
		"apikeys.title":              "API 密钥",
		"apikeys.id":                 "密钥",
		"apikeys.name":               "名称",
		"apikeys.role":               "角色",
		"apikeys.created":            "创建时间",
		"apikeys.revoked":            "已吊销",
		"apikeys.active":             "有效",
		"error.title":                "出错了",
		"error.forbidden_title":      "无权访问",
		"error.forbidden":            "您的角色（%s）无权打开此页面。",
		"error.not_found":            "没有这个页面。",
		"error.internal":             "控制台暂时无法响应。请重试；如果问题持续，请告知管理员（请求 %s）。",
		"error.csrf":                 "此表单来自其他网站，已被拒绝。",
		"error.bad_request":          "无法理解此请求。",
		"err.wrong_credentials":      "电子邮箱或密码错误。",
		"err.rate_limited":           "登录失败次数过多。请等待 15 分钟后重试。",
		"err.common_password":        "此密码属于攻击者最常尝试的密码，请另选一个。",
		"err.password_length":        "密码至少需要 12 个字符。",
		"err.bad_link":               "此设置链接无法使用：它已被使用、已过期或输入有误。请向管理员索取新的链接。",
		"signed_in_as":               "已登录：%s（%s）",
		"lang.switch":                "English",
		"lang.switch_code":           "en",
		"signin.setup_hint":          "第一次使用？请打开管理员给您的设置链接。",
		"setup.password_help":        "至少 12 个字符。",
		"signin.password_missing":    "请输入密码。",
		"status.placed":              "已下单",
		"status.confirmed":           "已确认",
		"status.on_hold":             "已暂停",
		"status.released":            "已发往仓库",
		"status.shipped":             "已发货",
		"status.cancelled":           "已取消",
		"payment.awaiting_payment":   "待付款",
		"payment.authorized":         "已授权",
		"payment.paid":               "已付款",
		"payment.failed":             "付款失败",
		"payment.cod_pending":        "货到付款",
		"payment.refund_due":         "待退款",
		"payment.partially_refunded": "部分退款",
		"payment.refunded":           "已退款",
		"payment.voided":             "已作废",
	},
}

// text returns the message key in locale.
func text(locale, key string) string {
	if s, ok := messages[locale][key]; ok {
		return s
	}
	if s, ok := messages["en"][key]; ok {
		return s
	}
	return key
}

// word is the message for a stored value (an order's status) in locale,
// or the value itself when the table has none, so a new status shows
// rather than vanishes.
func word(locale, prefix, value string) string {
	if s := text(locale, prefix+value); s != prefix+value {
		return s
	}
	return value
}

// requestLocale is the locale of a page shown before sign-in: ?lang= when
// given, else the browser's first choice when it is Chinese, else English.
func requestLocale(r *http.Request) string {
	switch lang := r.URL.Query().Get("lang"); lang {
	case "en", "zh":
		return lang
	}
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(r.Header.Get("Accept-Language"))), "zh") {
		return "zh"
	}
	return "en"
}
