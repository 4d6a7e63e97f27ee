// Package job is Waybill's durable job outbox: work that follows a change
// (the confirmation email or SMS, the prepaid payment timeout, later webhooks
// out) is a row in the jobs table, inserted in the same transaction as the
// change, and a Runner claims due rows and runs their handlers.
//
// It is our own outbox rather than River for two reasons. River's SQLite
// driver needs its own writer to claim jobs, which would contend with the
// order engine's single SQLite writer on the hot path; and the engine must
// enqueue jobs as part of its batch transaction's multi-row inserts
// (db.InsertRows with Columns and Rows), not one insert call per job.
//
// Delivery is at least once: a handler may run again after a crash, a lost
// lock or a failed finishing transaction, so handlers must be idempotent. The
// notification senders use Claimed.ID as the provider's idempotency key.
//
// Claiming is one short transaction that marks up to Config.Batch due jobs
// running; on PostgreSQL it skips rows other instances hold (FOR UPDATE SKIP
// LOCKED), so several instances share the work without advisory locks, and
// polling is the wake-up (no LISTEN/NOTIFY). SQLite has one writer, so the
// same statement needs no row locks. Handlers run outside any transaction,
// and a second short transaction records each outcome.
//
// A writer that makes many jobs of one kind per transaction (the order
// engine: a confirmation per order and channel, a payment timer per order)
// gathers them into one batch row per kind (Batch); the runner runs each
// item with the kind's handler under the item's own ID and spills the items
// that fail into jobs of their own (batch.go).
package job
