package httpcarrier

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship/carrier/sim"
)

const oneEvent = `{"id":"wh_000001","type":"tracking.updated","created_at":"2026-12-07T14:00:00Z","events":[` +
	`{"id":"ev_000001","tracking_number":"PW00000001008","code":"PU","description":"Picked up","occurred_at":"2026-12-07T13:00:00Z"}]}`

func webhookClient(t *testing.T, clk clock.Clock) *Client {
	t.Helper()
	c, err := New(Config{Code: "parcelway", BaseURL: "http://127.0.0.1:1", APIKey: apiKey, WebhookSecret: webhookSecret, Clock: clk,
		Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	return c
}

func signed(secret string, at time.Time, body string) http.Header {
	h := http.Header{}
	h.Set(sim.SignatureHeader, sim.Sign(secret, at, []byte(body)))
	return h
}

func TestWebhookSignature(t *testing.T) {
	c := webhookClient(t, clock.NewFixed(trackNow))
	good := signed(webhookSecret, trackNow, oneEvent)
	sig := good.Get(sim.SignatureHeader)
	v1 := sig[strings.Index(sig, "v1=")+3:]
	refused := []struct {
		name   string
		header http.Header
		body   string
	}{
		{"missing", http.Header{}, oneEvent},
		{"body tampered", good, strings.Replace(oneEvent, `"PU"`, `"DL"`, 1)},
		{"signature tampered", http.Header{sim.SignatureHeader: {sig[:len(sig)-1] + "0"}}, oneEvent},
		{"wrong secret", signed("whsec_someone_else_entirely", trackNow, oneEvent), oneEvent},
		{"stale", signed(webhookSecret, trackNow.Add(-SignatureTolerance-time.Second), oneEvent), oneEvent},
		{"from the future", signed(webhookSecret, trackNow.Add(SignatureTolerance+time.Second), oneEvent), oneEvent},
		{"no timestamp", http.Header{sim.SignatureHeader: {"v1=" + v1}}, oneEvent},
		{"timestamp changed", http.Header{sim.SignatureHeader: {fmt.Sprintf("t=%d,v1=%s", trackNow.Unix()-1, v1)}}, oneEvent},
		{"two headers", http.Header{sim.SignatureHeader: {sig, sig}}, oneEvent},
		{"two timestamps", http.Header{sim.SignatureHeader: {sig + fmt.Sprintf(",t=%d", trackNow.Unix())}}, oneEvent},
		{"only another scheme", http.Header{sim.SignatureHeader: {fmt.Sprintf("t=%d,v0=%s", trackNow.Unix(), v1)}}, oneEvent},
		{"junk", http.Header{sim.SignatureHeader: {strings.Repeat("t=1,", 500)}}, oneEvent},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			evs, err := c.Webhook(tc.header, []byte(tc.body))
			require.True(t, errs.Is(err, errs.Unauthorized), "%v", err)
			require.Nil(t, evs)
			require.NotContains(t, err.Error(), webhookSecret)
		})
	}
	accepted := []struct {
		name   string
		header http.Header
	}{
		{"signed now", good},
		{"signed within tolerance", signed(webhookSecret, trackNow.Add(-SignatureTolerance+time.Second), oneEvent)},
		{"a rolled secret's signature next to ours", http.Header{sim.SignatureHeader: {
			signed("whsec_the_old_secret_000", trackNow, oneEvent).Get(sim.SignatureHeader) + ",v1=" + v1}}},
	}
	for _, tc := range accepted {
		t.Run(tc.name, func(t *testing.T) {
			evs, err := c.Webhook(tc.header, []byte(oneEvent))
			require.NoError(t, err)
			require.Len(t, evs, 1)
		})
	}
	t.Run("no secret configured", func(t *testing.T) {
		c, err := New(Config{Code: "parcelway", BaseURL: "http://127.0.0.1:1", APIKey: apiKey})
		require.NoError(t, err)
		_, err = c.Webhook(good, []byte(oneEvent))
		require.True(t, errs.Is(err, errs.NotFound), "%v", err)
	})
	t.Run("the secret is redacted", func(t *testing.T) {
		require.NotContains(t, fmt.Sprintf("%v %+v", c.cfg, c.cfg), webhookSecret)
	})
}

