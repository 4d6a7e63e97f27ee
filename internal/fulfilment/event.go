package fulfilment

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
)

// event is one entry of a fulfilment's timeline, with its state after the
// change. Every change of a fulfilment writes one in its transaction; the
// later stages add theirs (picked, packed, shipped) the same way.
type event struct {
	fulfilmentID, typ string
	status            Status
	detail            map[string]any
}

var eventColumns = []string{"id", "fulfilment_id", "at", "type", "status", "actor", "detail"}

// record writes events in tx, attributed to actorID.
func record(ctx context.Context, tx *db.Tx, actorID string, evs ...event) error {
	rows := make([][]any, 0, len(evs))
	for _, e := range evs {
		detail, err := json.Marshal(e.detail)
		if err != nil {
			return fmt.Errorf("encode fulfilment event %s: %w", e.typ, err)
		}
		rows = append(rows, []any{id.New("fev", tx.Now), e.fulfilmentID, tx.Now, e.typ, string(e.status), actorID, string(detail)})
	}
	return db.InsertRows(ctx, tx, "fulfilment_events", eventColumns, rows)
}
