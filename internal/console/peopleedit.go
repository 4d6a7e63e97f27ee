package console

import (
	"net/http"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/people"
)

// personEditFields are the edit form's fields.
var personEditFields = []string{"name", "role", "locale"}

// personEditPage is one person with the choices the form offers.
type personEditPage struct {
	Person  people.Person
	Roles   []actor.Role
	Locales []string
}

// person shows one person's account with a form to change their name,
// role and language, and a button to deactivate or activate them: the
// fields update-person changes.
func (c *Console) person(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "people.edit_title")
	p, err := c.cfg.People.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		c.refused(w, r, "peopleedit", v, err)
		return
	}
	v.Form = map[string]string{"name": p.Name, "role": string(p.Role), "locale": p.Locale}
	v.Data = personEditPage{Person: p, Roles: actor.Roles, Locales: people.Locales}
	c.render(w, r, http.StatusOK, "peopleedit", v)
}

// updatePerson changes the name, role and language, as update-person does.
func (c *Console) updatePerson(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "people.edit_title")
	if !c.form(w, r, v.Locale) {
		return
	}
	v.Form = typed(r, personEditFields...)
	role := actor.Role(v.Form["role"])
	c.patchPerson(w, r, v, people.Patch{Name: ptr(v.Form["name"]), Role: &role, Locale: ptr(v.Form["locale"])}, "people.updated")
}

// setPersonActive deactivates a person (their sessions end at once) or
// lets them sign in again, as update-person with active does.
func (c *Console) setPersonActive(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "people.edit_title")
	if !c.form(w, r, v.Locale) {
		return
	}
	active := r.PostForm.Get("active") == "true"
	key := "people.deactivated"
	if active {
		key = "people.activated"
	}
	c.patchPerson(w, r, v, people.Patch{Active: &active}, key)
}

// patchPerson applies pt and goes back to the person's page, or shows the
// form again with the store's refusal.
func (c *Console) patchPerson(w http.ResponseWriter, r *http.Request, v view, pt people.Patch, key string) {
	id := r.PathValue("id")
	_, err := c.cfg.People.Update(r.Context(), id, pt)
	if err == nil {
		done(w, r, "/people/"+id, key)
		return
	}
	p, gerr := c.cfg.People.Get(r.Context(), id)
	if gerr != nil {
		c.refused(w, r, "peopleedit", v, gerr)
		return
	}
	v.Data = personEditPage{Person: p, Roles: actor.Roles, Locales: people.Locales}
	c.refused(w, r, "peopleedit", v, err, personEditFields...)
}

func ptr[T any](v T) *T { return &v }

var peopleMessages = map[string]map[string]string{
	"en": {
		"people.title":                 "People",
		"people.edit_title":            "Person",
		"people.email":                 "E-mail",
		"people.name":                  "Name",
		"people.name_help":             "Leave empty to use the e-mail's local part.",
		"people.role":                  "Role",
		"people.locale":                "Language",
		"people.state":                 "State",
		"people.created":               "Created",
		"people.active":                "Active",
		"people.inactive":              "Deactivated",
		"people.password":              "Password",
		"people.password_set":          "set",
		"people.awaiting":              "awaiting set-up",
		"people.none":                  "No people yet.",
		"people.add":                   "Add a person",
		"people.add_submit":            "Add person",
		"people.link":                  "Set-up link for %s",
		"people.link_help":             "Send this link to the person now: it works once, for 24 hours, and is not shown again.",
		"people.edit":                  "Change",
		"people.save":                  "Save changes",
		"people.deactivate":            "Deactivate (ends their sessions)",
		"people.activate":              "Activate",
		"people.back":                  "All people",
		"people.locale_en":             "English",
		"people.locale_zh":             "Chinese (中文)",
		"people.role_admin":            "Administrator",
		"people.role_integration":      "Integration",
		"people.role_customer_service": "Customer service",
		"people.role_warehouse":        "Warehouse",
		"people.role_finance":          "Finance",
		"done.people.created":          "The person was added.",
		"done.people.updated":          "The changes were saved.",
		"done.people.deactivated":      "The person was deactivated; their sessions have ended.",
		"done.people.activated":        "The person may sign in again.",
	},
	"zh": {
		"people.title":                 "人员",
		"people.edit_title":            "人员信息",
		"people.email":                 "电子邮箱",
		"people.name":                  "姓名",
		"people.name_help":             "留空则使用电子邮箱 @ 之前的部分。",
		"people.role":                  "角色",
		"people.locale":                "语言",
		"people.state":                 "状态",
		"people.created":               "创建时间",
		"people.active":                "有效",
		"people.inactive":              "已停用",
		"people.password":              "密码",
		"people.password_set":          "已设置",
		"people.awaiting":              "等待设置",
		"people.none":                  "暂无人员。",
		"people.add":                   "添加人员",
		"people.add_submit":            "添加",
		"people.link":                  "%s 的设置链接",
		"people.link_help":             "请立即把此链接发给对方：它只能使用一次，24 小时内有效，之后不会再显示。",
		"people.edit":                  "修改",
		"people.save":                  "保存修改",
		"people.deactivate":            "停用（结束其所有会话）",
		"people.activate":              "启用",
		"people.back":                  "全部人员",
		"people.locale_en":             "英文（English）",
		"people.locale_zh":             "中文",
		"people.role_admin":            "管理员",
		"people.role_integration":      "系统集成",
		"people.role_customer_service": "客服",
		"people.role_warehouse":        "仓库",
		"people.role_finance":          "财务",
		"done.people.created":          "已添加人员。",
		"done.people.updated":          "修改已保存。",
		"done.people.deactivated":      "已停用该人员，其会话已结束。",
		"done.people.activated":        "该人员可以重新登录。",
	},
}
