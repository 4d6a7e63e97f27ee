package document_test

import (
	"fmt"
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

// invoice is an order from a Chinese seller to a German buyer, n lines,
// with VAT.
func invoice(n int) document.Invoice {
	inv := document.Invoice{
		Number:      "INV-2026-0042",
		OrderNumber: "ORD-000123",
		Date:        created,
		Currency:    "EUR",
		Seller: document.Party{
			Address: address.Address{Name: "深圳市某某贸易有限公司", Line1: "科技园南路18号", District: "南山区", City: "深圳市", Region: "广东省", PostalCode: "518057", Country: "CN"},
			Phone:   "+86 755 8888 0000", TaxID: "91440300MA5G000000",
		},
		Buyer: document.Party{
			Address: address.Address{Name: "Max Müller", Company: "Müller GmbH", Line1: "Hauptstraße 5", City: "Berlin", PostalCode: "10115", Country: "DE"},
			Email:   "max@example.de", TaxID: "DE123456789",
		},
		ShipTo:   address.Address{Name: "Max Müller", Line1: "Lagerweg 2", City: "Potsdam", PostalCode: "14467", Country: "DE"},
		Shipping: 1500,
		Taxes:    []document.Tax{{Name: "VAT 增值税", RateBasisPt: 1900, Amount: 0}},
	}
	names := []string{"Wireless mouse 无线鼠标", "Organic jasmine green tea 有机茉莉花绿茶, 250 g tin with a long description that wraps onto a second line", "USB-C cable 1 m", "陶瓷茶杯"}
	var sub int64
	for i := range n {
		l := document.Line{SKU: fmt.Sprintf("SKU-%04d", i+1), Name: names[i%len(names)], HSCode: "8471.60", Origin: "CN", Quantity: i%3 + 1, UnitPrice: int64(1999 + 100*i)}
		sub += l.UnitPrice * int64(l.Quantity)
		inv.Lines = append(inv.Lines, l)
	}
	inv.Taxes[0].Amount = (sub + inv.Shipping) * 19 / 100
	return inv
}
