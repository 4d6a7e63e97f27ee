package shop

import (
	"io/fs"
	"testing"

	"github.com/stretchr/testify/require"
)

// A basket has a line per aisle, its quantity the products taken from it,
// keyed by the first of them (testdata: a small file in the sample's format).
func TestReadInstacart(t *testing.T) {
	got, err := ReadInstacart("testdata/instacart")
	require.NoError(t, err)
	require.Equal(t, []Basket{
		{{Key: 1, Quantity: 3}, {Key: 3, Quantity: 1}},
		{{Key: 4, Quantity: 1}},
	}, got)

	_, err = ReadInstacart(t.TempDir())
	require.ErrorIs(t, err, fs.ErrNotExist, "an absent sample is told apart, for the built-in shapes")
}
