package accounts

import (
	"testing"
	"time"
)

func TestThrottleWaitsGrowAndStop(t *testing.T) {
	for failures, want := range map[int]time.Duration{
		0: 0, 4: 0, 5: time.Minute, 6: 2 * time.Minute, 8: 8 * time.Minute, 11: time.Hour, 500: time.Hour,
	} {
		if got := PairWait(failures); got != want {
			t.Errorf("PairWait(%d) = %v, want %v", failures, got, want)
		}
	}
	for failures, want := range map[int]time.Duration{
		5: 0, 19: 0, 20: time.Minute, 24: time.Minute, 25: 2 * time.Minute, 35: 8 * time.Minute, 40: 15 * time.Minute, 1 << 20: 15 * time.Minute,
	} {
		if got := AccountWait(failures); got != want {
			t.Errorf("AccountWait(%d) = %v, want %v", failures, got, want)
		}
	}
	if SignInKey(" Ewa@Example.org") != SignInKey("ewa@example.org") || SignInKey("ewa@example.org") == SignInKey("ola@example.org") {
		t.Error("SignInKey does not follow the normalised address")
	}
}
