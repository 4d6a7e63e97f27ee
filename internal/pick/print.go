package pick

import (
	"bytes"
	"context"
	"strconv"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/pick/picklist"
)

// PickList prints a task as a pick list (PDF, A4) in lang ("en" or "zh"):
// its stops in route order with the bins and products as barcodes, the
// totes they go to, and the task's barcode on top.
func (s *Store) PickList(ctx context.Context, taskID, lang string) ([]byte, error) {
	t, err := s.Task(ctx, taskID)
	if err != nil {
		return nil, err
	}
	sheet := picklist.Sheet{Lang: lang, Warehouse: t.Warehouse, Task: t.ID, Wave: t.Wave, Strategy: string(t.Strategy),
		Picker: t.ClaimedBy, Distance: t.Distance, Stops: make([]picklist.Stop, 0, len(t.Lines))}
	if who, ok := actor.From(ctx); ok && t.ClaimedBy == who.ID && who.Name != "" {
		sheet.Picker = who.Name
	}
	sheet.Printed = s.db.Clock().Now()
	for _, l := range t.Lines {
		if l.Left() == 0 {
			continue
		}
		tote := strconv.Itoa(l.Tote)
		if code := t.Totes[l.Tote-1].Code; code != "" {
			tote += " " + code
		}
		sheet.Stops = append(sheet.Stops, picklist.Stop{Seq: l.Seq, Bin: l.Bin, SKU: l.SKU, Name: l.Name, GTIN: l.GTIN,
			Quantity: l.Left(), Tote: tote, Fragile: l.Fragile, Valuable: l.Valuable, Heavy: l.Heavy})
	}
	var buf bytes.Buffer
	if err := picklist.Render(&buf, sheet); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
