package published

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/directory"
)

// An organisation is kept in the index as one byte slice, decoded when a
// page needs it: a hundred thousand records are then a hundred thousand
// objects for the garbage collector, not millions. A record starts with
// what a search result shows (decodeSummary reads only that part), then
// the rest of the organisation. Strings and lists are length-prefixed
// (uvarint), times are Unix nanoseconds (varint).
//
// What many organisations repeat is kept once, in the index's shared
// strings (see sharedStrings), and a record holds its number: the legal
// form, the city, the postal code, the district, every category and
// target group (names and slugs), accessibility features, languages, and
// the week of office hours as one encoded value. An id that is a UUID is
// its 16 bytes. At 100 000 organisations that takes the records from 36 to
// 20 MB, which every instance holds, twice while it switches publications.

// summaryRunes is how much of the description a result keeps: results show
// at most 220 characters, and one more tells that it was cut.
const summaryRunes = 221

// Record flags.
const (
	flagVolunteers = 1 << iota
	flagInterns
	flagExample
	flagPublicBenefit
	flagCoordinates
	flagVerified
	flagConfidential
	flagUUID // the id is 16 bytes, not a string
)

// sharedStrings numbers the strings records share while an index is
// built; number 0 is the empty string.
type sharedStrings struct {
	list []string
	num  map[string]uint64
}

func newSharedStrings() *sharedStrings {
	return &sharedStrings{list: []string{""}, num: map[string]uint64{"": 0}}
}

func (t *sharedStrings) number(s string) uint64 {
	n, ok := t.num[s]
	if !ok {
		n = uint64(len(t.list))
		t.list = append(t.list, s)
		t.num[s] = n
	}
	return n
}

type recordWriter struct {
	b      []byte
	shared *sharedStrings
}

func (w *recordWriter) uint(v uint64)       { w.b = binary.AppendUvarint(w.b, v) }
func (w *recordWriter) int(v int64)         { w.b = binary.AppendVarint(w.b, v) }
func (w *recordWriter) str(s string)        { w.uint(uint64(len(s))); w.b = append(w.b, s...) }
func (w *recordWriter) time(t time.Time)    { w.int(t.UnixNano()) }
func (w *recordWriter) strs(ss []string)    { w.list(ss, w.str) }
func (w *recordWriter) commons(ss []string) { w.list(ss, w.common) }

// common writes s by its number in the shared strings, commons a list of
// such.
func (w *recordWriter) common(s string) { w.uint(w.shared.number(s)) }

// list writes ss's length, then each with write.
func (w *recordWriter) list(ss []string, write func(string)) {
	w.uint(uint64(len(ss)))
	for _, s := range ss {
		write(s)
	}
}

func encodeRecord(o *directory.Organisation, v directory.Vocabulary, shared *sharedStrings) []byte {
	w := &recordWriter{b: make([]byte, 0, 256), shared: shared}
	flags := uint64(0)
	set := func(on bool, f uint64) {
		if on {
			flags |= f
		}
	}
	id, err := uuid.Parse(o.ID)
	isUUID := err == nil && id.String() == o.ID // as written, so read back the same
	set(o.TakesVolunteers, flagVolunteers)
	set(o.TakesInterns, flagInterns)
	set(o.Example, flagExample)
	set(o.PublicBenefit, flagPublicBenefit)
	set(o.Address.Latitude != nil && o.Address.Longitude != nil, flagCoordinates)
	set(o.VerifiedOn != nil, flagVerified)
	set(o.Address.Confidential, flagConfidential)
	set(isUUID, flagUUID)

	// The summary.
	w.str(o.Slug)
	w.str(o.Name)
	w.str(o.ShortName)
	w.common(string(o.LegalForm))
	w.str(o.Address.Street)
	w.common(o.Address.City)
	district := ""
	if o.Address.District != "" {
		district = v.DistrictName(o.Address.District)
	}
	w.common(district)
	w.list(o.Categories, func(c string) { w.common(v.CategoryName(c)) })
	w.strs(o.Phones) // a result shows the first
	w.uint(flags)
	// The week's hours, one shared value: most organisations keep one of a
	// few weeks.
	hours := &recordWriter{}
	var n int
	for wd := 1; wd <= 7; wd++ {
		n += len(o.Hours[wd].Intervals)
	}
	hours.uint(uint64(n))
	for wd := 1; wd <= 7; wd++ {
		for _, iv := range o.Hours[wd].Intervals {
			hours.uint(uint64(wd))
			hours.uint(uint64(iv.Opens))
			hours.uint(uint64(iv.Closes))
		}
	}
	w.common(string(hours.b))
	w.str(o.Description) // last of the summary: it is cut there
	w.str(o.DescriptionUK)
	w.str(o.DescriptionEN)

	// The rest.
	if isUUID {
		w.b = append(w.b, id[:]...)
	} else {
		w.str(o.ID)
	}
	w.str(o.KRS)
	w.str(o.NIP)
	w.str(o.REGON)
	w.common(o.Address.PostalCode)
	w.common(o.Address.District)
	if flags&flagCoordinates != 0 {
		w.uint(math.Float64bits(*o.Address.Latitude))
		w.uint(math.Float64bits(*o.Address.Longitude))
	}
	w.strs(o.Emails)
	w.str(o.Website)
	w.strs(o.Social)
	w.uint(uint64(len(o.Contacts)))
	for _, c := range o.Contacts {
		w.str(c.Name)
		w.str(c.Function)
		w.str(c.Phone)
		w.str(c.Email)
		if c.Consent {
			w.uint(1)
		} else {
			w.uint(0)
		}
		if c.ConsentOn != nil {
			w.uint(1)
			w.time(*c.ConsentOn)
		} else {
			w.uint(0)
		}
	}
	w.commons(o.Categories)
	w.commons(o.TargetGroups)
	for wd := 1; wd <= 7; wd++ {
		w.str(o.Hours[wd].Note)
	}
	w.str(o.HoursNote)
	w.commons(o.Accessibility)
	w.commons(o.Languages)
	w.str(o.VolunteerNote)
	if o.VerifiedOn != nil {
		w.time(*o.VerifiedOn)
	}
	w.time(o.CreatedAt)
	w.time(o.UpdatedAt)
	w.int(int64(o.Version))
	w.str(o.HoursNoteUK)
	w.str(o.HoursNoteEN)
	return w.b
}

