package server

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"strings"
	"testing"
)

// The pages kept never hold more than the limit, however many are asked
// for; a page too large to be worth keeping is not kept.
func TestPageCacheStaysWithinItsLimit(t *testing.T) {
	c := newPageCache(64 << 10)
	page := func(n int) []byte {
		return []byte(strings.Repeat("x", n) + "<script nonce=\"" + c.nonceSlot + "\"></script><a href=\"" + c.backSlot + "\">")
	}
	for i := range 1000 {
		kept, _ := c.cut(page(3000+i%500), new(bytes.Buffer), i%2 == 0)
		c.keep(pageKey{path: fmt.Sprint("/organizacje/", i)}, kept)
		if c.size > c.limit {
			t.Fatalf("after %d pages %d bytes kept, limit %d", i+1, c.size, c.limit)
		}
	}
	if len(c.pages) < 10 {
		t.Errorf("only %d pages kept in %d bytes", len(c.pages), c.limit)
	}
	sum := 0
	for _, p := range c.pages {
		sum += p.size
	}
	if sum != c.size {
		t.Errorf("size says %d bytes, the pages hold %d", c.size, sum)
	}
	big := make([]byte, c.limit/8)
	rand.Read(big) // what does not compress
	kept, _ := c.cut(big, new(bytes.Buffer), false)
	c.keep(pageKey{path: "/big"}, kept)
	if c.pages[pageKey{path: "/big"}] != nil {
		t.Error("a page of the whole limit was kept")
	}
	// A kept page comes back whole, with each slot filled, compressed or
	// plain.
	for _, plain := range []bool{false, true} {
		var buf, scratch bytes.Buffer
		kept, _ = c.cut(page(10), new(bytes.Buffer), plain)
		rest, err := kept.decode(&scratch)
		kept.put(&buf, rest, func(slot byte) { fmt.Fprintf(&buf, "[%d]", slot) })
		if want := strings.Repeat("x", 10) + "<script nonce=\"[0]\"></script><a href=\"[1]\">"; err != nil || buf.String() != want {
			t.Errorf("kept page (plain %v) %q (%v), want %q", plain, buf.String(), err, want)
		}
	}
}
