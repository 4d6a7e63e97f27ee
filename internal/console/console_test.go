package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/people"
)

// Each page admits exactly the roles its mirrored API operation lists:
// the console asks the registered operation, so there is no second list.
func TestPageRolesMatchTheirOperations(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		for _, pg := range []struct{ path, op string }{{"/orders", "list-orders"}, {"/api-keys", "list-api-keys"}} {
			roles, ok := b.api.OperationRoles(pg.op)
			require.True(t, ok)
			for _, role := range actor.Roles {
				t.Run(pg.path+"/"+string(role), func(t *testing.T) {
					br := b.browser(t)
					br.signIn(b.emails[role])
					p := br.get(pg.path)
					if slices.Contains(roles, role) {
						require.Equal(t, http.StatusOK, p.status, p.body)
						keyRoles, _ := b.api.OperationRoles("list-api-keys")
						require.Equal(t, slices.Contains(keyRoles, role), strings.Contains(p.body, `href="/api-keys"`),
							"the navigation offers the page exactly when the role may open it")
						return
					}
					require.Equal(t, http.StatusForbidden, p.status)
					require.Contains(t, p.body, "Your role ("+string(role)+") may not open this page.")
				})
			}
		}
		// Signed out, every page sends the browser to sign in.
		br := b.browser(t)
		for _, path := range []string{"/", "/orders", "/api-keys"} {
			p := br.get(path)
			require.Equal(t, http.StatusSeeOther, p.status, path)
			require.Equal(t, "/signin", p.location(), path)
		}
	})
}

func TestSignInRotatesTheSessionAndSignOutEnds(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		p := br.post("/signin", url.Values{"email": {"Finance@Example.com"}, "password": {"not the password"}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		require.Contains(t, p.body, `value="Finance@Example.com"`, "what was typed is kept")
		require.Contains(t, p.body, `id="password-error">The e-mail address or the password is wrong.`)
		require.NotContains(t, p.body, "not the password")
		p = br.post("/signin", url.Values{"email": {"nonsense"}, "password": {"x"}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		require.Contains(t, p.body, `id="email-error"`)

		p = br.post("/signin", url.Values{"email": {"finance@example.com"}, "password": {password}})
		require.Equal(t, http.StatusSeeOther, p.status)
		set := p.header.Get("Set-Cookie")
		require.Contains(t, set, "HttpOnly")
		require.Contains(t, set, "SameSite=Lax")
		require.NotContains(t, set, "Secure", "plain HTTP: a Secure cookie would never come back")
		first := br.cookie()
		require.Len(t, first, 43)
		require.Equal(t, "/orders", br.get("/").location())

		br.signIn("finance@example.com")
		second := br.cookie()
		require.NotEqual(t, first, second, "a sign-in rotates the session id")
		br.setCookie(first)
		require.Equal(t, "/signin", br.get("/orders").location(), "the old session id no longer works")

		br.setCookie(second)
		require.Equal(t, http.StatusOK, br.get("/orders").status)
		p = br.post("/signout", url.Values{})
		require.Equal(t, "/signin", p.location())
		require.Equal(t, "", br.cookie())
		br.setCookie(second)
		require.Equal(t, "/signin", br.get("/orders").location(), "signed out")
	})
}

func TestSignOutEverywhere(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		phone, desk := b.browser(t), b.browser(t)
		phone.signIn("warehouse@example.com")
		desk.signIn("warehouse@example.com")
		other := b.browser(t)
		other.signIn("finance@example.com")
		require.Equal(t, "/signin", phone.post("/signout-everywhere", url.Values{}).location())
		require.Equal(t, "/signin", desk.get("/orders").location(), "the other device is signed out too")
		require.Equal(t, http.StatusOK, other.get("/orders").status, "other people are not")
	})
}

func TestIdleAndExpiredSessions(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		br.signIn("admin@example.com")
		b.clk.Advance(29 * time.Minute)
		require.Equal(t, http.StatusOK, br.get("/orders").status)
		b.clk.Advance(30 * time.Minute)
		require.Equal(t, "/signin", br.get("/orders").location(), "30 minutes idle")

		br.signIn("admin@example.com")
		for range 36 { // 12 h of work, a page every 20 minutes
			require.Equal(t, http.StatusOK, br.get("/orders").status)
			b.clk.Advance(20 * time.Minute)
		}
		require.Equal(t, "/signin", br.get("/orders").location(), "12 h after sign-in")
	})
}

