package people

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/waybill/waybill/internal/errs"
)

// MinPasswordLength is NIST SP 800-63B's advice for a password chosen
// without composition rules, raised to 12 as OWASP suggests for staff.
const MinPasswordLength = 12

// maxPasswordLength bounds the work one hash costs (argon2 reads it all).
const maxPasswordLength = 256

// commonPasswords is the ranked list of 30,000 passwords seen most in
// breaches (Xato's 10 million corpus) that zxcvbn 4.4.2 ships, extracted by
// scripts/vendor-assets.sh; one lower-case password per line.
//
//go:embed common_passwords.txt
var commonPasswords string

var common = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 30000)
	sc := bufio.NewScanner(strings.NewReader(commonPasswords))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			set[w] = struct{}{}
		}
	}
	return set
})

// CheckPassword applies the rules a new password must meet: long enough,
// not absurdly long, and not one attackers try first. Errors name field.
func CheckPassword(field, password string) error {
	var f errs.Fields
	n := utf8.RuneCountInString(password)
	switch {
	case !utf8.ValidString(password) || strings.ContainsRune(password, 0):
		f.Add(field, errs.CodeFormat, "the password must be text without NUL characters")
	case n < MinPasswordLength:
		f.Add(field, errs.CodeOutOfRange, "the password must be at least %d characters, got %d", MinPasswordLength, n)
	case len(password) > maxPasswordLength:
		f.Add(field, errs.CodeTooLong, "the password must be at most %d bytes", maxPasswordLength)
	case isCommon(password):
		f.Add(field, "common_password", "this password is on a list of passwords attackers try first; choose another")
	}
	return f.Err()
}

func isCommon(password string) bool {
	_, ok := common()[strings.ToLower(password)]
	return ok
}

// The argon2id parameters are OWASP's first recommendation (m=19 MiB, t=2,
// p=1): about 30 ms on one core, which bounds guessing at the server.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// HashPassword returns the PHC-style encoding of an argon2id hash of
// password with a fresh salt, carrying its parameters so that they can be
// raised later without invalidating stored hashes.
func HashPassword(password string) string {
	salt := make([]byte, argonSaltLen)
	_, _ = rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// VerifyPassword reports whether password matches encoded, comparing in
// constant time. A malformed encoding (or ” for no password yet) never
// matches.
func VerifyPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var memory, iterations uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &iterations, &threads); err != nil ||
		memory == 0 || memory > 1<<20 || iterations == 0 || iterations > 16 || threads == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 64 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, iterations, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when no account matches, so that a
// sign-in with an unknown e-mail costs as long as one with a wrong password.
var dummyHash = sync.OnceValue(func() string { return HashPassword("no such account, no such password") })
