package gateway

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"
)

// Payment is what a gateway reports about one order's money, in Waybill's
// generic format (see the package documentation).
type Payment struct {
	Type        string // payment.succeeded, payment.failed, ...
	OrderID     string // ord_… or the order's number
	AmountMinor int64
	Currency    string
}

// SignedEvent returns p as a gateway using the generic format posts it: the
// body with a fresh event id, created at now, and the Standard Webhooks
// headers that sign it with secret. `waybill pay` and the demo's simulated
// gateway both post what it returns.
func SignedEvent(secret string, p Payment, now time.Time) (body []byte, h http.Header, err error) {
	var rnd [12]byte
	_, _ = rand.Read(rnd[:])
	id := "evt_" + hex.EncodeToString(rnd[:])
	now = now.UTC()
	body, err = json.Marshal(map[string]any{"id": id, "type": p.Type, "created_at": now.Format(time.RFC3339),
		"data": map[string]any{"order_id": p.OrderID, "amount_minor": p.AmountMinor, "currency": p.Currency}})
	if err != nil {
		return nil, nil, err
	}
	h, err = SignStandard(secret, id, now, body)
	if err != nil {
		return nil, nil, err
	}
	return body, h, nil
}

// EventID is the id of an event SignedEvent signed, from its headers.
func EventID(h http.Header) string { return h.Get(HeaderWebhookID) }
