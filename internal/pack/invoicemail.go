package pack

import (
	"context"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
)

// InvoiceMailer e-mails a packed order's invoice to its customer:
// notify.Messenger is the real one.
type InvoiceMailer interface {
	MailInvoice(ctx context.Context, o order.Order, number string, pdf []byte, key string) error
}

// InvoiceEmailJob sends a packed fulfilment's invoice to a customer who
// asked for it by e-mail (special_requests.invoice_by_email), after the
// packing committed: the PDF is printed from what is stored, and the
// sender's key is the fulfilment's, so a retry sends it once.
type InvoiceEmailJob struct {
	FulfilmentID string `json:"fulfilment_id"`
}

// Kind implements job.Args.
func (InvoiceEmailJob) Kind() string { return "pack.invoice_email" }

// RegisterJobs gives the runner the pack stage's handlers; without a
// mailer the invoice e-mails finish unsent (the invoice went in the
// parcel: the station says so).
func RegisterJobs(r *job.Runner, s *Store, m InvoiceMailer) {
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a InvoiceEmailJob) error {
		if m == nil {
			return nil
		}
		return s.mailInvoice(ctx, m, a.FulfilmentID)
	})
}

// mailInvoice prints a fulfilment's invoice and mails it to its order's
// customer.
func (s *Store) mailInvoice(ctx context.Context, m InvoiceMailer, fid string) error {
	pdf, err := s.CommercialInvoice(ctx, fid)
	if err != nil {
		return err
	}
	var o order.Order
	var number string
	if err := s.db.Read(ctx, func(tx *db.Tx) error {
		var orderID string
		if err := tx.QueryRowContext(ctx, `SELECT order_id, number FROM invoices WHERE fulfilment_id = $1`, fid).Scan(&orderID, &number); err != nil {
			return err
		}
		o, err = order.Read(ctx, tx, orderID)
		return err
	}); err != nil {
		return err
	}
	return m.MailInvoice(ctx, o, number, pdf, "invoice:"+fid)
}

// mailInvoiceLater queues the invoice e-mail in tx when the fulfilment's
// order asked for it.
func mailInvoiceLater(ctx context.Context, tx *db.Tx, fid, orderID string) error {
	o, err := order.Read(ctx, tx, orderID)
	if err != nil || !o.SpecialRequests.InvoiceByEmail {
		return err
	}
	return job.EnqueueArgs(ctx, tx, InvoiceEmailJob{FulfilmentID: fid}, fid, tx.Now)
}
