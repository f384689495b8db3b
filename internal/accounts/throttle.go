package accounts

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Sign-in throttling (ASVS V2.2.1, V6.3.1): wrong passwords and codes slow
// down whoever sends them, never lock an account for everyone. There is
// no global lock: with one, anybody who knows a staff address could keep
// its owner out for good, five wrong passwords every fifteen minutes.
//
// Two counters of failures in a row, both cleared by a success and
// forgotten after FailureMemory without a failure:
//
//   - per account and client address: after PairFreeFailures the address
//     waits before its next try on that account, PairWait (1 minute,
//     doubling, at most an hour). Someone guessing from one address is
//     slowed down; the owner elsewhere is not affected.
//   - per account from every address: after AccountFreeFailures the
//     account takes at most one try per AccountWait (1 minute, doubling
//     every 5 failures, at most 15 minutes) from addresses it has not
//     been signed into from within KnownFor. Guessing one account's
//     password from many addresses is slowed to about a hundred tries a
//     day, while its owner, at an address they signed in from before,
//     still signs in at once; at a new address they wait at most
//     15 minutes, never for good.
//
// Both apply to unknown e-mail addresses in the same way, so that the
// answers do not tell which accounts exist. The per-address limit on
// sign-in requests (server) comes on top.
const (
	PairFreeFailures    = 5
	AccountFreeFailures = 20
	FailureMemory       = 24 * time.Hour
	KnownFor            = 90 * 24 * time.Hour
	maxPairWait         = time.Hour
	maxAccountWait      = 15 * time.Minute
)

// PairWait is how long an address waits before its next try on an
// account after failures in a row from it.
func PairWait(failures int) time.Duration {
	if failures < PairFreeFailures {
		return 0
	}
	return doubling(time.Minute, failures-PairFreeFailures, maxPairWait)
}

// AccountWait is how long an account makes unknown addresses wait between
// tries after failures in a row from all addresses.
func AccountWait(failures int) time.Duration {
	if failures < AccountFreeFailures {
		return 0
	}
	return doubling(time.Minute, (failures-AccountFreeFailures)/5, maxAccountWait)
}

func doubling(base time.Duration, times int, limit time.Duration) time.Duration {
	d := base
	for range times {
		if d >= limit {
			break
		}
		d *= 2
	}
	return min(d, limit)
}

// SignInKey is what the throttle stores for a sign-in name: a hash of the
// normalised address, not the address. Unknown names are throttled too,
// and what is typed as a name is sometimes a password.
func SignInKey(email string) string {
	sum := sha256.Sum256([]byte("portal sign-in\x00" + NormalizeEmail(email)))
	return hex.EncodeToString(sum[:])
}
