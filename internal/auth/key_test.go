package auth_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

func TestKeys(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := actor.With(context.Background(), actor.CLI("test"))
		keys := auth.NewKeys(d)

		key, secret, err := keys.Create(ctx, "storefront", actor.Integration)
		require.NoError(t, err)
		who, err := keys.Authenticate(ctx, secret)
		require.NoError(t, err)
		require.Equal(t, actor.Actor{ID: key.ID, Name: "storefront", Role: actor.Integration}, who)

		var stored string
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT secret_hash FROM api_keys WHERE id = $1`, key.ID).Scan(&stored)
		}))
		require.NotContains(t, secret, stored, "only a hash is stored")
		require.NotContains(t, stored, secret[len(secret)-43:])

		for _, bad := range []string{"", "wb_", secret[:len(secret)-1] + "x", secret + "x", "Bearer " + secret} {
			_, err := keys.Authenticate(ctx, bad)
			require.True(t, errs.Is(err, errs.Unauthorized), "%q: %v", bad, err)
		}

		require.NoError(t, keys.Revoke(ctx, key.ID))
		_, err = keys.Authenticate(ctx, secret)
		require.True(t, errs.Is(err, errs.Unauthorized), "a revoked key is refused at once")
		require.True(t, errs.Is(keys.Revoke(ctx, key.ID), errs.NotFound))

		entries, err := audit.List(ctx, d, audit.Filter{Entity: "api_key", Limit: 10})
		require.NoError(t, err)
		require.Len(t, entries, 2)
		require.Equal(t, "cli", entries[0].Actor.ID)
	})
}

func TestCreateValidatesEverything(t *testing.T) {
	d := dbtest.SQLite(t, dbtest.Options{})
	ctx := actor.With(context.Background(), actor.CLI("test"))
	_, _, err := auth.NewKeys(d).Create(ctx, "", "root")
	require.Len(t, errs.FieldsOf(err), 2)
	list, err := auth.NewKeys(d).List(ctx)
	require.NoError(t, err)
	require.Empty(t, list)
}

func TestWriteWithoutActorFails(t *testing.T) {
	d := dbtest.SQLite(t, dbtest.Options{})
	_, _, err := auth.NewKeys(d).Create(context.Background(), "x", actor.Admin)
	require.ErrorContains(t, err, "no actor")
	list, err := auth.NewKeys(d).List(context.Background())
	require.NoError(t, err)
	require.Empty(t, list, "the key was not written without its audit entry")
}

func TestAuthenticateCachesBriefly(t *testing.T) {
	d := dbtest.SQLite(t, dbtest.Options{})
	ctx := actor.With(context.Background(), actor.CLI("test"))
	keys := auth.NewKeys(d)
	keys.CacheTTL = time.Hour
	_, secret, err := keys.Create(ctx, "x", actor.Finance)
	require.NoError(t, err)
	_, err = keys.Authenticate(ctx, secret)
	require.NoError(t, err)
	require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM api_keys`)
		return err
	}))
	_, err = keys.Authenticate(ctx, secret)
	require.NoError(t, err, "served from cache")
}
