package paper

// CJKFontForTest exposes the embedded Chinese font to the external tests.
func CJKFontForTest() []byte { return cjkRegular }
