// Package sim is Parcelway, a simulated external carrier: an http.Handler
// speaking the carrier-style wire format below, with its own API key, error
// bodies, idempotent bookings and end-of-day manifests, and a plan of
// injected faults (slow answers, 5xx, 429, broken JSON). Tests run it with
// httptest.NewServer and drive it through the real client, so every retry
// and error path of the ship stage is exercised over real HTTP. It keeps
// its state in memory: it is the third party, not part of Waybill.
//
// # Wire format (Parcelway API v1)
//
// Every request carries "X-Api-Key: <key>"; a missing or wrong key is 401
// with an application/problem+json body. Bodies are JSON, at most 1 MiB.
// Amounts are integers in the minor units of "currency"; weights in grams,
// sizes in millimetres, dates YYYY-MM-DD, instants RFC 3339.
//
//	POST /v1/rates                  {"origin","to":{"country","postal_code"},"parcels":[{"weight_g","length_mm","width_mm","height_mm"}],"ready_at"}
//	                                200 {"rates":[{"service","service_name","speed","zone","currency","amount","breakdown":{"base","fuel","remote","oversize"},"chargeable_weight_g","transit_days","ship_date","estimated_delivery"}]}
//	POST /v1/shipments              Idempotency-Key required; {"service","origin","reference","ship_date","from":{address},"to":{address},"parcels":[{"reference","weight_g",...,"declared_value":{"amount","currency"}}]}
//	                                201 shipment; the same key and body again answers the first response (Idempotent-Replayed: true), the same key with another body 409
//	GET  /v1/shipments/{id}         200 shipment, 404 unknown
//	POST /v1/shipments/{id}/void    200 shipment with status "voided"; 409 once manifested
//	POST /v1/manifests              {"origin","date","shipment_ids":[...]}: 201 {"id","origin","date","shipments":[{"id","tracking_numbers"}],"parcel_count"}
//
// An address is {"name","company","street1","street2","city","state","postal_code","country"};
// a shipment is {"id","status","service","reference","created_at","charge":{"amount","currency"},"parcels":[{"reference","tracking_number","sort_code"}]}.
// Errors other than 401 are {"errors":[{"code","field","message"}]}: 400 for
// a body that is no JSON or lacks the Idempotency-Key, 422 for invalid
// fields (codes such as invalid_postcode, too_heavy, unknown_service), 404,
// 409, 413; 429 and 503 may carry Retry-After (seconds).
package sim

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"sync"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/ship/rate"
)

// maxBody is the largest request body Parcelway reads.
const maxBody = 1 << 20

// Config sets up a simulated carrier.
type Config struct {
	APIKey string       // the key clients must send; required
	Data   rate.Carrier // its services and prices; zero: the embedded Parcelway data
	Clock  clock.Clock  // for created_at and ready times; nil: the real clock
}

// Server is the simulated carrier. All its state is behind one mutex: a
// real carrier's consistency, at the speed a test needs.
type Server struct {
	cfg Config
	mux *http.ServeMux

	bookMu    sync.Mutex // serialises idempotent bookings, so one key is served once
	mu        sync.Mutex
	faults    []Fault
	seq       int
	shipments map[string]*shipment
	order     []string // shipment ids in booking order
	manifests map[string]*manifestBody
	idem      map[string]replay // "POST /v1/shipments\x00key" → first answer
	requests  int
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
	s := &Server{cfg: cfg, shipments: map[string]*shipment{}, manifests: map[string]*manifestBody{}, idem: map[string]replay{}}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST /v1/rates", s.rates)
	s.mux.HandleFunc("POST /v1/shipments", s.idempotent(s.create))
	s.mux.HandleFunc("GET /v1/shipments/{id}", s.get)
	s.mux.HandleFunc("POST /v1/shipments/{id}/void", s.void)
	s.mux.HandleFunc("POST /v1/manifests", s.idempotent(s.manifest))
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
