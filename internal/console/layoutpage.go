package console

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/warehouse"
)

// The operations the layout page mirrors.
const (
	opGetLayout    = "get-warehouse-layout"
	opPutLayout    = "put-warehouse-layout"
	opDeriveLayout = "derive-warehouse-layout"
)

// layoutPage is a warehouse's layout as tables, and what the form shows.
type layoutPage struct {
	Code     string
	Stored   bool // false: the warehouse has no layout yet
	Derived  bool // the form holds a derived layout, not yet saved
	Layout   warehouse.Layout
	Aisles   []layoutAisle
	Problems []string // every problem of a refused layout, "path: message"
}

// layoutAisle is one line of the aisles table.
type layoutAisle struct {
	Code, Block, X, Length string
	Placed, PickFaces      int
}

// layout shows the warehouse's layout as get-warehouse-layout answers it.
func (c *Console) layout(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.layoutAnswer(w, r, s, false)
}

// deriveLayout is the layout page with the form filled with the layout
// derive-warehouse-layout proposes; nothing is stored until it is saved.
func (c *Console) deriveLayout(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.layoutAnswer(w, r, s, true)
}

func (c *Console) layoutAnswer(w http.ResponseWriter, r *http.Request, s people.Session, derive bool) {
	v := c.pageView(s, "layout.title")
	code := r.PathValue("code")
	if _, err := c.cfg.Warehouses.Get(r.Context(), code); err != nil {
		c.refused(w, r, "layout_page", v, err)
		return
	}
	data := layoutPage{Code: strings.ToUpper(code)}
	l, err := c.cfg.Warehouses.Layout(r.Context(), code)
	switch {
	case err == nil:
		data.Stored = true
		data.setTables(l)
	case !errs.Is(err, errs.NotFound):
		c.internal(w, r, v.Locale, err)
		return
	}
	form := l
	if derive {
		d, derr := c.cfg.Warehouses.DeriveLayout(r.Context(), code)
		if derr != nil && !errs.Is(derr, errs.Conflict) {
			c.internal(w, r, v.Locale, derr)
			return
		}
		if derr != nil {
			v.Errors = map[string]string{"layout": text(v.Locale, "layout.no_bins")}
		} else {
			form, data.Derived = d, true
		}
	}
	if data.Stored || data.Derived {
		form.Warehouse, form.UpdatedAt = "", nil
		v.Form = map[string]string{"layout": layoutJSON(form)}
	}
	v.Data = data
	c.render(w, r, http.StatusOK, "layout_page", v)
}

// setTables fills the page's tables from a stored layout.
func (p *layoutPage) setTables(l warehouse.Layout) {
	p.Layout = l
	placed, faces := map[string]int{}, map[string]int{}
	for _, b := range l.Bins {
		placed[b.Aisle]++
		if b.PickFace {
			faces[b.Aisle]++
		}
	}
	for _, a := range l.Aisles {
		p.Aisles = append(p.Aisles, layoutAisle{Code: a.Code, Block: a.Block, X: metres(a.X), Length: metres(a.Length),
			Placed: placed[a.Code], PickFaces: faces[a.Code]})
	}
}

// layoutJSON is the layout as the form shows it: indented, one bin a line.
func layoutJSON(l warehouse.Layout) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	_ = enc.Encode(l)
	return strings.TrimSpace(b.String())
}

// layoutMessages are the layout page's strings.
var layoutMessages = map[string]map[string]string{
	"en": {
		"layout.title":        "Warehouse layout",
		"layout.link":         "Layout",
		"layout.back":         "Back to the warehouse",
		"layout.none":         "This warehouse has no layout yet.",
		"layout.blocks":       "Blocks",
		"layout.block":        "Block",
		"layout.length":       "Length (m)",
		"layout.cross":        "Cross aisles (m wide, front to back)",
		"layout.aisles":       "Aisles",
		"layout.aisle":        "Aisle",
		"layout.x":            "x (m)",
		"layout.placed":       "Bins placed",
		"layout.pick_faces":   "Pick faces",
		"layout.depot":        "Depot",
		"layout.depot_at":     "In front of aisle %s, %v m from the front cross aisle",
		"layout.zones":        "Zones",
		"layout.zone":         "Zone",
		"layout.kind":         "Kind",
		"layout.kind.ambient": "ambient",
		"layout.kind.cold":    "cold",
		"layout.kind.caged":   "caged (valuables)",
		"layout.kind.hazmat":  "hazardous goods",
		"layout.edit":         "Change the layout",
		"layout.field":        "Layout (JSON, as the API's put-warehouse-layout takes it)",
		"layout.save":         "Save layout",
		"layout.derive":       "Derive from bins",
		"layout.derived":      "Derived from the bins' codes and positions; check it, then save it.",
		"layout.no_bins":      "The warehouse has no bins to derive a layout from.",
		"layout.not_json":     "This is not a layout in JSON: %s",
		"layout.problems":     "The layout has %d problems; nothing was saved.",
		"done.layout.saved":   "Layout saved.",
	},
	"zh": {
		"layout.title":        "仓库布局",
		"layout.link":         "布局",
		"layout.back":         "返回仓库",
		"layout.none":         "此仓库尚无布局。",
		"layout.blocks":       "区块",
		"layout.block":        "区块",
		"layout.length":       "长度（米）",
		"layout.cross":        "横向通道（宽度，米，由前至后）",
		"layout.aisles":       "通道",
		"layout.aisle":        "通道",
		"layout.x":            "x（米）",
		"layout.placed":       "已放置库位",
		"layout.pick_faces":   "拣货位",
		"layout.depot":        "起点",
		"layout.depot_at":     "位于通道 %s 前方，距前横向通道 %v 米",
		"layout.zones":        "区域",
		"layout.zone":         "区域",
		"layout.kind":         "类型",
		"layout.kind.ambient": "常温",
		"layout.kind.cold":    "冷藏",
		"layout.kind.caged":   "笼区（贵重物品）",
		"layout.kind.hazmat":  "危险品",
		"layout.edit":         "修改布局",
		"layout.field":        "布局（JSON，与 API 的 put-warehouse-layout 相同）",
		"layout.save":         "保存布局",
		"layout.derive":       "根据库位推导",
		"layout.derived":      "根据库位编码和位置推导而来；请检查后保存。",
		"layout.no_bins":      "此仓库没有库位，无法推导布局。",
		"layout.not_json":     "这不是 JSON 格式的布局：%s",
		"layout.problems":     "布局有 %d 处问题；未保存任何内容。",
		"done.layout.saved":   "布局已保存。",
	},
}
