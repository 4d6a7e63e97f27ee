package picklist

import (
	"fmt"
	"strings"
	"time"
)

// names mixes Chinese, English and a name too long for three lines.
var names = []string{
	"无线鼠标 黑色 2.4GHz",
	"Organic jasmine green tea, 100 g tin",
	"儿童保温杯 500ml 不锈钢 蓝色 带吸管 防漏 适合三岁以上儿童使用 可拆洗 礼盒装 赠送杯套 超长商品名称测试",
	"Ceramic dinner plate 27 cm, set of 6 — hand-glazed, dishwasher safe, microwave safe, ovenproof to 220 °C",
	"苹果 iPhone 15 Pro 手机壳",
}

// sheet is a task of n stops in lang: bins unique and in route order,
// quantities distinct (100 + i), every other product without a GTIN so its
// SKU is the barcode, a flag pattern that covers each flag and none.
func sheet(lang string, n int) Sheet {
	s := Sheet{
		Lang:      lang,
		Warehouse: "SHA-01",
		Task:      "PT-20261206-0042",
		Wave:      "W-7",
		Strategy:  "cluster",
		Picker:    "李娜 (Li Na)",
		Printed:   time.Date(2026, 12, 6, 9, 30, 0, 0, time.UTC),
		Distance:  412.6,
	}
	for i := range n {
		st := Stop{
			Seq:      i + 1,
			Bin:      fmt.Sprintf("A%02d-%02d-%d", 1+i/20, 1+i%20, 1+i%4),
			SKU:      fmt.Sprintf("SKU-%05d", 7*i+3),
			Name:     names[i%len(names)],
			Quantity: int64(100 + i),
			Tote:     fmt.Sprintf("T%d", 1+i%8),
			Fragile:  i%3 == 1,
			Valuable: i%5 == 2,
			Heavy:    i%7 == 2,
		}
		if i%2 == 0 {
			st.GTIN = gtin13(fmt.Sprintf("400638%06d", 1000+i))
		}
		s.Stops = append(s.Stops, st)
	}
	return s
}

// gtin13 appends the GS1 check digit to twelve digits.
func gtin13(d12 string) string {
	sum := 0
	for i, c := range d12 {
		w := 1
		if i%2 == 1 {
			w = 3
		}
		sum += int(c-'0') * w
	}
	return d12 + string(rune('0'+(10-sum%10)%10))
}

// between is text's part from the first a on to the first b after it (or
// the end): one stop's row in content order.
func between(text, a, b string) string {
	i := strings.Index(text, a)
	if i < 0 {
		return ""
	}
	rest := text[i:]
	if j := strings.Index(rest[len(a):], b); b != "" && j >= 0 {
		return rest[:len(a)+j]
	}
	return rest
}
