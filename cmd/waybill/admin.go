package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/db"
)

// MigrateCmd applies migrations; serve does too, this is for deploy scripts.
type MigrateCmd struct{}

// Run migrates and reports the version.
func (MigrateCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	d, err := db.Open(ctx, cfg.DB, db.Options{SQLiteSynchronous: cfg.SQLiteSync})
	if err != nil {
		return err
	}
	defer d.Close()
	res, err := d.Migrate(ctx)
	if err != nil {
		return err
	}
	for _, path := range res.Applied {
		fmt.Fprintln(m.Stdout, "applied", path)
	}
	fmt.Fprintf(m.Stdout, "%s schema at version %d\n", d.Dialect(), res.Version)
	return nil
}

// ApikeyCmd groups the API-key commands.
type ApikeyCmd struct {
	Create ApikeyCreateCmd `cmd:"" help:"Create a key; the key is printed once, alone on the last line."`
}

// ApikeyCreateCmd creates an API key.
type ApikeyCreateCmd struct {
	Role       string   `name:"role" required:"" enum:"${roles}" help:"What the key may do: one of ${enum}."`
	Name       string   `name:"name" required:"" help:"Who or what will use the key."`
	Channels   []string `name:"channel" help:"Confine an integration key to this sales channel's orders (repeatable)."`
	Warehouses []string `name:"warehouse" help:"Confine a warehouse key to this warehouse's fulfilments and stock (code; repeatable)."`
}

// Run creates the key and prints it last, so scripts can take the last line.
func (c *ApikeyCreateCmd) Run(ctx context.Context, m *Main, cfg *Config) error {
	d, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	key, secret, err := auth.NewKeys(d).CreateScoped(actor.With(ctx, actor.CLI("apikey create")), c.Name, actor.Role(c.Role),
		auth.Scope{Channels: c.Channels, Warehouses: c.Warehouses})
	if err != nil {
		return err
	}
	scope := ""
	if len(key.Channels)+len(key.Warehouses) > 0 {
		scope = fmt.Sprintf(", confined to %s", strings.Join(append(key.Channels, key.Warehouses...), ", "))
	}
	fmt.Fprintf(m.Stdout, "created API key %s (%s, role %s%s); it will not be shown again:\n%s\n", key.ID, key.Name, key.Role, scope, secret)
	return nil
}
