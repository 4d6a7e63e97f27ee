package track

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/text"
)

// maxNote bounds the notes of a case's history.
const maxNote = 2000

// ActIn is one playbook action on a case.
type ActIn struct {
	Action      string           `json:"action" enum:"contact_customer,correct_address,reship,carrier_claim,refund" doc:"One of the case's playbook"`
	Note        string           `json:"note,omitempty" maxLength:"2000" doc:"What was said or done; required to contact the customer"`
	Address     *address.Address `json:"address,omitempty" doc:"correct_address: the corrected shipping address"`
	AmountMinor int64            `json:"amount_minor,omitempty" minimum:"0" doc:"carrier_claim and refund: the amount, in the order's currency's minor units"`
}

// check names every bad field of in for a case of kind, and leaves the
// note trimmed and the address in its normal form.
func (in *ActIn) check(kind string) error {
	var f errs.Fields
	in.Note = strings.TrimSpace(in.Note)
	checkNote(&f, "note", in.Note)
	switch {
	case in.Action == "":
		f.Add("action", errs.CodeRequired, "action is required: one of the case's playbook")
	case !inPlaybook(kind, in.Action):
		f.Add("action", errs.CodeUnknown, "a %s case's playbook has no %q; it has %s", kind, errs.Clip(in.Action), playNames(kind))
	}
	if in.Action == ActCorrectAddress {
		if in.Address == nil {
			f.Add("address", errs.CodeRequired, "correct_address needs the corrected address")
		} else {
			clean, problems := address.Validate(*in.Address)
			f.Merge("address", problems)
			in.Address = &clean
		}
	} else if in.Address != nil {
		f.Add("address", errs.CodeUnexpected, "an address is only taken with correct_address")
	}
	money := in.Action == ActCarrierClaim || in.Action == ActRefund
	switch {
	case money && in.AmountMinor <= 0:
		f.Add("amount_minor", errs.CodeRequired, "%s needs an amount above zero", in.Action)
	case !money && in.AmountMinor != 0:
		f.Add("amount_minor", errs.CodeUnexpected, "an amount is only taken with carrier_claim or refund")
	}
	if in.Action == ActContact && in.Note == "" {
		f.Add("note", errs.CodeRequired, "contact_customer needs a note of what was said")
	}
	return f.Err()
}

// checkNote adds a problem at path when note is too long or not printable.
func checkNote(f *errs.Fields, path, note string) {
	switch {
	case utf8.RuneCountInString(note) > maxNote:
		f.Add(path, errs.CodeTooLong, "%s must be at most %d characters", path, maxNote)
	case !text.Note(note):
		f.Add(path, errs.CodeFormat, "%s must be printable text without control or bidirectional-override characters", path)
	}
}

func playNames(kind string) string {
	var names []string
	for _, p := range playbooks[kind] {
		names = append(names, p.Action)
	}
	return strings.Join(names, ", ")
}

// Act takes one playbook action on a case its caller holds (or any claimed
// case, for an administrator); each action is a step of the case's history
// and audited, in the same transaction as what it changes:
//   - contact_customer records what was said;
//   - correct_address changes the order's shipping address
//     (order.SetShippingAddress) and queues telling the carrier
//     (TellCarrierJob, tell_carrier.go), whose outcome is a tell_carrier
//     step; a carrier whose adapter has no address-change call is told
//     nothing, and the step says so at once;
//   - reship sends the parcel's items again, once per case (reship.go):
//     the units are owed again (order.Reship, order.reship_requested on
//     the timeline), reserved and released as a new fulfilment, or wait
//     for stock;
//   - carrier_claim records a claim against the carrier with its amount;
//   - refund makes the amount owed back to the customer (order.RefundForCase).
func (s *Store) Act(ctx context.Context, caseID string, in ActIn) (CaseView, error) {
	var c Case
	err := s.changeCase(ctx, caseID, "act on", func(tx *db.Tx, cur Case, who actor.Actor) error {
		if err := in.check(cur.Kind); err != nil {
			return err
		}
		detail := map[string]any{"order_id": cur.OrderID, "kind": cur.Kind, "action": in.Action}
		if err := s.act(ctx, tx, cur, who, in, detail); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tracking_cases SET updated_at = $1 WHERE id = $2`, tx.Now, cur.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "tracking_case."+in.Action, "tracking_case", cur.ID, detail)
	}, &c)
	if err != nil {
		return CaseView{}, err
	}
	return s.GetCase(ctx, c.ID)
}

// act does in's action on c in tx; detail is the audit record's, and
// gains what the action did.
func (s *Store) act(ctx context.Context, tx *db.Tx, c Case, who actor.Actor, in ActIn, detail map[string]any) error {
	o, err := order.Lock(ctx, tx, c.OrderID)
	if err != nil {
		return err
	}
	caseRef := map[string]any{"case_id": c.ID, "case_kind": c.Kind}
	switch in.Action {
	case ActContact:
		return addStep(ctx, tx, c.ID, ActContact, who, in.Note, nil, "", nil)
	case ActCorrectAddress:
		from := o.ShippingAddress
		if err := order.SetShippingAddress(ctx, tx, &o, *in.Address, who); err != nil {
			return err
		}
		detail["to"] = *in.Address
		if err := addStep(ctx, tx, c.ID, ActCorrectAddress, who, in.Note, nil, "", map[string]any{"from": from, "to": *in.Address}); err != nil {
			return err
		}
		return s.queueTellCarrier(ctx, tx, c, who, *in.Address)
	case ActReship:
		return s.reship(ctx, tx, c, &o, who, in, detail)
	case ActCarrierClaim:
		amount := in.AmountMinor
		detail["amount_minor"], detail["currency"] = amount, o.Currency
		return addStep(ctx, tx, c.ID, ActCarrierClaim, who, in.Note, &amount, o.Currency,
			map[string]any{"carrier": c.Carrier, "tracking_number": c.TrackingNumber})
	case ActRefund:
		amount := in.AmountMinor
		detail["amount_minor"], detail["currency"] = amount, o.Currency
		if err := order.RefundForCase(ctx, tx, &o, amount, who, caseRef); err != nil {
			return err
		}
		return addStep(ctx, tx, c.ID, ActRefund, who, in.Note, &amount, o.Currency, map[string]any{"refund_due_minor": o.RefundDueMinor})
	}
	return errs.E(errs.Invalid, "no action %q", errs.Clip(in.Action))
}

// Item is a line of an order that a reship would send again.
type Item struct {
	LineNo    int    `json:"line_no"`
	ProductID string `json:"product_id"`
	Quantity  int64  `json:"quantity"`
}

// itemsOf is what the case's parcel carried of its order, or, for a
// problem with the whole order, everything of it that was packed.
func itemsOf(ctx context.Context, tx *db.Tx, c Case) ([]Item, error) {
	lines, err := pack.LinesOf(ctx, tx, c.OrderID, c.ParcelID)
	out := make([]Item, len(lines))
	for i, l := range lines {
		out[i] = Item(l)
	}
	return out, err
}
