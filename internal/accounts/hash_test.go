package accounts

import (
	"strings"
	"testing"

	"github.com/alexedwards/argon2id"
)

// Each argon2id hash with Params takes some tens of milliseconds: the
// tests make only a few.
func TestHashAndVerifyPassword(t *testing.T) {
	const pw = "zażółć gęślą jaźń 42"
	hash, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q does not carry the OWASP parameters", hash)
	}
	if NeedsRehash(hash) {
		t.Error("NeedsRehash is true for a fresh hash")
	}

	tests := []struct {
		name, pw string
		want     bool
	}{
		{"right password", pw, true},
		{"wrong password", "zażółć gęślą jaźń 43", false},
		{"other case", strings.ToUpper(pw), false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		match, err := VerifyPassword(tt.pw, hash)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if match != tt.want {
			t.Errorf("%s: VerifyPassword = %v, want %v", tt.name, match, tt.want)
		}
	}

	other, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if other == hash {
		t.Error("two hashes of the same password are equal: no random salt")
	}
}

func TestNeedsRehashOtherParams(t *testing.T) {
	weak := argon2id.Params{Memory: 8 * 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	hash, err := argon2id.CreateHash("stare hasło 2019", &weak)
	if err != nil {
		t.Fatal(err)
	}
	if !NeedsRehash(hash) {
		t.Error("NeedsRehash is false for a hash with other params")
	}
	// An old hash still verifies: the parameters are read from it.
	if match, err := VerifyPassword("stare hasło 2019", hash); err != nil || !match {
		t.Errorf("VerifyPassword on an old hash = %v, %v; want true, nil", match, err)
	}
	for _, bad := range []string{"", "plain", "$2a$10$abcdefghijklmnopqrstuv", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$a2V5"} {
		if !NeedsRehash(bad) {
			t.Errorf("NeedsRehash(%q) = false for an unreadable hash", bad)
		}
		if match, err := VerifyPassword("whatever", bad); err == nil || match {
			t.Errorf("VerifyPassword(_, %q) = %v, %v; want false and an error", bad, match, err)
		}
	}
}

func TestDummyVerify(t *testing.T) {
	DummyVerify("any password at all") // must not panic
	if NeedsRehash(dummyHash()) {
		t.Error("the dummy hash is not made with Params, so it takes another time")
	}
}
