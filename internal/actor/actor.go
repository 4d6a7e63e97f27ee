// Package actor names who is acting: the role a caller holds and the actor a
// change is attributed to. It is a leaf package so that the HTTP edge, the
// audit log and every store can share it.
package actor

import (
	"context"
	"slices"
)

// Role is what a caller may do. Each API operation lists the roles it admits.
type Role string

// The roles of Waybill's users (see DESIGN.md "Who uses it").
const (
	Admin           Role = "admin"
	Integration     Role = "integration"
	CustomerService Role = "customer_service"
	Warehouse       Role = "warehouse"
	Finance         Role = "finance"
)

// Roles lists every role, in a stable order for tables and docs.
var Roles = []Role{Admin, Integration, CustomerService, Warehouse, Finance}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Actor is who made a change and from where; the audit log records it.
type Actor struct {
	ID         string `json:"id"` // "key_…" for an API key, "cli" for the command line
	Name       string `json:"name"`
	Role       Role   `json:"role"`
	RemoteAddr string `json:"remote_addr"`
	RequestID  string `json:"request_id"`
	// Channels and Warehouses confine a key: an integration key to one
	// shop's sales channels, a warehouse key to its sites (by code). Empty
	// means unconfined.
	Channels   []string `json:"channels,omitempty"`
	Warehouses []string `json:"warehouses,omitempty"`
}

// SeesChannel reports whether a may see and change orders of channel.
func (a Actor) SeesChannel(channel string) bool {
	return len(a.Channels) == 0 || slices.Contains(a.Channels, channel)
}

// SeesWarehouse reports whether a may see and change the warehouse with code.
func (a Actor) SeesWarehouse(code string) bool {
	return len(a.Warehouses) == 0 || slices.Contains(a.Warehouses, code)
}

// CLI is the actor for changes made with the waybill command itself, which
// holds the database's credentials and so acts as an administrator.
func CLI(command string) Actor {
	return Actor{ID: "cli", Name: "waybill " + command, Role: Admin, RemoteAddr: "local"}
}

type key struct{}

// With returns ctx carrying a.
func With(ctx context.Context, a Actor) context.Context { return context.WithValue(ctx, key{}, a) }

// From returns the actor of ctx, if any.
func From(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(key{}).(Actor)
	return a, ok
}
