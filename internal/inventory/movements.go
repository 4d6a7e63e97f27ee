package inventory

import (
	"context"
	"errors"
	"fmt"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Receive books goods arriving into a bin. Unknown codes are invalid input
// naming each field; an inactive warehouse, bin or SKU is a conflict.
func (s *Store) Receive(ctx context.Context, in Receipt) (Movement, error) {
	in, f := in.check()
	if err := f.Err(); err != nil {
		return Movement{}, err
	}
	return s.write(ctx, func(tx *db.Tx) (Movement, error) { return receive(ctx, tx, in, s.waiting) })
}

// ReceiveAll books many receipts in one transaction, all or none: the demo
// generator stocks hundreds of SKUs with one commit instead of hundreds.
// Field paths are prefixed with the receipt's index ("[3].sku").
func (s *Store) ReceiveAll(ctx context.Context, ins []Receipt) ([]Movement, error) {
	var f errs.Fields
	checked := make([]Receipt, len(ins))
	for i, in := range ins {
		var inF errs.Fields
		checked[i], inF = in.check()
		f.Merge(fmt.Sprintf("[%d]", i), inF)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out []Movement
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		out = make([]Movement, 0, len(checked))
		for i, in := range checked {
			m, err := receive(ctx, tx, in, s.waiting)
			if err != nil {
				return indexed(i, err)
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

func receive(ctx context.Context, tx *db.Tx, in Receipt, waiting Waiting) (Movement, error) {
	r := &resolver{ctx: ctx, tx: tx}
	w := r.warehouse("warehouse", in.Warehouse)
	p := r.product("sku", in.SKU)
	b := r.bin("bin", w, in.Bin)
	if err := r.done(); err != nil {
		return Movement{}, err
	}
	if err := takesStock(w, b); err != nil {
		return Movement{}, err
	}
	if !p.Active {
		return Movement{}, errs.E(errs.Conflict, "SKU %s is inactive; it cannot be received", p.Code)
	}
	return book(ctx, tx, booking{kind: KindReceive, reference: in.Reference, detail: in,
		lines: []line{{wh: w, prod: p, bin: b, onHand: in.Quantity, expiresOn: in.ExpiresOn}}}, waiting)
}

// Adjust corrects a bin's stock with a reason. A negative adjustment cannot
// take the bin below zero nor the warehouse's on-hand below what is reserved
// for orders; a positive one needs an active warehouse and bin.
func (s *Store) Adjust(ctx context.Context, in Adjustment) (Movement, error) {
	in, f := in.check()
	if err := f.Err(); err != nil {
		return Movement{}, err
	}
	return s.write(ctx, func(tx *db.Tx) (Movement, error) {
		r := &resolver{ctx: ctx, tx: tx}
		w := r.warehouse("warehouse", in.Warehouse)
		p := r.product("sku", in.SKU)
		b := r.bin("bin", w, in.Bin)
		if err := r.done(); err != nil {
			return Movement{}, err
		}
		if in.Delta > 0 {
			if err := takesStock(w, b); err != nil {
				return Movement{}, err
			}
		}
		return book(ctx, tx, booking{kind: KindAdjust, reason: in.Reason, note: in.Note, detail: in,
			lines: []line{{wh: w, prod: p, bin: b, onHand: in.Delta}}}, s.waiting)
	})
}

// Move relocates stock between two bins of one warehouse: two entries, the
// warehouse balance unchanged. Stock may leave an inactive bin, not enter
// one. The units carry their bin's expiry date to the other.
func (s *Store) Move(ctx context.Context, in Move) (Movement, error) {
	in, f := in.check()
	if err := f.Err(); err != nil {
		return Movement{}, err
	}
	return s.write(ctx, func(tx *db.Tx) (Movement, error) {
		r := &resolver{ctx: ctx, tx: tx}
		w := r.warehouse("warehouse", in.Warehouse)
		p := r.product("sku", in.SKU)
		from := r.bin("from_bin", w, in.FromBin)
		to := r.bin("to_bin", w, in.ToBin)
		if err := r.done(); err != nil {
			return Movement{}, err
		}
		if err := takesStock(w, to); err != nil {
			return Movement{}, err
		}
		expires, err := binExpiry(ctx, tx, from, p)
		if err != nil {
			return Movement{}, err
		}
		return book(ctx, tx, booking{kind: KindMove, reference: in.Reference, detail: in, lines: []line{
			{wh: w, prod: p, bin: from, onHand: -in.Quantity},
			{wh: w, prod: p, bin: to, onHand: in.Quantity, expiresOn: expires},
		}}, s.waiting)
	})
}

// Transfer sends stock from a bin of one warehouse to a bin of another. The
// source keeps what its orders reserved: a transfer that would leave its
// on-hand below reserved is refused. The units carry their bin's expiry
// date to the destination.
func (s *Store) Transfer(ctx context.Context, in Transfer) (Movement, error) {
	in, f := in.check()
	if err := f.Err(); err != nil {
		return Movement{}, err
	}
	return s.write(ctx, func(tx *db.Tx) (Movement, error) {
		r := &resolver{ctx: ctx, tx: tx}
		p := r.product("sku", in.SKU)
		fromW := r.warehouse("from.warehouse", in.From.Warehouse)
		fromB := r.bin("from.bin", fromW, in.From.Bin)
		toW := r.warehouse("to.warehouse", in.To.Warehouse)
		toB := r.bin("to.bin", toW, in.To.Bin)
		if err := r.done(); err != nil {
			return Movement{}, err
		}
		if err := takesStock(toW, toB); err != nil {
			return Movement{}, err
		}
		expires, err := binExpiry(ctx, tx, fromB, p)
		if err != nil {
			return Movement{}, err
		}
		return book(ctx, tx, booking{kind: KindTransfer, reference: in.Reference, detail: in, lines: []line{
			{wh: fromW, prod: p, bin: fromB, onHand: -in.Quantity},
			{wh: toW, prod: p, bin: toB, onHand: in.Quantity, expiresOn: expires},
		}}, s.waiting)
	})
}

// indexed says which receipt of a batch an error is about, in its message
// and in its field paths.
func indexed(i int, err error) error {
	var e *errs.Error
	if !errors.As(err, &e) {
		return fmt.Errorf("receipt [%d]: %w", i, err)
	}
	var f errs.Fields
	f.Merge(fmt.Sprintf("[%d]", i), e.Fields)
	return &errs.Error{Kind: e.Kind, Message: fmt.Sprintf("receipt [%d]: %s", i, e.Message), Fields: f}
}

// write runs fn in a write transaction and returns its movement.
func (s *Store) write(ctx context.Context, fn func(tx *db.Tx) (Movement, error)) (Movement, error) {
	var m Movement
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		var err error
		m, err = fn(tx)
		return err
	})
	return m, err
}
