package console

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/ship"
)

// orderTracking is the order page's parcels: each handed-over parcel with
// its tracking status and a link to its public page, and how many of
// them were delivered when only some were ("2 of 3 parcels delivered").
type orderTracking struct {
	Parcels   []parcelRow
	Delivered string // empty when none or all were: the status says so
}

type parcelRow struct {
	Fulfilment, Carrier, TrackingNumber string
	Status, Reason, At, Promised        string
	Page                                string // the public page's path
}

// orderTracking reads the parcels of o from the tracking stage; none when
// the console has no tracking stage (its tests of other pages).
func (c *Console) orderTracking(ctx context.Context, locale string, o order.Order) (orderTracking, error) {
	var out orderTracking
	if c.cfg.Tracking == nil {
		return out, nil
	}
	parcels, err := c.cfg.Tracking.OrderParcels(ctx, o.ID)
	if err != nil {
		return out, err
	}
	delivered := 0
	for _, p := range parcels {
		row := parcelRow{Fulfilment: p.FulfilmentID, Carrier: p.Carrier, TrackingNumber: p.TrackingNumber,
			Status: word(locale, "track.status.", p.Status), At: stamp(p.StatusAt), Promised: p.PromisedDate}
		if p.Reason != "" {
			row.Reason = word(locale, "track.reason.", p.Reason)
		}
		if p.Token != "" {
			row.Page = "/track/" + p.Token + "?lang=" + locale
		}
		if p.Status == ship.TrackDelivered {
			delivered++
		}
		out.Parcels = append(out.Parcels, row)
	}
	if delivered > 0 && delivered < len(parcels) {
		out.Delivered = fmt.Sprintf(text(locale, "order.parcels_delivered"), delivered, len(parcels))
	}
	return out, nil
}

var orderTrackingMessages = map[string]map[string]string{
	"en": {
		"status.delivered":          "delivered",
		"status.completed":          "completed",
		"status.returned":           "returned to sender",
		"order.fstatus.picking":     "picking",
		"order.fstatus.picked":      "picked",
		"order.fstatus.packed":      "packed",
		"order.fstatus.shipped":     "shipped",
		"order.fstatus.delivered":   "delivered",
		"order.parcels_title":       "Parcels",
		"order.parcels_none":        "No parcel has left with a carrier yet.",
		"order.parcels_delivered":   "%d of %d parcels delivered",
		"order.parcel_tracking":     "Tracking number",
		"order.parcel_carrier":      "Carrier",
		"order.parcel_status":       "Tracking status",
		"order.parcel_since":        "Since",
		"order.parcel_promised":     "Promised",
		"order.parcel_page":         "Public page",
		"order.parcel_page_link":    "Public page of %s",
		"order.parcel_page_missing": "none",
	},
	"zh": {
		"status.delivered":          "已送达",
		"status.completed":          "已完成",
		"status.returned":           "已退回寄件人",
		"order.fstatus.picking":     "拣货中",
		"order.fstatus.picked":      "已拣货",
		"order.fstatus.packed":      "已打包",
		"order.fstatus.shipped":     "已发货",
		"order.fstatus.delivered":   "已送达",
		"order.parcels_title":       "包裹",
		"order.parcels_none":        "尚无包裹交给承运商。",
		"order.parcels_delivered":   "%d 件包裹已送达，共 %d 件",
		"order.parcel_tracking":     "运单号",
		"order.parcel_carrier":      "承运商",
		"order.parcel_status":       "物流状态",
		"order.parcel_since":        "更新时间",
		"order.parcel_promised":     "承诺送达",
		"order.parcel_page":         "公开页面",
		"order.parcel_page_link":    "%s 的公开页面",
		"order.parcel_page_missing": "无",
	},
}
