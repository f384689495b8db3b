package store

import (
	"errors"
	"iter"
	"slices"
	"sync/atomic"
	"testing"
)

// numbers yields 0 … n-1, then err if not nil, and records that it ended.
func numbers(n int, err error, ended *atomic.Bool) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		defer ended.Store(true)
		for i := range n {
			if !yield(i, nil) {
				return
			}
		}
		if err != nil {
			yield(0, err)
		}
	}
}

func TestAheadKeepsOrderErrorsAndEndsWithTheWalk(t *testing.T) {
	var ended atomic.Bool
	var got []int
	for v, err := range ahead(numbers(1000, nil, &ended), 7) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	want := make([]int, 1000)
	for i := range want {
		want[i] = i
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %d items out of order or missing", len(got))
	}
	if !ended.Load() {
		t.Error("the walk returned before its source ended")
	}

	broken := errors.New("broken row")
	ended.Store(false)
	var last error
	n := 0
	for _, err := range ahead(numbers(10, broken, &ended), 4) {
		if err != nil {
			last = err
			break
		}
		n++
	}
	if n != 10 || !errors.Is(last, broken) {
		t.Errorf("got %d items and %v, want 10 and the source's error", n, last)
	}

	// A caller that stops early stops the source too, before the walk
	// returns: the source may share the caller's connection.
	ended.Store(false)
	for v := range ahead(numbers(1_000_000, nil, &ended), 16) {
		if v == 3 {
			break
		}
	}
	if !ended.Load() {
		t.Error("the source still ran after the caller stopped")
	}
}
