package published

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/sitetext"
)

// Source is where an instance finds the current publication and its
// stored artifact (the store).
type Source interface {
	// CurrentArtifact returns the current publication and the key its
	// artifact is stored under.
	CurrentArtifact(ctx context.Context) (directory.Publication, string, error)
	// OpenArtifact streams one stored part of the artifact under key.
	OpenArtifact(ctx context.Context, key, part string) (io.ReadCloser, error)
	// RecentPublications returns the latest limit publications, newest
	// first, with at most listed changes of each kind (for the feed).
	RecentPublications(ctx context.Context, limit, listed int) ([]directory.Publication, error)
}

// FeedEntries is how many publications the feed lists, and FeedChanges
// how many changes of each kind an entry names.
const (
	FeedEntries = 50
	FeedChanges = 100
)

// Live is an instance's copy of the current publication: loaded into
// memory, switched atomically when another becomes current. Readers take
// the current View and use it from start to end, so one response never
// mixes two publications.
type Live struct {
	src       Source
	downloads []string
	dir       string
	log       *slog.Logger

	cur  atomic.Pointer[View]
	load sync.Mutex // one load at a time
}

// NewLive returns an instance's holder of the current publication, which
// keeps the named downloads as files under dir (empty: os.TempDir). Nothing
// is loaded until Refresh.
func NewLive(src Source, downloads []string, dir string, log *slog.Logger) *Live {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Live{src: src, downloads: downloads, dir: dir, log: log}
}

// View is one publication as loaded: its record, its index and its
// downloads. It never changes.
type View struct {
	Publication directory.Publication
	*Index
	// Recent are the latest publications, newest first, as the feed lists
	// them.
	Recent []directory.Publication
	key    string
	files  map[string]string // download name → path of its gzip file
	dir    string
	// plain are the decompressed copies of the downloads, made after the
	// view is loaded (see decompress); an entry is set once its file is
	// whole.
	// A rollback's view shares its files, and so this map.
	plain *sync.Map // download name → path
}

// Loaded returns the publication loaded now; before the first successful
// Refresh it is a fault.Unavailable.
func (l *Live) Loaded() (*View, error) {
	if v := l.cur.Load(); v != nil {
		return v, nil
	}
	return nil, fault.New(fault.Unavailable, "the publication is not loaded yet")
}

// Refresh loads the current publication unless it is the one loaded
// already. A failure leaves the loaded one in place.
func (l *Live) Refresh(ctx context.Context) error {
	l.load.Lock()
	defer l.load.Unlock()
	pub, key, err := l.src.CurrentArtifact(ctx)
	if err != nil {
		return err
	}
	old := l.cur.Load()
	if old != nil && old.key == key && old.Publication.AmendedAt.Equal(pub.AmendedAt) && old.Publication.Number == pub.Number {
		return nil
	}
	recent, err := l.src.RecentPublications(ctx, FeedEntries, FeedChanges)
	if err != nil {
		return err
	}
	if old != nil && old.key == key && old.Publication.AmendedAt.Equal(pub.AmendedAt) {
		// A rollback to the copy loaded: the same artifact under a new
		// record.
		v := *old
		v.Publication, v.Recent = pub, recent
		l.cur.Store(&v)
		return nil
	}
	start := time.Now()
	v, err := l.fetch(ctx, pub, key)
	if err != nil {
		return fmt.Errorf("load publication %d: %w", pub.Number, err)
	}
	v.Recent = recent
	l.cur.Store(v)
	go v.decompress(l.log)
	if old != nil {
		// Requests still streaming an old download hold its file open;
		// removing the names does not cut them off.
		os.RemoveAll(old.dir)
	}
	// Loading leaves the encoded payload's garbage and, after a switch,
	// the old publication: give that memory back now rather than keep it
	// as the heap's headroom.
	debug.FreeOSMemory()
	l.log.InfoContext(ctx, "publication loaded", "publication", pub.Number, "organisations", v.Len(), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

func (l *Live) fetch(ctx context.Context, pub directory.Publication, key string) (_ *View, err error) {
	r, err := l.src.OpenArtifact(ctx, key, PartIndex)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	idx, err := Read(zr)
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	dir, err := os.MkdirTemp(l.dir, "portal-publication-")
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	v := &View{Publication: pub, Index: idx, key: key, files: map[string]string{}, dir: dir, plain: &sync.Map{}}
	for _, name := range l.downloads {
		path := filepath.Join(dir, name+".gz")
		if err := l.copyPart(ctx, key, name, path); err != nil {
			return nil, fmt.Errorf("download %s: %w", name, err)
		}
		v.files[name] = path
	}
	return v, nil
}

func (l *Live) copyPart(ctx context.Context, key, part, path string) error {
	r, err := l.src.OpenArtifact(ctx, key, part)
	if err != nil {
		return err
	}
	defer r.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	return errors.Join(err, f.Close())
}

// Download opens the gzip-compressed file of download name, or with plain
// its decompressed copy; a name not built is a fault.NotFound, a copy not
// made yet a fault.Unavailable.
func (v *View) Download(name string, plain bool) (*os.File, error) {
	path, ok := v.files[name]
	if !ok {
		return nil, fault.New(fault.NotFound, "no download %q", name)
	}
	if plain {
		p, ok := v.plain.Load(name)
		if !ok {
			return nil, fault.New(fault.Unavailable, "download %q is being decompressed", name)
		}
		path = p.(string)
	}
	return os.Open(path)
}

// decompress makes a decompressed copy of every download beside its gzip
// file. A client that does not take gzip then gets the file as it is,
// sent by the kernel, instead of costing a core to decompress it on the
// way: eight such clients downloading in a loop would otherwise starve the
// pages. Until a copy is whole, Download decompresses on the way. A view
// replaced meanwhile (its folder removed) simply ends without copies.
func (v *View) decompress(log *slog.Logger) {
	for name, gz := range v.files {
		path := strings.TrimSuffix(gz, ".gz")
		if err := gunzipFile(gz, path); err != nil {
			log.Debug("download not decompressed", "download", name, "error", err)
			os.Remove(path + ".part")
			continue
		}
		v.plain.Store(name, path)
	}
}

// gunzipFile writes the contents of the gzip file src to dst, whole or not
// at all (through dst.part).
func gunzipFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		return err
	}
	out, err := os.Create(dst + ".part")
	if err != nil {
		return err
	}
	_, err = io.Copy(out, zr)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(dst+".part", dst)
}

