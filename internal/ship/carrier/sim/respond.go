package sim

import (
	"encoding/json"
	"errors"
	"net/http"
)

// wireError is one entry of Parcelway's error body.
type wireError struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func writeErrors(w http.ResponseWriter, status int, errors ...wireError) {
	writeJSON(w, status, map[string]any{"errors": errors})
}

// writeProblem answers in RFC 9457 form, which Parcelway uses for auth.
func writeProblem(w http.ResponseWriter, status int, title, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"type": "https://api.parcelway.example/problems/" + http.StatusText(status),
		"title": title, "status": status, "detail": detail})
}

// decode reads a JSON body of at most maxBody bytes into v, answering 400
// or 413 itself when it cannot.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeErrors(w, http.StatusRequestEntityTooLarge, wireError{Code: "body_too_large", Message: "the body is over 1 MiB"})
			return false
		}
		writeErrors(w, http.StatusBadRequest, wireError{Code: "malformed_json", Message: "the body is not the expected JSON: " + err.Error()})
		return false
	}
	return true
}
