package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// packingFixture writes a small data folder: four thpack files of two
// problems, five Olist products (one without a size) and three baskets.
func packingFixture(t *testing.T) string {
	dir := t.TempDir()
	for _, d := range []string{"thpack", "olist", "instacart"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, d), 0o755))
	}
	thpack := "2\n 1 2502505\n 587 233 220\n 3\n 1 108 0 76 0 30 1 40\n 2 110 0 43 1 25 1 33\n 3 92 1 81 1 55 1 39\n" +
		" 2 2502605\n 20 10 10\n 2\n 1 10 1 10 1 10 1 2\n 2 5 0 5 0 10 1 4\n"
	for _, n := range []string{"1", "2", "3", "4"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "thpack", "thpack"+n+".txt"), []byte(thpack), 0o644))
	}
	products := `"product_id","product_category_name","product_name_lenght","product_description_lenght","product_photos_qty","product_weight_g","product_length_cm","product_height_cm","product_width_cm"
"p1",perfumaria,40,287,1,225,16,10,14
"p2",utilidades_domesticas,44,276,1,1000,30,18,20
"p3",relogios_presentes,40,100,1,300,12,8,10
"p4",moveis_decoracao,40,100,1,15000,90,60,50
"p5",livros,40,100,1,,,,
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "olist", "products.csv"), []byte(products), 0o644))
	lines := "\"order_id\",\"product_id\",\"add_to_cart_order\",\"reordered\"\n" +
		"10,1,1,0\n10,2,2,0\n10,3,3,1\n11,4,1,0\n12,5,1,0\n12,6,2,0\n12,7,3,0\n12,8,4,0\n12,9,5,0\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "instacart", "order_products__prior.csv"), []byte(lines), 0o644))
	return dir
}

// `waybill bench packing --json` prints the figures issue 13 names under
// their keys; --file reports that file's mean only; a missing folder and
// bad flags are refused clearly.
func TestBenchPacking(t *testing.T) {
	t.Parallel()
	data := packingFixture(t)
	run := func(args ...string) (map[string]any, error) {
		var stdout, stderr bytes.Buffer
		err := (&Main{Stdout: &stdout, Stderr: &stderr}).Run(context.Background(), append([]string{"bench", "packing"}, args...))
		if err != nil {
			return nil, err
		}
		var rep map[string]any
		require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep), stdout.String())
		return rep, nil
	}
	rep, err := run("--json", "--data", data, "--budget", "50ms", "--orders", "3", "--order-budget", "50ms")
	require.NoError(t, err)
	for _, k := range []string{"fill_br1", "fill_br2", "fill_br3", "fill_br4", "mean_fill", "seconds_per_instance"} {
		require.Contains(t, rep, k)
	}
	require.InDelta(t, 1.0, rep["mean_fill"].(float64), 0.15) // the second problem fills exactly; the first over 85 %
	require.Contains(t, rep, "with_support")
	orders := rep["orders"].(map[string]any)
	for _, k := range []string{"cost_reduction_vs_volume_rule", "parcels_per_order", "parcels_per_order_volume_rule", "void_pct", "void_pct_volume_rule", "orders_per_sec"} {
		require.Contains(t, orders, k)
	}
	require.EqualValues(t, 3, orders["orders"])
	require.EqualValues(t, 9, orders["units"])
	require.GreaterOrEqual(t, orders["parcels_per_order"].(float64), 1.0)

	rep, err = run("--json", "--file", filepath.Join(data, "thpack", "thpack2.txt"), "--budget", "20ms", "--support", "0", "--instances", "1")
	require.NoError(t, err)
	require.Contains(t, rep, "mean_fill")
	require.NotContains(t, rep, "fill_br1")
	require.NotContains(t, rep, "orders")
	require.EqualValues(t, 1, rep["instances"])

	_, err = run("--data", filepath.Join(data, "nowhere"))
	require.Error(t, err)
	require.True(t, strings.Contains(err.Error(), "thpack") && strings.Contains(err.Error(), "not found"), err.Error())
	_, err = run("--instances", "-1")
	require.Error(t, err)
	_, err = run("--support", "2")
	require.Error(t, err)
}