// Cross-origin protection: a form posted from another site is refused
// before it reaches the handler, whether the browser says so with
// Sec-Fetch-Site or only with Origin; the session survives.
func TestCrossOriginPostsAreRefused(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		br.signIn("admin@example.com")
		for _, h := range []map[string]string{
			{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
			{"Sec-Fetch-Site": "same-site"},
			{"Origin": "https://evil.example"},
		} {
			for _, path := range []string{"/signout", "/signout-everywhere", "/signin", "/setup"} {
				p := br.do(http.MethodPost, path, url.Values{"email": {"admin@example.com"}, "password": {password}}, h)
				require.Equal(t, http.StatusForbidden, p.status, "%s %v", path, h)
				require.Contains(t, p.body, "sent from another site")
				require.NotEmpty(t, p.header.Get("Content-Security-Policy"))
			}
		}
		require.Equal(t, http.StatusOK, br.get("/orders").status, "still signed in")
		// A same-origin form, and a client that sends neither header (not a browser), pass.
		require.Equal(t, http.StatusSeeOther, br.do(http.MethodPost, "/signin",
			url.Values{"email": {"admin@example.com"}, "password": {password}}, map[string]string{"Origin": b.url}).status)
		require.Equal(t, http.StatusSeeOther, br.do(http.MethodPost, "/signin",
			url.Values{"email": {"admin@example.com"}, "password": {password}}, nil).status)
	})
}

func TestEveryAnswerCarriesTheSecurityHeaders(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		answers := map[string]page{"/signin": br.get("/signin"), "/setup bad link": br.get("/setup?token=nope"),
			"/ signed out": br.get("/"), "/orders signed out": br.get("/orders")}
		br.signIn("finance@example.com")
		answers["/orders"] = br.get("/orders")
		answers["/api-keys refused"] = br.get("/api-keys")
		answers["/orders bad cursor"] = br.get("/orders?cursor=xyz")
		answers["/static/console.css"] = br.get("/static/console.css")
		answers["/static/htmx.min.js"] = br.get("/static/htmx.min.js")
		for name, p := range answers {
			csp := p.header.Get("Content-Security-Policy")
			require.Contains(t, csp, "default-src 'self'", name)
			require.Contains(t, csp, "frame-ancestors 'none'", name)
			require.NotContains(t, csp, "unsafe-inline", name)
			require.Equal(t, "DENY", p.header.Get("X-Frame-Options"), name)
			require.Equal(t, "no-referrer", p.header.Get("Referrer-Policy"), name)
			require.Equal(t, "nosniff", p.header.Get("X-Content-Type-Options"), name)
			if strings.HasPrefix(name, "/static") {
				continue
			}
			require.NotContains(t, p.body, "<style", name)
			require.NotRegexp(t, `<script>|<script [^>]*>[^<]`, p.body, "no inline script: %s", name)
			require.NotContains(t, p.body, ` style="`, name)
		}
		require.Equal(t, http.StatusBadRequest, answers["/orders bad cursor"].status)
		require.Contains(t, answers["/static/htmx.min.js"].body, "htmx")
		// The API is as it was: problem+json for an unknown path, no console headers.
		res, err := http.Get(b.url + "/v1/nope")
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusNotFound, res.StatusCode)
		require.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
	})
}

func TestSecureCookieOverTLS(t *testing.T) {
	t.Parallel()
	d, clk := dbOnce(t)
	b := setup(t, d, clk, true)
	br := b.browser(t)
	br.c.Transport = &http.Transport{TLSClientConfig: tlsTrustAll()}
	p := br.post("/signin", url.Values{"email": {"admin@example.com"}, "password": {password}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	require.Contains(t, p.header.Get("Set-Cookie"), "Secure")
}

func TestOrdersPageListsNewestFirstWithPaging(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		skus := b.rig.AddProducts(t, 1)
		b.rig.AddWarehouse(t, "EWR")
		b.rig.Receive(t, "EWR", skus[0], 100)
		var numbers []string
		for i := range 3 {
			o := b.rig.Accepted(t, flowtest.Request(fmt.Sprintf("ref-%d", i), flowtest.Line(skus[0], int64(i+1))))
			numbers = append(numbers, o.Number)
			b.clk.Advance(time.Minute)
		}
		br := b.browser(t)
		br.signIn("customer_service@example.com")
		first := br.get("/orders")
		require.Equal(t, http.StatusOK, first.status)
		require.Contains(t, first.body, numbers[2])
		require.Contains(t, first.body, numbers[1])
		require.NotContains(t, first.body, numbers[0])
		require.Less(t, strings.Index(first.body, numbers[2]), strings.Index(first.body, numbers[1]), "newest first")
		require.Contains(t, first.body, "30.00 USD", "totals through money.Format")
		require.Contains(t, first.body, "Ada Lovelace")
		require.Contains(t, first.body, ">awaiting payment<", "statuses in words")
		require.Contains(t, first.body, ">placed<")
		require.Contains(t, first.body, "2026-03-02 09:02:00 UTC")
		next := first.body[strings.Index(first.body, `href="/orders?cursor=`)+len(`href="`):]
		next = next[:strings.IndexByte(next, '"')]
		second := br.get(strings.ReplaceAll(next, "&amp;", "&"))
		require.Equal(t, http.StatusOK, second.status)
		require.Contains(t, second.body, numbers[0])
		require.NotContains(t, second.body, numbers[1])
		require.NotContains(t, second.body, `rel="next"`, "the last page has no next link")
	})
}

