package apitest

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
)

// TestRun shows Run failing a table for each check it makes, so a table
// that passes has passed them all.
func TestRun(t *testing.T) {
	// POST /v1/things counts a write when asked to, even when it then
	// refuses, as a handler that forgot its transaction would.
	var writes atomic.Int64
	s := New(t, dbtest.SQLite(t, dbtest.Options{}), func(api *httpapi.API) {
		type in struct {
			Body struct {
				Name  string `json:"name"`
				Write bool   `json:"write,omitempty"`
			}
		}
		op := huma.Operation{OperationID: "thing", Method: http.MethodPost, Path: "/v1/things", DefaultStatus: 201,
			Errors: []int{http.StatusConflict}}
		httpapi.Register(api, op, []actor.Role{actor.Admin}, func(_ context.Context, in *in) (*struct{}, error) {
			if in.Body.Write {
				writes.Add(1)
			}
			var f errs.Fields
			if in.Body.Name == "" {
				f.Add("name", errs.CodeRequired, "a thing needs a name")
			}
			if err := f.Err(); err != nil {
				return nil, err
			}
			if in.Body.Name == "taken" {
				return nil, errs.E(errs.Conflict, "a thing named taken exists")
			}
			return &struct{}{}, nil
		})
	})
	snapshot := func() any { return writes.Load() }
	row := func(name, body string, status int) Scenario {
		return Scenario{Name: name, Role: actor.Admin, Method: http.MethodPost, Path: "/v1/things", Body: body, Status: status}
	}
	good := []Scenario{
		row("created", `{"name":"mug","write":true}`, 201),
		{Name: "no key", Method: http.MethodPost, Path: "/v1/things", Body: `{"name":"mug"}`, Status: 401},
		row("taken", `{"name":"taken"}`, 409),
		{Name: "nameless", Role: actor.Admin, Method: http.MethodPost, Path: "/v1/things", Body: `{"name":""}`, Status: 422,
			Fields: []string{"name required"}},
	}
	good[2].Detail = "named taken"
	require.Empty(t, failures(t, func(tb testing.TB) { s.Run(tb, snapshot, good) }))

	for _, c := range []struct {
		name string
		edit func(*Scenario)
		want string
	}{
		{"another status", func(sc *Scenario) { sc.Status = 422 }, "taken: "},
		{"a field it does not name", func(sc *Scenario) { sc.Fields = []string{"name duplicate"} }, "taken: "},
		{"another detail", func(sc *Scenario) { sc.Detail = "is gone" }, "is gone"},
		{"a refusal that writes", func(sc *Scenario) { sc.Body = `{"name":"taken","write":true}` }, "taken wrote something"},
	} {
		bad := row("taken", `{"name":"taken"}`, 409)
		c.edit(&bad)
		got := failures(t, func(tb testing.TB) { s.Run(tb, snapshot, []Scenario{bad}) })
		require.Len(t, got, 1, c.name)
		require.Contains(t, got[0], c.want, c.name)
	}
	nameless := good[3]
	nameless.Fields = nil
	got := failures(t, func(tb testing.TB) { s.Run(tb, snapshot, []Scenario{nameless}) })
	require.Len(t, got, 1, "a row without fields must get an answer without fields")
}

// failures runs fn on a testing.TB that records failures rather than failing
// t, and returns them.
func failures(t *testing.T, fn func(tb testing.TB)) []string {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(r)
	}()
	<-done
	return r.errors
}

type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, strings.TrimSpace(fmt.Sprintf(format, args...)))
}

// FailNow ends fn's goroutine, as the real one ends the test's.
func (r *recorder) FailNow() { runtime.Goexit() }

func (r *recorder) Helper() {}
