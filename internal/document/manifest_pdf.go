package document

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/paper"
)

// manifestTitle heads every page of a manifest.
const manifestTitle = "End-of-day manifest 日终交接清单"

// manifestCaptions are the fixed words of a manifest, in both languages.
const manifestCaptions = manifestTitle + " Manifest 清单号 Carrier manifest 承运商清单号 Carrier 承运商 Ship date 发货日期 " +
	"From 发货仓库 Page of 第 页，共 Totals 合计 Parcels 件数 Total weight 总重量 kg Driver's receipt 司机签收 " +
	"Received the parcels listed above in good order. 以上所列包裹已如数收讫，外包装完好。 Driver name 司机姓名 " +
	"Signature 签名 Date and time 日期时间 · ,:-/ 0123456789"

// The manifest's table, in mm: each row is a line of text with the
// tracking number's Code 128 under it, from the tracking column to the
// right margin, wide enough for MaxTracking characters at the narrowest
// bar a scanner reads.
const (
	manifestTableTop = 34.0
	manifestRowH     = 15.0
	manifestBarTop   = 5.4 // from the row's top
	manifestBarH     = 8.0
	manifestSummaryH = 44.0 // the totals and the driver's signature block
)

var manifestColumns = [...]column{
	{"#", "序号", 9, paper.Right},
	{"Order", "订单号", 36, paper.Left},
	{"Tracking", "运单号", 52, paper.Left},
	{"SSCC", "SSCC", 37, paper.Left},
	{"Weight", "重量", 20, paper.Right},
	{"Destination", "目的地", 32, paper.Left},
}

// manifestTrackingX is where the tracking column, and its barcodes, start.
const manifestTrackingX = sheetMargin + 9 + 36

