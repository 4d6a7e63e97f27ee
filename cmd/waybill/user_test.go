package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db/dbtest"
)

// The whole path of a new person, through the binary: `waybill user
// create` prints a set-up link; the served console takes a password there
// once; the person signs in and sees the orders; `waybill user list` shows
// them; bad input is a message naming the field.
func TestUserCreateSetupAndSignIn(t *testing.T) {
	t.Parallel()
	dbtest.EachURL(t, func(t *testing.T, dbURL string) {
		dbURL = migrated(t, dbURL)
		out, err := runCmd(t, "--db", dbURL, "user", "create", "--email", "Mei@Example.com", "--role", "finance",
			"--name", "Mei Lin", "--locale", "zh", "--console-url", "http://console.example.com/")
		require.NoError(t, err)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		link := lines[len(lines)-1]
		require.Regexp(t, `^http://console\.example\.com/setup\?token=[A-Za-z0-9_-]{43}$`, link)
		require.Contains(t, out, "Mei Lin <mei@example.com> (role finance)")

		list, err := runCmd(t, "--db", dbURL, "user", "list")
		require.NoError(t, err)
		require.Regexp(t, `usr_\S+\s+mei@example\.com\s+Mei Lin\s+finance\s+zh\s+true\s+awaiting set-up`, list)

		_, err = runCmd(t, "--db", dbURL, "user", "create", "--email", "mei@example.com", "--role", "admin")
		require.ErrorContains(t, err, "exists already")
		_, err = runCmd(t, "--db", dbURL, "user", "create", "--email", "not-an-address", "--role", "admin")
		require.ErrorContains(t, err, "email")
		_, err = runCmd(t, "--db", dbURL, "user", "create", "--email", "a@example.com", "--role", "boss")
		require.Error(t, err)

		srv := start(t, "--db", dbURL, "--log-level", "warn", "serve", "--addr", "127.0.0.1:0")
		setup := srv.base + strings.TrimPrefix(link, "http://console.example.com")
		jar, err := cookiejar.New(nil)
		require.NoError(t, err)
		c := &http.Client{Jar: jar}
		body := func(res *http.Response, err error) (int, string) {
			t.Helper()
			require.NoError(t, err)
			defer res.Body.Close()
			b, err := io.ReadAll(res.Body)
			require.NoError(t, err)
			return res.StatusCode, string(b)
		}
		status, page := body(c.Get(setup))
		require.Equal(t, http.StatusOK, status)
		require.Contains(t, page, "欢迎，Mei Lin")
		token := regexp.MustCompile(`token=([A-Za-z0-9_-]+)`).FindStringSubmatch(link)[1]
		status, page = body(c.PostForm(srv.base+"/setup", url.Values{"token": {token}, "password": {"mei's long passphrase"}}))
		require.Equal(t, http.StatusOK, status, "redirected to sign in")
		require.Contains(t, page, "密码已设置")
		status, _ = body(c.PostForm(srv.base+"/setup", url.Values{"token": {token}, "password": {"another passphrase"}}))
		require.Equal(t, http.StatusNotFound, status, "the link works once")

		status, page = body(c.PostForm(srv.base+"/signin", url.Values{"email": {"mei@example.com"}, "password": {"mei's long passphrase"}}))
		require.Equal(t, http.StatusOK, status)
		require.Contains(t, page, "<h1>订单</h1>")

		list, err = runCmd(t, "--db", dbURL, "user", "list")
		require.NoError(t, err)
		require.Regexp(t, `mei@example\.com.*\bset\b`, list)

		out, err = runCmd(t, "--db", dbURL, "user", "deactivate", "--email", "MEI@example.com")
		require.NoError(t, err)
		require.Contains(t, out, "is deactivated")
		status, page = body(c.Get(srv.base + "/orders"))
		require.Equal(t, http.StatusOK, status)
		require.Contains(t, page, "<h1>", "back at the sign-in page")
		require.NotContains(t, page, "订单</h1>", "the session ended")
		out, err = runCmd(t, "--db", dbURL, "user", "activate", "--email", "mei@example.com")
		require.NoError(t, err)
		require.Contains(t, out, "is active")
	})
}
