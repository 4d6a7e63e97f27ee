package notify

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
)

// retryError carries a provider's requested wait alongside an Unavailable
// error. It unwraps to the *errs.Error, so errs.KindOf still sees the kind.
type retryError struct {
	after time.Duration
	err   error
}

func (e *retryError) Error() string { return e.err.Error() }
func (e *retryError) Unwrap() error { return e.err }

// RetryAfter reports how long the remote side asked us to wait before trying
// again (an HTTP Retry-After), so the job can schedule its next attempt no
// sooner than that instead of by its own backoff alone.
func RetryAfter(err error) (time.Duration, bool) {
	var r *retryError
	if errors.As(err, &r) {
		return r.after, true
	}
	return 0, false
}

// withRetryAfter attaches the wait in h's Retry-After header, if it has a
// valid one, to err. Retry-After is either delta-seconds or an HTTP date,
// which is measured from now (the injected clock).
func withRetryAfter(err error, h http.Header, now time.Time) error {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return err
	}
	var after time.Duration
	if secs, perr := strconv.ParseInt(v, 10, 64); perr == nil {
		if secs < 0 {
			return err
		}
		after = time.Duration(min(secs, int64(24*time.Hour/time.Second))) * time.Second
	} else if at, perr := http.ParseTime(v); perr == nil {
		after = max(at.Sub(now), 0)
	} else {
		return err
	}
	return &retryError{after: after, err: err}
}

// unavailable and permanent build the two outcomes a job acts on: try again
// later, or give this message up. The cause stays attached for the logs.
func unavailable(cause error, format string, args ...any) error {
	return errs.Wrap(errs.Unavailable, cause, fmt.Sprintf(format, args...))
}

func permanent(cause error, format string, args ...any) error {
	return errs.Wrap(errs.Invalid, cause, fmt.Sprintf(format, args...))
}