// Close removes the files of the loaded publication (at shutdown).
func (l *Live) Close() error {
	if v := l.cur.Load(); v != nil {
		return os.RemoveAll(v.dir)
	}
	return nil
}

// The read model of the public pages, as the server asks for it. Each
// method reads the request's publication: the one Pin fixed for the
// request, or else the current one.

type pinKey struct{}

// Pin fixes the current publication for everything read with the returned
// context, so that one response is made from one publication even if
// another becomes current meanwhile.
func (l *Live) Pin(ctx context.Context) context.Context {
	if _, ok := ctx.Value(pinKey{}).(*View); ok {
		return ctx // pinned already: a response stays on one publication
	}
	if v := l.cur.Load(); v != nil {
		return context.WithValue(ctx, pinKey{}, v)
	}
	return ctx
}

// View returns the request's publication (see Pin).
func (l *Live) View(ctx context.Context) (*View, error) {
	if v, ok := ctx.Value(pinKey{}).(*View); ok {
		return v, nil
	}
	return l.Loaded()
}

// Search runs q over the request's publication.
func (l *Live) Search(ctx context.Context, q directory.Query) (directory.Results, error) {
	v, err := l.View(ctx)
	if err != nil {
		return directory.Results{}, err
	}
	return v.Search(q), nil
}

// Organisation returns the organisation with slug; an unknown one is a
// fault.NotFound.
func (l *Live) Organisation(ctx context.Context, slug string) (*directory.Organisation, error) {
	v, err := l.View(ctx)
	if err != nil {
		return nil, err
	}
	return v.Index.Organisation(slug)
}

// Facets returns the controlled lists with their counts.
func (l *Live) Facets(ctx context.Context) (directory.Facets, error) {
	v, err := l.View(ctx)
	if err != nil {
		return directory.Facets{}, err
	}
	return v.Index.Facets(), nil
}

// Vocabulary returns the controlled lists.
func (l *Live) Vocabulary(ctx context.Context) (directory.Vocabulary, error) {
	v, err := l.View(ctx)
	if err != nil {
		return directory.Vocabulary{}, err
	}
	return v.Index.Vocabulary(), nil
}

// Current returns the record of the request's publication (without its
// lists of changes).
func (l *Live) Current(ctx context.Context) (directory.Publication, error) {
	v, err := l.View(ctx)
	if err != nil {
		return directory.Publication{}, err
	}
	return v.Publication, nil
}

// Each calls fn with every organisation of the request's publication, by
// name; number must be that publication's (or 0).
func (l *Live) Each(ctx context.Context, number int, fn func(*directory.Organisation) error) error {
	v, err := l.View(ctx)
	if err != nil {
		return err
	}
	if number != 0 && number != v.Publication.Number {
		return fault.New(fault.NotFound, "publication %d is not loaded", number)
	}
	return v.Index.Each(fn)
}

// EachMatch calls fn with every organisation of the request's publication
// that q finds, in the order of its results (see Index.EachMatch).
func (l *Live) EachMatch(ctx context.Context, q directory.Query, fn func(*directory.Organisation) error) error {
	v, err := l.View(ctx)
	if err != nil {
		return err
	}
	return v.Index.EachMatch(q, fn)
}

// Download opens download name of the request's publication (see
// View.Download) and returns that publication's record with it.
func (l *Live) Download(ctx context.Context, name string, plain bool) (*os.File, directory.Publication, error) {
	v, err := l.View(ctx)
	if err != nil {
		return nil, directory.Publication{}, err
	}
	f, err := v.Download(name, plain)
	return f, v.Publication, err
}

// Feed returns the latest publications as the feed lists them, newest
// first.
func (l *Live) Feed(ctx context.Context) ([]directory.Publication, error) {
	v, err := l.View(ctx)
	if err != nil {
		return nil, err
	}
	return v.Recent, nil
}

// SiteTexts returns the site texts of the request's publication (see
// package sitetext): the public pages show the texts as published.
func (l *Live) SiteTexts(ctx context.Context) (sitetext.Texts, error) {
	v, err := l.View(ctx)
	if err != nil {
		return nil, err
	}
	return sitetext.Texts(v.Publication.SiteTexts), nil
}