// TestWebhookMalformedNamesTheField signs every body properly, so what is
// refused is the body, each time naming the field at fault.
func TestWebhookMalformedNamesTheField(t *testing.T) {
	c := webhookClient(t, clock.NewFixed(trackNow))
	event := func(i int, fields string) string {
		return fmt.Sprintf(`{"id":"ev_%d","tracking_number":"PW1","occurred_at":"2026-12-07T13:00:00Z",%s}`, i, fields)
	}
	batch := func(events ...string) string {
		return `{"id":"wh_1","type":"tracking.updated","created_at":"2026-12-07T14:00:00Z","events":[` + strings.Join(events, ",") + `]}`
	}
	ok := event(0, `"code":"PU"`)
	cases := []struct {
		name, body string
		fields     []string
	}{
		{"no JSON", `{"id":`, []string{"body"}},
		{"not an object", `[1,2]`, []string{"body"}},
		{"trailing data", oneEvent + `{}`, []string{"body"}},
		{"events not a list", `{"id":"wh_1","type":"tracking.updated","created_at":"2026-12-07T14:00:00Z","events":"x"}`, []string{"events"}},
		{"no events", `{"id":"wh_1","type":"tracking.updated","created_at":"2026-12-07T14:00:00Z"}`, []string{"events"}},
		{"no id, type or time", `{"events":[]}`, []string{"type", "id", "created_at"}},
		{"unknown code", batch(ok, ok, ok, event(3, `"code":"ZZ"`)), []string{"events[3].code"}},
		{"no code", batch(ok, event(1, `"reason":"NH"`)), []string{"events[1].code"}},
		{"event not an object", batch(ok, `42`), []string{"events[1]"}},
		{"event null", batch(`null`), []string{"events[0].id", "events[0].tracking_number", "events[0].code", "events[0].occurred_at"}},
		{"code not a string", batch(event(0, `"code":7`)), []string{"events[0].code"}},
		{"bad instant", batch(event(0, `"code":"PU","occurred_at":"yesterday"`)), []string{"events[0].occurred_at"}},
		{"tracking number with spaces", batch(`{"id":"e","tracking_number":"PW 1","code":"PU","occurred_at":"2026-12-07T13:00:00Z"}`),
			[]string{"events[0].tracking_number"}},
		{"amount not a number", batch(event(0, `"code":"DL","cod_collected":{"amount":"49.99","currency":"USD"}`)), []string{"events[0].cod_collected.amount"}},
		{"amount negative", batch(event(0, `"code":"DL","cod_collected":{"amount":-1,"currency":"USD"}`)), []string{"events[0].cod_collected.amount"}},
		{"currency", batch(event(0, `"code":"DL","cod_collected":{"amount":100,"currency":"usd"}`)), []string{"events[0].cod_collected.currency"}},
		{"cash on a pickup", batch(event(0, `"code":"PU","cod_collected":{"amount":100,"currency":"USD"}`)), []string{"events[0].cod_collected"}},
		{"estimated delivery not a date", batch(event(0, `"code":"EX","reason":"DL","estimated_delivery":"next week"`)),
			[]string{"events[0].estimated_delivery"}},
		{"over the size limit", `{"id":"` + strings.Repeat("x", MaxWebhookBody) + `"}`, []string{"body"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			evs, err := c.Webhook(signed(webhookSecret, trackNow, tc.body), []byte(tc.body))
			require.True(t, errs.Is(err, errs.Invalid), "%v", err)
			require.Nil(t, evs)
			require.Equal(t, tc.fields, paths(err), "%v", err)
			require.Less(t, len(err.Error()), 4000, "a refusal never echoes the body")
		})
	}
	t.Run("problems are bounded", func(t *testing.T) {
		evs := make([]string, 500)
		for i := range evs {
			evs[i] = event(i, `"code":"??"`)
		}
		body := batch(evs...)
		_, err := c.Webhook(signed(webhookSecret, trackNow, body), []byte(body))
		require.Len(t, errs.FieldsOf(err), maxFieldErrors)
	})
	t.Run("a new delivery date is kept", func(t *testing.T) {
		body := batch(event(0, `"code":"EX","reason":"DL","estimated_delivery":"2026-12-11"`))
		evs, err := c.Webhook(signed(webhookSecret, trackNow, body), []byte(body))
		require.NoError(t, err)
		require.Len(t, evs, 1)
		require.Equal(t, "2026-12-11", evs[0].EstimatedDelivery)
	})
	t.Run("another notification type carries no events", func(t *testing.T) {
		body := `{"id":"wh_2","type":"account.updated","created_at":"2026-12-07T14:00:00Z"}`
		evs, err := c.Webhook(signed(webhookSecret, trackNow, body), []byte(body))
		require.NoError(t, err)
		require.Empty(t, evs)
	})
}
