package order

import (
	"context"
	"log/slog"
	"sync"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/job"
)

// Message names a customer message about an order.
type Message string

// The messages a customer gets.
const (
	ConfirmationMessage   Message = "confirmation"    // the order was accepted
	CancellationMessage   Message = "cancellation"    // the order was cancelled
	DelayMessage          Message = "delay"           // units could not be picked: they follow when stock arrives
	UnitsCancelledMessage Message = "units_cancelled" // units could not be supplied and were cancelled: their amount is refunded
	ShippedMessage        Message = "shipped"         // a parcel left with its carrier: the tracking numbers
	// The tracking notices, each about one parcel (the job's Parcel): the
	// carrier tried to deliver it, it waits at a pickup point, it is late.
	AttemptedMessage Message = "delivery_attempted"
	PickupMessage    Message = "ready_for_pickup"
	DelayedMessage   Message = "parcel_delayed"
)

// known reports whether m is a message the notify stage can write.
func (m Message) known() bool {
	return m == ConfirmationMessage || m == CancellationMessage || m == DelayMessage || m == UnitsCancelledMessage || m == ShippedMessage ||
		m.aboutParcel()
}

// aboutParcel reports whether m is a tracking notice, about one parcel.
func (m Message) aboutParcel() bool {
	return m == AttemptedMessage || m == PickupMessage || m == DelayedMessage
}

// Channel is how a message reaches the customer.
type Channel string

// The channels a message goes out on, each its own job.
const (
	EmailChannel Channel = "email"
	SMSChannel   Channel = "sms"
)

// EmailJob sends one message about an order by e-mail and SMSJob sends it by
// SMS. Each channel is its own job, so each is retried on its own and sent
// once when it succeeds: a refused address does not stop the SMS, and an
// SMS gateway that is down does not send the e-mail again. The kinds are
// named for the notify stage, which sends them through Notifier; they are
// declared here because the order stage produces them (intake, every cancel,
// every short pick) and notify imports order, not the reverse.
type EmailJob struct {
	OrderID string  `json:"order_id"`
	Message Message `json:"message"`
	Parcel  string  `json:"parcel,omitempty"` // a tracking notice's parcel: its tracking number
}

// Kind implements job.Args.
func (EmailJob) Kind() string { return "notify.email" }

// SMSJob is EmailJob's twin for SMS.
type SMSJob struct {
	OrderID string  `json:"order_id"`
	Message Message `json:"message"`
	Parcel  string  `json:"parcel,omitempty"`
}

// Kind implements job.Args.
func (SMSJob) Kind() string { return "notify.sms" }

// ConfirmationJob and CancellationJob are the kinds that sent a message on
// every channel in one job. Nothing enqueues them any more; jobs of these
// kinds still queued from an older version fan out into the per-channel jobs.
type ConfirmationJob struct {
	OrderID string `json:"order_id"`
}

// Kind implements job.Args.
func (ConfirmationJob) Kind() string { return "order.confirmation" }

// CancellationJob is the old kind of the cancellation notice; see ConfirmationJob.
type CancellationJob struct {
	OrderID string `json:"order_id"`
}

// Kind implements job.Args.
func (CancellationJob) Kind() string { return "order.cancellation" }

// Notifier sends customer messages, one channel at a time; notify.Messenger
// is the real one.
type Notifier interface {
	// Sends reports whether ch has a sender configured; a job for a channel
	// without one finishes at once, logged, so it does not wait forever.
	Sends(ch Channel) bool
	// Notify sends message m about o on ch. key stays the same across the
	// retries of one job, so the sender or its provider can recognise a
	// repeat; errs.Invalid means the message can never go.
	Notify(ctx context.Context, o Order, m Message, ch Channel, key string) error
}

// ParcelNotifier is a Notifier that also writes the tracking notices,
// each about one parcel of the order, named by its tracking number.
type ParcelNotifier interface {
	NotifyParcel(ctx context.Context, o Order, m Message, ch Channel, key, trackingNumber string) error
}

// messageJobs are the jobs that send message m about an order, one per
// channel. The key names the order and the message, so enqueueing them again
// (an old job fanned out twice) adds nothing.
func messageJobs(orderID string, m Message) ([]job.Job, error) {
	return keyedMessageJobs(orderID, m, orderID+":"+string(m))
}

