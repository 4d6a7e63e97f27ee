package order

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
)

// FuzzPlaceRequest feeds arbitrary bodies to the order decoder and validator:
// they must never panic, and a request they accept must be in normal form
// (validating it again changes nothing and finds nothing).
func FuzzPlaceRequest(f *testing.F) {
	f.Add([]byte(`{"channel":"web","external_ref":"A-1","payment_method":"prepaid","currency":"usd",
		"customer":{"name":"Ada","email":"Ada@Example.COM","phone":"(650) 253-0000"},
		"shipping_address":{"line1":"1600 Amphitheatre Pkwy","city":"Mountain View","region":"california","postal_code":"94043","country":"us"},
		"lines":[{"sku":"SKU-1","quantity":2},{"sku":"SKU-1","quantity":1}],"coupons":["save10"]}`))
	f.Add([]byte(`{"channel":"app","external_ref":"x","payment_method":"cod","currency":"CNY","locale":"zh-CN",
		"customer":{"name":"王小明","email":"w@example.cn","phone":"138 0013 8000"},
		"shipping_address":{"line1":"人民路1号","district":"黄浦区","city":"上海市","region":"上海市","postal_code":"200001","country":"CN"},
		"lines":[{"sku":"A","quantity":1}],"special_requests":{"gift_wrap":true,"gift_message":"生日快乐"}}`))
	f.Add([]byte(`{"lines":[{"sku":"","quantity":-1}],"coupons":["A","a"],"special_requests":{"delivery_window":{"from":"2026-01-02T00:00:00Z","to":"2026-01-01T00:00:00Z"}}}`))
	f.Add([]byte(`{"channel":"web","external_ref":"B-2","payment_method":"cod","currency":"USD",
		"customer":{"name":"Bo","email":"bo@example.com","phone":"+1 650-253-0000"},
		"shipping_address":{"line1":"1 Main St","city":"Mountain View","region":"CA","postal_code":"94043","country":"US"},
		"lines":[{"sku":"A","quantity":1}],"coupons":[]}`))
	f.Add([]byte(`{"customer":{"name":"\u0000"},"shipping_address":{"country":"ZZ","postal_code":"\uffff"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var r PlaceRequest
		if json.Unmarshal(body, &r) != nil {
			return
		}
		if r.validate() != nil {
			return
		}
		again := r
		again.Lines = slices.Clone(r.Lines) // nil stays nil, empty stays empty
		again.Coupons = slices.Clone(r.Coupons)
		if err := again.validate(); err != nil {
			t.Fatalf("an accepted request fails validation the second time: %v", err)
		}
		if !reflect.DeepEqual(again, r) {
			t.Fatalf("validation is not idempotent:\n%+v\n%+v", r, again)
		}
	})
}
