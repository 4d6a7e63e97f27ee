// Package review is the review stage: the automatic review of every
// confirmed order (its job, order.ReviewJob: the risk rules' verdict, then
// tasks for people or release), the tasks an order waits on while a person
// checks it (verify an address by phone, a coupon case, a special request, a
// payment mismatch, a risk hold), the queue reviewers claim them from, and
// their decisions; and the stored side of the risk rules (internal/risk):
// the rules and thresholds operators configure through the API, the
// normalised keys of every order and the COD refusals that History counts.
//
// A decision changes the order through the order stage's verbs in the
// task's transaction, so a task, the order's change and the audit entry
// commit or vanish together; an order that passed review goes on through
// the Releaser the release stage provides.
package review

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/setting"
)

// Kind is what a person has to check.
type Kind string

// The kinds of task.
const (
	VerifyAddress   Kind = "verify_address"   // call the customer to confirm or correct the address
	CouponCase      Kind = "coupon_case"      // a coupon used in a way its rules did not foresee
	SpecialRequest  Kind = "special_request"  // a delivery window, gift wrap or note someone must accept
	PaymentMismatch Kind = "payment_mismatch" // the gateway's amount or currency differs from the order's
	RiskReview      Kind = "risk_review"      // the risk rules held the order
)

// Kinds lists every kind, in the order the API documents them.
var Kinds = []Kind{VerifyAddress, CouponCase, SpecialRequest, PaymentMismatch, RiskReview}

func (k Kind) valid() bool { return slices.Contains(Kinds, k) }

// Status is where a task is in the queue.
type Status string

// The statuses: open waits in the queue, claimed is held by one reviewer,
// done carries an outcome and never changes again.
const (
	StatusOpen    Status = "open"
	StatusClaimed Status = "claimed"
	StatusDone    Status = "done"
)

// Outcome is how a task was closed.
type Outcome string

// The outcomes a reviewer chooses from.
const (
	Approve        Outcome = "approve"         // the order may go ahead
	CorrectAddress Outcome = "correct_address" // the order goes ahead to a corrected address
	Cancel         Outcome = "cancel"          // the order is cancelled
)

func (o Outcome) valid() bool { return o == Approve || o == CorrectAddress || o == Cancel }

// Task is one thing a person must check before an order can go on.
type Task struct {
	ID           string     `json:"id" doc:"rtk_…"`
	OrderID      string     `json:"order_id" doc:"The order waiting on this task"`
	Kind         Kind       `json:"kind" enum:"verify_address,coupon_case,special_request,payment_mismatch,risk_review"`
	Reason       string     `json:"reason" doc:"What the reviewer must check, in words"`
	Status       Status     `json:"status" enum:"open,claimed,done"`
	Assignee     string     `json:"assignee" doc:"Actor id of the reviewer holding the task (key_…); empty while open"`
	AssigneeName string     `json:"assignee_name" doc:"That reviewer's key name, for people"`
	DueAt        time.Time  `json:"due_at" doc:"When the kind's SLA runs out"`
	Overdue      bool       `json:"overdue" doc:"Not done and past due_at"`
	Outcome      Outcome    `json:"outcome,omitempty" enum:"approve,correct_address,cancel" doc:"How the task was closed; absent until done"`
	OutcomeNote  string     `json:"outcome_note,omitempty" doc:"The reviewer's note; for a cancel without a note, its reason"`
	ClosedBy     string     `json:"closed_by,omitempty" doc:"Actor id that closed the task"`
	CreatedAt    time.Time  `json:"created_at"`
	ClaimedAt    *time.Time `json:"claimed_at,omitempty"`
	ClosedAt     *time.Time `json:"closed_at,omitempty"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// DefaultSLAs are how long each kind may wait for a person: a payment
// mismatch blocks money, an address check blocks the day's dispatch, a
// special request can wait a day.
var DefaultSLAs = map[Kind]time.Duration{
	VerifyAddress:   4 * time.Hour,
	CouponCase:      8 * time.Hour,
	SpecialRequest:  24 * time.Hour,
	PaymentMismatch: 2 * time.Hour,
	RiskReview:      8 * time.Hour,
}

// Config tunes a Store. The zero value uses DefaultSLAs.
type Config struct {
	// SLAs override DefaultSLAs per kind; a task is due this long after it
	// opens. Kinds left out, and durations of zero or less, keep the default.
	SLAs map[Kind]time.Duration
	// Orders is the order stage, whose cancels the review's rejects and
	// reviewers' cancels go through (with its hooks).
	Orders *order.Store
	// Release takes the orders that passed review on to their warehouses.
	Release Releaser
	// Settings say whether a customer's note holds the order
	// (HoldOnCustomerNote); nil applies setting.Defaults.
	Settings setting.Source
}

// Validate refuses an SLA for a kind that does not exist, or one of zero or
// less, so a typo in the configuration is not silently the default.
func (c Config) Validate() error {
	var f errs.Fields
	for _, k := range slices.Sorted(maps.Keys(c.SLAs)) {
		path := fmt.Sprintf("slas.%s", k)
		switch {
		case !k.valid():
			f.Add(path, errs.CodeUnknown, "%q is not a review task kind", errs.Clip(string(k)))
		case c.SLAs[k] <= 0:
			f.Add(path, errs.CodeOutOfRange, "the SLA of %s must be positive, got %s", k, c.SLAs[k])
		}
	}
	return f.Err()
}

// Store keeps review tasks and risk rules, runs the automatic review and
// applies reviewers' decisions.
type Store struct {
	db        *db.DB
	slas      map[Kind]time.Duration
	orders    *order.Store
	release   Releaser
	settings  setting.Source
	decisions orderSide
}

// NewStore returns a store over d with cfg's SLAs laid over the defaults.
func NewStore(d *db.DB, cfg Config) *Store {
	slas := make(map[Kind]time.Duration, len(DefaultSLAs))
	for k, v := range DefaultSLAs {
		slas[k] = v
		if c := cfg.SLAs[k]; c > 0 {
			slas[k] = c
		}
	}
	if cfg.Settings == nil {
		cfg.Settings = setting.Static(setting.Defaults())
	}
	s := &Store{db: d, slas: slas, orders: cfg.Orders, release: cfg.Release, settings: cfg.Settings}
	s.decisions = onOrders{s}
	return s
}

// SLA is how long a task of kind k may wait before it is overdue.
func (s *Store) SLA(k Kind) time.Duration { return s.slas[k] }
