package published

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/mopr-leszno/portal/internal/directory"
)

// The encoded index: the magic, the format version, the payload's length
// and CRC-32, then the payload (length-prefixed sections). Read refuses
// anything else with an error; a changed format gets a new version, and an
// instance rebuilds nothing itself: publishing builds with the format the
// publishing binary knows.
const (
	magic   = "PORTAL-INDEX"
	version = 1
)

// maxPayload bounds what Read accepts (a directory of a million
// organisations is far below it).
const maxPayload = 4 << 30

// WriteTo writes the index's encoding to w.
func (x *Index) WriteTo(w io.Writer) (int64, error) {
	var p bytes.Buffer
	e := &recordWriter{}
	flush := func() { p.Write(e.b); e.b = e.b[:0] }

	// The controlled lists.
	e.uint(uint64(len(x.vocab.Categories)))
	for _, c := range x.vocab.Categories {
		e.str(c.Slug)
		e.str(c.Name)
		e.str(c.Parent)
	}
	e.uint(uint64(len(x.vocab.TargetGroups)))
	for _, g := range x.vocab.TargetGroups {
		e.str(g.Slug)
		e.str(g.Name)
	}
	e.uint(uint64(len(x.vocab.Districts)))
	for _, d := range x.vocab.Districts {
		e.str(d.Slug)
		e.str(d.Name)
	}
	// The records, in document order.
	e.uint(uint64(len(x.records)))
	for _, r := range x.records {
		e.uint(uint64(len(r)))
		e.b = append(e.b, r...)
		if len(e.b) > 1<<16 {
			flush()
		}
	}
	// The words and their postings.
	e.strs(x.words)
	flush()
	bitmaps := func(bs ...*roaring.Bitmap) error {
		for _, b := range bs {
			e.uint(b.GetSerializedSizeInBytes())
			flush()
			if _, err := b.WriteTo(&p); err != nil {
				return err
			}
		}
		return nil
	}
	named := func(m map[string]*roaring.Bitmap) error {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		e.uint(uint64(len(keys)))
		for _, k := range keys {
			e.str(k)
			if err := bitmaps(m[k]); err != nil {
				return err
			}
		}
		return nil
	}
	if err := bitmaps(x.docs...); err != nil {
		return 0, err
	}
	if err := bitmaps(x.names...); err != nil {
		return 0, err
	}
	if err := bitmaps(x.all, x.volunteers, x.interns); err != nil {
		return 0, err
	}
	for _, m := range []map[string]*roaring.Bitmap{x.categories, x.groups, x.districts} {
		if err := named(m); err != nil {
			return 0, err
		}
	}
	e.uint(uint64(len(x.cuts)))
	for _, c := range x.cuts {
		e.uint(uint64(c))
	}
	if err := bitmaps(x.open...); err != nil {
		return 0, err
	}
	flush()

	var head []byte
	head = append(head, magic...)
	head = binary.BigEndian.AppendUint32(head, version)
	head = binary.BigEndian.AppendUint64(head, uint64(p.Len()))
	head = binary.BigEndian.AppendUint32(head, crc32.ChecksumIEEE(p.Bytes()))
	n, err := w.Write(head)
	if err != nil {
		return int64(n), err
	}
	m, err := p.WriteTo(w)
	return int64(n) + m, err
}

// Read decodes an index written by WriteTo. Input that is not one — cut
// short, corrupted, of another version — is an error, never a panic.
func Read(r io.Reader) (*Index, error) {
	br := bufio.NewReader(r)
	head := make([]byte, len(magic)+4+8+4)
	if _, err := io.ReadFull(br, head); err != nil {
		return nil, fmt.Errorf("index header: %w", err)
	}
	if string(head[:len(magic)]) != magic {
		return nil, errors.New("not a publication index")
	}
	rest := head[len(magic):]
	if v := binary.BigEndian.Uint32(rest); v != version {
		return nil, fmt.Errorf("index format %d, this portal reads %d", v, version)
	}
	size := binary.BigEndian.Uint64(rest[4:])
	sum := binary.BigEndian.Uint32(rest[12:])
	if size > maxPayload {
		return nil, fmt.Errorf("index of %d bytes", size)
	}
	var p bytes.Buffer
	if _, err := io.CopyN(&p, br, int64(size)); err != nil {
		return nil, fmt.Errorf("index cut short: %w", err)
	}
	if crc32.ChecksumIEEE(p.Bytes()) != sum {
		return nil, errors.New("index checksum does not match")
	}
	x, err := decodeIndex(p.Bytes())
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	return x, nil
}

