package accounts

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"unicode"
)

// RecoveryAlphabet is what recovery codes are made of: the lower-case
// symbols of Alphabet (digits 2–9 and letters without l and o). Recovery
// codes are compared without regard to case, because people retype them
// from paper, so Alphabet's capitals would add no entropy; 32 symbols give
// 5 bits each.
const RecoveryAlphabet = "23456789abcdefghijkmnpqrstuvwxyz"

// recoveryLength is the number of symbols in a recovery code: 10 × 5 = 50
// bits, shown as two groups of five ("xxxxx-xxxxx").
const recoveryLength = 10

// NewRecoveryCodes makes n distinct one-time recovery codes for a user who
// loses the authenticator. codes are shown to the user once, as
// "xxxxx-xxxxx"; hashes (HashRecoveryCode of each, in the same order) are
// what is stored.
func NewRecoveryCodes(n int) (codes []string, hashes []string, err error) {
	if n < 1 {
		return nil, nil, errors.New("recovery codes: n must be positive")
	}
	seen := make(map[string]bool, n)
	for len(codes) < n {
		raw := randomString(RecoveryAlphabet, recoveryLength)
		if seen[raw] {
			continue // never in practice, but the codes must be distinct
		}
		seen[raw] = true
		codes = append(codes, raw[:recoveryLength/2]+"-"+raw[recoveryLength/2:])
		hashes = append(hashes, HashRecoveryCode(raw))
	}
	return codes, hashes, nil
}

// HashRecoveryCode returns the hash stored for a recovery code: hex
// SHA-256 of the code in lower case without dashes and spaces, so that
// "ABCDE-FGHJK", "abcde fghjk" and "abcdefghjk" are the same code.
//
// A fast, unsalted hash is enough here, unlike for passwords: the codes are
// random, not chosen by people, with 50 bits of entropy, so there is no
// dictionary to try and no two users share a code. Online, the login
// throttle allows a handful of guesses against 2^50. Offline, someone who
// has the table also has the TOTP secret in the same row, which a cracked
// recovery code would only replace, and still needs the password, hashed
// with argon2id. And the hash can be looked up directly (it is part of
// the primary key), which a salted slow hash would not allow.
func HashRecoveryCode(typed string) string {
	norm := strings.Map(func(r rune) rune {
		if r == '-' || r == '‐' || r == '–' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, typed)
	sum := sha256.Sum256([]byte(norm))
	return hex.EncodeToString(sum[:])
}
