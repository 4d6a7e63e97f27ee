package sim

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// SignatureHeader carries a webhook's timestamp and signature.
const SignatureHeader = "Parcelway-Signature"

// WebhookFault is one planned misbehaviour of the next Push.
type WebhookFault struct {
	Twice   bool // deliver the batch a second time, byte for byte, as after a lost acknowledgement
	Shuffle bool // deliver the batch's events in another order than they happened
}

// Delivery is one webhook POST as Parcelway made it, so a test can look at
// it, replay it or tamper with it.
type Delivery struct {
	Header http.Header
	Body   []byte
	Status int // the receiver's answer
}

// InjectWebhook plans faults for the next pushes, one push each, in order.
func (s *Server) InjectWebhook(faults ...WebhookFault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhookFaults = append(s.webhookFaults, faults...)
}

// Push posts every event not yet acknowledged to the webhook URL as one
// signed batch. A 2xx answer acknowledges it; otherwise the events stay
// for the next Push. Nothing pending sends nothing. Pushes run one at a
// time, as a carrier's sender for one account does.
func (s *Server) Push(ctx context.Context) ([]Delivery, error) {
	if s.cfg.WebhookURL == "" {
		return nil, errors.New("sim: no webhook URL configured")
	}
	s.pushMu.Lock()
	defer s.pushMu.Unlock()
	body, taken, fault, err := s.nextBatch()
	if err != nil || taken == 0 {
		return nil, err
	}
	header := http.Header{}
	header.Set("Content-Type", "application/json")
	header.Set(SignatureHeader, Sign(s.cfg.WebhookSecret, s.cfg.Clock.Now(), body))
	var out []Delivery
	acked, times := false, 1
	if fault.Twice {
		times = 2
	}
	for range times {
		d, err := s.post(ctx, header, body)
		if err != nil {
			return out, err
		}
		out = append(out, d)
		acked = acked || d.Status/100 == 2
	}
	if acked {
		s.mu.Lock()
		s.pending = s.pending[taken:] // events added meanwhile were appended after the batch
		s.mu.Unlock()
	}
	return out, nil
}

// nextBatch is the body of the next delivery, how many pending events it
// holds and the fault to apply.
func (s *Server) nextBatch() ([]byte, int, WebhookFault, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.pending) == 0 {
		return nil, 0, WebhookFault{}, nil
	}
	var fault WebhookFault
	if len(s.webhookFaults) > 0 {
		fault, s.webhookFaults = s.webhookFaults[0], s.webhookFaults[1:]
	}
	events := make([]wireEvent, len(s.pending))
	order := make([]int, len(events))
	for i := range order {
		order[i] = i
	}
	if fault.Shuffle && len(order) > 1 {
		s.rand.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		if order[0] == 0 && order[1] == 1 { // make sure the order changes, so a test always sees it
			order[0], order[1] = 1, 0
		}
	}
	for i, j := range order {
		events[i] = s.pending[j].wire()
	}
	s.batchSeq++
	body, err := json.Marshal(webhookBatch{ID: fmt.Sprintf("wh_%06d", s.batchSeq), Type: "tracking.updated",
		CreatedAt: s.cfg.Clock.Now(), Events: events})
	return body, len(events), fault, err
}

func (s *Server) post(ctx context.Context, header http.Header, body []byte) (Delivery, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return Delivery{}, err
	}
	req.Header = header.Clone()
	resp, err := s.cfg.WebhookClient.Do(req)
	if err != nil {
		return Delivery{}, fmt.Errorf("sim: posting a webhook: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
	return Delivery{Header: header.Clone(), Body: body, Status: resp.StatusCode}, nil
}

// Sign is the Parcelway-Signature value for body sent at t: the Unix time
// and the hex HMAC-SHA256 of "<t>.<body>" keyed with the webhook secret.
// Tests use it to forge deliveries (stale, tampered) the way Parcelway
// would sign them.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(m.Sum(nil))
}
