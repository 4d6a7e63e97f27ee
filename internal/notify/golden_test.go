package notify

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// golden compares got with testdata/name.golden, or rewrites the file under
// -update, so a change to a template shows up as a reviewable diff.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./internal/notify -run Golden -update to create it")
	require.Equal(t, string(want), got)
}

// TestGolden pins every rendered part in both languages and both payment
// methods.
func TestGolden(t *testing.T) {
	r := newTestRenderer(t)
	cod := sample("zh-CN")
	cod.PaymentMethod, cod.DiscountMinor, cod.ShippingMinor, cod.TotalMinor = COD, 0, 0, 12196
	codEN := cod
	codEN.Locale, codEN.CustomerName = "en-GB", ""
	codEN.EstimatedShipDate = time.Time{} // not yet known
	for name, c := range map[string]OrderConfirmation{
		"en_prepaid": sample("en"),
		"zh_prepaid": sample("zh-CN"),
		"zh_cod":     cod,
		"en_cod":     codEN,
	} {
		t.Run(name, func(t *testing.T) {
			out, err := r.Render(c)
			require.NoError(t, err)
			golden(t, name+".subject", out.Subject+"\n")
			golden(t, name+".txt", out.Text)
			golden(t, name+".html", out.HTML)
			golden(t, name+".sms", out.SMS+"\n")
		})
	}
}

func newTestRenderer(t *testing.T) *Renderer {
	t.Helper()
	r, err := NewRenderer()
	require.NoError(t, err)
	return r
}
