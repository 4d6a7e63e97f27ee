package address

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/errs"
)

func TestNormalizePhone(t *testing.T) {
	valid := []struct{ raw, country, want string }{
		{"138 1234 5678", "CN", "+8613812345678"},
		{"+86 138-1234-5678", "CN", "+8613812345678"},
		{"0086 13812345678", "CN", "+8613812345678"},
		{"010 6552 9988", "CN", "+861065529988"},
		{"0912 345 678", "TW", "+886912345678"},
		{"9123 4567", "HK", "+85291234567"},
		{"(650) 253-0000", "US", "+16502530000"},
		{"650.253.0000", "us", "+16502530000"},
		{"1-800-555-0199", "US", "+18005550199"},
		{"416 555 0123", "CA", "+14165550123"},
		{"020 7946 0958", "GB", "+442079460958"},
		{"07400 123456", "GB", "+447400123456"},
		{"030 123456789", "DE", "+4930123456789"},
		{"0151 23456789", "DE", "+4915123456789"},
		{"01 23 45 67 89", "FR", "+33123456789"},
		{"06 12 34 56 78", "FR", "+33612345678"},
		{"03-1234-5678", "JP", "+81312345678"},
		{"090-1234-5678", "JP", "+819012345678"},
		{"(11) 91234-5678", "BR", "+5511912345678"},
		{"0412 345 678", "AU", "+61412345678"},
		{"(02) 9876 5432", "AU", "+61298765432"},
		{"98765 43210", "IN", "+919876543210"},
		{"+44 20 7946 0958", "CN", "+442079460958"}, // international form, another country
		{"+1 650 253 0000", "", "+16502530000"},     // no address country at all
		{"+81 90 1234 5678", "XX", "+819012345678"}, // unknown country: + form still works
		{"  +33 6 12 34 56 78\u00a0", "FR", "+33612345678"},
		{"１３８１２３４５６７８", "CN", "+8613812345678"}, // full-width digits
	}
	for _, tc := range valid {
		got, err := NormalizePhone(tc.raw, tc.country)
		require.NoError(t, err, "%q %s", tc.raw, tc.country)
		require.Equal(t, tc.want, got, "%q %s", tc.raw, tc.country)
		again, err := NormalizePhone(got, tc.country)
		require.NoError(t, err)
		require.Equal(t, got, again, "E.164 normalises to itself")
	}

	invalid := []struct{ raw, country, code, says string }{
		{"", "US", errs.CodeRequired, "required"},
		{"   ", "US", errs.CodeRequired, "required"},
		{"12345", "US", errs.CodeFormat, "not a valid phone number for US"},
		{"138 1234 567", "CN", errs.CodeFormat, "not a valid"},
		{"555-0100", "US", errs.CodeFormat, "not a valid"},
		{"(650) 253-0000", "", errs.CodeFormat, "country calling code"},
		{"+999 1234 5678", "US", errs.CodeFormat, "unknown country calling code"},
		{"call me maybe", "US", errs.CodeFormat, "not a phone number"},
		{"+1 650-253-0000 ext. 12", "US", errs.CodeFormat, "extension"},
		{"650\n253 0000", "US", errs.CodeFormat, "control characters"},
		{"650\xff2530000", "US", errs.CodeFormat, "control characters"},
		{strings.Repeat("1", maxPhoneInput+1), "US", errs.CodeTooLong, "at most"},
	}
	for _, tc := range invalid {
		got, err := NormalizePhone(tc.raw, tc.country)
		require.Error(t, err, "%q %s gave %s", tc.raw, tc.country, got)
		var in *InputError
		require.True(t, errors.As(err, &in))
		require.Equal(t, tc.code, in.Code, "%q: %s", tc.raw, in.Message)
		require.Contains(t, in.Message, tc.says)
		require.Empty(t, got)
	}
}

func TestPhoneReadings(t *testing.T) {
	require.Equal(t, []string{"+14155550132"}, PhoneReadings("+1 (415) 555-0132"))
	require.Contains(t, PhoneReadings("(415) 555-0132"), "+14155550132")
	require.Contains(t, PhoneReadings("138 1234 5678"), "+8613812345678")
	require.Empty(t, PhoneReadings("WB-APP-0001"))
	require.Empty(t, PhoneReadings("shop-ada"))
}
