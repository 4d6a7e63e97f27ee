package document

// CheckZPLForTest exposes the ZPL checker to the external tests.
func CheckZPLForTest(z []byte) error { return checkZPL(z) }
