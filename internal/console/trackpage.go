package console

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/track"
)

// trackTemplate is the public tracking page, apart from the console's
// layout: a customer sees no console, no navigation, no sign-in.
var trackTemplate = template.Must(template.New("track").ParseFS(templateFS, "templates/public/track.html"))

// trackView is the public page's data, every value in words of the page's
// locale. It carries nothing personal: track.Public has no name, address
// or contents to give.
type trackView struct {
	Status, Reason, StatusAt             string
	Promised, Estimate, Delivered        string // empty when unknown or not yet; Estimate: the carrier's later date
	ParcelOf                             string // "1 of 2"
	Carrier, TrackingNumber, OrderNumber string
	LongNumber                           bool            // the number is set smaller to fit a phone's line
	Events                               []trackEventRow // newest first
}

// trackNumberFits is how many characters of a tracking number fit a 360 px
// phone's line at the page's size; a longer one is set smaller.
const trackNumberFits = 28

type trackEventRow struct{ At, Status, Reason, Location string }

// trackPage is GET /track/{token}: a parcel's public tracking page, in
// the order's language unless the visitor chose the other with ?lang=.
// An unknown token is a 404 that says nothing more. The page is never
// cached by a shared cache nor indexed: its address is its only secret.
func (c *Console) trackPage(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	if c.cfg.Tracking == nil {
		c.renderTrack(w, r, http.StatusNotFound, requestLocale(r), nil)
		return
	}
	pub, err := c.cfg.Tracking.ByToken(r.Context(), r.PathValue("token"))
	if errs.Is(err, errs.NotFound) {
		c.renderTrack(w, r, http.StatusNotFound, requestLocale(r), nil)
		return
	}
	if err != nil {
		c.internal(w, r, requestLocale(r), err)
		return
	}
	pub.Carrier = c.carrierName(r, pub.Carrier)
	locale := orderLocale(pub.Locale)
	if lang := r.URL.Query().Get("lang"); lang == "en" || lang == "zh" {
		locale = lang
	}
	c.renderTrack(w, r, http.StatusOK, locale, buildTrackView(locale, pub))
}

// carrierName is the name customers know a carrier by: a table carrier's
// from its rate data, else its code. A failure to read them costs only the
// name, so it is logged and the code shown.
func (c *Console) carrierName(r *http.Request, code string) string {
	if c.cfg.Shipping == nil {
		return code
	}
	carriers, err := c.cfg.Shipping.Carriers(r.Context())
	if err != nil {
		c.cfg.Log.WarnContext(r.Context(), "carrier names not read for a tracking page", "err", err)
		return code
	}
	for _, x := range carriers {
		if x.Code == code && x.Name != "" {
			return x.Name
		}
	}
	return code
}

// orderLocale is the page language for an order's BCP 47 locale: Chinese
// for any zh tag, else English.
func orderLocale(tag string) string {
	if base, _, _ := strings.Cut(strings.ToLower(strings.ReplaceAll(tag, "_", "-")), "-"); base == "zh" {
		return "zh"
	}
	return "en"
}

func buildTrackView(locale string, p track.Public) *trackView {
	v := &trackView{Status: word(locale, "track.status.", p.Status), StatusAt: trackTime(locale, p.StatusAt),
		Carrier: p.Carrier, TrackingNumber: p.TrackingNumber, OrderNumber: p.OrderNumber,
		LongNumber: len(p.TrackingNumber) > trackNumberFits,
		ParcelOf:   fmt.Sprintf(text(locale, "track.parcel_of"), p.Parcel, p.Parcels)}
	if p.Reason != "" {
		v.Reason = word(locale, "track.reason.", p.Reason)
	}
	if d, err := time.Parse(time.DateOnly, p.PromisedDate); err == nil {
		v.Promised = trackDate(locale, d)
	}
	if d, err := time.Parse(time.DateOnly, p.NewEstimate); err == nil {
		v.Estimate = trackDate(locale, d)
	}
	if p.DeliveredAt != nil {
		v.Delivered = trackTime(locale, *p.DeliveredAt)
	}
	for _, e := range p.Events {
		row := trackEventRow{At: trackTime(locale, e.OccurredAt), Status: word(locale, "track.status.", e.Status), Location: e.Location}
		if e.Reason != "" {
			row.Reason = word(locale, "track.reason.", e.Reason)
		}
		v.Events = append(v.Events, row)
	}
	return v
}

