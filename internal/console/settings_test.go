package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
)

func settingsForm() url.Values {
	return url.Values{"cod_countries": {"cn, br"}, "cod_max_total_minor": {"250000"}, "payment_window": {"2h"},
		"idempotency_retention": {"48h"}}
}

func TestSettingsPageRoles(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		requireAdminRoles(t, b, []roleCase{
			{"GET", "/settings", "get-settings", nil, http.StatusOK},
			{"POST", "/settings", "update-settings", settingsForm(), http.StatusSeeOther},
		})
	})
}

func TestSettingsPageEdits(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		p := br.get("/settings")
		require.Equal(t, http.StatusOK, p.status)
		require.Contains(t, p.body, `value="30m"`, "the default payment window, written as people do")
		require.Contains(t, p.body, `checked`, "notes hold orders by default")

		bad := settingsForm()
		bad.Set("cod_countries", "CN, XX")
		bad.Set("payment_window", "soon")
		bad.Set("cod_max_total_minor", "lots")
		p = br.post("/settings", bad)
		requireFieldError(t, p, "cod_max_total_minor", "Enter a whole number.")
		bad.Set("cod_max_total_minor", "-1")
		p = br.post("/settings", bad)
		requireFieldError(t, p, "cod_countries", `&#34;XX&#34; is not an ISO 3166 alpha-2 country code`)
		require.Contains(t, p.body, `id="payment_window-error"`)
		require.Contains(t, p.body, `id="cod_max_total_minor-error"`)
		require.Contains(t, p.body, `value="soon"`, "what was typed is kept")
		cur, err := b.rig.Settings.Get(context.Background())
		require.NoError(t, err)
		require.Equal(t, 30*time.Minute, cur.PaymentWindow, "nothing changed")

		p = br.post("/settings", settingsForm())
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/settings?done=settings.saved", p.location())
		require.Contains(t, br.get(p.location()).body, "The settings were saved.")
		cur, err = b.rig.Settings.Get(context.Background())
		require.NoError(t, err)
		require.Equal(t, []string{"BR", "CN"}, cur.CODCountries)
		require.Equal(t, int64(250000), cur.CODMaxTotalMinor)
		require.Equal(t, 2*time.Hour, cur.PaymentWindow)
		require.Equal(t, 48*time.Hour, cur.IdempotencyRetention)
		require.False(t, cur.HoldOnCustomerNote, "an unticked box turns it off")
		requireAudited(t, b, "settings.update")
	})
}

// The API's schema bounds the country list; the form has no schema, so
// the store's Validate does it for both.
func TestSettingsPageBoundsTheCountryList(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		form := settingsForm()
		form.Set("cod_countries", strings.TrimSuffix(strings.Repeat("CN,", 301), ","))
		requireFieldError(t, br.post("/settings", form), "cod_countries", "at most 300 countries, got 301")
	})
}
