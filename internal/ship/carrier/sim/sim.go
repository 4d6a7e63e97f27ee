package sim

import (
	"crypto/subtle"
	"errors"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/ship/rate"
)

// maxBody is the largest request body Parcelway reads.
const maxBody = 1 << 20

// Config sets up a simulated carrier.
type Config struct {
	APIKey string       // the key clients must send; required
	Data   rate.Carrier // its services and prices; zero: the embedded Parcelway data
	Clock  clock.Clock  // for created_at, ready times, event times and webhook signatures; nil: the real clock

	WebhookURL    string       // where Push posts tracking events; empty: Push refuses
	WebhookSecret string       // signs webhooks; required with WebhookURL
	WebhookClient *http.Client // posts webhooks; nil: a client with a 5s timeout
	Seed          uint64       // seeds the shuffle of WebhookFault.Shuffle, so a test's order is reproducible
}

// Server is the simulated carrier. All its state is behind one mutex: a
// real carrier's consistency, at the speed a test needs.
type Server struct {
	cfg Config
	mux *http.ServeMux

	bookMu    sync.Mutex // serialises idempotent bookings, so one key is served once
	pushMu    sync.Mutex // serialises webhook pushes, so a batch's events are acknowledged once
	mu        sync.Mutex
	faults    []Fault
	seq       int
	shipments map[string]*shipment
	order     []string // shipment ids in booking order
	manifests map[string]*manifestBody
	addresses map[string][]AddressChange // by tracking number, oldest first
	idem      map[string]replay          // "POST /v1/shipments\x00key" → first answer
	requests  int

	events        map[string][]Event // by tracking number, in the order they were added
	eventSeq      int
	pending       []Event // added but not yet acknowledged by the webhook receiver
	batchSeq      int
	webhookFaults []WebhookFault
	rand          *rand.Rand
}

// New returns a simulated carrier serving cfg's data under cfg's key.
func New(cfg Config) (*Server, error) {
	if cfg.APIKey == "" {
		return nil, errors.New("sim: an API key is required")
	}
	if cfg.Data.Code == "" {
		d, err := Parcelway()
		if err != nil {
			return nil, err
		}
		cfg.Data = d
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	if cfg.WebhookURL != "" && cfg.WebhookSecret == "" {
		return nil, errors.New("sim: a webhook URL needs a webhook secret")
	}
	if cfg.WebhookClient == nil {
		cfg.WebhookClient = &http.Client{Timeout: 5 * time.Second}
	}
	s := &Server{cfg: cfg, shipments: map[string]*shipment{}, manifests: map[string]*manifestBody{}, idem: map[string]replay{},
		addresses: map[string][]AddressChange{}, events: map[string][]Event{}, rand: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST /v1/rates", s.rates)
	s.mux.HandleFunc("POST /v1/shipments", s.idempotent(s.create))
	s.mux.HandleFunc("GET /v1/shipments/{id}", s.get)
	s.mux.HandleFunc("POST /v1/shipments/{id}/void", s.void)
	s.mux.HandleFunc("POST /v1/manifests", s.idempotent(s.manifest))
	s.mux.HandleFunc("POST /v1/tracking", s.track)
	s.mux.HandleFunc("POST /v1/tracking/{number}/address", s.idempotent(s.changeAddress))
	s.mux.HandleFunc("GET /v1/tracking/{number}/address", s.addressesOf)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeErrors(w, http.StatusNotFound, wireError{Code: "not_found", Message: "no such endpoint: " + r.Method + " " + r.URL.Path})
	})
	return s, nil
}

// ServeHTTP checks the API key, applies the next planned fault, and serves
// the request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()
	if subtle.ConstantTimeCompare([]byte(r.Header.Get("X-Api-Key")), []byte(s.cfg.APIKey)) != 1 {
		writeProblem(w, http.StatusUnauthorized, "Unauthorized", "missing or wrong X-Api-Key")
		return
	}
	f, ok := s.nextFault()
	if !ok {
		s.mux.ServeHTTP(w, r)
		return
	}
	f.serve(w, r, s.mux)
}

// Requests counts the requests the carrier has received, faulted or not.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}
