package accounts

import (
	"fmt"
	"sync"

	"github.com/alexedwards/argon2id"
)

// Params are the argon2id parameters of new password hashes: the OWASP
// Password Storage Cheat Sheet's first configuration (m=19 MiB, t=2, p=1),
// which costs an attacker with the hashes memory as well as time while a
// login stays well under a tenth of a second on a small server. The salt
// (16 bytes) and the key (32 bytes) are the lengths RFC 9106 recommends.
//
// Every hash records its own parameters, so old hashes keep verifying when
// these change; NeedsRehash tells the login to store a new hash then.
var Params = argon2id.Params{
	Memory:      19 * 1024, // KiB
	Iterations:  2,
	Parallelism: 1,
	SaltLength:  16,
	KeyLength:   32,
}

// HashPassword returns the argon2id hash of pw with Params and a random
// salt, in the PHC string form ("$argon2id$v=19$m=19456,t=2,p=1$salt$key")
// that VerifyPassword reads. Check the password with CheckPassword first.
func HashPassword(pw string) (string, error) {
	p := Params
	h, err := argon2id.CreateHash(pw, &p)
	if err != nil {
		return "", fmt.Errorf("hashing a password: %w", err)
	}
	return h, nil
}

// VerifyPassword reports whether pw matches hash, comparing in constant
// time. An error means the hash cannot be read (a corrupted row), not a
// wrong password, which is match == false with a nil error.
func VerifyPassword(pw, hash string) (match bool, err error) {
	match, err = argon2id.ComparePasswordAndHash(pw, hash)
	if err != nil {
		return false, fmt.Errorf("verifying a password: %w", err)
	}
	return match, nil
}

// NeedsRehash reports whether hash was made with parameters other than
// Params (or cannot be read), so that after a successful login the
// password, known at that moment only, is hashed again with the current
// ones.
func NeedsRehash(hash string) bool {
	p, _, _, err := argon2id.DecodeHash(hash)
	if err != nil {
		return true
	}
	return *p != Params
}

// dummyHash is a hash of a random password, made with Params on first use,
// that nobody can match.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword(GeneratePassword())
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return h
})

// DummyVerify spends on pw the time VerifyPassword spends on a real hash,
// and throws the result away. The login calls it when no account has the
// e-mail address typed, so that the answer takes as long as for a wrong
// password and its timing does not reveal which addresses have accounts.
func DummyVerify(pw string) {
	_, _ = argon2id.ComparePasswordAndHash(pw, dummyHash())
}
