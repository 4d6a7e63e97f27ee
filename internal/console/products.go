package console

import (
	"net/http"
	"net/url"

	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/people"
)

// The catalogue operations the pages mirror (internal/catalog/api.go).
const (
	opListProducts  = "list-products"
	opGetProduct    = "get-product"
	opUpdateProduct = "update-product"
)

// productRow is one line of the products table.
type productRow struct {
	ID, SKU, Name, Category, Price string
	Active                         bool
}

// productsPage is one page of the catalogue and the search that chose it.
type productsPage struct {
	Rows  []productRow
	Next  string // the next page's address, with the search kept
	Paged bool   // not the first page
}

// products lists the catalogue oldest first, as list-products does,
// searched by name (q: a case-insensitive part of it) or exact SKU, with
// the same opaque cursor for the next page.
func (c *Console) products(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "products.title")
	q := r.URL.Query()
	v.Form = map[string]string{"q": q.Get("q"), "sku": q.Get("sku")}
	after, ok := c.cursor(w, r, v.Locale, "products.cursor_invalid")
	if !ok {
		return
	}
	list, next, err := c.cfg.Products.List(r.Context(), catalog.Filter{Query: v.Form["q"], SKU: v.Form["sku"],
		After: after, Limit: c.cfg.PageSize})
	data := productsPage{Paged: after != ""}
	v.Data = data
	if err != nil {
		c.refused(w, r, "products", v, err, "q", "sku")
		return
	}
	for _, p := range list {
		data.Rows = append(data.Rows, productRow{ID: p.ID, SKU: p.SKU, Name: p.Name, Category: p.Category,
			Price: money.Format(p.PriceMinor, p.Currency), Active: p.Active})
	}
	if next != "" {
		data.Next = "/products?" + url.Values{"q": {v.Form["q"]}, "sku": {v.Form["sku"]}, "cursor": {httpapi.EncodeCursor(next)}}.Encode()
	}
	v.Data = data
	c.render(w, r, http.StatusOK, "products", v)
}

var productsMessages = map[string]map[string]string{
	"en": {
		"products.title":          "Products",
		"products.edit_title":     "Product",
		"products.search":         "Search",
		"products.q":              "Name contains",
		"products.sku":            "SKU",
		"products.name":           "Name",
		"products.category":       "Category",
		"products.price":          "Price",
		"products.price_minor":    "Price in minor units (cents)",
		"products.weight_g":       "Weight (grams)",
		"products.handling":       "Handling",
		"products.flag_fragile":   "Fragile",
		"products.flag_liquid":    "Liquid",
		"products.flag_valuable":  "Valuable",
		"products.flag_hazmat":    "Hazardous (dangerous goods)",
		"products.state":          "State",
		"products.active":         "Active",
		"products.inactive":       "Inactive",
		"products.currency":       "Currency",
		"products.barcodes":       "Barcodes",
		"products.none":           "No products match.",
		"products.next":           "Next products",
		"products.first":          "First products",
		"products.back":           "All products",
		"products.save":           "Save product",
		"products.shortage":       "Shortage policies",
		"products.cursor_invalid": "This page link is not valid; start from the first products.",
		"done.products.updated":   "The product was saved.",
	},
	"zh": {
		"products.title":          "商品",
		"products.edit_title":     "商品详情",
		"products.search":         "搜索",
		"products.q":              "名称包含",
		"products.sku":            "SKU",
		"products.name":           "名称",
		"products.category":       "类别",
		"products.price":          "价格",
		"products.price_minor":    "价格（最小货币单位，如分）",
		"products.weight_g":       "重量（克）",
		"products.handling":       "搬运要求",
		"products.flag_fragile":   "易碎",
		"products.flag_liquid":    "液体",
		"products.flag_valuable":  "贵重",
		"products.flag_hazmat":    "危险品",
		"products.state":          "状态",
		"products.active":         "在售",
		"products.inactive":       "已停用",
		"products.currency":       "币种",
		"products.barcodes":       "条码",
		"products.none":           "没有匹配的商品。",
		"products.next":           "下一页商品",
		"products.first":          "第一页商品",
		"products.back":           "全部商品",
		"products.save":           "保存商品",
		"products.shortage":       "缺货策略",
		"products.cursor_invalid": "此页面链接无效；请从第一页商品开始。",
		"done.products.updated":   "商品已保存。",
	},
}
