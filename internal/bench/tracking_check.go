package bench

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/ship"
)

// TrackingChecks is where the run left every parcel, fulfilment and
// order, against where their journeys say they must be; the run fails
// unless every one is right and every effect happened once.
type TrackingChecks struct {
	ParcelsByStatus  map[string]int `json:"parcels_by_status"`
	ParcelsWrong     int            `json:"parcels_wrong" doc:"Parcels whose status is not their latest event's"`
	OrdersByStatus   map[string]int `json:"orders_by_status"`
	OrdersWrong      int            `json:"orders_wrong"`
	FulfilmentsWrong int            `json:"fulfilments_wrong"`
	EventsKept       int            `json:"events_kept" doc:"tracking_events rows: each unique event once"`
	DeliveredEvents  int            `json:"order_delivered_events" doc:"order.delivered timeline entries: one per delivered order"`
	Cases            int            `json:"cases_open"`
	NoticeJobs       int            `json:"notice_jobs"`
	CompletionJobs   int            `json:"completion_jobs"`
}

// expectedOrder is where an order must end: delivered when every parcel
// is, returned when every parcel came back, else still shipped.
func expectedOrder(w *trackWorld, st *trackStream, parcels []int) (order, fulfilment string) {
	delivered, returned := 0, 0
	for _, i := range parcels {
		switch st.expected[i] {
		case ship.TrackDelivered:
			delivered++
		case ship.TrackReturnedToSender:
			returned++
		}
	}
	switch {
	case delivered == len(parcels):
		return "delivered", "delivered"
	case returned == len(parcels):
		return "returned", "shipped"
	}
	return "shipped", "shipped"
}

// checkTracking reads the end state and says what is wrong.
func checkTracking(ctx context.Context, d *db.DB, w *trackWorld, st *trackStream) (TrackingChecks, error) {
	c := TrackingChecks{ParcelsByStatus: map[string]int{}, OrdersByStatus: map[string]int{}}
	parcels := map[string]string{}
	orders := map[string]string{}
	fulfilments := map[string]string{}
	err := d.Read(ctx, func(tx *db.Tx) error {
		for _, q := range []struct {
			sql string
			to  map[string]string
		}{
			{`SELECT parcel_id, status FROM parcel_tracking`, parcels},
			{`SELECT id, status FROM orders`, orders},
			{`SELECT id, status FROM fulfilments`, fulfilments},
		} {
			if err := readPairs(ctx, tx, q.sql, q.to); err != nil {
				return err
			}
		}
		for _, q := range []struct {
			sql string
			to  *int
		}{
			{`SELECT count(*) FROM tracking_events`, &c.EventsKept},
			{`SELECT count(*) FROM order_events WHERE type = 'order.delivered'`, &c.DeliveredEvents},
			{`SELECT count(*) FROM tracking_cases WHERE status = 'open'`, &c.Cases},
			{`SELECT count(*) FROM jobs WHERE kind IN ('notify.email', 'notify.sms')`, &c.NoticeJobs},
			{`SELECT count(*) FROM jobs WHERE kind = 'track.complete'`, &c.CompletionJobs},
		} {
			if err := tx.QueryRowContext(ctx, q.sql).Scan(q.to); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("read the end state: %w", err)
	}
	for i, p := range w.parcels {
		c.ParcelsByStatus[parcels[p.id]]++
		if parcels[p.id] != st.expected[i] {
			c.ParcelsWrong++
		}
	}
	fulfilmentOf := map[string]string{}
	for _, p := range w.parcels {
		fulfilmentOf[p.order] = p.fulfilment
	}
	delivered := 0
	for oid, ps := range w.orders {
		wantOrder, wantFulfilment := expectedOrder(w, st, ps)
		c.OrdersByStatus[orders[oid]]++
		if orders[oid] != wantOrder {
			c.OrdersWrong++
		}
		if fulfilments[fulfilmentOf[oid]] != wantFulfilment {
			c.FulfilmentsWrong++
		}
		if wantOrder == "delivered" {
			delivered++
		}
	}
	switch {
	case c.ParcelsWrong > 0 || c.OrdersWrong > 0 || c.FulfilmentsWrong > 0:
		return c, fmt.Errorf("wrong end states: %d parcels, %d orders, %d fulfilments (parcels %v, orders %v)",
			c.ParcelsWrong, c.OrdersWrong, c.FulfilmentsWrong, c.ParcelsByStatus, c.OrdersByStatus)
	case c.EventsKept != st.unique:
		return c, fmt.Errorf("%d events kept, %d unique sent", c.EventsKept, st.unique)
	case c.DeliveredEvents != delivered:
		return c, fmt.Errorf("%d order.delivered entries for %d delivered orders", c.DeliveredEvents, delivered)
	case c.CompletionJobs != delivered:
		return c, fmt.Errorf("%d completion jobs for %d delivered orders", c.CompletionJobs, delivered)
	}
	return c, nil
}

func readPairs(ctx context.Context, tx *db.Tx, q string, to map[string]string) error {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		to[k] = v
	}
	return rows.Err()
}
