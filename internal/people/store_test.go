package people_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
)

func TestCreateChecksItsFields(t *testing.T) {
	each(t, func(t *testing.T, r rig) {
		_, _, err := r.store.Create(r.ctx, people.NewPerson{Email: "not an address", Role: "boss", Locale: "fr"})
		require.True(t, errs.Is(err, errs.Invalid))
		require.Equal(t, errs.CodeFormat, fieldCode(t, err, "email"))
		require.Equal(t, errs.CodeUnknown, fieldCode(t, err, "role"))
		require.Equal(t, errs.CodeUnknown, fieldCode(t, err, "locale"))

		p, _, err := r.store.Create(r.ctx, people.NewPerson{Email: " Ana@Example.COM ", Role: actor.Finance})
		require.NoError(t, err)
		require.Equal(t, "ana@example.com", p.Email)
		require.Equal(t, "ana", p.Name)
		require.Equal(t, "en", p.Locale)
		require.Regexp(t, `^usr_`, p.ID)
		_, _, err = r.store.Create(r.ctx, people.NewPerson{Email: "ANA@example.com", Role: actor.Admin})
		require.Equal(t, errs.CodeDuplicate, fieldCode(t, err, "email"))

		list, err := r.store.List(r.ctx)
		require.NoError(t, err)
		require.Len(t, list, 1)
		require.False(t, list[0].HasPass)
	})
}

func TestSetupLinkWorksOnceAndExpires(t *testing.T) {
	each(t, func(t *testing.T, r rig) {
		ctx := context.Background()
		p, token, err := r.store.Create(r.ctx, people.NewPerson{Email: "ana@example.com", Name: "Ana", Role: actor.Warehouse, Locale: "zh"})
		require.NoError(t, err)
		got, err := r.store.SetupPerson(ctx, token)
		require.NoError(t, err)
		require.Equal(t, p.ID, got.ID)

		_, err = r.store.SetPassword(ctx, token, "password", ana.RemoteAddr, "")
		require.Equal(t, errs.CodeOutOfRange, fieldCode(t, err, "password"))
		_, err = r.store.SetPassword(ctx, token, goodPassword, ana.RemoteAddr, "")
		require.NoError(t, err)
		_, err = r.store.SetPassword(ctx, token, goodPassword+"2", ana.RemoteAddr, "")
		require.True(t, errs.Is(err, errs.NotFound), "a link works once: %v", err)
		_, err = r.store.SetupPerson(ctx, token)
		require.True(t, errs.Is(err, errs.NotFound))

		_, late, err := r.store.Create(r.ctx, people.NewPerson{Email: "bo@example.com", Role: actor.Finance})
		require.NoError(t, err)
		r.clk.Advance(24*time.Hour + time.Second)
		_, err = r.store.SetPassword(ctx, late, goodPassword, ana.RemoteAddr, "")
		require.True(t, errs.Is(err, errs.NotFound), "a link expires after 24 h: %v", err)

		entries, err := audit.List(ctx, r.d, audit.Filter{Entity: "person", EntityID: p.ID, Limit: 10})
		require.NoError(t, err)
		require.Len(t, entries, 2)
		require.Equal(t, "person.set_password", entries[0].Action)
		require.Equal(t, p.ID, entries[0].Actor.ID, "the person acts with their own link")
		require.Equal(t, "person.create", entries[1].Action)
		require.Equal(t, "cli", entries[1].Actor.ID)
	})
}

