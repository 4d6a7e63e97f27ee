package table

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestS10(t *testing.T) {
	// The UPU's own example, RR 47312482 9 GB.
	got, err := S10("RR", 47312482, "GB")
	require.NoError(t, err)
	require.Equal(t, "RR473124829GB", got)
	require.True(t, ValidS10(got))
	// Check digits 10 and 11 are written 0 and 5.
	for serial := int64(1); serial < 2000; serial++ {
		s, err := S10("CP", serial, "DE")
		require.NoError(t, err)
		require.True(t, ValidS10(s), s)
		require.Contains(t, "0123456789", s[10:11])
	}
	for _, bad := range []string{"RR473124828GB", "RR47312482GB", "rr473124829GB", "RR4731248X9GB", "RR473124829G1", ""} {
		require.False(t, ValidS10(bad), bad)
	}
	_, err = S10("R", 1, "GB")
	require.Error(t, err)
	_, err = S10("RR", 0, "GB")
	require.Error(t, err)
}

// TestS10SingleDigitErrors checks which mistyped serial digits the check
// digit misses: only those where the two raw checks are 5 and 11, both
// written 5 by the S10 rule; every other single-digit typo is caught.
func TestS10SingleDigitErrors(t *testing.T) {
	raw := func(digits string) int {
		sum := 0
		for i := range 8 {
			sum += int(digits[i]-'0') * s10Weights[i]
		}
		return 11 - sum%11
	}
	missed, caught := 0, 0
	for _, serial := range []int64{12345678, 47312482, 1, 99999999, 31415926} {
		s, err := S10("EE", serial, "CN")
		require.NoError(t, err)
		for i := 2; i < 10; i++ {
			for d := byte('0'); d <= '9'; d++ {
				if s[i] == d {
					continue
				}
				typo := s[:i] + string(d) + s[i+1:]
				if ValidS10(typo) {
					pair := []int{raw(s[2:10]), raw(typo[2:10])}
					require.ElementsMatch(t, []int{5, 11}, pair, typo)
					missed++
				} else {
					caught++
				}
			}
		}
	}
	require.Greater(t, caught, 10*missed)
}
