package console

import (
	"errors"
	"io"
	"net/http"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/track"
)

// The operations the COD page mirrors.
const (
	opListMissingCOD      = "list-missing-cod"
	opImportCODRemittance = "import-cod-remittance"
)

// codPage is the COD page's data: the reconciliation of the file just
// uploaded (Uploaded), else the missing cash alone; Problems are a refused
// file's, each at its row and column.
type codPage struct {
	Uploaded bool
	Rec      track.Reconciliation
	Problems []string
}

// Money writes minor units for people.
func (codPage) Money(minor int64, cur string) string { return money.Format(minor, cur) }

// cod shows the upload form and the delivered COD parcels whose cash is
// missing a week after delivery, as list-missing-cod does.
func (c *Console) cod(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "cod.title")
	missing, err := c.cfg.Tracking.MissingCash(r.Context(), nil, track.DefaultMissingAfter)
	if err != nil {
		c.internal(w, r, v.Locale, err)
		return
	}
	v.Data = codPage{Rec: track.Reconciliation{Missing: missing}}
	c.render(w, r, http.StatusOK, "cod", v)
}

// importCOD takes a remittance file uploaded (field file) and shows its
// reconciliation, as import-cod-remittance does; a refused file shows the
// page again with 422 and every problem at its row and column.
func (c *Console) importCOD(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "cod.title")
	r.Body = http.MaxBytesReader(w, r.Body, track.MaxRemittanceBytes+64<<10)
	data, err := uploaded(r, "file")
	if err == nil {
		var rec track.Reconciliation
		rec, err = c.cfg.Tracking.Reconcile(r.Context(), data, track.DefaultMissingAfter)
		if err == nil {
			v.Data = codPage{Uploaded: true, Rec: rec}
			c.render(w, r, http.StatusOK, "cod", v)
			return
		}
	}
	if !errs.Is(err, errs.Invalid) {
		c.refused(w, r, "cod", v, err)
		return
	}
	page := codPage{}
	if missing, merr := c.cfg.Tracking.MissingCash(r.Context(), nil, track.DefaultMissingAfter); merr == nil {
		page.Rec.Missing = missing
	}
	for _, f := range errs.FieldsOf(err) {
		page.Problems = append(page.Problems, f.Path+": "+f.Message)
	}
	v.Errors = map[string]string{"file": text(v.Locale, "cod.refused")}
	v.Data = page
	c.render(w, r, http.StatusUnprocessableEntity, "cod", v)
}

// uploaded reads the file posted in field name of a multipart form; a
// missing or oversized file is a field error at name.
func uploaded(r *http.Request, name string) ([]byte, error) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, errs.Field(name, errs.CodeTooLong, "at most %d bytes", track.MaxRemittanceBytes)
		}
		return nil, errs.Field(name, errs.CodeRequired, "choose a file to upload")
	}
	f, _, err := r.FormFile(name)
	if err != nil {
		return nil, errs.Field(name, errs.CodeRequired, "choose a file to upload")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, track.MaxRemittanceBytes+1))
	if err != nil {
		return nil, errs.Field(name, errs.CodeFormat, "the file could not be read")
	}
	return data, nil
}

var codMessages = map[string]map[string]string{
	"en": {
		"nav.cod":           "COD",
		"cod.title":         "Cash on delivery",
		"cod.intro":         "Upload a carrier's remittance file (CSV: carrier, remittance_id, remittance_date, tracking_number, amount, currency; a header row is optional). Each row is reconciled against the deliveries; a remittance imported before counts nothing twice.",
		"cod.file":          "Remittance file",
		"cod.upload":        "Upload and reconcile",
		"cod.refused":       "The file was refused; nothing was recorded.",
		"cod.result":        "%d matched, %d short, %d extra.",
		"cod.remittance":    "Remittance",
		"cod.again":         "imported before: shown as reconciled then",
		"cod.row":           "Row",
		"cod.tracking":      "Tracking number",
		"cod.amount":        "Paid",
		"cod.expected":      "Due",
		"cod.outcome":       "Outcome",
		"cod.reason":        "Why",
		"cod.matched":       "matched",
		"cod.short":         "short",
		"cod.extra":         "extra",
		"cod.missing":       "Missing: delivered more than a week ago, not paid in full",
		"cod.missing_none":  "No cash is missing.",
		"cod.carrier":       "Carrier",
		"cod.delivered":     "Delivered",
		"cod.collected":     "Collected",
		"cod.paid":          "Paid so far",
		"cod.problems":      "Problems",
		"cod.remittance_on": "%s of %s, dated %s: %d rows",
	},
	"zh": {
		"nav.cod":           "货到付款",
		"cod.title":         "货到付款",
		"cod.intro":         "上传承运商的回款文件（CSV：carrier、remittance_id、remittance_date、tracking_number、amount、currency；表头行可有可无）。每一行都与妥投记录核对；已导入过的回款不会重复计算。",
		"cod.file":          "回款文件",
		"cod.upload":        "上传并核对",
		"cod.refused":       "文件被拒绝，未记录任何内容。",
		"cod.result":        "%d 笔相符，%d 笔短款，%d 笔多付。",
		"cod.remittance":    "回款",
		"cod.again":         "此前已导入：按当时的核对结果显示",
		"cod.row":           "行",
		"cod.tracking":      "运单号",
		"cod.amount":        "已付",
		"cod.expected":      "应付",
		"cod.outcome":       "结果",
		"cod.reason":        "原因",
		"cod.matched":       "相符",
		"cod.short":         "短款",
		"cod.extra":         "多付",
		"cod.missing":       "缺款：妥投超过一周仍未付清",
		"cod.missing_none":  "没有缺款。",
		"cod.carrier":       "承运商",
		"cod.delivered":     "妥投时间",
		"cod.collected":     "代收金额",
		"cod.paid":          "已回款",
		"cod.problems":      "问题",
		"cod.remittance_on": "%s（%s），日期 %s：%d 行",
	},
}