func TestSignInRotatesAndSignsOut(t *testing.T) {
	each(t, func(t *testing.T, r rig) {
		ctx := context.Background()
		p := r.person(t, "ana@example.com", actor.CustomerService)
		_, _, err := r.store.SignIn(ctx, "ana@example.com", "wrong password!", "", ana)
		require.Equal(t, "wrong_credentials", fieldCode(t, err, "password"))
		_, _, err = r.store.SignIn(ctx, "nobody@example.com", goodPassword, "", ana)
		require.Equal(t, "wrong_credentials", fieldCode(t, err, "password"), "an unknown e-mail gets the same answer")

		s1, first, err := r.store.SignIn(ctx, "ANA@example.com", goodPassword, "", ana)
		require.NoError(t, err)
		require.Equal(t, p.ID, s1.Person.ID)
		sess, err := r.store.Authenticate(ctx, first)
		require.NoError(t, err)
		require.Equal(t, actor.CustomerService, sess.Person.Role)

		// Signing in again from the same browser replaces its session.
		_, second, err := r.store.SignIn(ctx, "ana@example.com", goodPassword, first, ana)
		require.NoError(t, err)
		require.NotEqual(t, first, second)
		_, err = r.store.Authenticate(ctx, first)
		require.True(t, errs.Is(err, errs.Unauthorized), "the old session id no longer works")

		// Another device, then sign-out everywhere ends both.
		_, other, err := r.store.SignIn(ctx, "ana@example.com", goodPassword, "", ana)
		require.NoError(t, err)
		require.NoError(t, r.store.SignOutEverywhere(ctx, second, ana))
		for _, s := range []string{second, other} {
			_, err = r.store.Authenticate(ctx, s)
			require.True(t, errs.Is(err, errs.Unauthorized))
		}

		_, third, err := r.store.SignIn(ctx, "ana@example.com", goodPassword, "", ana)
		require.NoError(t, err)
		require.NoError(t, r.store.SignOut(ctx, third, ana))
		_, err = r.store.Authenticate(ctx, third)
		require.True(t, errs.Is(err, errs.Unauthorized))
		require.NoError(t, r.store.SignOut(ctx, third, ana), "signing out twice is harmless")

		entries, err := audit.List(ctx, r.d, audit.Filter{Actor: p.ID, Limit: 20})
		require.NoError(t, err)
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
			require.Equal(t, ana.RemoteAddr, e.Actor.RemoteAddr)
		}
		require.Equal(t, []string{"person.sign_out", "person.sign_in", "person.sign_out_everywhere", "person.sign_in",
			"person.sign_in", "person.sign_in", "person.set_password"}, actions)
	})
}

func TestSessionExpiryAndIdleTimeout(t *testing.T) {
	each(t, func(t *testing.T, r rig) {
		ctx := context.Background()
		r.person(t, "ana@example.com", actor.Admin)
		_, idle, err := r.store.SignIn(ctx, "ana@example.com", goodPassword, "", ana)
		require.NoError(t, err)
		_, busy, err := r.store.SignIn(ctx, "ana@example.com", goodPassword, "", ana)
		require.NoError(t, err)

		// busy is used every 20 minutes; idle is left alone for 30.
		r.clk.Advance(20 * time.Minute)
		_, err = r.store.Authenticate(ctx, busy)
		require.NoError(t, err)
		r.clk.Advance(10 * time.Minute)
		_, err = r.store.Authenticate(ctx, idle)
		require.True(t, errs.Is(err, errs.Unauthorized), "30 minutes idle ends a session")
		for range 35 { // 11 h 40 min more, used every 20 minutes
			_, err = r.store.Authenticate(ctx, busy)
			require.NoError(t, err)
			r.clk.Advance(20 * time.Minute)
		}
		// 12 h after sign-in, however busy.
		_, err = r.store.Authenticate(ctx, busy)
		require.True(t, errs.Is(err, errs.Unauthorized), "a session ends 12 h after sign-in")
	})
}

func TestIdleTimeoutIsConfigurable(t *testing.T) {
	each(t, func(t *testing.T, r rig) {
		ctx := context.Background()
		r.person(t, "ana@example.com", actor.Admin)
		store := people.NewStore(r.d, people.Config{IdleTimeout: 5 * time.Minute})
		_, s, err := store.SignIn(ctx, "ana@example.com", goodPassword, "", ana)
		require.NoError(t, err)
		r.clk.Advance(4 * time.Minute)
		_, err = store.Authenticate(ctx, s)
		require.NoError(t, err)
		r.clk.Advance(5 * time.Minute)
		_, err = store.Authenticate(ctx, s)
		require.True(t, errs.Is(err, errs.Unauthorized))
	})
}

