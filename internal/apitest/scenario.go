package apitest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
)

// Scenario is one row of an HTTP table test: a request and the answer it
// must get, so a table reads as the API's contract, one line per case.
type Scenario struct {
	Name         string
	Role         actor.Role // "" sends no key
	Method, Path string
	Body         string // JSON, or "" for none
	Status       int
	// Fields are the problem's entries, "path code" in order; nil when the
	// answer must name no field.
	Fields []string
	// Detail, when set, must appear in the problem's detail, for refusals
	// whose reason is in the words (a conflict) rather than in Fields.
	Detail string
}

// Run plays scenarios in order on t, each request seeing what the earlier
// ones wrote, so a table can create something and then refuse a duplicate.
// For that reason the rows are not subtests: running one alone would miss
// its predecessors' writes.
//
// Every answer must have the row's status (no row expects a 500, so none
// slips through) and exactly its field entries. A refusal (status >= 400)
// must also leave snapshot's value unchanged, since a refused request that
// wrote half its change is the bug these tables exist to catch; snapshot
// returns whatever proves that, typically row counts of the tables the
// capability writes. And a refusal must be a problem document (RFC 9457)
// whose detail says what was wrong, as clients show it to people.
func (s *Server) Run(t testing.TB, snapshot func() any, scenarios []Scenario) {
	t.Helper()
	srv := s.For(t)
	for _, sc := range scenarios {
		before := snapshot()
		res := srv.Do(sc.Role, sc.Method, sc.Path, sc.Body)
		require.Equal(t, sc.Status, res.Status, "%s: %s", sc.Name, res.Raw)
		require.Equal(t, sc.Fields, res.Fields, "%s: %s", sc.Name, res.Raw)
		if res.Status < 400 {
			continue
		}
		require.Equal(t, before, snapshot(), "%s wrote something", sc.Name)
		require.Equal(t, "application/problem+json", res.Type, sc.Name)
		detail, _ := res.Body["detail"].(string)
		require.NotEmpty(t, detail, "%s: a problem says what is wrong: %s", sc.Name, res.Raw)
		require.Contains(t, detail, sc.Detail, sc.Name)
	}
}
