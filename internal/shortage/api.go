package shortage

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/order"
)

// Rule is a product's shortage policy as stored: for every channel
// (Channel "") or for one channel, overriding the product's.
type Rule struct {
	SKU     string `json:"sku"`
	Channel string `json:"channel" doc:"Empty: the product's default; otherwise the channel it overrides it for"`
	Policy
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks a policy, naming each bad field.
func (p *Policy) Validate() error {
	var f errs.Fields
	switch p.Kind {
	case order.PolicyHold, order.PolicyBackorder, order.PolicyPresale, order.PolicySplit, order.PolicyCancelShort:
	case "":
		f.Add("policy", errs.CodeRequired, "policy is required")
	default:
		f.Add("policy", errs.CodeUnknown, "%q is not a shortage policy (hold, backorder, presale, split, cancel_short)", errs.Clip(p.Kind))
	}
	if p.MaxWaiting < 0 || p.MaxWaiting > 100_000_000 {
		f.Add("max_waiting", errs.CodeOutOfRange, "max_waiting must be 0 to 100000000")
	}
	if p.LeadDays < 0 || p.LeadDays > 365 {
		f.Add("lead_days", errs.CodeOutOfRange, "lead_days must be 0 to 365")
	}
	if p.ReleaseOn != "" {
		if _, err := time.Parse(time.DateOnly, p.ReleaseOn); err != nil {
			f.Add("release_on", errs.CodeFormat, "release_on must be a date, YYYY-MM-DD")
		}
	} else if p.Kind == order.PolicyPresale {
		f.Add("release_on", errs.CodeRequired, "a presale needs its release date")
	}
	if p.Kind != order.PolicyBackorder && p.Kind != order.PolicyPresale && p.MaxWaiting != 0 {
		f.Add("max_waiting", errs.CodeUnexpected, "max_waiting applies to backorder and presale only")
	}
	return f.Err()
}

// Store keeps the shortage policies administrators set.
type Store struct{ db *db.DB }

// NewStore returns a store over d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Set stores the policy of a product, for every channel or one.
func (s *Store) Set(ctx context.Context, sku, channel string, p Policy) (Rule, error) {
	if err := p.Validate(); err != nil {
		return Rule{}, err
	}
	// Intake applies a presale only before its date (after it, short units
	// are held like any shortage); one set for a past date would be ignored
	// from the start.
	if today := s.db.Clock().Now().UTC().Format(time.DateOnly); p.Kind == order.PolicyPresale && p.ReleaseOn <= today {
		var f errs.Fields
		f.Add("release_on", errs.CodeOutOfRange, "a presale's release date must be after today (%s, UTC)", today)
		return Rule{}, f.Err()
	}
	channel = strings.TrimSpace(channel)
	if channel != "" && !order.ValidChannel(channel) {
		var f errs.Fields
		f.Add("channel", errs.CodeFormat, "channel must be empty (every channel) or 1 to 64 letters, digits, '.', '_', ':' or '-', as orders name it")
		return Rule{}, f.Err()
	}
	r := Rule{SKU: sku, Channel: channel, Policy: p}
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		var productID string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM products WHERE sku = $1`, sku).Scan(&productID); err != nil {
			return db.NotFound(err, "no product with SKU %q", sku)
		}
		r.UpdatedAt = tx.Now
		if _, err := tx.ExecContext(ctx, `INSERT INTO shortage_policies (product_id, channel, policy, max_waiting, lead_days,
			release_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
			ON CONFLICT (product_id, channel) DO UPDATE SET policy = excluded.policy, max_waiting = excluded.max_waiting,
			lead_days = excluded.lead_days, release_on = excluded.release_on, updated_at = excluded.updated_at`,
			productID, channel, p.Kind, p.MaxWaiting, p.LeadDays, p.ReleaseOn, tx.Now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "shortage_policy.set", "product", productID, r)
	})
	return r, err
}

// List returns a product's policies, its default first.
func (s *Store) List(ctx context.Context, sku string) ([]Rule, error) {
	out := []Rule{}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var productID string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM products WHERE sku = $1`, sku).Scan(&productID); err != nil {
			return db.NotFound(err, "no product with SKU %q", sku)
		}
		rows, err := tx.QueryContext(ctx, `SELECT channel, policy, max_waiting, lead_days, release_on, updated_at
			FROM shortage_policies WHERE product_id = $1 ORDER BY channel`, productID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r := Rule{SKU: sku}
			if err := rows.Scan(&r.Channel, &r.Kind, &r.MaxWaiting, &r.LeadDays, &r.ReleaseOn, &r.UpdatedAt); err != nil {
				return err
			}
			r.UpdatedAt = r.UpdatedAt.UTC()
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// policyIn is the set-shortage-policy input; its Resolve runs the domain
// checks in huma's validation pass, so every problem comes back at once.
type policyIn struct {
	SKU     string `path:"sku" maxLength:"64"`
	Channel string `query:"channel" maxLength:"64" doc:"Set the policy for this channel only; empty sets the product's default"`
	Body    Policy
}

// Resolve implements huma.Resolver.
func (in *policyIn) Resolve(huma.Context) []error { return httpapi.ResolveErrors(in.Body.Validate()) }

// Register adds the shortage policy operations (administrators
// write, customer service reads).
func Register(api *httpapi.API, s *Store) {
	tags := []string{"Shortage policies"}
	type ruleOut struct{ Body Rule }
	httpapi.Register(api, huma.Operation{
		OperationID: "set-shortage-policy", Method: http.MethodPut, Path: "/v1/products/{sku}/shortage-policy", Tags: tags,
		Summary: "Set what happens to a product's units no warehouse can cover", Errors: []int{http.StatusNotFound},
		Description: "hold (the default without a policy): the order waits on hold for stock or a person. backorder: " +
			"accepted while the product's waiting units stay within max_waiting, expected to ship lead_days from the order. " +
			"presale: accepted before release_on within max_waiting (the quota), ships on release_on. split: what is " +
			"in stock ships now, the rest later as another fulfilment. cancel_short: the short units are cancelled and " +
			"their amount is due back. Waiting orders are served oldest first when stock arrives.",
	}, []actor.Role{actor.Admin}, func(ctx context.Context, in *policyIn) (*ruleOut, error) {
		r, err := s.Set(ctx, in.SKU, in.Channel, in.Body)
		return &ruleOut{r}, err
	})
	type skuIn struct {
		SKU string `path:"sku" maxLength:"64"`
	}
	type rulesOut struct {
		Body struct {
			Items []Rule `json:"items" nullable:"false"`
		}
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "list-shortage-policies", Method: http.MethodGet, Path: "/v1/products/{sku}/shortage-policy", Tags: tags,
		Summary: "A product's shortage policies: its default and per-channel overrides", Errors: []int{http.StatusNotFound},
	}, []actor.Role{actor.Admin, actor.CustomerService}, func(ctx context.Context, in *skuIn) (*rulesOut, error) {
		rs, err := s.List(ctx, in.SKU)
		out := &rulesOut{}
		out.Body.Items = rs
		return out, err
	})
}
