package pack_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/pick"
)

// mailbox is a test InvoiceMailer (and an order.Notifier that sends no
// customer message): it keeps the invoices it is given.
type mailbox struct {
	mu   sync.Mutex
	sent map[string]string // key → invoice number
}

func (m *mailbox) Sends(order.Channel) bool { return false }
func (m *mailbox) Notify(context.Context, order.Order, order.Message, order.Channel, string) error {
	return nil
}
func (m *mailbox) MailInvoice(_ context.Context, o order.Order, number string, pdf []byte, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || o.Customer.Email == "" {
		return context.Canceled
	}
	m.sent[key] = number
	return nil
}

// A customer who asked for the invoice by e-mail gets it when the order
// is packed, once however often the job runs; the station tells the
// packer to leave it out of the parcel. Another order's invoice goes in
// the parcel and is mailed to nobody.
func TestTheInvoiceGoesByEmailWhenAsked(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		box := &mailbox{sent: map[string]string{}}
		r := flowtest.New(t, d, flowtest.Options{Notifier: box})
		for _, sku := range r.AddProducts(t, 1) {
			r.AddWarehouse(t, "EAST")
			r.Receive(t, "EAST", sku, 10)
		}
		_, err := r.Packing.PutCarton(as(chief), "EAST", "M", pack.Carton{InnerMM: [3]int64{250, 250, 250}, OuterMM: [3]int64{262, 262, 262},
			TareG: 300, MaxWeightG: 20000, CostMinor: 90, Material: "corrugated", OnHand: 10, Active: true})
		require.NoError(t, err)
		pack1 := func(ref string, byEmail bool) (string, []string) {
			req := flowtest.Request(ref, flowtest.Line("SKU-000", 1))
			req.SpecialRequests.InvoiceByEmail = byEmail
			o := r.Accepted(t, req)
			r.Pay(t, o, "evt-"+ref, o.TotalMinor)
			r.RunJobs(t)
			w, err := r.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST"})
			require.NoError(t, err)
			task, err := r.Floor.Claim(as(ann), w.Tasks[0].ID)
			require.NoError(t, err)
			l := task.Lines[0]
			_, err = r.Floor.Pick(as(ann), task.ID, pick.Scan{ScanID: "p-" + ref, Line: l.ID, Bin: l.Bin, Item: l.SKU, Quantity: 1, Tote: "T-" + ref})
			require.NoError(t, err)
			fid := r.Get(t, o.ID).Fulfilments[0].ID
			st, err := r.Packing.Scan(as(ann), fid, pack.ItemScan{ScanID: "s-" + ref, Item: "SKU-000"})
			require.NoError(t, err)
			done, err := r.Packing.Close(as(ann), st.Parcel, pack.CloseParcel{ScanID: "c-" + ref, Carton: "M", WeightG: 800})
			require.NoError(t, err)
			require.True(t, done.Done)
			return fid, done.Station.Instructions
		}
		mailed, instructions := pack1("E1", true)
		require.Contains(t, instructions, "invoice_by_email")
		inParcel, instructions := pack1("E2", false)
		require.NotContains(t, instructions, "invoice_by_email")
		r.RunJobs(t)
		r.RunJobs(t)
		require.Equal(t, map[string]string{"invoice:" + mailed: fmt.Sprintf("INV-%d-000001", time.Now().UTC().Year())}, box.sent, "%s's invoice is not mailed", inParcel)
	})
}
