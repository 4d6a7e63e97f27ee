package warehouse

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/sourcing"
)

// Site is an active warehouse as the order engine sees it: what sourcing
// needs, and the local date its next parcel would leave.
type Site struct {
	sourcing.Warehouse
	ShipsOn string // YYYY-MM-DD in the warehouse's time zone
}

// Network returns every active warehouse as sourcing sees it at the
// transaction's time, inside the caller's transaction, so the order engine
// sources a whole batch from one consistent read.
func Network(ctx context.Context, tx *db.Tx) ([]Site, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, code, country, categories, cutoff_time, timezone
		FROM warehouses WHERE active ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("read warehouses: %w", err)
	}
	var ws []Site
	index := map[string]int{}
	for rows.Next() {
		var w Site
		var cats, cutoff, tz string
		if err := rows.Scan(&w.ID, &w.Code, &w.Country, &cats, &cutoff, &tz); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(cats), &w.Categories); err != nil {
			rows.Close()
			return nil, fmt.Errorf("warehouse %s categories: %w", w.Code, err)
		}
		w.ShipsOn, w.ShipDelayDays = ShipDate(tx.Now, cutoff, tz)
		index[w.ID] = len(ws)
		ws = append(ws, w)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	regions, err := tx.QueryContext(ctx, `SELECT warehouse_id, country, postal_prefix, parcel_cost_minor, per_kg_minor, transit_days
		FROM warehouse_regions`)
	if err != nil {
		return nil, fmt.Errorf("read warehouse regions: %w", err)
	}
	defer regions.Close()
	for regions.Next() {
		var wid string
		var r sourcing.Region
		if err := regions.Scan(&wid, &r.Country, &r.Prefix, &r.ParcelCost, &r.PerKgCost, &r.TransitDays); err != nil {
			return nil, err
		}
		if i, ok := index[wid]; ok {
			ws[i].Regions = append(ws[i].Regions, r)
		}
	}
	return ws, regions.Err()
}

// ShipDate is the local date a warehouse with this cut-off ("HH:MM") and
// IANA time zone ships an order placed at now, and how many days after
// today that is: today before the cut-off, tomorrow from it on. (Weekends
// and holidays are not modelled yet: every day is a shipping day.) A zone
// or cut-off that does not parse, which validation prevents, counts as UTC
// and midnight.
func ShipDate(now time.Time, cutoff, tz string) (string, int) {
	local := now.In(location(tz))
	at, err := time.Parse("15:04", cutoff)
	delay := 0
	if err != nil || local.Hour()*60+local.Minute() >= at.Hour()*60+at.Minute() {
		delay = 1
	}
	return local.AddDate(0, 0, delay).Format(time.DateOnly), delay
}

var zones sync.Map // time zone name → *time.Location; LoadLocation reads a file each call

func location(tz string) *time.Location {
	if l, ok := zones.Load(tz); ok {
		return l.(*time.Location)
	}
	l, err := time.LoadLocation(tz)
	if err != nil {
		return time.UTC
	}
	zones.Store(tz, l)
	return l
}
