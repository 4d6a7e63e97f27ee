package document_test

import (
	"time"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/document"
)

var created = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

// usLabel is a domestic US label, the common case.
func usLabel() document.Label {
	return document.Label{
		Sender:         address.Address{Name: "Waybill Fulfilment", Company: "Dock 4", Line1: "500 Industrial Way", City: "Reno", Region: "NV", PostalCode: "89502", Country: "US"},
		Recipient:      address.Address{Name: "Ada Lovelace", Company: "Analytical Engines Ltd", Line1: "1 Market St", Line2: "Suite 300", City: "San Francisco", Region: "CA", PostalCode: "94105", Country: "US"},
		SenderPhone:    "+1 775 555 0100",
		RecipientPhone: "+1 415 555 0199",
		OrderNumber:    "ORD-000123",
		Parcel:         2,
		Parcels:        3,
		WeightGrams:    1250,
		Carrier:        "UPS",
		Service:        "Ground",
		SortCode:       "CA 941 9-05",
		Tracking:       "1Z999AA10123456784",
		References:     []document.Reference{{Name: "PO", Value: "PO-7781"}, {Name: "Dept", Value: "Returns desk"}},
	}
}

// cnLabel is an international label to China: the address in Chinese, in
// China's format, the carrier's name in Chinese.
func cnLabel() document.Label {
	l := usLabel()
	l.Recipient = address.Address{Name: "王小明", Line1: "南京东路100号", District: "黄浦区", City: "上海市", Region: "上海市", PostalCode: "200001", Country: "CN"}
	l.RecipientPhone = "+86 138 0013 8000"
	l.Carrier = "顺丰速运 SF Express"
	l.Service = "标快 Standard"
	l.SortCode = "021 WA"
	l.Tracking = "SF1234567890123"
	return l
}
