package track

import (
	"context"
	"database/sql"
	"errors"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/ship"
)

// The outcomes of a remittance row.
const (
	RemitMatched = "matched" // the parcel's cash is paid in full
	RemitShort   = "short"   // paid less than the driver collected, so far
	RemitExtra   = "extra"   // paid for nothing owed: see the reason
)

// RemitLine is a remittance row as reconciled.
type RemitLine struct {
	Remittance     string `json:"remittance_id" doc:"The carrier's id of the remittance"`
	Row            int    `json:"row" doc:"The row's number in the file it came in"`
	TrackingNumber string `json:"tracking_number"`
	ParcelID       string `json:"parcel_id,omitempty"`
	AmountMinor    int64  `json:"amount_minor"`
	Currency       string `json:"currency"`
	ExpectedMinor  *int64 `json:"expected_minor,omitempty" doc:"What the parcel's cash still lacked before this row"`
	Outcome        string `json:"outcome" enum:"matched,short,extra"`
	Reason         string `json:"reason,omitempty" doc:"Why a row is extra or short, in words"`
}

// Remittance is one carrier payment as imported.
type Remittance struct {
	ID         string `json:"id" doc:"rem_…"`
	Carrier    string `json:"carrier"`
	Reference  string `json:"remittance_id"`
	RemittedOn string `json:"remittance_date"`
	Lines      int    `json:"lines"`
	New        bool   `json:"new" doc:"False when this remittance was imported before: nothing of it counted again"`
}

// parcelCash is what a remittance row is reconciled against.
type parcelCash struct {
	id, status, currency string
	collected            *int64
	paid                 int64 // counted by earlier rows
}

// ImportRemittances records a carrier remittance file (ParseRemittance)
// and reconciles each row against the deliveries, in one transaction:
// matched, short or extra (RemitLine). A remittance already imported (by
// carrier and remittance id) is answered as it was, counting nothing
// twice. A parcel whose cash is paid in full pays its COD orders once all
// their parcels are (order.CODRemitted).
func (s *Store) ImportRemittances(ctx context.Context, data []byte) ([]Remittance, []RemitLine, error) {
	rows, err := ParseRemittance(data, s.db.Clock().Now())
	if err != nil {
		return nil, nil, err
	}
	who, ok := actor.From(ctx)
	if !ok {
		return nil, nil, errors.New("import remittances: no actor in context")
	}
	type group struct {
		r    Remittance
		rows []RemitRow
	}
	var groups []*group
	byKey := map[[2]string]*group{}
	for _, r := range rows {
		k := [2]string{r.Carrier, r.Reference}
		g := byKey[k]
		if g == nil {
			g = &group{r: Remittance{Carrier: r.Carrier, Reference: r.Reference, RemittedOn: r.RemittedOn}}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.rows = append(g.rows, r)
	}
	var rems []Remittance
	var lines []RemitLine
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		rems, lines = nil, nil
		for _, g := range groups {
			err := tx.QueryRowContext(ctx, `SELECT id, remitted_on, lines FROM cod_remittances WHERE carrier = $1 AND reference = $2`,
				g.r.Carrier, g.r.Reference).Scan(&g.r.ID, &g.r.RemittedOn, &g.r.Lines)
			if err == nil {
				rems = append(rems, g.r)
				old, err := remittanceLines(ctx, tx, g.r.ID)
				if err != nil {
					return err
				}
				lines = append(lines, old...)
				continue
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			g.r.ID, g.r.Lines, g.r.New = id.New("rem", tx.Now), len(g.rows), true
			res, err := tx.ExecContext(ctx, `INSERT INTO cod_remittances (id, carrier, reference, remitted_on, lines, imported_by,
				imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (carrier, reference) DO NOTHING`, g.r.ID, g.r.Carrier,
				g.r.Reference, g.r.RemittedOn, g.r.Lines, who.ID, tx.Now)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				return errs.E(errs.Conflict, "remittance %s of %s is being imported by someone else; import it again to see it",
					errs.Clip(g.r.Reference), g.r.Carrier)
			}
			for _, r := range g.rows {
				l, err := reconcileRow(ctx, tx, g.r, r, who)
				if err != nil {
					return err
				}
				lines = append(lines, l)
			}
			rems = append(rems, g.r)
			if err := audit.Record(ctx, tx, "cod.remittance", "cod_remittance", g.r.ID, g.r); err != nil {
				return err
			}
		}
		return nil
	})
	return rems, lines, err
}

