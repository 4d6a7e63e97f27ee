package webhook

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
)

// EndpointInput creates an endpoint.
type EndpointInput struct {
	URL         string   `json:"url" maxLength:"2048" doc:"Where events are POSTed: https (http and private addresses only where the operator allows them)"`
	Description string   `json:"description,omitempty" maxLength:"500"`
	EventTypes  []string `json:"event_types" maxItems:"50" doc:"Event types to send: exact (order.cancelled), a family (order.*) or everything (*)"`
	Enabled     *bool    `json:"enabled,omitempty" doc:"Default true"`
}

// Create stores a new endpoint with a fresh secret and returns both; the
// secret is not readable through the API again. The endpoint receives the
// events that happen from now on.
func (s *Store) Create(ctx context.Context, in EndpointInput) (Created, error) {
	in.URL = strings.TrimSpace(in.URL)
	var f errs.Fields
	f.Merge("", errs.Fields(errs.FieldsOf(s.cfg.checkURL(ctx, "url", in.URL))))
	types, err := checkEventTypes("event_types", in.EventTypes)
	f.Merge("", errs.Fields(errs.FieldsOf(err)))
	if err := f.Err(); err != nil {
		return Created{}, err
	}
	enabled := in.Enabled == nil || *in.Enabled
	c := Created{Secret: newSecret()}
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		typesJSON, _ := json.Marshal(types)
		c.Endpoint = Endpoint{ID: id.New("whe", tx.Now), URL: in.URL, Description: in.Description, EventTypes: types,
			Enabled: enabled, CreatedAt: tx.Now, UpdatedAt: tx.Now}
		if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_endpoints (id, url, description, event_types, enabled, secret,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
			c.ID, c.URL, c.Description, string(typesJSON), c.Enabled, c.Secret, tx.Now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "webhook_endpoint.create", "webhook_endpoint", c.ID, c.Endpoint)
	})
	return c, err
}
