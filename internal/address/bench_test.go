package address

import "testing"

// typical is one address per script Waybill sees most, as intake receives it.
var typical = []Address{
	{Name: "Ana Silva", Line1: "1600 Amphitheatre Pkwy", City: "Mountain View", Region: "California", PostalCode: "94043", Country: "US"},
	{Name: "王小明", Line1: "天河路385号太古汇一座28楼", District: "天河区", City: "广州市", Region: "广东省", PostalCode: "510620", Country: "CN"},
	{Name: "山田太郎", Line1: "千代田1-1", City: "千代田区", Region: "Tokyo", PostalCode: "100-0001", Country: "JP"},
	{Name: "Jane Doe", Line1: "10 Downing Street", City: "London", PostalCode: "SW1A 2AA", Country: "GB"},
	{Name: "김민준", Line1: "세종대로 110", City: "중구", Region: "서울특별시", PostalCode: "04524", Country: "KR"},
}

// BenchmarkValidate measures the intake hot path: one address per order, in
// the scripts of typical, already in normal form.
func BenchmarkValidate(b *testing.B) {
	if _, f := Validate(typical[0]); len(f) > 0 { // load the table outside the timer
		b.Fatal(f)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, f := Validate(typical[i%len(typical)]); len(f) > 0 {
			b.Fatal(f)
		}
	}
}

// BenchmarkValidateNormalising measures input that needs rewriting: a
// lower-case postcode, a full-width Japanese one and an unaccented region.
func BenchmarkValidateNormalising(b *testing.B) {
	addrs := []Address{
		{Line1: "10 Downing Street", City: "London", PostalCode: " sw1a  2aa ", Country: "gb"},
		{Line1: "千代田1-1", Region: "東京都", PostalCode: "〒１００－０００１", Country: "JP"},
		{Line1: "Avenida Paulista, 1578", City: "São Paulo", Region: "Sao Paulo", PostalCode: "01310-200", Country: "BR"},
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, f := Validate(addrs[i%len(addrs)]); len(f) > 0 {
			b.Fatal(f)
		}
	}
}

// BenchmarkNormalizePhone shows the phone parser's cost beside Validate's.
func BenchmarkNormalizePhone(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NormalizePhone("138 1234 5678", "CN"); err != nil {
			b.Fatal(err)
		}
	}
}
