package address

// IsCountry reports whether code is an ISO 3166-1 alpha-2 country code
// (upper case) in the embedded address data, so settings that name
// countries refuse a code no address could have.
func IsCountry(code string) bool {
	_, ok, err := lookupCountry(code)
	return ok && err == nil
}