func TestSignInRateLimit(t *testing.T) {
	each(t, func(t *testing.T, r rig) {
		ctx := context.Background()
		r.person(t, "ana@example.com", actor.Admin)
		for range 5 {
			_, _, err := r.store.SignIn(ctx, "ana@example.com", "not her password", "", ana)
			require.Equal(t, "wrong_credentials", fieldCode(t, err, "password"))
		}
		// The sixth attempt is refused before the password is looked at,
		// even the right one, from anywhere.
		_, _, err := r.store.SignIn(ctx, "ana@example.com", goodPassword, "", people.Client{RemoteAddr: "198.51.100.7"})
		require.Equal(t, "rate_limited", fieldCode(t, err, "password"))
		r.clk.Advance(15*time.Minute + time.Second)
		_, _, err = r.store.SignIn(ctx, "ana@example.com", goodPassword, "", ana)
		require.NoError(t, err, "the window passes")

		// One address guessing across many accounts is limited too.
		mallory := people.Client{RemoteAddr: "203.0.113.66"}
		for i := range 20 {
			_, _, err := r.store.SignIn(ctx, "guess"+string(rune('a'+i))+"@example.com", goodPassword, "", mallory)
			require.Equal(t, "wrong_credentials", fieldCode(t, err, "password"))
		}
		_, _, err = r.store.SignIn(ctx, "ana@example.com", goodPassword, "", mallory)
		require.Equal(t, "rate_limited", fieldCode(t, err, "password"))
		_, _, err = r.store.SignIn(ctx, "ana@example.com", goodPassword, "", ana)
		require.NoError(t, err, "other addresses are not held up")
	})
}

func TestDeactivatedAndUnsetPeopleCannotSignIn(t *testing.T) {
	each(t, func(t *testing.T, r rig) {
		ctx := context.Background()
		r.person(t, "ana@example.com", actor.Warehouse)
		_, s, err := r.store.SignIn(ctx, "ana@example.com", goodPassword, "", ana)
		require.NoError(t, err)

		p, err := r.store.SetActive(r.ctx, "ANA@example.com", false)
		require.NoError(t, err)
		require.False(t, p.Active)
		_, err = r.store.Authenticate(ctx, s)
		require.True(t, errs.Is(err, errs.Unauthorized), "deactivating ends the sessions")
		_, _, err = r.store.SignIn(ctx, "ana@example.com", goodPassword, "", ana)
		require.Equal(t, "wrong_credentials", fieldCode(t, err, "password"))

		_, err = r.store.SetActive(r.ctx, "ana@example.com", true)
		require.NoError(t, err)
		_, _, err = r.store.SignIn(ctx, "ana@example.com", goodPassword, "", ana)
		require.NoError(t, err)
		_, err = r.store.SetActive(r.ctx, "nobody@example.com", true)
		require.True(t, errs.Is(err, errs.NotFound))

		// Someone who has not used their link has no password to guess.
		_, _, err = r.store.Create(r.ctx, people.NewPerson{Email: "new@example.com", Role: actor.Finance})
		require.NoError(t, err)
		_, _, err = r.store.SignIn(ctx, "new@example.com", "", "", ana)
		require.Equal(t, "wrong_credentials", fieldCode(t, err, "password"))

		entries, err := audit.List(ctx, r.d, audit.Filter{Entity: "person", EntityID: p.ID, Limit: 10})
		require.NoError(t, err)
		require.Equal(t, "person.activate", entries[1].Action)
		require.Equal(t, "person.deactivate", entries[2].Action)
	})
}

func TestPurgeDeletesWhatCannotBeUsed(t *testing.T) {
	each(t, func(t *testing.T, r rig) {
		ctx := context.Background()
		r.person(t, "ana@example.com", actor.Admin) // one used set-up link
		for range 2 {
			_, _, err := r.store.SignIn(ctx, "ana@example.com", goodPassword, "", ana)
			require.NoError(t, err)
		}
		n, err := r.store.Purge(ctx, r.clk.Now())
		require.NoError(t, err)
		require.Zero(t, n, "nothing is stale yet")

		r.clk.Advance(6 * time.Hour)
		_, live, err := r.store.SignIn(ctx, "ana@example.com", goodPassword, "", ana)
		require.NoError(t, err)
		_, _, err = r.store.SignIn(ctx, "ana@example.com", "wrong wrong wrong", "", ana)
		require.Error(t, err)
		n, err = r.store.Purge(ctx, r.clk.Now())
		require.NoError(t, err)
		require.EqualValues(t, 2, n, "the two idle sessions")
		_, err = r.store.Authenticate(ctx, live)
		require.NoError(t, err, "a live session stays")

		r.clk.Advance(19 * time.Hour)
		n, err = r.store.Purge(ctx, r.clk.Now())
		require.NoError(t, err)
		require.EqualValues(t, 3, n, "the link used over a day ago, the session idle since, the old failure")
	})
}
