package people

import (
	"context"
	"slices"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// SetLocale changes the language the console speaks to a person: their
// own choice, from the console's language switch, kept for every device.
func (s *Store) SetLocale(ctx context.Context, personID, locale string) error {
	if !slices.Contains(Locales, locale) {
		var f errs.Fields
		f.Add("locale", errs.CodeUnknown, "locale must be one of %v", Locales)
		return f.Err()
	}
	return s.db.Write(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE people SET locale = $1, updated_at = $2 WHERE id = $3`, locale, tx.Now, personID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.NotFound, "no person %s", personID)
		}
		return audit.Record(ctx, tx, "person.set_locale", "person", personID, map[string]string{"locale": locale})
	})
}
