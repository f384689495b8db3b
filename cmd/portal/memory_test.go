package main

import (
	"runtime"
	"testing"
)

// The soft memory limit follows what stays in memory: never below the
// default, and the live heap plus some headroom once that is larger.
func TestMemoryLimitFollowsTheLiveHeap(t *testing.T) {
	if got := memoryLimit(10 << 20); got != defaultMemoryLimit {
		t.Errorf("a small heap: %d, want the default %d", got, defaultMemoryLimit)
	}
	keep := make([][]byte, 0, 200)
	for range 200 {
		keep = append(keep, make([]byte, 1<<20))
	}
	runtime.GC()
	live := heapLive()
	if live < 200<<20 {
		t.Fatalf("200 MiB held, the live heap reads %d", live)
	}
	if got := memoryLimit(live); got < int64(live)+heapHeadroom {
		t.Errorf("a live heap of %d: limit %d, leaves less than %d above it", live, got, heapHeadroom)
	}
	runtime.KeepAlive(keep)
}