func decodeIndex(b []byte) (x *Index, err error) {
	d := &recordReader{b: b}
	x = &Index{counts: map[string]int{}}
	for range d.count() {
		x.vocab.Categories = append(x.vocab.Categories, directory.Category{Slug: d.str(), Name: d.str(), Parent: d.str()})
	}
	for range d.count() {
		x.vocab.TargetGroups = append(x.vocab.TargetGroups, directory.TargetGroup{Slug: d.str(), Name: d.str()})
	}
	for range d.count() {
		x.vocab.Districts = append(x.vocab.Districts, directory.District{Slug: d.str(), Name: d.str()})
	}
	n := d.count()
	x.records = make([][]byte, 0, n)
	x.bySlug = make(map[string]uint32, n)
	// The records share one allocation: the payload itself.
	for i := range n {
		rec := d.bytes()
		if d.err != nil {
			return nil, d.err
		}
		x.records = append(x.records, rec)
		x.bySlug[decodeSummary(rec).Slug] = uint32(i)
	}
	x.words = d.strs()
	bitmap := func() *roaring.Bitmap {
		raw := d.bytes()
		b := roaring.New()
		if d.err == nil {
			if _, err := b.FromBuffer(raw); err != nil {
				d.err = err
			} else if err := b.Validate(); err != nil {
				d.err = err
			}
		}
		return b
	}
	bitmaps := func(n int) []*roaring.Bitmap {
		out := make([]*roaring.Bitmap, 0, min(n, len(d.b)))
		for range n {
			if d.err != nil {
				break
			}
			out = append(out, bitmap())
		}
		return out
	}
	named := func() map[string]*roaring.Bitmap {
		m := map[string]*roaring.Bitmap{}
		for range d.count() {
			k := d.str()
			m[k] = bitmap()
		}
		return m
	}
	x.docs = bitmaps(len(x.words))
	x.names = bitmaps(len(x.words))
	x.all, x.volunteers, x.interns = bitmap(), bitmap(), bitmap()
	x.categories, x.groups, x.districts = named(), named(), named()
	x.cuts = make([]int, 0, min(d.count(), len(d.b)))
	for range cap(x.cuts) {
		x.cuts = append(x.cuts, int(d.uint()))
	}
	if len(x.cuts) > 0 {
		x.open = bitmaps(len(x.cuts) - 1)
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(d.b) != 0 || len(x.docs) != len(x.words) || len(x.names) != len(x.words) ||
		len(x.cuts) < 2 || len(x.open) != len(x.cuts)-1 || !slices.IsSorted(x.cuts) || !slices.IsSorted(x.words) {
		return nil, errRecord
	}
	// Every bitmap names documents of this index only.
	inRange := func(bs ...*roaring.Bitmap) bool {
		for _, b := range bs {
			if !b.IsEmpty() && b.Maximum() >= uint32(len(x.records)) {
				return false
			}
		}
		return true
	}
	ok := x.all.GetCardinality() == uint64(len(x.records)) && inRange(x.all, x.volunteers, x.interns) &&
		inRange(x.docs...) && inRange(x.names...) && inRange(x.open...)
	for _, m := range []map[string]*roaring.Bitmap{x.categories, x.groups, x.districts} {
		for _, b := range m {
			ok = ok && inRange(b)
		}
	}
	if !ok {
		return nil, errRecord
	}
	for slug, b := range x.categories {
		x.counts[slug] = int(b.GetCardinality())
	}
	x.grams = trigramIndex(x.words)
	return x, nil
}
