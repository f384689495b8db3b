package components

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/a-h/templ"
)

// A Stencil is a part of a page that is the same for every request of a
// publication and language but for a few places, its slots: rendered once
// with a mark in each slot (Mark), cut at the marks, and written for each
// request as its fixed runs of HTML with the request's own parts between
// them (Fill). A results page is mostly labels, hints, links and lists
// that no search changes; rendering them once instead of for each request
// is most of what rendering the page costs.
type Stencil struct {
	runs  []string // the HTML between the slots: len(slots)+1 runs
	slots []int    // the slot written after each run but the last
}

// A Slot is one request's part of a stencil: a component, or else a text
// written escaped (as templ writes { text } and attribute values). A text
// in an href is escaped only, as templ.SafeURL is: it must be an address
// the caller made, never one it was given.
type Slot struct {
	C    templ.Component
	Text string
}

// The mark of slot i is a NUL byte, its number and a NUL byte. No page
// holds a NUL otherwise (requests with one are refused, and no text a page
// shows can hold one), and escaping leaves it as it is, so a mark can also
// stand in an attribute's value.
func Mark(i int) string { return "\x00" + strconv.Itoa(i) + "\x00" }

var errStencil = errors.New("stencil: a mark is broken or unknown")

// MakeStencil renders c, whose slots are written as Mark(0) … Mark(n-1)
// (a slot may stand in several places, and a part of the page that is not
// there for this publication leaves its slots out), and cuts it at them.
func MakeStencil(ctx context.Context, c templ.Component, n int) (Stencil, error) {
	var b strings.Builder
	if err := c.Render(ctx, &b); err != nil {
		return Stencil{}, err
	}
	html := b.String()
	var s Stencil
	for {
		i := strings.IndexByte(html, 0)
		if i < 0 {
			break
		}
		j := strings.IndexByte(html[i+1:], 0)
		if j < 0 {
			return Stencil{}, errStencil
		}
		slot, err := strconv.Atoi(html[i+1 : i+1+j])
		if err != nil || slot < 0 || slot >= n {
			return Stencil{}, errStencil
		}
		s.runs = append(s.runs, html[:i])
		s.slots = append(s.slots, slot)
		html = html[i+j+2:]
	}
	s.runs = append(s.runs, html)
	return s, nil
}

// Fill writes the stencil with slots[i] in the place of Mark(i).
func (s Stencil) Fill(ctx context.Context, w io.Writer, slots []Slot) error {
	for k, run := range s.runs {
		if _, err := io.WriteString(w, run); err != nil {
			return err
		}
		if k == len(s.slots) {
			break
		}
		var err error
		if sl := slots[s.slots[k]]; sl.C != nil {
			err = sl.C.Render(ctx, w)
		} else {
			err = Text(sl.Text).Render(ctx, w)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// StencilMemo keeps stencils made for one version of the publication, by
// a key of the caller's (the language and the directory's address, say);
// its zero value is ready to use.
type StencilMemo = VersionMemo[Stencil]

// A VersionMemo keeps what was made of one version of the publication, by
// a key of the caller's; its zero value is ready to use. What is made of
// another version replaces it all: for a moment requests of two
// publications may alternate, and each then makes its own again.
type VersionMemo[V any] struct {
	mu      sync.Mutex
	version string
	made    map[string]V
}

// Get returns what is kept under version and key, making it with build
// when there is nothing.
func (m *VersionMemo[V]) Get(version, key string, build func() (V, error)) (V, error) {
	m.mu.Lock()
	if m.version == version {
		if v, ok := m.made[key]; ok {
			m.mu.Unlock()
			return v, nil
		}
	}
	m.mu.Unlock()
	v, err := build()
	if err != nil {
		var zero V
		return zero, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.version != version || m.made == nil {
		m.version, m.made = version, map[string]V{}
	}
	m.made[key] = v
	return v, nil
}
