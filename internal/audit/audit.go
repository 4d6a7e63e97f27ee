// Package audit records who changed what, when and from where. Every write
// path calls Record inside its own transaction, so a change and its audit
// entry commit or vanish together. The table refuses updates and deletes.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
)

// Entry is one recorded change.
type Entry struct {
	ID       string          `json:"id"`
	At       time.Time       `json:"at"`
	Actor    actor.Actor     `json:"actor"`
	Action   string          `json:"action"`
	Entity   string          `json:"entity"`
	EntityID string          `json:"entity_id"`
	Detail   json.RawMessage `json:"detail"`
}

// Record writes an audit entry in tx for the actor carried by ctx. A write
// without an actor is a programming error and fails the transaction.
func Record(ctx context.Context, tx *db.Tx, action, entity, entityID string, detail any) error {
	who, ok := actor.From(ctx)
	if !ok {
		return fmt.Errorf("audit %s %s: no actor in context", action, entityID)
	}
	body := []byte("{}")
	if detail != nil {
		var err error
		if body, err = json.Marshal(detail); err != nil {
			return fmt.Errorf("audit %s: %w", action, err)
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log
		(id, at, actor, actor_name, role, remote_addr, request_id, action, entity, entity_id, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		id.New("aud", tx.Now), tx.Now, who.ID, who.Name, string(who.Role), who.RemoteAddr, who.RequestID,
		action, entity, entityID, string(body))
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// Filter selects audit entries; zero fields match everything.
type Filter struct {
	Entity   string
	EntityID string
	Actor    string
	After    string // cursor: the last entry id of the previous page
	Limit    int
}

// List returns entries newest first.
func List(ctx context.Context, d *db.DB, f Filter) ([]Entry, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		return nil, errs.E(errs.Invalid, "limit must be 1 to 1000")
	}
	q := `SELECT id, at, actor, actor_name, role, remote_addr, request_id, action, entity, entity_id, detail
		FROM audit_log WHERE ($1 = '' OR entity = $1) AND ($2 = '' OR entity_id = $2)
		AND ($3 = '' OR actor = $3) AND ($4 = '' OR id < $4) ORDER BY id DESC LIMIT $5`
	var out []Entry
	err := d.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, q, f.Entity, f.EntityID, f.Actor, f.After, f.Limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e Entry
			var detail string
			if err := rows.Scan(&e.ID, &e.At, &e.Actor.ID, &e.Actor.Name, &e.Actor.Role, &e.Actor.RemoteAddr,
				&e.Actor.RequestID, &e.Action, &e.Entity, &e.EntityID, &detail); err != nil {
				return err
			}
			e.Detail = json.RawMessage(detail)
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// Change is one audit entry for RecordAll, which batch writers use.
type Change struct {
	Actor    actor.Actor
	Action   string
	Entity   string
	EntityID string
	Detail   any
}

// RecordAll writes many audit entries in multi-row inserts, for writers that
// commit thousands of changes per transaction (the order engine).
func RecordAll(ctx context.Context, tx *db.Tx, records []Change) error {
	rows := make([][]any, len(records))
	for i, r := range records {
		body := []byte("{}")
		if r.Detail != nil {
			var err error
			if body, err = json.Marshal(r.Detail); err != nil {
				return fmt.Errorf("audit %s: %w", r.Action, err)
			}
		}
		rows[i] = []any{id.New("aud", tx.Now), tx.Now, r.Actor.ID, r.Actor.Name, string(r.Actor.Role), r.Actor.RemoteAddr,
			r.Actor.RequestID, r.Action, r.Entity, r.EntityID, string(body)}
	}
	return db.InsertRows(ctx, tx, "audit_log", []string{"id", "at", "actor", "actor_name", "role", "remote_addr",
		"request_id", "action", "entity", "entity_id", "detail"}, rows)
}