func TestSetupPageSetsThePasswordOnce(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		ctx := actor.With(context.Background(), actor.CLI("test"))
		p, token, err := b.people.Create(ctx, people.NewPerson{Email: "li@example.com", Name: "Li Wei", Role: actor.Warehouse, Locale: "zh"})
		require.NoError(t, err)
		br := b.browser(t)
		form := br.get("/setup?token=" + token)
		require.Equal(t, http.StatusOK, form.status)
		require.Contains(t, form.body, "欢迎，Li Wei", "the person's locale")
		for pw, msg := range map[string]string{"short": "密码至少需要 12 个字符。", "qwerty123456": "此密码属于攻击者最常尝试的密码"} {
			bad := br.post("/setup", url.Values{"token": {token}, "password": {pw}})
			require.Equal(t, http.StatusUnprocessableEntity, bad.status)
			require.Contains(t, bad.body, `id="password-error">`+msg)
		}
		done := br.post("/setup", url.Values{"token": {token}, "password": {password}})
		require.Equal(t, http.StatusSeeOther, done.status, done.body)
		require.Equal(t, "/signin?done=setup&lang=zh", done.location())
		require.Contains(t, br.get(done.location()).body, "密码已设置")
		again := br.post("/setup", url.Values{"token": {token}, "password": {password + "!"}})
		require.Equal(t, http.StatusNotFound, again.status, "a link works once")
		require.Equal(t, http.StatusNotFound, br.get("/setup?token="+token).status)
		br.signIn("li@example.com")
		require.Contains(t, br.get("/orders").body, "<h1>订单</h1>", "the console speaks the person's language")

		_, late, err := b.people.Create(ctx, people.NewPerson{Email: "bo@example.com", Role: actor.Finance})
		require.NoError(t, err)
		b.clk.Advance(25 * time.Hour)
		require.Equal(t, http.StatusNotFound, br.get("/setup?token="+late).status, "expired")

		entries, err := audit.List(context.Background(), b.d, audit.Filter{Actor: p.ID, Limit: 10})
		require.NoError(t, err)
		require.Len(t, entries, 2)
		require.Equal(t, "person.sign_in", entries[0].Action)
		require.Equal(t, "person.set_password", entries[1].Action)
		require.Equal(t, "127.0.0.1", entries[1].Actor.RemoteAddr)
		require.NotEmpty(t, entries[1].Actor.RequestID)
	})
}

func TestSignInRateLimitOverHTTP(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		for range 5 {
			require.Equal(t, http.StatusUnprocessableEntity, br.post("/signin",
				url.Values{"email": {"admin@example.com"}, "password": {"guess guess guess"}}).status)
		}
		p := br.post("/signin", url.Values{"email": {"admin@example.com"}, "password": {password}})
		require.Equal(t, http.StatusTooManyRequests, p.status)
		require.Contains(t, p.body, "Too many failed sign-ins")
		b.clk.Advance(16 * time.Minute)
		br.signIn("admin@example.com")
	})
}

// Bad input to a form is a clear page, never a 500: an oversized body, a
// set-up form without its token, a sign-in without a password.
func TestBadFormsAreClearRefusals(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		p := br.post("/signin", url.Values{"email": {strings.Repeat("a", 100<<10)}})
		require.Equal(t, http.StatusBadRequest, p.status)
		require.Contains(t, p.body, "The request was not understood.")
		p = br.post("/setup", url.Values{"password": {password}})
		require.Equal(t, http.StatusNotFound, p.status)
		require.Contains(t, p.body, "This set-up link cannot be used")
		p = br.post("/signin", url.Values{"email": {"admin@example.com"}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		require.Contains(t, p.body, `id="password-error">Enter your password.`)
		p = br.do(http.MethodGet, "/signin", nil, map[string]string{"Accept-Language": "zh-CN,zh;q=0.9"})
		require.Contains(t, p.body, "<h1>登录</h1>", "the browser's language before sign-in")
	})
}
