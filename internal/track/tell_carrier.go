package track

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/ship"
)

// TellAttempts bounds the runs of a TellCarrierJob: after the last, the
// case says the carrier could not be told.
const TellAttempts = 5

// TellCarrierJob tells a parcel's carrier its corrected address
// (ship.AddressChanger), queued in the transaction that corrected it, and
// records the outcome on the case: sent, or failed after its attempts.
type TellCarrierJob struct {
	CaseID         string          `json:"case_id"`
	Carrier        string          `json:"carrier"`
	TrackingNumber string          `json:"tracking_number"`
	Address        address.Address `json:"address"`
}

// Kind implements job.Args.
func (TellCarrierJob) Kind() string { return "track.tell_carrier" }

// Teller is the actor the carrier's answer is recorded as.
var Teller = actor.Actor{ID: "tell-carrier", Name: "carrier notice", Role: actor.Admin, RemoteAddr: "local"}

// queueTellCarrier tells the carrier of c's parcel its new address to: by
// a TellCarrierJob when the carrier's adapter has the call; otherwise the
// case's step says at once that nothing was sent and who must tell whom.
func (s *Store) queueTellCarrier(ctx context.Context, tx *db.Tx, c Case, who actor.Actor, to address.Address) error {
	t := s.trackers[c.Carrier]
	if _, ok := t.(ship.AddressChanger); ok && c.TrackingNumber != "" {
		// One job per correction: the same address twice at one instant is
		// one change, another address is another.
		sum := sha256.Sum256([]byte(fmt.Sprintf("%+v", to)))
		j, err := job.For(TellCarrierJob{CaseID: c.ID, Carrier: c.Carrier, TrackingNumber: c.TrackingNumber, Address: to},
			c.ID+"@"+tx.Now.UTC().Format(time.RFC3339Nano)+"@"+hex.EncodeToString(sum[:8]))
		if err != nil {
			return err
		}
		j.MaxAttempts = TellAttempts
		return job.Enqueue(ctx, tx, j)
	}
	carrier := c.Carrier
	if carrier == "" {
		carrier = "the carrier"
	}
	return addStep(ctx, tx, c.ID, StepTellCarrier, who, "Not sent: "+carrier+"'s adapter has no address-change call, so it was told nothing. "+
		"Tell "+carrier+" the new address by its own channel (phone, portal), quoting tracking number "+c.TrackingNumber+".",
		nil, "", map[string]any{"sent": false, "result": "no_address_change", "carrier": c.Carrier, "tracking_number": c.TrackingNumber})
}

// tellCarrier is TellCarrierJob's handler. A refusal (the carrier does not
// know the parcel, or names a field) or the last attempt's failure is
// final and recorded; an earlier failure is retried with the runner's
// back-off.
func (s *Store) tellCarrier(ctx context.Context, c job.Claimed, a TellCarrierJob) error {
	detail := map[string]any{"carrier": a.Carrier, "tracking_number": a.TrackingNumber, "attempt": c.Attempt}
	var note string
	ac, ok := s.trackers[a.Carrier].(ship.AddressChanger)
	if !ok {
		note = "Not sent: " + a.Carrier + "'s adapter has no address-change call, so it was told nothing."
		detail["sent"], detail["result"] = false, "no_address_change"
	} else if err := ac.ChangeAddress(ctx, ship.AddressChange{TrackingNumber: a.TrackingNumber, Address: a.Address, IdempotencyKey: c.ID}); err != nil {
		final := errs.Is(err, errs.Invalid) || errs.Is(err, errs.NotFound) || c.Attempt >= TellAttempts
		if !final {
			return err
		}
		note = fmt.Sprintf("Not sent: %s refused or could not be reached after %d attempt(s): %v. Tell it the new address by its own channel.",
			a.Carrier, c.Attempt, err)
		detail["sent"], detail["result"], detail["error"] = false, "failed", err.Error()
	} else {
		note = "Sent: " + a.Carrier + " has the new address for " + a.TrackingNumber + "."
		detail["sent"], detail["result"] = true, "sent"
	}
	return s.db.Write(actor.With(ctx, Teller), func(tx *db.Tx) error {
		if err := addStep(ctx, tx, a.CaseID, StepTellCarrier, Teller, note, nil, "", detail); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE tracking_cases SET updated_at = $1 WHERE id = $2`, tx.Now, a.CaseID)
		return err
	})
}
