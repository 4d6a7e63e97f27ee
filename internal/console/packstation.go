package console

import (
	"net/http"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/people"
)

// packStationPage is one fulfilment at the station: what to pack and how,
// the parcels so far, the parcel on the desk with its close form, and the
// supervisor's forms for an admin.
type packStationPage struct {
	Station pack.Station
	Desk    *pack.Parcel  // the open or held parcel, nil before the first scan
	Cartons []pack.Carton // the warehouse's cartons in use, smallest first
	Lines   []pack.StationLine
	Left    []pack.StationLine // lines with units still to scan, for the write-off form
	Units   int64              // units of the fulfilment in all
	ScanID  string             // fresh for each page shown: a form sent twice books once
	Focus   string             // the field that takes the next scan
	Problem string             // a refusal not about one field (409, 403)
	Admin   bool
	Scan    bool             // the item scan shows: units are left, or a scan was just refused
	Scanned string           // the parcel the last scan went into, said at the scan field
	Fold    bool             // the close form is folded: units are left, nothing held or refused there
	Suggest []packSuggestion // the cartonizer's parcels for the units left
	Plan    string           // and its one-line explanation
}

// packSuggestion is one parcel the cartonizer suggests: which carton, how
// many units, how full.
type packSuggestion struct {
	Carton  string
	Units   int
	FillPct int
}

// packStation shows a fulfilment at the station as get-pack-station reads
// it; after a scan (?parcel=) it says which parcel the units went into.
func (c *Console) packStation(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.renderPackStation(w, r, s, http.StatusOK, r.PathValue("id"), nil, nil, "")
}

// renderPackStation reads the station and shows it with what was typed
// and the problems at their fields, or one above the forms.
func (c *Console) renderPackStation(w http.ResponseWriter, r *http.Request, s people.Session, status int, fid string,
	form, problems map[string]string, problem string) {
	locale := s.Person.Locale
	st, err := c.cfg.Packing.Station(r.Context(), fid)
	if errs.Is(err, errs.NotFound) {
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "packstation.not_found"))
		return
	}
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	cartons, err := c.cfg.Packing.Cartons(r.Context(), st.Warehouse)
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	who, _ := actor.From(r.Context())
	data := packStationPage{Station: st, Lines: st.Lines, ScanID: newScanID(), Problem: problem, Admin: who.Role == actor.Admin}
	for _, k := range cartons {
		if k.Active {
			data.Cartons = append(data.Cartons, k)
		}
	}
	for i, p := range st.Parcels {
		if p.Status == pack.ParcelOpen || p.Status == pack.ParcelHeld {
			data.Desk = &st.Parcels[i]
		}
	}
	for _, l := range st.Lines {
		data.Units += l.Quantity
		if l.Left() > 0 {
			data.Left = append(data.Left, l)
		}
	}
	if p := st.Suggested; p != nil {
		data.Plan = p.Summary
		for _, parcel := range p.Parcels {
			data.Suggest = append(data.Suggest, packSuggestion{Carton: parcel.Carton, Units: len(parcel.Items), FillPct: int(parcel.Fill*100 + 0.5)})
		}
	}
	_, badItem := problems["item"]
	_, badQty := problems["quantity"]
	data.Scan = st.Status == "picked" && (st.Left > 0 || badItem || badQty)
	data.Focus = packFocus(data, problems)
	v := c.personView(s, "packstation.title")
	v.Title = v.Tf("packstation.title", joinOrders(st.Orders))
	if pid := r.URL.Query().Get("parcel"); r.URL.Query().Get("done") == "pack_scanned" {
		for _, p := range st.Parcels {
			if p.ID == pid {
				data.Scanned = v.Tf("packstation.scanned_into", p.Seq, p.SSCC)
			}
		}
	}
	_, badCarton := problems["carton"]
	_, badWeight := problems["weight_g"]
	data.Fold = st.Left > 0 && data.Desk != nil && data.Desk.Status == pack.ParcelOpen && !badCarton && !badWeight
	if data.Focus == "carton" && data.Fold {
		data.Focus = ""
	}
	if form == nil {
		form = map[string]string{}
	}
	if _, typed := form["carton"]; !typed && data.Desk != nil {
		form["carton"] = data.Desk.Carton
	}
	v.Form, v.Errors, v.Data, v.Path = form, problems, data, "/pack/"+st.FulfilmentID
	c.render(w, r, status, "packstation", v)
}

// packFocus is the field the next scan goes to: the first with a
// problem, else the weight of a held parcel, the item while units are
// left, the carton when all are in the parcel on the desk.
func packFocus(d packStationPage, problems map[string]string) string {
	for _, f := range []string{"item", "quantity", "carton", "weight_g", "reason", "problem_item", "problem_quantity", "kind", "note"} {
		if _, bad := problems[f]; bad {
			return f
		}
	}
	switch {
	case d.Station.Status != "picked":
		return ""
	case d.Desk != nil && d.Desk.Status == pack.ParcelHeld:
		return "weight_g"
	case d.Station.Left > 0:
		return "item"
	case d.Desk != nil:
		return "carton"
	}
	return ""
}

