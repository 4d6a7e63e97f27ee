package console_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/audit"
)

// A signed-in person switches the console's language from any page; the
// choice is kept on their account (another device speaks it too), audited,
// and the browser comes back to the page it was on, never to another site.
func TestLanguageSwitchAfterSignIn(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		br.signIn("finance@example.com")
		page := br.get("/orders?status=placed")
		require.Contains(t, page.body, `name="back" value="/orders?status=placed"`)
		p := br.post("/locale", url.Values{"locale": {"zh"}, "back": {"/orders?status=placed"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/orders?status=placed", p.location())
		require.Contains(t, br.get("/orders").body, "<h1>订单</h1>")
		other := b.browser(t)
		other.signIn("finance@example.com")
		require.Contains(t, other.get("/orders").body, "<h1>订单</h1>", "kept on the account")

		for _, back := range []string{"//evil.example/x", "https://evil.example", "/\\evil.example", ""} {
			p = br.post("/locale", url.Values{"locale": {"en"}, "back": {back}})
			require.Equal(t, "/orders", p.location(), back)
		}
		p = br.post("/locale", url.Values{"locale": {"fr"}, "back": {"/orders"}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		require.Contains(t, br.get("/orders").body, "<h1>Orders</h1>", "the refused choice changed nothing")

		signedOut := b.browser(t)
		require.Equal(t, "/signin", signedOut.post("/locale", url.Values{"locale": {"zh"}}).location())
		require.Equal(t, http.StatusForbidden, br.do(http.MethodPost, "/locale", url.Values{"locale": {"zh"}},
			map[string]string{"Sec-Fetch-Site": "cross-site"}).status, "another site cannot switch it")

		entries, err := audit.List(context.Background(), b.d, audit.Filter{Entity: "person", Limit: 50})
		require.NoError(t, err)
		var switched []string
		for _, e := range entries {
			if e.Action == "person.set_locale" {
				switched = append(switched, string(e.Actor.Role)+" "+e.Actor.RemoteAddr)
				require.Equal(t, e.EntityID, e.Actor.ID, "the person switched their own language")
			}
		}
		require.Equal(t, []string{"finance 127.0.0.1", "finance 127.0.0.1", "finance 127.0.0.1", "finance 127.0.0.1", "finance 127.0.0.1"},
			switched, "zh, then en four times")
	})
}

// A browser asking for a path the console does not have gets a page in
// its language with the navigation kept; the API keeps its problem
// documents.
func TestUnknownPagesAnswerAsPages(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		html := map[string]string{"Accept": "text/html,application/xhtml+xml"}
		p := br.do(http.MethodGet, "/nope", nil, html)
		require.Equal(t, http.StatusNotFound, p.status)
		require.Contains(t, p.header.Get("Content-Type"), "text/html")
		require.Contains(t, p.body, "There is no such page.")
		require.NotEmpty(t, p.header.Get("Content-Security-Policy"))
		br.signIn("warehouse@example.com")
		p = br.do(http.MethodGet, "/orders/x/y/z", nil, html)
		require.Equal(t, http.StatusNotFound, p.status)
		require.Contains(t, p.body, `class="who"`, "still signed in, navigation kept")
		p = br.do(http.MethodGet, "/signout", nil, html)
		require.Equal(t, http.StatusMethodNotAllowed, p.status)
		require.Contains(t, p.body, "There is no such page.")
		p = br.do(http.MethodGet, "/v1/nope", nil, html)
		require.Equal(t, http.StatusNotFound, p.status)
		require.Equal(t, "application/problem+json", p.header.Get("Content-Type"))
		p = br.get("/nope")
		require.Equal(t, "application/problem+json", p.header.Get("Content-Type"), "not a browser: the API's answer")
	})
}
