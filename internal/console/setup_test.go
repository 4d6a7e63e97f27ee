package console_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/argon2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/console"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/pick"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/setting"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/shortage"
	"github.com/waybill/waybill/internal/track"
	"github.com/waybill/waybill/internal/warehouse"
)

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

const password = "correct horse battery staple"

// bundle is a served API with the console mounted, as cmd/waybill wires
// them, over one database on a fixed clock.
type bundle struct {
	d      *db.DB
	clk    *clock.Fixed
	url    string
	api    *httpapi.API
	people *people.Store
	rig    *flowtest.Rig
	emails map[actor.Role]string // one person per role, password set
}

func setup(t *testing.T, d *db.DB, clk *clock.Fixed, tls bool) *bundle {
	t.Helper()
	rig := flowtest.New(t, d, flowtest.Options{})
	keys := auth.NewKeys(d)
	srv := httpapi.New(httpapi.Options{Auth: keys, Idempotency: d})
	// Every operation a page mirrors, registered over the rig's wired
	// stores as cmd/waybill registers them over its own.
	api := srv.API()
	products, sites, fulfilments := catalog.NewStore(d), warehouse.NewStore(d), fulfilment.NewStore(d)
	auth.Register(api, keys)
	audit.Register(api, d)
	setting.Register(api, rig.Settings)
	catalog.Register(api, products)
	warehouse.Register(api, sites)
	inventory.Register(api, rig.Stock)
	order.Register(api, rig.Engine, rig.Orders)
	payment.Register(api, rig.Payments, nil)
	review.Register(api, rig.Tasks)
	shortage.Register(api, rig.Shortages)
	fulfilment.Register(api, fulfilments)
	pick.Register(api, rig.Floor)
	pack.Register(api, rig.Packing)
	ship.Register(api, rig.Shipping)
	track.RegisterCases(api, rig.Tracking)
	track.RegisterCOD(api, rig.Tracking)
	store := people.NewStore(d, people.Config{})
	people.Register(api, store)
	c, err := console.New(console.Config{API: api, People: store, Keys: keys, PageSize: 2,
		Products: products, Warehouses: sites, Stock: rig.Stock, Orders: rig.Orders, Review: rig.Tasks,
		Payments: rig.Payments, Shortages: rig.Shortages, Fulfilments: fulfilments, Floor: rig.Floor, Packing: rig.Packing, Settings: rig.Settings,
		Shipping: rig.Shipping, Tracking: rig.Tracking})
	require.NoError(t, err)
	c.Mount(srv)
	var ts *httptest.Server
	if tls {
		ts = httptest.NewTLSServer(srv.Handler())
	} else {
		ts = httptest.NewServer(srv.Handler())
	}
	t.Cleanup(ts.Close)
	b := &bundle{d: d, clk: clk, url: ts.URL, api: srv.API(), people: store, rig: rig, emails: map[actor.Role]string{}}
	ctx := actor.With(context.Background(), actor.CLI("test"))
	for _, role := range actor.Roles {
		email := string(role) + "@example.com"
		b.addPerson(t, people.NewPerson{Email: email, Name: "Test " + string(role), Role: role})
		b.emails[role] = email
	}
	_, _, err = keys.Create(ctx, "shop", actor.Integration)
	require.NoError(t, err)
	return b
}

// addPerson adds a person whose password is already set to password, as a
// set-up link would leave them (the hash stored, the link spent), without
// the link's audit entry. The setup page and people.Store's tests cover
// setting a password itself.
func (b *bundle) addPerson(t *testing.T, in people.NewPerson) people.Person {
	t.Helper()
	ctx := actor.With(context.Background(), actor.CLI("test"))
	p, _, err := b.people.Create(ctx, in)
	require.NoError(t, err)
	require.NoError(t, b.d.Write(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE people SET password_hash = $1, updated_at = $2 WHERE id = $3`,
			fixtureHash(), tx.Now, p.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE person_setup_tokens SET used_at = $1 WHERE person_id = $2`, tx.Now, p.ID)
		return err
	}))
	return p
}

// fixtureHash is the stored form of password for the fixture people: an
// argon2id hash in people.HashPassword's encoding, made once per test
// binary at the lowest cost people.VerifyPassword accepts (64 KiB, one
// pass) instead of the production 19 MiB and two passes. Sign-in still
// verifies it through the real code, which reads the cost from the hash;
// at the production cost the fixtures' hashing and verifying were about
// half of this package's CPU time, and much more under the race detector.
var fixtureHash = sync.OnceValue(func() string {
	const memory, passes, threads, keyLen = 64, 1, 1, 32
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, passes, memory, threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, memory, passes, threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
})

// each runs fn on both databases.
func each(t *testing.T, fn func(t *testing.T, b *bundle)) {
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		fn(t, setup(t, d, clk, false))
	})
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, so tests see where each answer sends it.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func (b *bundle) browser(t *testing.T) *browser {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &browser{t: t, base: b.url, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type page struct {
	status int
	header http.Header
	body   string
}

func (p page) location() string { return p.header.Get("Location") }

func (br *browser) do(method, path string, form url.Values, header map[string]string) page {
	br.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, br.base+path, body)
	require.NoError(br.t, err)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := br.c.Do(req)
	require.NoError(br.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(br.t, err)
	return page{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (br *browser) get(path string) page { return br.do(http.MethodGet, path, nil, nil) }

func (br *browser) post(path string, form url.Values) page {
	return br.do(http.MethodPost, path, form, map[string]string{"Origin": br.base, "Sec-Fetch-Site": "same-origin"})
}

// signIn signs in as email and fails the test unless it reaches the orders.
func (br *browser) signIn(email string) {
	br.t.Helper()
	p := br.post("/signin", url.Values{"email": {email}, "password": {password}})
	require.Equal(br.t, http.StatusSeeOther, p.status, p.body)
	require.Equal(br.t, "/orders", p.location())
}

func (br *browser) cookie() string {
	u, _ := url.Parse(br.base)
	for _, c := range br.c.Jar.Cookies(u) {
		if c.Name == "waybill_session" {
			return c.Value
		}
	}
	return ""
}

func (br *browser) setCookie(value string) {
	u, _ := url.Parse(br.base)
	br.c.Jar.SetCookies(u, []*http.Cookie{{Name: "waybill_session", Value: value, Path: "/"}})
}
