package people_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
)

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

const goodPassword = "correct horse battery staple"

var ana = people.Client{RemoteAddr: "192.0.2.10", RequestID: "req1"}

type rig struct {
	ctx   context.Context
	d     *db.DB
	clk   *clock.Fixed
	store *people.Store
}

// each runs fn on both databases with a fixed clock and a store with the
// default settings.
func each(t *testing.T, fn func(t *testing.T, r rig)) {
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		ctx := actor.With(context.Background(), actor.CLI("user create"))
		fn(t, rig{ctx: ctx, d: d, clk: clk, store: people.NewStore(d, people.Config{})})
	})
}

// person creates someone with role and sets their password through the link.
func (r rig) person(t *testing.T, email string, role actor.Role) people.Person {
	t.Helper()
	p, token, err := r.store.Create(r.ctx, people.NewPerson{Email: email, Role: role})
	require.NoError(t, err)
	_, err = r.store.SetPassword(context.Background(), token, goodPassword, ana.RemoteAddr, "")
	require.NoError(t, err)
	return p
}

func fieldCode(t *testing.T, err error, field string) string {
	t.Helper()
	require.Error(t, err)
	for _, f := range errs.FieldsOf(err) {
		if f.Path == field {
			return f.Code
		}
	}
	t.Fatalf("no error at %s in %v", field, err)
	return ""
}

func TestPasswordRules(t *testing.T) {
	for _, tc := range []struct {
		password, code string
	}{
		{"short1!", errs.CodeOutOfRange},
		{"elevenchars", errs.CodeOutOfRange},
		{"123qweasdzxc", "common_password"},          // on the list, 12 characters
		{"QWERTY123456", "common_password"},          // the list is matched whatever the case
		{strings.Repeat("x", 300), errs.CodeTooLong}, // bounded work per hash
		{"a\x00bcdefghijklmn", errs.CodeFormat},
		{goodPassword, ""},
		{"長城萬里長城萬里長城萬里", ""}, // 12 characters, not bytes
	} {
		err := people.CheckPassword("password", tc.password)
		if tc.code == "" {
			require.NoError(t, err, tc.password)
			continue
		}
		require.Equal(t, tc.code, fieldCode(t, err, "password"), tc.password)
	}
}

func TestArgon2idRoundTrip(t *testing.T) {
	h := people.HashPassword(goodPassword)
	require.True(t, strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$"), h)
	require.True(t, people.VerifyPassword(h, goodPassword))
	require.False(t, people.VerifyPassword(h, goodPassword+"!"))
	require.NotEqual(t, h, people.HashPassword(goodPassword), "each hash has its own salt")
	for _, bad := range []string{"", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$a2V5", strings.Replace(h, "m=19456", "m=0", 1), h[:len(h)-5]} {
		require.False(t, people.VerifyPassword(bad, goodPassword), bad)
	}
}
