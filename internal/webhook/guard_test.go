package webhook_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/webhook"
)

// names is the DNS the URL checks see in these tests.
var names = resolver{"hooks.example.com": "93.184.215.14", "rebind.example.com": "10.1.2.3",
	"metadata.example.com": "169.254.169.254", "v6.example.com": "::1", "mapped.example.com": "::ffff:127.0.0.1"}

// With the default settings only https to public addresses is accepted:
// loopback, private, link-local (cloud metadata), CGNAT, unspecified and
// IPv4-mapped loopback targets are refused, by literal or by what the name
// resolves to, each naming the url field.
func TestPrivateTargetsAreRefusedAtCreation(t *testing.T) {
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		s := webhook.NewStore(d, webhook.Config{Resolver: names, Clock: clk})
		ctx := setup(t, d, clk, lab).admin
		for url, want := range map[string]string{
			"https://hooks.example.com/waybill":  "",
			"https://93.184.215.14:8443/hook":    "",
			"http://hooks.example.com/waybill":   "url scheme_not_allowed",
			"https://127.0.0.1/hook":             "url private_address",
			"https://[::1]/hook":                 "url private_address",
			"https://10.0.0.7/hook":              "url private_address",
			"https://192.168.1.1/hook":           "url private_address",
			"https://172.16.0.1/hook":            "url private_address",
			"https://169.254.169.254/latest":     "url private_address",
			"https://100.64.0.1/hook":            "url private_address",
			"https://0.0.0.0/hook":               "url private_address",
			"https://[::ffff:127.0.0.1]/hook":    "url private_address",
			"https://[fe80::1]/hook":             "url private_address",
			"https://localhost/hook":             "url private_address",
			"https://api.localhost/hook":         "url private_address",
			"https://rebind.example.com/hook":    "url private_address",
			"https://metadata.example.com/x":     "url private_address",
			"https://v6.example.com/hook":        "url private_address",
			"https://mapped.example.com/hook":    "url private_address",
			"https://nowhere.example.com/hook":   "url unresolvable",
			"https://user:pw@hooks.example.com/": "url invalid_format",
			"/relative":                          "url invalid_format",
			"":                                   "url required",
		} {
			_, err := s.Create(ctx, webhook.EndpointInput{URL: url, EventTypes: []string{"*"}})
			if want == "" {
				require.NoError(t, err, url)
				continue
			}
			require.Equal(t, []string{want}, apitest.FieldCodes(err), url)
		}
		allowed := webhook.NewStore(d, webhook.Config{AllowHTTP: true, AllowPrivate: true, Resolver: names, Clock: clk})
		_, err := allowed.Create(ctx, webhook.EndpointInput{URL: "http://127.0.0.1:8080/hook", EventTypes: []string{"*"}})
		require.NoError(t, err, "an operator may allow a lab receiver")
	})
}

// The dialer checks the address it connects to, whatever the name resolved
// to at creation (DNS rebinding): an endpoint that now points at loopback
// gets no request, and the attempt's error says why.
func TestPrivateTargetsAreRefusedAtConnectTime(t *testing.T) {
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := setup(t, d, clk, lab)
		rc := newReceiver(t, clk)
		ep := r.subscribe(t, rc.URL, "*") // created while private targets were allowed
		rc.setSecret(ep.Secret)
		r.place(t, "wh-rebind")
		r.dispatch(t)

		strict := webhook.NewStore(d, webhook.Config{AllowHTTP: true, Clock: clk, Backoff: testBackoff})
		runner := job.New(d, clk, nil, job.Config{})
		webhook.RegisterJobs(runner, strict)
		n, err := runner.RunDue(context.Background())
		require.NoError(t, err)
		require.Equal(t, 1, n)

		tries, _, _ := rc.snapshot()
		require.Empty(t, tries, "no request reached the private address")
		list, err := strict.Deliveries(context.Background(), webhook.DeliveryFilter{EndpointID: ep.ID, Limit: 10})
		require.NoError(t, err)
		del, err := strict.Delivery(context.Background(), list[0].ID)
		require.NoError(t, err)
		require.Len(t, del.Log, 1)
		require.Zero(t, del.Log[0].StatusCode)
		require.Contains(t, del.Log[0].Error, "private")
		require.Equal(t, "pending", del.State, "retried later, in case the name resolves elsewhere again")
	})
}
