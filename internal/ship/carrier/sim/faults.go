package sim

import (
	"bytes"
	"net/http"
	"strconv"
	"time"
)

// Fault is one planned misbehaviour, applied to the next request instead of
// a plain answer, so tests can make the carrier fail exactly when they need.
type Fault struct {
	Status     int           // answer this status (500, 503, 429) without serving the request
	RetryAfter time.Duration // with Status: a Retry-After header, in whole seconds
	Delay      time.Duration // serve the request, then hold the answer back this long: a lost answer when the client gives up first
	Malformed  bool          // serve the request, then answer with its JSON cut short
}

// Inject plans faults for the next requests, one request each, in order.
func (s *Server) Inject(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, faults...)
}

func (s *Server) nextFault() (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.faults) == 0 {
		return Fault{}, false
	}
	f := s.faults[0]
	s.faults = s.faults[1:]
	return f, true
}

func (f Fault) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	if f.Status != 0 {
		if f.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(f.RetryAfter/time.Second)))
		}
		writeErrors(w, f.Status, wireError{Code: "server_error", Message: http.StatusText(f.Status)})
		return
	}
	rec := newRecorder()
	next.ServeHTTP(rec, r)
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done(): // the client gave up: the booking stands, the answer is lost
			return
		}
	}
	body := rec.body.Bytes()
	if f.Malformed {
		body = append(body[:len(body)/2:len(body)/2], "\x00}"...)
	}
	rec.writeTo(w, body)
}

// recorder keeps an answer so it can be delayed, broken or replayed.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}, status: http.StatusOK} }

func (rec *recorder) Header() http.Header         { return rec.header }
func (rec *recorder) Write(b []byte) (int, error) { return rec.body.Write(b) }
func (rec *recorder) WriteHeader(status int)      { rec.status = status }

func (rec *recorder) writeTo(w http.ResponseWriter, body []byte) {
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(body)
}
