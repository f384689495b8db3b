package main

import (
	"runtime"
	"testing"
)

// The soft memory limit follows what stays in memory: never below the
// default, and half as much again as the live heap once that is larger.
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
	if got := memoryLimit(live); got < int64(live)*3/2 {
		t.Errorf("a live heap of %d: limit %d, less than half as much again", live, got)
	}
	runtime.KeepAlive(keep)
}