// trackDate is a calendar date as a customer reads it.
func trackDate(locale string, d time.Time) string {
	if locale == "zh" {
		return fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day())
	}
	return d.Format("Monday, 2 January 2006")
}

// trackTime is a moment in UTC, which the page says it uses: the
// customer's time zone is not known.
func trackTime(locale string, t time.Time) string {
	t = t.UTC()
	if locale == "zh" {
		return fmt.Sprintf("%d年%d月%d日 %s UTC", t.Year(), t.Month(), t.Day(), t.Format("15:04"))
	}
	return t.Format("2 Jan 2006, 15:04 UTC")
}

// renderTrack writes the public page (data nil: the not-found page).
func (c *Console) renderTrack(w http.ResponseWriter, r *http.Request, status int, locale string, data *trackView) {
	v := view{Locale: locale, Title: text(locale, "track.title")}
	if data == nil {
		v.Title = text(locale, "track.not_found_title")
	} else {
		v.Data = data
	}
	var buf bytes.Buffer
	if err := trackTemplate.ExecuteTemplate(&buf, "track", v); err != nil {
		c.cfg.Log.ErrorContext(r.Context(), "tracking page template failed", "err", err)
		http.Error(w, "The page could not be shown.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

var trackMessages = map[string]map[string]string{
	"en": {
		"track.brand":                       "Parcel tracking",
		"track.title":                       "Where is my parcel?",
		"track.not_found_title":             "Page not found",
		"track.not_found":                   "There is no such page.",
		"track.promised":                    "Promised delivery",
		"track.estimate":                    "Now expected",
		"track.delivered_at":                "Delivered",
		"track.parcel":                      "Parcel",
		"track.parcel_of":                   "%d of %d",
		"track.carrier":                     "Carrier",
		"track.tracking_number":             "Tracking number",
		"track.order":                       "Order",
		"track.history":                     "History",
		"track.no_history":                  "The carrier has not reported anything yet.",
		"track.times":                       "Times are in UTC.",
		"track.status.label_created":        "Ready to leave our warehouse",
		"track.status.picked_up":            "Picked up by the carrier",
		"track.status.in_transit":           "On its way",
		"track.status.out_for_delivery":     "Out for delivery",
		"track.status.delivery_attempted":   "Delivery attempted",
		"track.status.available_for_pickup": "Ready for pickup",
		"track.status.delivered":            "Delivered",
		"track.status.exception":            "Held up",
		"track.status.returned_to_sender":   "Returned to the sender",
		"track.status.lost":                 "Lost by the carrier",
		"track.reason.no_one_home":          "no one was home",
		"track.reason.address":              "address problem",
		"track.reason.refused":              "refused",
		"track.reason.damaged":              "damaged",
		"track.reason.delayed":              "delayed",
		"track.reason.customs":              "held at customs",
		"track.reason.weather":              "bad weather",
		"track.reason.other":                "other",
	},
	"zh": {
		"track.brand":                       "包裹追踪",
		"track.title":                       "我的包裹在哪里？",
		"track.not_found_title":             "页面不存在",
		"track.not_found":                   "没有这个页面。",
		"track.promised":                    "承诺送达",
		"track.estimate":                    "预计送达",
		"track.delivered_at":                "已送达",
		"track.parcel":                      "包裹",
		"track.parcel_of":                   "第 %d 件，共 %d 件",
		"track.carrier":                     "承运商",
		"track.tracking_number":             "运单号",
		"track.order":                       "订单",
		"track.history":                     "物流记录",
		"track.no_history":                  "承运商尚未更新任何信息。",
		"track.times":                       "时间均为 UTC。",
		"track.status.label_created":        "等待出库",
		"track.status.picked_up":            "承运商已揽收",
		"track.status.in_transit":           "运输中",
		"track.status.out_for_delivery":     "派送中",
		"track.status.delivery_attempted":   "派送未成功",
		"track.status.available_for_pickup": "待取件",
		"track.status.delivered":            "已送达",
		"track.status.exception":            "运输受阻",
		"track.status.returned_to_sender":   "已退回寄件人",
		"track.status.lost":                 "承运商已丢失",
		"track.reason.no_one_home":          "无人在家",
		"track.reason.address":              "地址有误",
		"track.reason.refused":              "拒收",
		"track.reason.damaged":              "破损",
		"track.reason.delayed":              "延误",
		"track.reason.customs":              "海关查验",
		"track.reason.weather":              "恶劣天气",
		"track.reason.other":                "其他",
	},
}
