package ship

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/waybill/waybill/internal/db"
)

// CarrierName reads in tx the name customers know a carrier by: a table
// carrier's from its stored rate data, else (an external carrier, or data
// without a name) its code.
func CarrierName(ctx context.Context, tx *db.Tx, code string) (string, error) {
	var data string
	err := tx.QueryRowContext(ctx, `SELECT data FROM carriers WHERE code = $1`, code).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return code, nil
	}
	if err != nil {
		return "", err
	}
	var c struct {
		Name string `json:"name"`
	}
	if json.Unmarshal([]byte(data), &c) != nil || c.Name == "" {
		return code, nil
	}
	return c.Name, nil
}
