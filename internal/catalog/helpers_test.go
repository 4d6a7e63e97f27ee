package catalog_test

import (
	"fmt"
	"strconv"
)

func itoa(i int) string { return strconv.Itoa(i) }

// gtin returns a distinct valid EAN-13 for each i.
func gtin(i int) string {
	body := fmt.Sprintf("200%09d", i)
	sum := 0
	for k := range len(body) {
		d := int(body[len(body)-1-k] - '0')
		if k%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return body + strconv.Itoa((10-sum%10)%10)
}
