package published

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"sync"

	"github.com/klauspost/compress/gzip"

	"github.com/mopr-leszno/portal/internal/directory"
)

// PartIndex is the artifact part holding the encoded Index, gzip-compressed.
// It names the encoding's version: an artifact built by an older portal
// lacks it and is built again (see store.CurrentArtifact).
var PartIndex = fmt.Sprintf("index-v%d", version)

// A Download is a file built once per publication (a CSV or JSON of the
// whole directory) and served as it was built.
type Download struct {
	// Name is the part's name and the file's ("organizacje.csv").
	Name string
	// Write writes the file from the publication's organisations, given
	// in name order.
	Write func(w io.Writer, meta directory.Publication, vocab directory.Vocabulary, orgs iter.Seq[*directory.Organisation]) error
}

// Builder builds a publication's artifact: the index, then from it the
// downloads, each part gzip-compressed into a temporary file.
type Builder struct {
	Downloads []Download
	// TempDir is where the parts are written; empty: os.TempDir.
	TempDir string
}

// Parts are the files of a built artifact; Close removes them.
type Parts struct {
	dir   string
	parts []Part
}

// Part is one built part.
type Part struct {
	Name string
	path string
}

// Open reads the part's (compressed) bytes.
func (p Part) Open() (io.ReadCloser, error) { return os.Open(p.path) }

// List returns the parts, the index first.
func (ps *Parts) List() []Part { return ps.parts }

// Close removes the parts' files.
func (ps *Parts) Close() error { return os.RemoveAll(ps.dir) }

// Build builds the artifact of publication meta from its organisations
// (public views: no trash, consented contacts only) in name order.
func (b *Builder) Build(ctx context.Context, meta directory.Publication, vocab directory.Vocabulary, orgs iter.Seq2[*directory.Organisation, error]) (_ *Parts, err error) {
	dir, err := os.MkdirTemp(b.TempDir, "portal-artifact-")
	if err != nil {
		return nil, err
	}
	ps := &Parts{dir: dir}
	defer func() {
		if err != nil {
			ps.Close()
		}
	}()

	// The index first: it fixes the order (by name, as the pages list the
	// organisations) that the downloads follow.
	idx, err := Build(vocab, orgs)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Then every part at once, each from the records in memory.
	errs := make([]error, len(b.Downloads)+1)
	var wg sync.WaitGroup
	wg.Go(func() {
		errs[0] = writeGzip(filepath.Join(dir, PartIndex), func(w io.Writer) error {
			_, err := idx.WriteTo(w)
			return err
		})
	})
	for i, d := range b.Downloads {
		path := filepath.Join(dir, d.Name)
		ps.parts = append(ps.parts, Part{Name: d.Name, path: path})
		wg.Go(func() {
			err := writeGzip(path, func(w io.Writer) error {
				return d.Write(w, meta, vocab, idx.organisations())
			})
			if err != nil {
				errs[i+1] = fmt.Errorf("%s: %w", d.Name, err)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	ps.parts = append([]Part{{Name: PartIndex, path: filepath.Join(dir, PartIndex)}}, ps.parts...)
	return ps, nil
}

// writeGzip writes the file at path, compressed, with write.
func writeGzip(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
	err = write(zw)
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
