package console

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/people"
)

// ledgerRow is one ledger entry as people read it.
type ledgerRow struct {
	inventory.Entry
	Time, Quantity, Who, KindWord, ReasonWord string
}

// stockLedger reads the ledger of a warehouse and SKU newest first, as
// list-stock-entries does: time, kind, quantity, bin, reason and who
// booked it (a person by name, else the API key or cli that did).
func (c *Console) stockLedger(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	stockList(c, w, r, s, "stockledger", func(ctx context.Context, f inventory.Filter) ([]ledgerRow, error) {
		entries, err := c.cfg.Stock.Entries(ctx, f)
		if err != nil || len(entries) == 0 {
			return nil, err
		}
		names, err := c.personNames(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]ledgerRow, 0, len(entries))
		for _, e := range entries {
			row := ledgerRow{Entry: e, Time: e.At.Format(time.DateTime + " UTC"), Who: e.Actor,
				KindWord: word(locale, "stockledger.kind.", e.Kind)}
			if e.Reason != "" {
				row.ReasonWord = word(locale, "stockform.reason.", e.Reason)
			}
			row.Quantity = signed(e.OnHandDelta)
			if e.Bin == "" { // a reservation: what changed is the reserved stock
				row.Quantity = signed(e.ReservedDelta)
			}
			if name, ok := names[e.Actor]; ok {
				row.Who = name
			}
			out = append(out, row)
		}
		return out, nil
	}, func(r ledgerRow) string { return r.ID })
}

// personNames maps people's actor ids to their names and e-mail.
func (c *Console) personNames(ctx context.Context) (map[string]string, error) {
	list, err := c.cfg.People.List(ctx)
	out := make(map[string]string, len(list))
	for _, p := range list {
		out[p.ID] = strings.TrimSpace(p.Name + " <" + p.Email + ">")
	}
	return out, err
}

// signed shows a change with its sign: +5, -3.
func signed(n int64) string {
	if n > 0 {
		return "+" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

var stockLedgerMessages = map[string]map[string]string{
	"en": {
		"stockledger.title":         "Stock ledger",
		"stockledger.time":          "Time",
		"stockledger.kind":          "Kind",
		"stockledger.quantity":      "Quantity",
		"stockledger.reason":        "Reason",
		"stockledger.reference":     "Reference",
		"stockledger.who":           "Who",
		"stockledger.none":          "No entries match.",
		"stockledger.next":          "Older entries",
		"stockledger.first":         "Newest entries",
		"stockledger.kind.receive":  "received",
		"stockledger.kind.adjust":   "adjusted",
		"stockledger.kind.move":     "moved",
		"stockledger.kind.transfer": "transferred",
		"stockledger.kind.reserve":  "reserved",
		"stockledger.kind.release":  "released",
	},
	"zh": {
		"stockledger.title":         "库存流水",
		"stockledger.time":          "时间",
		"stockledger.kind":          "类型",
		"stockledger.quantity":      "数量",
		"stockledger.reason":        "原因",
		"stockledger.reference":     "单据号",
		"stockledger.who":           "操作人",
		"stockledger.none":          "没有符合条件的流水。",
		"stockledger.next":          "更早的流水",
		"stockledger.first":         "最新流水",
		"stockledger.kind.receive":  "入库",
		"stockledger.kind.adjust":   "调整",
		"stockledger.kind.move":     "移库",
		"stockledger.kind.transfer": "调拨",
		"stockledger.kind.reserve":  "预留",
		"stockledger.kind.release":  "释放预留",
	},
}
