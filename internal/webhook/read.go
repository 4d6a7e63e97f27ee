package webhook

import (
	"context"

	"github.com/waybill/waybill/internal/db"
)

// Get returns an endpoint, without its secret.
func (s *Store) Get(ctx context.Context, id string) (Endpoint, error) {
	var e Endpoint
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		e, err = getEndpoint(ctx, tx, id)
		return err
	})
	return e, err
}

func getEndpoint(ctx context.Context, tx *db.Tx, id string) (Endpoint, error) {
	e, err := scanEndpoint(tx.QueryRowContext(ctx, selectEndpoint+` WHERE id = $1`, id))
	return e, db.NotFound(err, "no webhook endpoint %q", id)
}

// List returns up to limit endpoints older than the id before ("" for the
// newest), newest first.
func (s *Store) List(ctx context.Context, before string, limit int) ([]Endpoint, error) {
	var out []Endpoint
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		out = out[:0]
		rows, err := tx.QueryContext(ctx, selectEndpoint+` WHERE ($1 = '' OR id < $1) ORDER BY id DESC LIMIT $2`, before, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanEndpoint(rows)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}