// ManifestPDF renders the end-of-day manifest the carrier's driver signs
// for: A4, in English and Chinese, a header on every page (carrier,
// warehouse, ship date, both manifest ids, the manifest id as Code 128,
// page n of m), one row per parcel with its tracking number as Code 128 so
// the driver's scanner reads the list, then the totals and the driver's
// signature block. It refuses a manifest that cannot be printed with an
// errs.Invalid naming the field.
func ManifestPDF(m Manifest, o Options) ([]byte, error) {
	total, err := m.check()
	if err != nil {
		return nil, err
	}
	d, err := paper.New(paper.Options{Title: "Manifest " + m.ID, Created: o.Created, Text: manifestText(m)})
	if err != nil {
		return nil, err
	}
	first := manifestTableTop + tableHeadH
	perPage := int((sheetBottom - first) / manifestRowH)
	pages := (len(m.Parcels) + perPage - 1) / perPage
	lastRows := len(m.Parcels) - (pages-1)*perPage
	summaryOwnPage := first+float64(lastRows)*manifestRowH+manifestSummaryH > sheetBottom
	if summaryOwnPage {
		pages++
	}
	for p := 0; p < pages; p++ {
		d.AddPage()
		if err := manifestHeader(d, m, p+1, pages); err != nil {
			return nil, err
		}
		y := manifestTableTop
		from := p * perPage
		if from < len(m.Parcels) {
			y = manifestHead(d, y)
			for i := from; i < min(from+perPage, len(m.Parcels)); i++ {
				if err := manifestRow(d, i, m.Parcels[i], y); err != nil {
					return nil, err
				}
				y += manifestRowH
			}
			d.Line(sheetMargin, y, 210-sheetMargin, y, 0.3)
		}
		if p == pages-1 {
			manifestSummary(d, len(m.Parcels), total, y+3)
		}
	}
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// manifestHeader draws what every page repeats: the title, the carrier,
// the warehouse, the date, both manifest ids, the page count and the
// manifest id as Code 128 for the driver's scanner.
func manifestHeader(d *paper.Doc, m Manifest, page, pages int) error {
	d.Text(sheetMargin, 10, 98, manifestTitle, paper.Style{Size: 15, Bold: true})
	info := paper.Style{Size: 9}
	d.Text(sheetMargin, 17.5, 98, "Carrier 承运商 "+m.Carrier+"   Ship date 发货日期 "+m.ShipDate.Format("2006-01-02"), info)
	// Both manifest ids print whole, smaller when they are long: the driver
	// checks them against the carrier's handover, so cutting them short is
	// no answer.
	ids := "Manifest 清单号 " + m.ID
	if m.CarrierManifestID != "" {
		ids += "   Carrier manifest 承运商清单号 " + m.CarrierManifestID
	}
	d.Text(sheetMargin, 22, 186, ids, fitted(d, ids, 186, info))
	d.Text(sheetMargin, 26.5, 186-45, "From 发货仓库 "+manifestFrom(m), info)
	if _, err := d.Barcode(112, 5, 86, 10, m.ID); err != nil {
		return errs.Field("id", errs.CodeFormat, "the manifest id's Code 128: %v", err)
	}
	caption := paper.Style{Size: 8, Align: paper.Right}
	d.Text(112, 15.8, 86, m.ID, fitted(d, m.ID, 86, caption))
	d.Text(153, 26.5, 45, fmt.Sprintf("Page %d of %d · 第 %d 页，共 %d 页", page, pages, page, pages), paper.Style{Size: 8, Align: paper.Right})
	d.Line(sheetMargin, 31.5, 210-sheetMargin, 31.5, 0.4)
	return nil
}

// fitted is st at a size that fits s in w millimetres: st itself when it
// does, smaller when not, down to 5 pt (beyond that the text is cut).
func fitted(d *paper.Doc, s string, w float64, st paper.Style) paper.Style {
	if width := d.Width(s, st); width > w {
		st.Size = max(5, st.Size*w/width)
	}
	return st
}

// manifestFrom is the warehouse on one line: its code, then its address
// in its country's format and the country's name.
func manifestFrom(m Manifest) string {
	parts := []string{}
	if m.Warehouse != "" {
		parts = append(parts, m.Warehouse)
	}
	if lines := shipTo(m.Sender); len(lines) > 0 {
		parts = append(parts, strings.Join(lines, ", "))
	}
	return strings.Join(parts, " · ")
}

// manifestHead draws the column header at y and returns where rows start.
func manifestHead(d *paper.Doc, y float64) float64 {
	d.Fill(sheetMargin, y, 210-2*sheetMargin, tableHeadH, 220)
	x := sheetMargin
	for _, c := range manifestColumns {
		st := headStyle
		st.Align = c.align
		d.Text(x+1, y+0.8, c.w-2, c.en, st)
		d.Text(x+1, y+0.8+headStyle.LineHeight(), c.w-2, c.zh, st)
		x += c.w
	}
	return y + tableHeadH
}

// manifestRow sets parcel i with its top at y: its line of text, then its
// tracking number's bars.
func manifestRow(d *paper.Doc, i int, p ManifestParcel, y float64) error {
	weight := ""
	if p.WeightGrams > 0 {
		weight = kg(p.WeightGrams)
	}
	cells := []string{strconv.Itoa(i + 1), p.OrderNumber, p.Tracking, p.SSCC, weight,
		strings.TrimSpace(strings.ToUpper(p.Country) + " " + p.PostalCode)}
	x := sheetMargin
	for j, c := range manifestColumns {
		st := cellStyle
		st.Align, st.Bold = c.align, j == 2
		d.Text(x+1, y+rowPad, c.w-2, cells[j], st)
		x += c.w
	}
	if _, err := d.Barcode(manifestTrackingX, y+manifestBarTop, 210-sheetMargin-manifestTrackingX, manifestBarH, p.Tracking); err != nil {
		return errs.Field("parcels["+strconv.Itoa(i)+"].tracking", errs.CodeFormat, "the tracking number's Code 128: %v", err)
	}
	d.Line(sheetMargin, y+manifestRowH, 210-sheetMargin, y+manifestRowH, 0.1)
	return nil
}

// manifestSummary draws the totals and the driver's receipt from y: name,
// signature and time, each with a line to write on.
func manifestSummary(d *paper.Doc, parcels int, grams int64, y float64) {
	bold := paper.Style{Size: 10, Bold: true}
	d.Text(sheetMargin, y, 186, fmt.Sprintf("Totals 合计: Parcels 件数 %d   Total weight 总重量 %s", parcels, kg(grams)), bold)
	y += 9
	d.Text(sheetMargin, y, 186, "Driver's receipt 司机签收", paper.Style{Size: 9, Bold: true})
	y += 5
	d.Text(sheetMargin, y, 186, "Received the parcels listed above in good order. 以上所列包裹已如数收讫，外包装完好。", smallStyle)
	y += 8
	boxes := []string{"Driver name 司机姓名", "Signature 签名", "Date and time 日期时间"}
	for i, b := range boxes {
		x := sheetMargin + float64(i)*63
		d.Line(x, y+12, x+58, y+12, 0.3)
		d.Text(x, y+13, 58, b, smallStyle)
	}
}

// manifestText is all the text a manifest sets, announced to paper so the
// faces are cut to it.
func manifestText(m Manifest) string {
	var b strings.Builder
	b.WriteString(manifestCaptions + m.ID + m.CarrierManifestID + m.Carrier + m.Warehouse)
	for _, c := range manifestColumns {
		b.WriteString(c.en + c.zh)
	}
	for _, s := range address.Lines(m.Sender) {
		b.WriteString(s)
	}
	if name, ok := address.CountryName(m.Sender.Country); ok {
		b.WriteString(name)
	}
	for _, p := range m.Parcels {
		b.WriteString(p.OrderNumber + p.Tracking + p.SSCC + strings.ToUpper(p.Country) + p.PostalCode)
	}
	return b.String()
}
