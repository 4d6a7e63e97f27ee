package sim

import (
	"bytes"
	"crypto/sha256"
	"io"
	"net/http"
)

// replay is the first answer to an idempotency key, with the body it was for.
type replay struct {
	bodyHash [32]byte
	status   int
	header   http.Header
	body     []byte
}

// idempotent wraps a booking handler: the first request with a key is
// served and its answer kept; the same key with the same body answers that
// again without serving, the same key with another body is refused 409.
// Failures of the carrier itself (5xx) are not kept, so a retry is served.
func (s *Server) idempotent(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		if key == "" || len(key) > 255 {
			writeErrors(w, http.StatusBadRequest, wireError{Code: "idempotency_key_required", Field: "Idempotency-Key",
				Message: "send an Idempotency-Key header of 1 to 255 characters"})
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			writeErrors(w, http.StatusRequestEntityTooLarge, wireError{Code: "body_too_large", Message: "the body is over 1 MiB"})
			return
		}
		hash := sha256.Sum256(body)
		slot := r.Method + " " + r.URL.Path + "\x00" + key
		s.bookMu.Lock()
		defer s.bookMu.Unlock()
		if prev, ok := s.lookupReplay(slot); ok {
			if prev.bodyHash != hash {
				writeErrors(w, http.StatusConflict, wireError{Code: "idempotency_key_reused", Field: "Idempotency-Key",
					Message: "this Idempotency-Key was used with another request body"})
				return
			}
			for k, v := range prev.header {
				w.Header()[k] = v
			}
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(prev.status)
			_, _ = w.Write(prev.body)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := newRecorder()
		h(rec, r)
		if rec.status < 500 {
			s.mu.Lock()
			s.idem[slot] = replay{bodyHash: hash, status: rec.status, header: rec.header.Clone(), body: bytes.Clone(rec.body.Bytes())}
			s.mu.Unlock()
		}
		rec.writeTo(w, rec.body.Bytes())
	}
}

func (s *Server) lookupReplay(slot string) (replay, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.idem[slot]
	return r, ok
}