var errRecord = errors.New("published: broken record")

// recordReader reads a record, with the index's shared strings; the first
// fault sticks and every later read returns zero values.
type recordReader struct {
	b      []byte
	shared []string
	// lists, when set, are the category lists the records hold, each
	// kept once (see Index.internLists): a summary's list is one of them,
	// read and never changed, instead of a list of its own.
	lists map[string][]string
	keep  bool // add a list not in lists to it (while the index is loaded)
	err   error
}

func (r *recordReader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errRecord
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *recordReader) int() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errRecord
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a length that must fit in what is left.
func (r *recordReader) count() int {
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.err = errRecord
		return 0
	}
	return int(n)
}

func (r *recordReader) bytes() []byte {
	n := r.count()
	if r.err != nil {
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

// str reads a string in place: the decoded organisation's strings share
// the record's memory instead of copying it (a results page decodes twenty
// records, a page a hundred strings). Records are never written after they
// are built or read, which is what makes the sharing safe; a string kept
// after its publication was replaced keeps that record's memory alive.
func (r *recordReader) str() string {
	b := r.bytes()
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

func (r *recordReader) strs() []string    { return r.list(r.str) }
func (r *recordReader) commons() []string { return r.list(r.common) }

// list reads a length, then as many strings with read.
func (r *recordReader) list(read func() string) []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for range n {
		out = append(out, read())
	}
	return out
}

// keptList reads a list of shared strings as commons does, returning
// the list kept for it in r.lists (a new one, should it not be there).
func (r *recordReader) keptList() []string {
	start := r.b
	n := r.count()
	if n == 0 {
		return nil
	}
	for range n {
		r.uint()
	}
	if r.err != nil {
		return nil
	}
	enc := start[:len(start)-len(r.b)]
	if l, ok := r.lists[string(enc)]; ok {
		return l
	}
	again := recordReader{b: enc, shared: r.shared}
	l := again.commons()
	if again.err != nil {
		r.err = again.err
		return nil
	}
	if r.keep {
		r.lists[string(enc)] = slices.Clip(l)
	}
	return l
}

// common reads a string written by its number in the shared strings.
func (r *recordReader) common() string {
	n := r.uint()
	if n >= uint64(len(r.shared)) {
		if r.err == nil {
			r.err = errRecord
		}
		return ""
	}
	return r.shared[n]
}

func (r *recordReader) time() time.Time { return time.Unix(0, r.int()).UTC() }

// summaryRecord is a result as a record holds it.
type summaryRecord struct {
	directory.Summary
	flags  uint64
	phones []string // only when read in full
}

// readSummary reads a record's summary, and the open minutes of its week
// appended to hours[:0] (so that a caller may lend room on its stack: they
// are a result of their own, for Go follows a struct as a whole).
func readSummary(r *recordReader, full bool, hours [][2]int) (summaryRecord, [][2]int) {
	var s summaryRecord
	hours = hours[:0]
	s.Slug = r.str()
	s.Name = r.str()
	s.ShortName = r.str()
	s.LegalForm = directory.LegalForm(r.common())
	s.Street = r.str()
	s.City = r.common()
	s.District = r.common()
	if full || r.lists == nil {
		s.Categories = r.commons()
	} else {
		s.Categories = r.keptList()
	}
	if full {
		s.phones = r.strs()
		if len(s.phones) > 0 {
			s.Phone = s.phones[0]
		}
	} else if n := r.count(); n > 0 {
		// A result shows the first number: skip the others without a list.
		s.Phone = r.str()
		for range n - 1 {
			r.bytes()
		}
	}
	s.flags = r.uint()
	s.TakesVolunteers = s.flags&flagVolunteers != 0
	s.TakesInterns = s.flags&flagInterns != 0
	s.Example = s.flags&flagExample != 0
	s.ConfidentialAddress = s.flags&flagConfidential != 0
	w := r.common()
	week := recordReader{b: unsafe.Slice(unsafe.StringData(w), len(w))} // read only, in place
	for range week.count() {
		wd, opens, closes := int(week.uint()), int(week.uint()), int(week.uint())
		base := (wd - 1) * 24 * 60
		hours = append(hours, [2]int{base + opens, base + closes})
	}
	if week.err != nil && r.err == nil {
		r.err = week.err
	}
	s.Description = summaryText(r.bytes(), full)
	s.DescriptionUK = summaryText(r.bytes(), full)
	s.DescriptionEN = summaryText(r.bytes(), full)
	return s, hours
}

// summaryText is a description as a result keeps it, read in place:
// unless full, no more than a result shows, cut before the first byte that
// starts a character past summaryRunes.
func summaryText(b []byte, full bool) string {
	if !full && len(b) > summaryRunes {
		runes := 0
		for i, c := range b {
			if utf8.RuneStart(c) {
				if runes == summaryRunes {
					b = b[:i]
					break
				}
				runes++
			}
		}
	}
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// decodeSummary reads the summary of record b; its category list is one
// of lists (when it is there), shared by every summary with that list.
func decodeSummary(b []byte, shared []string, lists map[string][]string, hours [][2]int) (summaryRecord, [][2]int) {
	return readSummary(&recordReader{b: b, shared: shared, lists: lists}, false, hours)
}

func decodeRecord(b []byte, shared []string) (*directory.Organisation, error) {
	r := &recordReader{b: b, shared: shared}
	s, hours := readSummary(r, true, nil)
	o := &directory.Organisation{
		Slug: s.Slug, Name: s.Name, ShortName: s.ShortName, LegalForm: s.LegalForm,
		Description: s.Description, DescriptionUK: s.DescriptionUK, DescriptionEN: s.DescriptionEN, TakesVolunteers: s.TakesVolunteers, TakesInterns: s.TakesInterns,
		Example: s.Example, PublicBenefit: s.flags&flagPublicBenefit != 0,
	}
	o.Address.Street, o.Address.City = s.Street, s.City
	o.Address.Confidential = s.ConfidentialAddress
	if s.flags&flagUUID != 0 {
		if len(r.b) < 16 {
			return nil, errRecord
		}
		o.ID = uuid.UUID(r.b[:16]).String()
		r.b = r.b[16:]
	} else {
		o.ID = r.str()
	}
	o.KRS = r.str()
	o.NIP = r.str()
	o.REGON = r.str()
	o.Address.PostalCode = r.common()
	o.Address.District = r.common()
	if s.flags&flagCoordinates != 0 {
		lat, lon := math.Float64frombits(r.uint()), math.Float64frombits(r.uint())
		o.Address.Latitude, o.Address.Longitude = &lat, &lon
	}
	o.Phones = s.phones
	o.Emails = r.strs()
	o.Website = r.str()
	o.Social = r.strs()
	if n := r.count(); n > 0 {
		o.Contacts = make([]directory.Contact, 0, n)
		for range n {
			c := directory.Contact{Name: r.str(), Function: r.str(), Phone: r.str(), Email: r.str()}
			c.Consent = r.uint() == 1
			if r.uint() == 1 {
				t := r.time()
				c.ConsentOn = &t
			}
			o.Contacts = append(o.Contacts, c)
		}
	}
	o.Categories = r.commons()
	o.TargetGroups = r.commons()
	for _, h := range hours {
		wd := h[0]/(24*60) + 1
		if wd < 1 || wd > 7 {
			return nil, errRecord
		}
		base := (wd - 1) * 24 * 60
		o.Hours[wd].Intervals = append(o.Hours[wd].Intervals, directory.Interval{
			Opens: directory.ClockTime(h[0] - base), Closes: directory.ClockTime(h[1] - base)})
	}
	for wd := 1; wd <= 7; wd++ {
		o.Hours[wd].Note = r.str()
	}
	o.HoursNote = r.str()
	o.Accessibility = r.commons()
	o.Languages = r.commons()
	o.VolunteerNote = r.str()
	if s.flags&flagVerified != 0 {
		t := r.time()
		o.VerifiedOn = &t
	}
	o.CreatedAt = r.time()
	o.UpdatedAt = r.time()
	o.Version = int(r.int())
	o.HoursNoteUK = r.str()
	o.HoursNoteEN = r.str()
	if r.err != nil || len(r.b) != 0 {
		return nil, errRecord
	}
	return o, nil
}

// recordSlug is a record's slug (its first field), read in place.
func recordSlug(b []byte) string {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b[k:]), int(n))
}