// keyedMessageJobs are messageJobs under a key of the caller's.
func keyedMessageJobs(orderID string, m Message, key string) ([]job.Job, error) {
	email, err := job.For(EmailJob{OrderID: orderID, Message: m}, key)
	if err != nil {
		return nil, err
	}
	sms, err := job.For(SMSJob{OrderID: orderID, Message: m}, key)
	if err != nil {
		return nil, err
	}
	return []job.Job{email, sms}, nil
}

// enqueueMessage queues message m about an order in tx, on every channel.
func enqueueMessage(ctx context.Context, tx *db.Tx, orderID string, m Message) error {
	jobs, err := messageJobs(orderID, m)
	if err != nil {
		return err
	}
	return job.Enqueue(ctx, tx, jobs...)
}

// enqueueEventMessage queues message m about an order in tx, on every
// channel, for one event of a kind an order can see many times (each short
// pick): the key adds the event, so each event's notice goes once per
// channel and a later event's is a notice of its own.
func enqueueEventMessage(ctx context.Context, tx *db.Tx, orderID string, m Message, event string) error {
	jobs, err := keyedMessageJobs(orderID, m, orderID+":"+string(m)+":"+event)
	if err != nil {
		return err
	}
	return job.Enqueue(ctx, tx, jobs...)
}

// NotifyParcel queues tracking notice m about one parcel of an order (its
// tracking number) in tx, on every channel; event (the carrier event's id)
// makes it once per cause, however often the event is delivered.
func NotifyParcel(ctx context.Context, tx *db.Tx, orderID string, m Message, trackingNumber, event string) error {
	if !m.aboutParcel() {
		return errs.E(errs.Invalid, "%s is not a tracking notice", m)
	}
	key := orderID + ":" + string(m) + ":" + event
	email, err := job.For(EmailJob{OrderID: orderID, Message: m, Parcel: trackingNumber}, key)
	if err != nil {
		return err
	}
	sms, err := job.For(SMSJob{OrderID: orderID, Message: m, Parcel: trackingNumber}, key)
	if err != nil {
		return err
	}
	return job.Enqueue(ctx, tx, email, sms)
}

// registerMessages gives the runner the handlers of the customer messages.
func registerMessages(r *job.Runner, s *Store, n Notifier, log *slog.Logger) {
	// Without a sender, say so once per channel at INFO (the operator may
	// have meant to configure one), then per order at DEBUG: a busy shop
	// without e-mail must not fill its log with one line per message.
	var told sync.Map
	send := func(ctx context.Context, orderID string, m Message, ch Channel, key, parcel string) error {
		if !m.known() || m.aboutParcel() != (parcel != "") {
			return errs.E(errs.Invalid, "%q is not a customer message", errs.Clip(string(m)))
		}
		o, err := s.Get(ctx, orderID)
		if err != nil {
			return err
		}
		if n == nil || !n.Sends(ch) {
			level := slog.LevelDebug
			if _, seen := told.LoadOrStore(ch, true); !seen {
				level = slog.LevelInfo
			}
			log.Log(ctx, level, "customer message not sent: no sender configured for this channel (further ones are logged at debug)",
				"order", o.Number, "message", m, "channel", ch)
			return nil
		}
		if parcel == "" {
			return n.Notify(ctx, o, m, ch, key)
		}
		pn, ok := n.(ParcelNotifier)
		if !ok {
			return errs.E(errs.Invalid, "the notifier writes no tracking notices")
		}
		return pn.NotifyParcel(ctx, o, m, ch, key, parcel)
	}
	job.HandleArgs(r, func(ctx context.Context, c job.Claimed, a EmailJob) error {
		return send(ctx, a.OrderID, a.Message, EmailChannel, c.ID, a.Parcel)
	})
	job.HandleArgs(r, func(ctx context.Context, c job.Claimed, a SMSJob) error {
		return send(ctx, a.OrderID, a.Message, SMSChannel, c.ID, a.Parcel)
	})
	fanOut := func(ctx context.Context, orderID string, m Message) error {
		return s.db.Write(ctx, func(tx *db.Tx) error { return enqueueMessage(ctx, tx, orderID, m) })
	}
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a ConfirmationJob) error {
		return fanOut(ctx, a.OrderID, ConfirmationMessage)
	})
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a CancellationJob) error {
		return fanOut(ctx, a.OrderID, CancellationMessage)
	})
}
