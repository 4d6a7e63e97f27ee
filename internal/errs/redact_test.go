package errs

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// Redact masks what identifies a customer and leaves what an operator reads
// an error for: codes, dates, ids, amounts.
func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"550 5.1.1 <bob@example.com>: Recipient address rejected", "550 5.1.1 <b***@example.com>: Recipient address rejected"},
		{"rcpt to: Ada.Lovelace+shop@mail.example.co.uk refused", "rcpt to: A***@mail.example.co.uk refused"},
		{"用户张三@例子.公司 不存在", "用***@例子.公司 不存在"},
		{`{"error":"number +8613812345678 is not reachable"}`, `{"error":"number +***78 is not reachable"}`},
		{"to +1 650-253-0000 failed", "to +***00 failed"},
		{"+8613812345678 (13812345678)", "+***78 (***78)"},
		{"+1 (650) 253-0000", "+***00"},
		{"subscriber 6502530000 blocked", "subscriber ***00 blocked"},
		{"13812345678@qq.com bounced", "1***@qq.com bounced"},
		{"not due yet (due 2026-03-12 14:00 UTC)", "not due yet (due 2026-03-12 14:00 UTC)"},
		{"job job_01JD3K8P1234567ABCDEF: lock expired on attempt 3 of 10", "job job_01JD3K8P1234567ABCDEF: lock expired on attempt 3 of 10"},
		{"review ord_01JD3K8P@1764000000000000 failed", "review ord_01JD3K8P@1764000000000000 failed"},
		{"the SMS gateway answered 503", "the SMS gateway answered 503"},
		{"order WB-7K2M-Q9XZ: 123456 units", "order WB-7K2M-Q9XZ: 123456 units"},
	} {
		require.Equal(t, tc.want, Redact(tc.in), tc.in)
	}
}

// A redacted error prints masked and keeps its kind for the job runner.
func TestRedactedKeepsKind(t *testing.T) {
	cause := errors.New("550 5.1.1 <bob@example.com>: no such user")
	err := Redacted(Wrap(Invalid, cause, "the mail server refused the message for good (550)"))
	require.Equal(t, "the mail server refused the message for good (550): 550 5.1.1 <b***@example.com>: no such user", err.Error())
	require.Equal(t, err.Error(), fmt.Sprintf("%v", err))
	require.True(t, Is(err, Invalid))
	require.ErrorIs(t, err, cause)
	require.Equal(t, err, Redacted(err), "redacting twice wraps once")
	require.NoError(t, Redacted(nil))
}
