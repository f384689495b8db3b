package accounts

import (
	"crypto/rand"
	"strings"
)

// Alphabet is what generated passwords are made of: digits and letters
// without the ones that look alike in many fonts (0, O and o; 1, l and I),
// so that a password read aloud, written down or copied from a screen
// comes out right. 56 symbols: log2(56) ≈ 5.8 bits each.
const Alphabet = "23456789" +
	"ABCDEFGHJKLMNPQRSTUVWXYZ" +
	"abcdefghijkmnpqrstuvwxyz"

// GeneratedPasswordLength gives a generated password 20 × 5.8 ≈ 116 bits
// of entropy: beyond any guessing, and still short enough to type once
// before changing it.
const GeneratedPasswordLength = 20

// GeneratePassword returns a random password of GeneratedPasswordLength
// characters from Alphabet (crypto/rand), for a new account or a reset;
// the user is made to change it (User.MustChangePassword).
func GeneratePassword() string {
	return randomString(Alphabet, GeneratedPasswordLength)
}

// randomString returns n characters drawn uniformly from alphabet (ASCII,
// at most 256 symbols) with crypto/rand. Bytes at or above the largest
// multiple of len(alphabet) are thrown away, so that the remainder does not
// favour the first symbols.
func randomString(alphabet string, n int) string {
	limit := 256 - 256%len(alphabet)
	var b strings.Builder
	b.Grow(n)
	buf := make([]byte, 2*n)
	for b.Len() < n {
		rand.Read(buf) // never fails (crypto/rand, Go 1.24+)
		for _, c := range buf {
			if int(c) < limit && b.Len() < n {
				b.WriteByte(alphabet[int(c)%len(alphabet)])
			}
		}
	}
	return b.String()
}
