package console

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/warehouse"
)

// The operations the stock pages mirror.
const (
	opListStockBalances = "list-stock-balances"
	opListBinStock      = "list-bin-stock"
	opListStockEntries  = "list-stock-entries"
	opReceiveStock      = "receive-stock"
	opAdjustStock       = "adjust-stock"
	opMoveStock         = "move-stock"
	opReconcileStock    = "reconcile-stock"
)

// stockFilter is what a stock list page is narrowed to, as typed in its
// search form and kept in the URL: a SKU (often scanned) and a warehouse.
type stockFilter struct {
	SKU, Warehouse, Bin string
	Warehouses          []string // the choices of the warehouse selector
}

// query is the filter as URL parameters, for links between the pages.
func (f stockFilter) query() string {
	q := url.Values{}
	for k, v := range map[string]string{"sku": f.SKU, "warehouse": f.Warehouse, "bin": f.Bin} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q.Encode()
}

// Link is path with the filter's parameters and more.
func (f stockFilter) Link(path string, more ...string) string {
	q := f.query()
	for i := 0; i+1 < len(more); i += 2 {
		if q != "" {
			q += "&"
		}
		q += url.QueryEscape(more[i]) + "=" + url.QueryEscape(more[i+1])
	}
	if q == "" {
		return path
	}
	return path + "?" + q
}

// stockPage is a page of one stock list (the balances, the bins or the
// ledger: Kind) with its filter and paging links.
type stockPage struct {
	Kind, Path        string
	Filter            stockFilter
	Rows              any
	FirstURL, NextURL string // empty when there is no such page
}

type balanceRow struct {
	inventory.Balance
	BinsURL, LedgerURL string
}

// stock lists balances by product and warehouse as list-stock-balances
// does: on hand, reserved, available, a SKU search and a warehouse filter.
func (c *Console) stock(w http.ResponseWriter, r *http.Request, s people.Session) {
	stockList(c, w, r, s, "stock", func(ctx context.Context, f inventory.Filter) ([]balanceRow, error) {
		rows, err := c.cfg.Stock.Balances(ctx, f)
		out := make([]balanceRow, 0, len(rows))
		for _, b := range rows {
			at := stockFilter{SKU: b.SKU, Warehouse: b.Warehouse}
			out = append(out, balanceRow{b, at.Link("/stock/bins"), at.Link("/stock/ledger")})
		}
		return out, err
	}, func(b balanceRow) string { return inventory.BalanceCursor(b.Balance) })
}

// stockList serves one of the stock list pages: it reads the filter and
// cursor, asks list for one row more than a page and renders page.
func stockList[T any](c *Console, w http.ResponseWriter, r *http.Request, s people.Session, page string,
	list func(context.Context, inventory.Filter) ([]T, error), key func(T) string) {
	locale := s.Person.Locale
	q := r.URL.Query()
	f := stockFilter{SKU: strings.TrimSpace(q.Get("sku")), Warehouse: strings.ToUpper(strings.TrimSpace(q.Get("warehouse"))),
		Bin: strings.TrimSpace(q.Get("bin"))}
	after, codes, ok := c.listStart(w, r, locale, "stock.cursor_invalid")
	if !ok {
		return
	}
	f.Warehouses = codes
	rows, err := list(r.Context(), inventory.Filter{SKU: f.SKU, Warehouse: f.Warehouse, Bin: f.Bin, After: after, Limit: c.cfg.PageSize + 1})
	if err != nil && !errs.Is(err, errs.Invalid) {
		c.internal(w, r, locale, err)
		return
	}
	p := httpapi.NewPage(rows, c.cfg.PageSize, key)
	v := c.personView(s, page+".title")
	data := stockPage{Kind: page, Path: r.URL.Path, Filter: f, Rows: p.Items}
	data.FirstURL, data.NextURL = f.pager(r, r.URL.Path, p.NextCursor)
	v.Data = data
	c.render(w, r, http.StatusOK, "stock", v)
}

// listStart reads what a list page starts with: its cursor (a bad one is
// answered 400 with the message cursorKey) and the warehouse codes for its
// selector. ok is false when it has answered already.
func (c *Console) listStart(w http.ResponseWriter, r *http.Request, locale, cursorKey string) (after string, codes []string, ok bool) {
	after, err := httpapi.DecodeCursor(r.URL.Query().Get("cursor"))
	if err != nil {
		c.renderError(w, r, locale, http.StatusBadRequest, text(locale, cursorKey))
		return "", nil, false
	}
	if codes, err = c.warehouseCodes(r.Context()); err != nil {
		c.internal(w, r, locale, err)
		return "", nil, false
	}
	return after, codes, true
}

// pager is the links to the first page (when r is not on it) and to the
// page after next (when there is one) of the list at path.
func (f stockFilter) pager(r *http.Request, path, next string) (firstURL, nextURL string) {
	if r.URL.Query().Get("cursor") != "" {
		firstURL = f.Link(path)
	}
	if next != "" {
		nextURL = f.Link(path, "cursor", next)
	}
	return firstURL, nextURL
}

// personView is the view of a signed-in person's page titled by key.
func (c *Console) personView(s people.Session, key string) view {
	return view{Locale: s.Person.Locale, Title: text(s.Person.Locale, key), Person: &s.Person, Can: c.can(s.Person.Role)}
}

// warehouseCodes lists every warehouse's code, for the selectors.
func (c *Console) warehouseCodes(ctx context.Context) ([]string, error) {
	ws, err := c.cfg.Warehouses.List(ctx, warehouse.Filter{Limit: 1000})
	codes := make([]string, 0, len(ws))
	for _, w := range ws {
		codes = append(codes, w.Code)
	}
	return codes, err
}

var stockMessages = map[string]map[string]string{
	"en": {
		"stock.title":          "Stock",
		"stock.sku":            "SKU",
		"stock.warehouse":      "Warehouse",
		"stock.all_warehouses": "All warehouses",
		"stock.search":         "Search",
		"stock.on_hand":        "On hand",
		"stock.reserved":       "Reserved",
		"stock.available":      "Available",
		"stock.bins":           "Bins",
		"stock.ledger":         "Ledger",
		"stock.none":           "No stock matches.",
		"stock.next":           "Next page",
		"stock.first":          "First page",
		"stock.actions":        "Stock actions",
		"stock.cursor_invalid": "This page link is not valid; start from the first page.",
		"stock.show":           "Show",
	},
	"zh": {
		"stock.title":          "库存",
		"stock.sku":            "SKU",
		"stock.warehouse":      "仓库",
		"stock.all_warehouses": "全部仓库",
		"stock.search":         "搜索",
		"stock.on_hand":        "在库",
		"stock.reserved":       "已预留",
		"stock.available":      "可用",
		"stock.bins":           "库位",
		"stock.ledger":         "流水",
		"stock.none":           "没有符合条件的库存。",
		"stock.next":           "下一页",
		"stock.first":          "第一页",
		"stock.actions":        "库存操作",
		"stock.cursor_invalid": "此页面链接无效；请从第一页开始。",
		"stock.show":           "查看",
	},
}
