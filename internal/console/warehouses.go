package console

import (
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/warehouse"
)

// The warehouse operations the pages mirror (internal/warehouse/api*.go).
const (
	opListWarehouses  = "list-warehouses"
	opUpdateWarehouse = "update-warehouse"
	opListBins        = "list-bins"
	opAddBins         = "add-bins"
	opUpdateBin       = "update-bin"
)

// warehouseRow is one line of the warehouses table.
type warehouseRow struct {
	Code, Name, City, Country, Cutoff string
	Active                            bool
}

// warehouses lists the warehouses by code, as list-warehouses does, with
// the same cursor for the next page.
func (c *Console) warehouses(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "warehouses.title")
	after, ok := c.cursor(w, r, v.Locale, "warehouses.cursor_invalid")
	if !ok {
		return
	}
	rows, err := c.cfg.Warehouses.List(r.Context(), warehouse.Filter{After: after, Limit: c.cfg.PageSize + 1})
	if err != nil {
		c.internal(w, r, v.Locale, err)
		return
	}
	page := httpapi.NewPage(rows, c.cfg.PageSize, func(x warehouse.Warehouse) string { return x.Code })
	data := listPage[warehouseRow]{NextCursor: page.NextCursor, Paged: after != ""}
	for _, x := range page.Items {
		data.Rows = append(data.Rows, warehouseRow{Code: x.Code, Name: x.Name, City: x.Address.City,
			Country: x.Address.Country, Cutoff: x.CutoffTime + " " + x.Timezone, Active: x.Active})
	}
	v.Data = data
	c.render(w, r, http.StatusOK, "warehouses", v)
}

// joinList writes a list as the forms take it back: comma-separated.
func joinList(l []string) string { return strings.Join(l, ", ") }

var warehousesMessages = map[string]map[string]string{
	"en": {
		"warehouses.title":            "Warehouses",
		"warehouses.edit_title":       "Warehouse",
		"warehouses.bin_title":        "Bin",
		"warehouses.code":             "Code",
		"warehouses.name":             "Name",
		"warehouses.city":             "City",
		"warehouses.country":          "Country",
		"warehouses.cutoff":           "Daily cut-off",
		"warehouses.cutoff_time":      "Daily order cut-off (HH:MM, local time)",
		"warehouses.timezone":         "Time zone (e.g. America/New_York)",
		"warehouses.categories":       "Product categories handled (comma-separated; empty for all)",
		"warehouses.state":            "State",
		"warehouses.active":           "Active",
		"warehouses.inactive":         "Inactive",
		"warehouses.active_label":     "Active: takes new stock and allocations",
		"warehouses.bin_active_label": "Active: takes new stock",
		"warehouses.none":             "No warehouses yet.",
		"warehouses.next":             "More",
		"warehouses.first":            "First page",
		"warehouses.back":             "All warehouses",
		"warehouses.back_to":          "Back to %s",
		"warehouses.save":             "Save warehouse",
		"warehouses.edit":             "Change the warehouse",
		"warehouses.bins":             "Bins",
		"warehouses.bin":              "Bin",
		"warehouses.x":                "x (metres from the dock along the building)",
		"warehouses.y":                "y (metres from the dock across the building)",
		"warehouses.no_bins":          "No bins yet.",
		"warehouses.add_bins":         "Add bins",
		"warehouses.bins_field":       "Bins, one per line: code, x and y in metres (e.g. A-01-03-2 4.5 12)",
		"warehouses.add_submit":       "Add bins",
		"warehouses.bin_save":         "Save bin",
		"warehouses.bin_line":         "Line %d: write a bin code, then x and y in metres, separated by spaces.",
		"warehouses.bins_none":        "Write at least one bin.",
		"warehouses.not_a_decimal":    "Enter a number of metres, such as 4.5.",
		"warehouses.cursor_invalid":   "This page link is not valid; start from the first page.",
		"done.warehouses.updated":     "The warehouse was saved.",
		"done.warehouses.bins_added":  "The bins were added.",
		"done.warehouses.bin_updated": "The bin was saved.",
	},
	"zh": {
		"warehouses.title":            "仓库",
		"warehouses.edit_title":       "仓库详情",
		"warehouses.bin_title":        "库位",
		"warehouses.code":             "代码",
		"warehouses.name":             "名称",
		"warehouses.city":             "城市",
		"warehouses.country":          "国家",
		"warehouses.cutoff":           "每日截单",
		"warehouses.cutoff_time":      "每日截单时间（HH:MM，当地时间）",
		"warehouses.timezone":         "时区（例如 Asia/Shanghai）",
		"warehouses.categories":       "处理的商品类别（用逗号分隔；留空表示全部）",
		"warehouses.state":            "状态",
		"warehouses.active":           "启用",
		"warehouses.inactive":         "停用",
		"warehouses.active_label":     "启用：接收新库存和新分配",
		"warehouses.bin_active_label": "启用：接收新库存",
		"warehouses.none":             "暂无仓库。",
		"warehouses.next":             "更多",
		"warehouses.first":            "第一页",
		"warehouses.back":             "全部仓库",
		"warehouses.back_to":          "返回 %s",
		"warehouses.save":             "保存仓库",
		"warehouses.edit":             "修改仓库",
		"warehouses.bins":             "库位",
		"warehouses.bin":              "库位",
		"warehouses.x":                "x（沿建筑方向距码头的米数）",
		"warehouses.y":                "y（横跨建筑方向距码头的米数）",
		"warehouses.no_bins":          "暂无库位。",
		"warehouses.add_bins":         "添加库位",
		"warehouses.bins_field":       "库位，每行一个：代码、x 和 y（米），例如 A-01-03-2 4.5 12",
		"warehouses.add_submit":       "添加库位",
		"warehouses.bin_save":         "保存库位",
		"warehouses.bin_line":         "第 %d 行：请填写库位代码，再填写 x 和 y（米），用空格分隔。",
		"warehouses.bins_none":        "请至少填写一个库位。",
		"warehouses.not_a_decimal":    "请输入米数，例如 4.5。",
		"warehouses.cursor_invalid":   "此页面链接无效；请从第一页开始。",
		"done.warehouses.updated":     "仓库已保存。",
		"done.warehouses.bins_added":  "库位已添加。",
		"done.warehouses.bin_updated": "库位已保存。",
	},
}