// reconcileRow records one row of a new remittance and what it settles.
func reconcileRow(ctx context.Context, tx *db.Tx, rem Remittance, r RemitRow, who actor.Actor) (RemitLine, error) {
	l := RemitLine{Remittance: rem.Reference, Row: r.Row, TrackingNumber: r.TrackingNumber, AmountMinor: r.AmountMinor,
		Currency: r.Currency, Outcome: RemitExtra}
	p, err := lockCash(ctx, tx, r.Carrier, r.TrackingNumber)
	if err != nil {
		return l, err
	}
	counted := false
	switch {
	case p == nil:
		l.Reason = "no parcel of " + r.Carrier + " has this tracking number"
	case p.status != ship.TrackDelivered:
		l.ParcelID, l.Reason = p.id, "the parcel is not delivered (it is "+p.status+")"
	case p.collected == nil || *p.collected == 0:
		l.ParcelID, l.Reason = p.id, "the parcel is not cash on delivery"
	case p.currency != r.Currency:
		l.ParcelID, l.Reason = p.id, "the parcel's cash is in "+p.currency
	case p.paid >= *p.collected:
		l.ParcelID, l.Reason = p.id, "the parcel's cash was paid already"
	default:
		l.ParcelID, counted = p.id, true
		lacking := *p.collected - p.paid
		l.ExpectedMinor = &lacking
		switch {
		case r.AmountMinor == lacking:
			l.Outcome = RemitMatched
		case r.AmountMinor < lacking:
			l.Outcome, l.Reason = RemitShort, money.Format(lacking-r.AmountMinor, r.Currency)+" less than collected"
		default:
			l.Reason = money.Format(r.AmountMinor-lacking, r.Currency) + " more than collected"
		}
	}
	var parcel any
	if l.ParcelID != "" {
		parcel = l.ParcelID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO cod_remittance_lines (remittance_id, row_no, tracking_number, parcel_id,
		amount_minor, currency, expected_minor, outcome, reason, counted) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		rem.ID, r.Row, r.TrackingNumber, parcel, r.AmountMinor, r.Currency, l.ExpectedMinor, l.Outcome, l.Reason, counted); err != nil {
		return l, err
	}
	if counted && r.AmountMinor >= *l.ExpectedMinor {
		return l, payOrders(ctx, tx, p.id, rem, who)
	}
	return l, nil
}

// lockCash reads a parcel's cash and what earlier rows paid of it, the
// parcel locked (on PostgreSQL) against a concurrent import; nil if the
// carrier has no such parcel.
func lockCash(ctx context.Context, tx *db.Tx, carrier, tracking string) (*parcelCash, error) {
	q := `SELECT parcel_id, status, cod_currency, cod_collected_minor FROM parcel_tracking WHERE carrier = $1 AND tracking_number = $2`
	if tx.Dialect == db.Postgres {
		q += ` FOR UPDATE`
	}
	var p parcelCash
	var collected sql.NullInt64
	err := tx.QueryRowContext(ctx, q, carrier, tracking).Scan(&p.id, &p.status, &p.currency, &collected)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if collected.Valid {
		p.collected = &collected.Int64
	}
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(sum(amount_minor), 0) FROM cod_remittance_lines WHERE parcel_id = $1 AND counted`,
		p.id).Scan(&p.paid)
	return &p, err
}

// payOrders marks paid each COD order of a parcel whose cash is now paid
// when every parcel of the order has its cash paid too.
func payOrders(ctx context.Context, tx *db.Tx, parcelID string, rem Remittance, who actor.Actor) error {
	carried, err := pack.OrdersIn(ctx, tx, parcelID)
	if err != nil {
		return err
	}
	briefs, err := order.ReadBriefs(ctx, tx, carried)
	if err != nil {
		return err
	}
	for _, oid := range carried {
		if b, ok := briefs[oid]; !ok || b.PaymentMethod != "cod" || b.PaymentStatus != order.CODPending {
			continue
		}
		spread, err := pack.UnitsOfOrders(ctx, tx, []string{oid})
		if err != nil {
			return err
		}
		parcels := make([]string, len(spread))
		for i, u := range spread {
			parcels[i] = u.ParcelID
		}
		paid, err := cashPaid(ctx, tx, parcels)
		if err != nil {
			return err
		}
		if paid < len(parcels) {
			continue
		}
		o, err := order.Lock(ctx, tx, oid)
		if err != nil {
			return err
		}
		if _, err := order.CODRemitted(ctx, tx, &o, max(o.TotalMinor-o.PaidMinor, 0), who, map[string]any{"method": "cod",
			"carrier": rem.Carrier, "remittance_id": rem.Reference, "remitted_on": rem.RemittedOn}); err != nil {
			return err
		}
	}
	return nil
}

// cashPaid counts the parcels (distinct ids) tracked with their cash on
// delivery paid in full by the remittances counted so far.
func cashPaid(ctx context.Context, tx *db.Tx, parcelIDs []string) (int, error) {
	var paid int
	err := db.InChunks(parcelIDs, func(part []any) error {
		rows, err := tx.QueryPrepared(ctx, `SELECT count(*) FROM parcel_tracking t WHERE t.parcel_id IN (`+
			tx.Placeholders(1, len(part))+`) AND t.cod_collected_minor <= (SELECT COALESCE(sum(l.amount_minor), 0)
			FROM cod_remittance_lines l WHERE l.parcel_id = t.parcel_id AND l.counted)`, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n int
			if err := rows.Scan(&n); err != nil {
				return err
			}
			paid += n
		}
		return rows.Err()
	})
	return paid, err
}

// remittanceLines reads a remittance's rows as reconciled when imported.
func remittanceLines(ctx context.Context, tx *db.Tx, remID string) ([]RemitLine, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.reference, l.row_no, l.tracking_number, COALESCE(l.parcel_id, ''), l.amount_minor,
		l.currency, l.expected_minor, l.outcome, l.reason FROM cod_remittance_lines l JOIN cod_remittances r ON r.id = l.remittance_id
		WHERE l.remittance_id = $1 ORDER BY l.row_no`, remID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RemitLine
	for rows.Next() {
		var l RemitLine
		var exp sql.NullInt64
		if err := rows.Scan(&l.Remittance, &l.Row, &l.TrackingNumber, &l.ParcelID, &l.AmountMinor, &l.Currency, &exp, &l.Outcome,
			&l.Reason); err != nil {
			return nil, err
		}
		if exp.Valid {
			l.ExpectedMinor = &exp.Int64
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
