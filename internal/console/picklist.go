package console

import (
	"net/http"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
)

// opPrintPickList is the operation the printed pick list mirrors.
const opPrintPickList = "print-pick-list"

// pickList sends a task's pick list as print-pick-list prints it, in the
// person's language, to open or print from the browser.
func (c *Console) pickList(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	lang := "en"
	if locale == "zh" {
		lang = "zh"
	}
	pdf, err := c.cfg.Floor.PickList(r.Context(), r.PathValue("id"), lang)
	if errs.Is(err, errs.NotFound) {
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "picktask.not_found"))
		return
	}
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="pick-list-`+r.PathValue("id")+`.pdf"`)
	_, _ = w.Write(pdf)
}
