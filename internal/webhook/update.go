package webhook

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// EndpointPatch changes an endpoint; absent fields stay as they are.
type EndpointPatch struct {
	URL         *string  `json:"url,omitempty" maxLength:"2048"`
	Description *string  `json:"description,omitempty" maxLength:"500"`
	EventTypes  []string `json:"event_types,omitempty" maxItems:"50"`
	Enabled     *bool    `json:"enabled,omitempty" doc:"true re-enables an endpoint Waybill disabled, clearing its failure record"`
}

// Update applies p. Enabling an endpoint starts its failure record afresh;
// deliveries that failed meanwhile stay failed until replayed.
func (s *Store) Update(ctx context.Context, id string, p EndpointPatch) (Endpoint, error) {
	var f errs.Fields
	if p.URL != nil {
		u := strings.TrimSpace(*p.URL)
		p.URL = &u
		f.Merge("", errs.Fields(errs.FieldsOf(s.cfg.checkURL(ctx, "url", u))))
	}
	var types []string
	if p.EventTypes != nil {
		var err error
		types, err = checkEventTypes("event_types", p.EventTypes)
		f.Merge("", errs.Fields(errs.FieldsOf(err)))
	}
	if err := f.Err(); err != nil {
		return Endpoint{}, err
	}
	var e Endpoint
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		var err error
		if e, err = getEndpoint(ctx, tx, id); err != nil {
			return err
		}
		if p.URL != nil {
			e.URL = *p.URL
		}
		if p.Description != nil {
			e.Description = *p.Description
		}
		if types != nil {
			e.EventTypes = types
		}
		if p.Enabled != nil {
			if *p.Enabled && !e.Enabled {
				e.FailingSince, e.DisabledAt, e.DisabledReason = nil, nil, ""
			}
			e.Enabled = *p.Enabled
		}
		e.UpdatedAt = tx.Now
		typesJSON, _ := json.Marshal(e.EventTypes)
		if _, err := tx.ExecContext(ctx, `UPDATE webhook_endpoints SET url = $2, description = $3, event_types = $4,
			enabled = $5, failing_since = $6, disabled_at = $7, disabled_reason = $8, updated_at = $9 WHERE id = $1`,
			e.ID, e.URL, e.Description, string(typesJSON), e.Enabled, e.FailingSince, e.DisabledAt, e.DisabledReason,
			tx.Now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "webhook_endpoint.update", "webhook_endpoint", e.ID, p)
	})
	return e, err
}
