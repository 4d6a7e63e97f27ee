package main

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// TestRoleMatrix calls every operation the server publishes with a key of
// every role, and with none: a role the operation does not list gets 403, a
// listed one gets past authorisation, and no key gets 401. The declared
// roles come from the served OpenAPI document, so a new operation is covered
// the moment it is registered.
func TestRoleMatrix(t *testing.T) {
	t.Parallel()
	dbURL := migrated(t, dbtest.SQLiteURL(t))
	srv := start(t, "--db", dbURL, "serve", "--addr", "127.0.0.1:0")
	clients := map[actor.Role]client{}
	for _, role := range actor.Roles {
		clients[role] = client{t: t, base: srv.base, key: createKey(t, dbURL, string(role))}
	}
	anon := client{t: t, base: srv.base}

	status, doc := anon.do(http.MethodGet, "/openapi.json", nil)
	require.Equal(t, http.StatusOK, status)
	paths := doc["paths"].(map[string]any)
	pathParam := regexp.MustCompile(`\{[^}]+\}`)
	var table []string
	checked := 0
	for _, path := range sortedKeys(paths) {
		for _, method := range sortedKeys(paths[path].(map[string]any)) {
			op := paths[path].(map[string]any)[method].(map[string]any)
			method = strings.ToUpper(method)
			url := pathParam.ReplaceAllString(path, "nonexistent")
			declared, _ := op["x-waybill-roles"].([]any)
			if declared == nil {
				// Public operations authenticate otherwise; only these may be public.
				why, ok := publicBecause(path)
				require.True(t, ok, "%s %s is public: it declares no roles", method, path)
				table = append(table, fmt.Sprintf("%-7s %-45s public: %s", method, path, why))
				continue
			}
			var allowed []actor.Role
			for _, r := range declared {
				allowed = append(allowed, actor.Role(r.(string)))
			}
			require.NotEmpty(t, allowed, "%s %s declares no roles", method, path)
			var body any
			if method != http.MethodGet && method != http.MethodDelete {
				body = "{}"
			}
			status, _ := anon.do(method, url, body)
			require.Equal(t, http.StatusUnauthorized, status, "%s %s without a key", method, path)
			row := fmt.Sprintf("%-7s %-45s", method, path)
			for _, role := range actor.Roles {
				status, problem := clients[role].do(method, url, body)
				if slices.Contains(allowed, role) {
					require.NotContains(t, []int{401, 403}, status, "%s %s as %s: %v", method, path, role, problem)
					require.Less(t, status, 500, "%s %s as %s: %v", method, path, role, problem)
					row += " " + string(role)[:3] + ":yes"
				} else {
					require.Equal(t, http.StatusForbidden, status, "%s %s as %s", method, path, role)
					require.Equal(t, "forbidden", problem["code"])
					row += " " + string(role)[:3] + ":403"
				}
				checked++
			}
			table = append(table, row)
		}
	}
	t.Logf("role matrix (%d checks):\n%s", checked, strings.Join(table, "\n"))
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// publicBecause says why an operation may be public, and whether it may:
// only these authenticate otherwise (a signature, an unguessable token).
func publicBecause(path string) (string, bool) {
	switch {
	case strings.HasPrefix(path, "/v1/payment-events/"):
		return "gateway signature", true
	case strings.HasPrefix(path, "/v1/carriers/") && strings.HasSuffix(path, "/tracking-events"):
		return "carrier signature", true
	case strings.HasPrefix(path, "/v1/public/tracking/"):
		return "the parcel's unguessable token; nothing personal", true
	}
	return "", false
}
