package console

import (
	"net/http"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/people"
)

// The API-key operations the pages mirror (internal/auth/api.go).
const (
	opCreateAPIKey = "create-api-key"
	opRevokeAPIKey = "revoke-api-key"
)

// apiKeyFields are the create form's fields.
var apiKeyFields = []string{"name", "role", "channels", "warehouses"}

type keyRow struct {
	ID, Name, Role, Scope, Created, Revoked string
}

// apiKeysPage is the list, the create form's choices and, on the answer
// to that form only, the new key's secret.
type apiKeysPage struct {
	Rows    []keyRow
	Roles   []actor.Role
	Created *auth.KeyCreated
}

// apiKeys lists the API keys without secrets, as list-api-keys does, with
// a form to create one.
func (c *Console) apiKeys(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "apikeys.title")
	v.Form = map[string]string{"role": string(actor.Integration)}
	c.apiKeysAnswer(w, r, v, nil, nil)
}

// createAPIKey creates a key as create-api-key does. Its secret is on
// this answer only (stored hashed, never shown again, not cached).
func (c *Console) createAPIKey(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "apikeys.title")
	if !c.form(w, r, v.Locale) {
		return
	}
	v.Form = typed(r, apiKeyFields...)
	key, secret, err := c.cfg.Keys.CreateScoped(r.Context(), v.Form["name"], actor.Role(v.Form["role"]),
		auth.Scope{Channels: list(v.Form["channels"]), Warehouses: list(v.Form["warehouses"])})
	if err != nil {
		c.apiKeysAnswer(w, r, v, nil, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	v.Notice = text(v.Locale, "done.apikeys.created")
	v.Form = map[string]string{"role": string(actor.Integration)}
	c.apiKeysAnswer(w, r, v, &auth.KeyCreated{Key: key, Secret: secret}, nil)
}

// apiKeysAnswer renders the list with v's form: with the created key, or
// with the form's problems when err is not nil.
func (c *Console) apiKeysAnswer(w http.ResponseWriter, r *http.Request, v view, created *auth.KeyCreated, err error) {
	keys, lerr := c.cfg.Keys.List(r.Context())
	if lerr != nil {
		c.internal(w, r, v.Locale, lerr)
		return
	}
	data := apiKeysPage{Roles: actor.Roles, Created: created}
	for _, k := range keys {
		row := keyRowOf(k)
		row.Role = word(v.Locale, "people.role_", row.Role)
		data.Rows = append(data.Rows, row)
	}
	v.Data = data
	if err != nil {
		c.refused(w, r, "apikeys", v, err, apiKeyFields...)
		return
	}
	c.render(w, r, http.StatusOK, "apikeys", v)
}

func keyRowOf(k auth.Key) keyRow {
	row := keyRow{ID: k.ID, Name: k.Name, Role: string(k.Role), Created: k.CreatedAt.UTC().Format(time.DateTime + " UTC"),
		Scope: strings.Join(append(append([]string{}, k.Channels...), k.Warehouses...), ", ")}
	if k.RevokedAt != nil {
		row.Revoked = k.RevokedAt.UTC().Format(time.DateTime + " UTC")
	}
	return row
}

// list splits a comma- or space-separated field into its entries.
func list(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
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
