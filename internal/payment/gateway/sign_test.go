package gateway

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// An event SignedEvent makes is one the gateway's verifier accepts and reads
// back as the payment it describes; each has a fresh id; another secret's
// verifier refuses it.
func TestSignedEventIsReceived(t *testing.T) {
	b := setup(t)
	p := Payment{Type: "payment.succeeded", OrderID: "ord_01JDEMO", AmountMinor: 2599, Currency: "USD"}
	body, h, err := SignedEvent(vectorSecret, p, vectorTime)
	require.NoError(t, err)
	ev, err := b.standard.Receive(h, body)
	require.NoError(t, err)
	require.Equal(t, KindPaid, ev.Kind)
	require.Equal(t, "ord_01JDEMO", ev.OrderRef)
	require.Equal(t, int64(2599), ev.AmountMinor)
	require.Equal(t, "USD", ev.Currency)
	require.Equal(t, EventID(h), ev.EventID)

	_, again, err := SignedEvent(vectorSecret, p, vectorTime)
	require.NoError(t, err)
	require.NotEqual(t, EventID(h), EventID(again), "every event has its own id")

	_, other, err := SignedEvent(otherSecret, p, vectorTime)
	require.NoError(t, err)
	requireRefused(t, b.standard.Verify(other, body), ErrNoMatchingSignature)
}
