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
	magic = "PORTAL-INDEX"
	// 3: the synonyms and the written forms of words with Polish letters;
	// 4: records carry the confidential-address flag; 5: a record's
	// summary holds the phones (results show the first); 6: records carry
	// the Ukrainian and English descriptions and hours notes, which the
	// text postings hold too; 7: records hold repeated values by number in
	// the shared strings, and a UUID as 16 bytes.
	version = 7
)

// firstRead is how much of a payload Read takes before it allocates room
// for the size its header declares (a variable for the tests).
var firstRead uint64 = 16 << 20

// maxPayload bounds what Read accepts (a directory of a million
// organisations is far below it).
const maxPayload = 4 << 30

// WriteTo writes the index's encoding to w.
func (x *Index) WriteTo(w io.Writer) (int64, error) {
	var p bytes.Buffer
	// The records and a margin for the rest, once, not grown by doubling.
	p.Grow(len(x.recs) + len(x.recs)/4)
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
	// The strings records share, then the records in document order.
	e.strs(x.shared)
	e.uint(uint64(x.Len()))
	for n := range uint32(x.Len()) {
		r := x.record(n)
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
	for _, p := range append(slices.Clip(x.docs), x.names...) {
		if p.bm != nil {
			e.uint(0)
			if err := bitmaps(p.bm); err != nil {
				return 0, err
			}
			continue
		}
		e.uint(uint64(len(p.list)) + 1) // 0 marks a bitmap
		prev := uint32(0)
		for _, n := range p.list {
			e.uint(uint64(n - prev))
			prev = n
		}
		if len(e.b) > 1<<16 {
			flush()
		}
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
	// The synonyms, as staff wrote them (analysed when read), and the
	// written forms, by word position.
	e.uint(uint64(len(x.vocab.Synonyms)))
	for _, syn := range x.vocab.Synonyms {
		e.str(syn.Word)
		e.strs(syn.Alternatives)
	}
	shown := make([]uint32, 0, len(x.shown))
	for i := range x.shown {
		shown = append(shown, i)
	}
	slices.Sort(shown)
	e.uint(uint64(len(shown)))
	prev := uint32(0)
	for _, i := range shown {
		e.uint(uint64(i - prev))
		e.str(x.shown[i])
		prev = i
		if len(e.b) > 1<<16 {
			flush()
		}
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
	// The records and bitmaps point into the payload: it ends up in one
	// allocation of its exact size. A large one is allocated only once its
	// first 16 MB have really come: a header that lies about a small input
	// costs nothing, one whose first 16 MB are real up to maxPayload (an
	// index is read from the portal's own artifact, checked by the
	// checksum below). The rest is read into place: reading it all in parts
	// and joining them held the payload twice over, beside the publication
	// being replaced (80 MB more at the switch, at 100 000 organisations).
	first := make([]byte, min(size, firstRead))
	if _, err := io.ReadFull(br, first); err != nil {
		return nil, fmt.Errorf("index cut short: %w", err)
	}
	p := first
	if size > uint64(len(first)) {
		p = make([]byte, size)
		copy(p, first)
		if _, err := io.ReadFull(br, p[len(first):]); err != nil {
			return nil, fmt.Errorf("index cut short: %w", err)
		}
	}
	if crc32.ChecksumIEEE(p) != sum {
		return nil, errors.New("index checksum does not match")
	}
	x, err := decodeIndex(slices.Clip(p))
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
	x.shared = d.strs()
	n := d.count()
	// The records stay where they are, in the payload: x.recs is the
	// payload and x.at their places in it.
	x.recs = b
	x.at = make([]uint32, 0, min(n, len(b)))
	for range n {
		x.at = append(x.at, uint32(len(b)-len(d.b)))
		d.bytes()
		if d.err != nil {
			return nil, d.err
		}
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
	// The short lists share one allocation too.
	var flat []uint32
	type span struct{ at, n int }
	lists := make([]span, 0, min(2*len(x.words), len(d.b)))
	ps := make([]postings, 0, cap(lists))
	for range 2 * len(x.words) {
		if d.err != nil {
			break
		}
		k := d.count()
		if k == 0 {
			ps = append(ps, postings{bm: bitmap()})
			lists = append(lists, span{})
			continue
		}
		k-- // a list of k-1 numbers
		at, prev := len(flat), uint64(0)
		for range k {
			prev += d.uint()
			if prev >= uint64(n) {
				d.err = errRecord
				break
			}
			flat = append(flat, uint32(prev))
		}
		ps = append(ps, postings{})
		lists = append(lists, span{at, k})
	}
	if d.err != nil || len(ps) != 2*len(x.words) {
		return nil, errRecord
	}
	for i, l := range lists {
		if ps[i].bm == nil {
			ps[i].list = flat[l.at : l.at+l.n : l.at+l.n]
		}
	}
	x.docs, x.names = ps[:len(x.words)], ps[len(x.words):]
	x.all, x.volunteers, x.interns = bitmap(), bitmap(), bitmap()
	x.categories, x.groups, x.districts = named(), named(), named()
	x.cuts = make([]int, 0, min(d.count(), len(d.b)))
	for range cap(x.cuts) {
		x.cuts = append(x.cuts, int(d.uint()))
	}
	if len(x.cuts) > 0 {
		x.open = bitmaps(len(x.cuts) - 1)
	}
	for range d.count() {
		x.vocab.Synonyms = append(x.vocab.Synonyms, directory.Synonym{Word: d.str(), Alternatives: d.strs()})
	}
	x.shown = map[uint32]string{}
	at := uint64(0)
	for range d.count() {
		at += d.uint()
		form := d.str()
		if at >= uint64(len(x.words)) {
			d.err = errRecord
			break
		}
		x.shown[uint32(at)] = form
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(d.b) != 0 ||
		len(x.cuts) < 2 || len(x.open) != len(x.cuts)-1 || !slices.IsSorted(x.cuts) || !slices.IsSorted(x.words) {
		return nil, errRecord
	}
	// Every bitmap names documents of this index only.
	inRange := func(bs ...*roaring.Bitmap) bool {
		for _, b := range bs {
			if !b.IsEmpty() && b.Maximum() >= uint32(x.Len()) {
				return false
			}
		}
		return true
	}
	ok := x.all.GetCardinality() == uint64(x.Len()) && inRange(x.all, x.volunteers, x.interns) &&
		inRange(x.open...)
	for _, p := range ps {
		ok = ok && (p.bm == nil || inRange(p.bm))
	}
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
	x.grams = newTrigramIndex(x.words)
	x.synonyms = analyseSynonyms(x.vocab.Synonyms)
	x.mapSlugs()
	x.internLists()
	return x, nil
}
