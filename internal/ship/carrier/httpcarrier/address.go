package httpcarrier

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/errs"
)

// ChangeAddress tells the carrier a parcel's corrected delivery address
// (ship.AddressChanger), with the retries of every call under one
// idempotency key derived from the parcel and the address, so a change
// whose answer was lost is not made twice. Parcelway answers with the
// address it will deliver to, which must be the one sent.
func (c *Client) ChangeAddress(ctx context.Context, trackingNumber string, a address.Address) error {
	var f errs.Fields
	checkToken(&f, "tracking_number", trackingNumber)
	if err := f.Err(); err != nil {
		return err
	}
	to := toWire(a)
	body := map[string]any{"to": to}
	raw, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("encoding the address of %s: %w", trackingNumber, err)
	}
	sum := sha256.Sum256(append([]byte(trackingNumber+"\x00"), raw...))
	return c.do(ctx, call{method: http.MethodPost, path: "/v1/tracking/" + url.PathEscape(trackingNumber) + "/address",
		idempotencyKey: "address-" + hex.EncodeToString(sum[:16]), body: body, decode: func(data []byte) error {
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
