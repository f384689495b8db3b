package server

import (
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
		c.keep(pageKey{path: fmt.Sprint("/organizacje/", i)}, c.cut(page(3000+i%500)))
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
	c.keep(pageKey{path: "/big"}, c.cut(page(c.limit)))
	if c.pages[pageKey{path: "/big"}] != nil {
		t.Error("a page of the whole limit was kept")
	}
	p := c.cut(page(10))
	if len(p.parts) != 3 || string(p.slots) != string([]byte{slotNonce, slotBack}) || string(p.parts[1]) != "\"></script><a href=\"" {
		t.Errorf("cut into %q at %v", p.parts, p.slots)
	}
}
