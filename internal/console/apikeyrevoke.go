package console

import (
	"net/http"

	"github.com/waybill/waybill/internal/people"
)

// apiKeyRevokePage asks before revoking a key: revoking cannot be undone.
func (c *Console) apiKeyRevokePage(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "apikeys.revoke_title")
	keys, err := c.cfg.Keys.List(r.Context())
	if err != nil {
		c.internal(w, r, v.Locale, err)
		return
	}
	for _, k := range keys {
		if k.ID == r.PathValue("id") && k.RevokedAt == nil {
			v.Data = keyRowOf(k)
			c.render(w, r, http.StatusOK, "apikeyrevoke", v)
			return
		}
	}
	c.notFound(w, r, v.Locale)
}

// revokeAPIKey revokes the key for good, as revoke-api-key does; an
// unknown or already revoked key is 404, as there.
func (c *Console) revokeAPIKey(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "apikeys.revoke_title")
	if err := c.cfg.Keys.Revoke(r.Context(), r.PathValue("id")); err != nil {
		c.refused(w, r, "apikeyrevoke", v, err)
		return
	}
	done(w, r, "/api-keys", "apikeys.revoked")
}

var apiKeysMessages = map[string]map[string]string{
	"en": {
		"apikeys.scope":          "Confined to",
		"apikeys.all":            "everything",
		"apikeys.add":            "Create an API key",
		"apikeys.add_submit":     "Create key",
		"apikeys.channels":       "Channels (integration keys; comma-separated, empty for all)",
		"apikeys.warehouses":     "Warehouse codes (warehouse keys; comma-separated, empty for all)",
		"apikeys.secret":         "The secret of key %s",
		"apikeys.secret_help":    "Copy it now into the system that will use it: it is stored only as a hash and will not be shown again.",
		"apikeys.revoke":         "Revoke",
		"apikeys.revoke_title":   "Revoke an API key",
		"apikeys.revoke_confirm": "Revoke the key %s (%s)? Whatever uses it will be refused from now on. This cannot be undone.",
		"apikeys.revoke_submit":  "Yes, revoke the key",
		"apikeys.back":           "Keep the key",
		"done.apikeys.created":   "The API key was created.",
		"done.apikeys.revoked":   "The API key was revoked.",
	},
	"zh": {
		"apikeys.scope":          "限定范围",
		"apikeys.all":            "全部",
		"apikeys.add":            "创建 API 密钥",
		"apikeys.add_submit":     "创建密钥",
		"apikeys.channels":       "渠道（集成密钥；用逗号分隔，留空表示全部）",
		"apikeys.warehouses":     "仓库代码（仓库密钥；用逗号分隔，留空表示全部）",
		"apikeys.secret":         "密钥 %s 的秘密值",
		"apikeys.secret_help":    "请立即复制到将使用它的系统中：系统只保存其哈希值，之后不会再显示。",
		"apikeys.revoke":         "吊销",
		"apikeys.revoke_title":   "吊销 API 密钥",
		"apikeys.revoke_confirm": "确定吊销密钥 %s（%s）吗？此后使用它的请求都将被拒绝。此操作无法撤销。",
		"apikeys.revoke_submit":  "确定吊销",
		"apikeys.back":           "保留此密钥",
		"done.apikeys.created":   "API 密钥已创建。",
		"done.apikeys.revoked":   "API 密钥已吊销。",
	},
}
