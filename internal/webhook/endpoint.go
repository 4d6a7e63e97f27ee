package webhook

import (
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
)

// Endpoint is a subscription as callers see it: never its secret, which is
// shown once, when the endpoint is created.
type Endpoint struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"`
	Description string   `json:"description"`
	EventTypes  []string `json:"event_types" nullable:"false" doc:"Event types sent: exact (order.cancelled), a family (order.*) or everything (*)"`
	Enabled     bool     `json:"enabled"`
	// FailingSince is the first failed attempt since the last success.
	FailingSince   *time.Time `json:"failing_since,omitempty" doc:"Every attempt since then failed; at disable_after the endpoint is disabled"`
	DisabledAt     *time.Time `json:"disabled_at,omitempty" doc:"Set when Waybill disabled the endpoint because it kept failing"`
	DisabledReason string     `json:"disabled_reason,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// Created is the answer to creating an endpoint, the only one that carries
// the secret.
type Created struct {
	Endpoint
	Secret string `json:"secret" doc:"The signing secret (Standard Webhooks whsec_…): store it now, it is never shown again"`
}

// Subscribes reports whether the endpoint wants events of type typ.
func (e Endpoint) Subscribes(typ string) bool { return subscribes(e.EventTypes, typ) }

func subscribes(patterns []string, typ string) bool {
	for _, p := range patterns {
		if p == "*" || p == typ || (strings.HasSuffix(p, ".*") && strings.HasPrefix(typ, strings.TrimSuffix(p, "*"))) {
			return true
		}
	}
	return false
}

// eventTypePattern admits "*", "family.*" and "family.name".
var eventTypePattern = regexp.MustCompile(`^(\*|[a-z][a-z0-9_]{0,31}\.(\*|[a-z][a-z0-9_]{0,63}))$`)

// checkEventTypes validates a subscription's event types at path and
// returns them sorted without duplicates.
func checkEventTypes(path string, types []string) ([]string, error) {
	var f errs.Fields
	if len(types) == 0 {
		f.Add(path, errs.CodeRequired, "name at least one event type, e.g. order.placed, order.* or *")
	}
	if len(types) > 50 {
		f.Add(path, errs.CodeOutOfRange, "at most 50 event types")
	}
	for i, t := range types {
		if !eventTypePattern.MatchString(t) {
			f.Add(path+"["+strconv.Itoa(i)+"]", errs.CodeFormat, "%q is not an event type (order.placed), a family (order.*) or *", errs.Clip(t))
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	out := slices.Clone(types)
	slices.Sort(out)
	return slices.Compact(out), nil
}

// newSecret issues a signing secret: 32 random bytes in the Standard
// Webhooks form, which gateway.SignStandard and receivers' libraries read.
func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand panics instead)
	return "whsec_" + base64.StdEncoding.EncodeToString(b)
}

// selectEndpoint lists the columns scanEndpoint reads.
const selectEndpoint = `SELECT id, url, description, event_types, enabled, failing_since, disabled_at, disabled_reason,
	created_at, updated_at FROM webhook_endpoints`

type scanner interface{ Scan(dest ...any) error }

func scanEndpoint(row scanner) (Endpoint, error) {
	var e Endpoint
	var types string
	var failing, disabled sql.NullTime
	if err := row.Scan(&e.ID, &e.URL, &e.Description, &types, &e.Enabled, &failing, &disabled, &e.DisabledReason,
		&e.CreatedAt, &e.UpdatedAt); err != nil {
		return Endpoint{}, err
	}
	if err := json.Unmarshal([]byte(types), &e.EventTypes); err != nil {
		return Endpoint{}, err
	}
	e.FailingSince, e.DisabledAt = utcPtr(failing), utcPtr(disabled)
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, nil
}

func utcPtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}
