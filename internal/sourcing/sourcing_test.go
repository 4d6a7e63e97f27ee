package sourcing_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/sourcing"
)

// stock is availability by warehouse and product.
type stock map[string]map[string]int64

func (s stock) available(w, p string) int64 { return s[w][p] }

var network = sourcing.Nearest{Warehouses: []sourcing.Warehouse{
	{ID: "fra", Code: "DE-FRA", Country: "DE", Regions: []sourcing.Region{{Country: "DE"}, {Country: "FR"}}},
	{ID: "par", Code: "FR-PAR", Country: "FR", Regions: []sourcing.Region{{Country: "FR"}}, Categories: []string{"books"}},
	{ID: "ber", Code: "DE-BER", Country: "DE", Regions: []sourcing.Region{{Country: "DE", Prefix: "10"}}},
}}

func TestNearest(t *testing.T) {
	tests := []struct {
		name  string
		req   sourcing.Request
		stock stock
		want  []sourcing.Allocation
		short []int64
	}{
		{
			name:  "the most specific postal prefix wins when it covers everything",
			req:   sourcing.Request{Country: "DE", PostalCode: "10115", Lines: []sourcing.Line{{ProductID: "mug", Quantity: 2}}},
			stock: stock{"fra": {"mug": 5}, "ber": {"mug": 5}},
			want:  []sourcing.Allocation{{Line: 0, WarehouseID: "ber", Quantity: 2}},
			short: []int64{0},
		},
		{
			name:  "one warehouse for the whole order rather than a split",
			req:   sourcing.Request{Country: "DE", PostalCode: "10115", Lines: []sourcing.Line{{ProductID: "mug", Quantity: 1}, {ProductID: "tea", Quantity: 1}}},
			stock: stock{"ber": {"mug": 5}, "fra": {"mug": 5, "tea": 5}},
			want:  []sourcing.Allocation{{Line: 0, WarehouseID: "fra", Quantity: 1}, {Line: 1, WarehouseID: "fra", Quantity: 1}},
			short: []int64{0, 0},
		},
		{
			name:  "split across warehouses, the rest short",
			req:   sourcing.Request{Country: "DE", PostalCode: "10115", Lines: []sourcing.Line{{ProductID: "mug", Quantity: 7}}},
			stock: stock{"ber": {"mug": 3}, "fra": {"mug": 2}},
			want:  []sourcing.Allocation{{Line: 0, WarehouseID: "ber", Quantity: 3}, {Line: 0, WarehouseID: "fra", Quantity: 2}},
			short: []int64{2},
		},
		{
			name:  "two lines of one product share its stock",
			req:   sourcing.Request{Country: "DE", PostalCode: "80331", Lines: []sourcing.Line{{ProductID: "mug", Quantity: 2}, {ProductID: "mug", Quantity: 2}}},
			stock: stock{"fra": {"mug": 3}},
			want:  []sourcing.Allocation{{Line: 0, WarehouseID: "fra", Quantity: 2}, {Line: 1, WarehouseID: "fra", Quantity: 1}},
			short: []int64{0, 1},
		},
		{
			name:  "a warehouse that does not handle the category is skipped",
			req:   sourcing.Request{Country: "FR", PostalCode: "75001", Lines: []sourcing.Line{{ProductID: "mug", Category: "kitchen", Quantity: 1}}},
			stock: stock{"par": {"mug": 9}, "fra": {"mug": 1}},
			want:  []sourcing.Allocation{{Line: 0, WarehouseID: "fra", Quantity: 1}},
			short: []int64{0},
		},
		{
			name:  "the destination country's own warehouse first",
			req:   sourcing.Request{Country: "FR", PostalCode: "75001", Lines: []sourcing.Line{{ProductID: "book", Category: "books", Quantity: 1}}},
			stock: stock{"par": {"book": 1}, "fra": {"book": 1}},
			want:  []sourcing.Allocation{{Line: 0, WarehouseID: "par", Quantity: 1}},
			short: []int64{0},
		},
		{
			name:  "no warehouse serves the destination",
			req:   sourcing.Request{Country: "US", PostalCode: "94043", Lines: []sourcing.Line{{ProductID: "mug", Quantity: 1}}},
			stock: stock{"fra": {"mug": 9}},
			short: []int64{1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			plan := network.Source(tc.req, tc.stock.available)
			require.Equal(t, tc.want, plan.Allocations)
			require.Equal(t, tc.short, plan.Short)
		})
	}
}
