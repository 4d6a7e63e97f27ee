package address

import "fmt"

// InputError is why a contact value was refused: an errs code a client can
// branch on and a message a person can act on. The caller knows where the
// value sat in the request and adds the path:
//
//	var in *address.InputError
//	if errors.As(err, &in) { fields.Add("customer.phone", in.Code, "%s", in.Message) }
type InputError struct {
	Code    string
	Message string
}

// Error returns the message, which is safe to show the caller.
func (e *InputError) Error() string { return e.Message }

func inputErr(code, format string, args ...any) *InputError {
	return &InputError{Code: code, Message: fmt.Sprintf(format, args...)}
}