// joinOrders names a fulfilment by its orders: merged orders share one.
func joinOrders(orders []string) string {
	out := ""
	for i, o := range orders {
		if i > 0 {
			out += ", "
		}
		out += o
	}
	return out
}

var packStationMessages = map[string]map[string]string{
	"en": {
		"packstation.title":                  "Pack %s",
		"packstation.not_found":              "There is no fulfilment with this id.",
		"packstation.scanned_into":           "Scanned into parcel %d (SSCC %s).",
		"packstation.fulfilment":             "Fulfilment",
		"packstation.tote":                   "Tote",
		"packstation.instructions":           "Packing instructions",
		"packstation.gift_message":           "Card message",
		"packstation.instr.gift_wrap":        "Gift wrap: wrap every item, no prices inside",
		"packstation.instr.invoice_by_email": "No invoice in the parcel: the customer gets it by e-mail",
		"packstation.instr.gift_card":        "Gift card: write or print the message below and put it on top",
		"packstation.instr.fragile":          "Fragile: wrap each item and fill every gap",
		"packstation.instr.valuable":         "Valuable: plain carton only, no brand print",
		"packstation.instr.liquid":           "Liquid: seal the cap and bag it upright",
		"packstation.instr.hazmat":           "Hazardous goods: pack them apart, in their own parcel, with the hazard label",
		"packstation.lines":                  "To pack",
		"packstation.sku":                    "SKU",
		"packstation.name":                   "Item",
		"packstation.qty":                    "To pack",
		"packstation.packed":                 "Packed",
		"packstation.left":                   "%d of %d units left to scan",
		"packstation.all_scanned":            "Every unit is in a parcel (%d).",
		"packstation.parcels":                "Parcels",
		"packstation.no_parcels":             "No parcel yet: the first scan opens parcel 1.",
		"packstation.parcel_n":               "Parcel %d",
		"packstation.sscc":                   "SSCC",
		"packstation.carton":                 "Carton",
		"packstation.weight":                 "Weight",
		"packstation.grams":                  "%d g",
		"packstation.expected":               "expected %d g",
		"packstation.status":                 "Status",
		"packstation.status.open":            "open",
		"packstation.status.held":            "held",
		"packstation.status.packed":          "packed",
		"packstation.status.cancelled":       "cancelled",
		"packstation.contents":               "Contents",
		"packstation.liquid":                 "liquid",
		"packstation.hazmat":                 "hazmat",
		"packstation.scan_item":              "Scan an item",
		"packstation.units":                  "Units",
		"packstation.units_hint":             "Blank is one unit: one scan per unit.",
		"packstation.scan_ok":                "Add to parcel",
		"packstation.close":                  "Close parcel %d",
		"packstation.close_early":            "Close parcel %d now: the units left go in a new parcel",
		"packstation.close_carton":           "Carton (scan it or choose)",
		"packstation.own":                    "OWN: one unit in its own packaging",
		"packstation.carton_choice":          "%s — %d×%d×%d mm, %d in stock",
		"packstation.suggested":              "Suggested cartons",
		"packstation.suggestion":             "%s: %d units, %d %% full",
		"packstation.weight_g":               "Weight in grams",
		"packstation.close_go":               "Close and weigh",
		"packstation.held":                   "Parcel %[1]d is held: it weighs %[2]d g; its items and carton should weigh %[3]d g. Check the contents, then weigh it again.",
		"packstation.weigh_again":            "Weigh again",
		"packstation.done":                   "Packed, ready for shipping. Parcels: %d.",
		"packstation.done_title":             "Packed",
		"packstation.other_status":           "This fulfilment is %s: there is nothing to pack.",
		"packstation.next":                   "Scan the next tote",
		"packstation.supervisor":             "Supervisor",
		"packstation.accept":                 "Accept parcel %d's weight",
		"packstation.accept_help":            "Check the contents first; another person than the packer who weighed it accepts.",
		"packstation.reason":                 "What the check found",
		"packstation.accept_go":              "Accept the weight",
		"packstation.writeoff":               "Write off units that cannot be packed",
		"packstation.writeoff_help":          "Damaged or missing units leave picked stock; the order line goes short of them, handled like a short pick.",
		"packstation.problem_item":           "Item",
		"packstation.problem_qty":            "Units",
		"packstation.kind":                   "What happened",
		"packstation.kind.damaged":           "Damaged",
		"packstation.kind.missing":           "Missing",
		"packstation.kind.swapped":           "Swapped: another item in its place",
		"packstation.found":                  "Swapped: the wrong item found (barcode or SKU)",
		"packstation.found_bin":              "Swapped: the bin it goes back to",
		"packstation.note":                   "Note",
		"packstation.writeoff_go":            "Write off",
	},
	"zh": {
		"packstation.title":                  "打包 %s",
		"packstation.not_found":              "没有此履约单。",
		"packstation.scanned_into":           "已装入包裹 %d（SSCC %s）。",
		"packstation.fulfilment":             "履约单",
		"packstation.tote":                   "周转箱",
		"packstation.instructions":           "包装要求",
		"packstation.gift_message":           "贺卡留言",
		"packstation.instr.gift_wrap":        "礼品包装：每件商品都要包装，箱内不放价格",
		"packstation.instr.invoice_by_email": "包裹内不放发票：发票以电子邮件发给客户",
		"packstation.instr.gift_card":        "贺卡：写上或打印下面的留言，放在最上面",
		"packstation.instr.fragile":          "易碎：逐件包裹，填满所有空隙",
		"packstation.instr.valuable":         "贵重：只用无品牌印刷的素面纸箱",
		"packstation.instr.liquid":           "液体：拧紧瓶盖，直立装袋",
		"packstation.instr.hazmat":           "危险品：单独装箱，贴危险品标签",
		"packstation.lines":                  "待打包",
		"packstation.sku":                    "SKU",
		"packstation.name":                   "商品",
		"packstation.qty":                    "应装",
		"packstation.packed":                 "已装",
		"packstation.left":                   "还有 %d / %d 件待扫描",
		"packstation.all_scanned":            "%d 件已全部装入包裹。",
		"packstation.parcels":                "包裹",
		"packstation.no_parcels":             "还没有包裹：第一次扫描将打开包裹 1。",
		"packstation.parcel_n":               "包裹 %d",
		"packstation.sscc":                   "SSCC",
		"packstation.carton":                 "纸箱",
		"packstation.weight":                 "重量",
		"packstation.grams":                  "%d 克",
		"packstation.expected":               "应为 %d 克",
		"packstation.status":                 "状态",
		"packstation.status.open":            "打开",
		"packstation.status.held":            "暂扣",
		"packstation.status.packed":          "已封箱",
		"packstation.status.cancelled":       "已取消",
		"packstation.contents":               "内容",
		"packstation.liquid":                 "液体",
		"packstation.hazmat":                 "危险品",
		"packstation.scan_item":              "扫描商品",
		"packstation.units":                  "件数",
		"packstation.units_hint":             "留空为 1 件：每件扫描一次。",
		"packstation.scan_ok":                "装入包裹",
		"packstation.close":                  "封箱：包裹 %d",
		"packstation.close_early":            "现在封箱包裹 %d：剩余商品装入新包裹",
		"packstation.close_carton":           "纸箱（扫描或选择）",
		"packstation.own":                    "OWN：单件使用商品自带包装",
		"packstation.carton_choice":          "%s — %d×%d×%d 毫米，库存 %d 个",
		"packstation.suggested":              "建议纸箱",
		"packstation.suggestion":             "%s：%d 件，装满 %d%%",
		"packstation.weight_g":               "重量（克）",
		"packstation.close_go":               "封箱并称重",
		"packstation.held":                   "包裹 %[1]d 已暂扣：称得 %[2]d 克，商品与纸箱应为 %[3]d 克。请检查内容后重新称重。",
		"packstation.weigh_again":            "重新称重",
		"packstation.done":                   "已打包：%d 个包裹都可以发运了。",
		"packstation.done_title":             "已打包",
		"packstation.other_status":           "此履约单状态为 %s：没有要打包的商品。",
		"packstation.next":                   "扫描下一个周转箱",
		"packstation.supervisor":             "主管",
		"packstation.accept":                 "接受包裹 %d 的重量",
		"packstation.accept_help":            "请先检查内容；须由称重的打包员以外的人接受。",
		"packstation.reason":                 "检查结果",
		"packstation.accept_go":              "接受此重量",
		"packstation.writeoff":               "核销无法打包的商品",
		"packstation.writeoff_help":          "损坏或缺失的商品将从已拣库存中扣除；订单行按缺货处理，与拣货缺货相同。",
		"packstation.problem_item":           "商品",
		"packstation.problem_qty":            "件数",
		"packstation.kind":                   "情况",
		"packstation.kind.damaged":           "损坏",
		"packstation.kind.missing":           "缺失",
		"packstation.kind.swapped":           "错拣：放入了其他商品",
		"packstation.found":                  "错拣：找到的错误商品（条码或 SKU）",
		"packstation.found_bin":              "错拣：放回的库位",
		"packstation.note":                   "备注",
		"packstation.writeoff_go":            "核销",
	},
}
