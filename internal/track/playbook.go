package track

import "slices"

// The actions of the playbooks: what customer service may do on a case.
const (
	// ActContact records a conversation with the customer: what was said.
	ActContact = "contact_customer"
	// ActCorrectAddress changes the order's shipping address and tells the
	// carrier, where its adapter has the call (ship.AddressChanger).
	ActCorrectAddress = "correct_address"
	// ActReship sends the parcel's lines again, as a new fulfilment.
	ActReship = "reship"
	// ActCarrierClaim records a claim against the carrier, with its amount.
	ActCarrierClaim = "carrier_claim"
	// ActRefund makes an amount of the order owed back to the customer.
	ActRefund = "refund"
)

// Actions lists every playbook action.
var Actions = []string{ActContact, ActCorrectAddress, ActReship, ActCarrierClaim, ActRefund}

// Play is one action of a kind's playbook, in the order it is usually
// tried, with what it is for.
type Play struct {
	Action string `json:"action" enum:"contact_customer,correct_address,reship,carrier_claim,refund"`
	Why    string `json:"why"`
}

// playbooks are the actions each kind of case offers, first the one most
// cases of the kind need. They are data: the API and the console show them
// as they are.
var playbooks = map[string][]Play{
	CaseNoScan: {{ActContact, "tell the customer the parcel is being looked for"},
		{ActCarrierClaim, "ask the carrier where it is; claim if it is gone"}, {ActReship, "send the goods again"}, {ActRefund, "pay back"}},
	CaseAttempted: {{ActContact, "agree a new attempt or a pickup with the customer"},
		{ActCorrectAddress, "the driver could not find the address"}},
	CaseAddress: {{ActCorrectAddress, "correct the address and tell the carrier"}, {ActContact, "confirm the address with the customer"}},
	CaseDamaged: {{ActContact, "hear from the customer what arrived"}, {ActCarrierClaim, "claim the damage from the carrier"},
		{ActReship, "send the goods again"}, {ActRefund, "pay back"}},
	CaseLost: {{ActCarrierClaim, "claim the parcel's value from the carrier"}, {ActReship, "send the goods again"},
		{ActRefund, "pay back"}, {ActContact, "tell the customer"}},
	CaseLate: {{ActContact, "apologise and give the new date"}, {ActCarrierClaim, "claim against the carrier's promise"},
		{ActRefund, "pay the shipping back"}},
	CaseRefused: {{ActContact, "ask the customer why they refused"}, {ActRefund, "pay back what was paid"}},
	CaseException: {{ActContact, "tell the customer"}, {ActCarrierClaim, "claim from the carrier"}, {ActReship, "send the goods again"},
		{ActRefund, "pay back"}},
	CaseProblem: {{ActContact, "hear the customer's problem"}, {ActReship, "send the goods again"}, {ActRefund, "pay back"}},
}

// PlaybookOf is the playbook of a kind of case.
func PlaybookOf(kind string) []Play {
	return slices.Clone(playbooks[kind])
}

// inPlaybook reports whether action is in the playbook of kind.
func inPlaybook(kind, action string) bool {
	return slices.ContainsFunc(playbooks[kind], func(p Play) bool { return p.Action == action })
}

// The outcomes a case is closed with.
var Outcomes = []string{"resolved", "delivered", "reshipped", "refunded", "claimed", "returned", "no_action"}
