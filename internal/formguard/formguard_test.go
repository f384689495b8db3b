package formguard

import (
	"errors"
	"testing"
	"time"
)

var key = []byte("0123456789abcdef0123456789abcdef")

func TestCheck(t *testing.T) {
	shown := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	s := Stamp(key, shown)
	for _, c := range []struct {
		name  string
		key   []byte
		stamp string
		after time.Duration
		want  error
	}{
		{"in time", key, s, 10 * time.Second, nil},
		{"too fast", key, s, time.Second, ErrTooFast},
		{"expired", key, s, 25 * time.Hour, ErrExpired},
		{"other key", []byte("another key of thirty-two bytes!"), s, 10 * time.Second, ErrInvalid},
		{"changed time", key, "1" + s, 10 * time.Second, ErrInvalid},
		{"empty", key, "", 10 * time.Second, ErrInvalid},
		{"no signature", key, "1795000000", 10 * time.Second, ErrInvalid},
		{"leading zero", key, "0" + s, 10 * time.Second, ErrInvalid},
	} {
		_, err := Check(c.key, c.stamp, shown.Add(c.after), 3*time.Second, 24*time.Hour)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

func FuzzCheck(f *testing.F) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	f.Add(Stamp(key, now.Add(-time.Minute)))
	f.Add("123.abc")
	f.Add("-1.x")
	f.Add("..")
	f.Fuzz(func(t *testing.T, stamp string) {
		shown, err := Check(key, stamp, now, 3*time.Second, 24*time.Hour)
		if err == nil {
			// Only a stamp we made can pass: making it again gives it back.
			if Stamp(key, shown) != stamp {
				t.Fatalf("accepted %q, which is not our stamp of %v", stamp, shown)
			}
		}
	})
}
