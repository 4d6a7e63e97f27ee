package httpcarrier

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
)

// ChangeAddress tells the carrier a parcel's corrected delivery address
// (ship.AddressChanger), with the retries of every call under the
// change's idempotency key (without one, a key derived from the parcel and
// the address), so a change whose answer was lost is not made twice.
// Parcelway answers with the address it will deliver to, which must be the
// one sent.
func (c *Client) ChangeAddress(ctx context.Context, req ship.AddressChange) error {
	trackingNumber := req.TrackingNumber
	var f errs.Fields
	checkToken(&f, "tracking_number", trackingNumber)
	if len(req.IdempotencyKey) > 255 {
		f.Add("idempotency_key", errs.CodeTooLong, "an idempotency key is at most 255 bytes")
	}
	if err := f.Err(); err != nil {
		return err
	}
	to := toWire(req.Address)
	body := map[string]any{"to": to}
	key := req.IdempotencyKey
	if key == "" {
		raw, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encoding the address of %s: %w", trackingNumber, err)
		}
		sum := sha256.Sum256(append([]byte(trackingNumber+"\x00"), raw...))
		key = "address-" + hex.EncodeToString(sum[:16])
	}
	return c.do(ctx, call{method: http.MethodPost, path: "/v1/tracking/" + url.PathEscape(trackingNumber) + "/address",
		idempotencyKey: key, body: body, decode: func(data []byte) error {
			var got struct {
				TrackingNumber string      `json:"tracking_number"`
				To             wireAddress `json:"to"`
				ChangedAt      string      `json:"changed_at"`
			}
			if err := decodeStrict(data, &got); err != nil {
				return err
			}
			if got.TrackingNumber != trackingNumber || got.To != to {
				return fmt.Errorf("%w: the carrier kept another address", errUnexpected)
			}
			return nil
		}})
}
