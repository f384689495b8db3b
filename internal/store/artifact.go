package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/published"
)

// A publication is a built artifact (migration 00009): its parts are built
// from the publication's copy when publishing, in the publication's
// transaction, and stored in chunks in publication_artifact. Instances
// load them (OpenArtifact) and are told of a new current publication by a
// notification on channel publicationChannel.

// chunkSize bounds one stored chunk of a part, and so the memory writing
// or reading one takes.
const chunkSize = 1 << 20

// publicationChannel is the LISTEN/NOTIFY channel told of every change of
// what the public sees: a publication, a rollback, an erasure.
const publicationChannel = "publication"

// SetArtifactBuilder sets what a publication's artifact is built with (the
// program adds the downloads to the index); the default builds the index
// alone.
func (s *Store) SetArtifactBuilder(b *published.Builder) { s.builder = b }

func (s *Store) artifactBuilder() *published.Builder {
	if s.builder == nil {
		return &published.Builder{}
	}
	return s.builder
}

// buildArtifact builds the artifact of the copy in schema and stores it,
// replacing any stored before, within tx.
func (s *Store) buildArtifact(ctx context.Context, tx pgx.Tx, schema string, meta directory.Publication) error {
	vocab, err := vocabulary(ctx, tx)
	if err != nil {
		return err
	}
	parts, err := s.artifactBuilder().Build(ctx, meta, vocab, organisationsIn(ctx, tx, schema))
	if err != nil {
		return fmt.Errorf("build the artifact of %s: %w", schema, err)
	}
	defer parts.Close()
	if _, err := tx.Exec(ctx, `DELETE FROM publication_artifact WHERE schema_name = $1`, schema); err != nil {
		return fmt.Errorf("replace the artifact of %s: %w", schema, err)
	}
	for _, p := range parts.List() {
		r, err := p.Open()
		if err != nil {
			return err
		}
		err = storePart(ctx, tx, schema, p.Name, r)
		r.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// storePart copies r into chunks of part of schema's artifact, one chunk
// in memory at a time.
func storePart(ctx context.Context, tx pgx.Tx, schema, part string, r io.Reader) error {
	buf := make([]byte, chunkSize)
	seq := 0
	done := false
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"publication_artifact"}, []string{"schema_name", "part", "seq", "data"},
		pgx.CopyFromFunc(func() ([]any, error) {
			if done {
				return nil, nil
			}
			n, err := io.ReadFull(r, buf)
			switch {
			case errors.Is(err, io.EOF) && seq > 0:
				return nil, nil
			case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
				done = true // the last (or only, perhaps empty) chunk
			case err != nil:
				return nil, err
			}
			seq++
			return []any{schema, part, seq - 1, buf[:n]}, nil
		}))
	if err != nil {
		return fmt.Errorf("store part %s of %s: %w", part, schema, err)
	}
	return nil
}

// organisationsIn walks the organisations of the copy in schema by name,
// as the public sees them. It switches tx's search path to the copy while
// it runs and back after.
func organisationsIn(ctx context.Context, tx pgx.Tx, schema string) iter.Seq2[*directory.Organisation, error] {
	return func(yield func(*directory.Organisation, error) bool) {
		if _, err := tx.Exec(ctx, `SELECT set_config('search_path', $1, true)`, pgx.Identifier{schema}.Sanitize()+", public"); err != nil {
			yield(nil, err)
			return
		}
		defer tx.Exec(ctx, `SELECT set_config('search_path', 'public', true)`)
		stopped := errors.New("stopped")
		err := walkOrganisations(ctx, tx, func(o *directory.Organisation) error {
			if !yield(o, nil) {
				return stopped
			}
			return nil
		})
		if err != nil && err != stopped {
			yield(nil, fmt.Errorf("organisations of %s: %w", schema, err))
		}
	}
}

// CurrentArtifact returns the current publication (without its lists of
// changes) and the key its artifact is stored under. When the artifact is
// missing (a publication made before artifacts existed), it is built and
// stored first, once, whoever asks.
func (s *Store) CurrentArtifact(ctx context.Context) (pub directory.Publication, key string, err error) {
	read := func(db querier) error {
		err := db.QueryRow(ctx, `SELECT p.schema_name FROM publication_state st JOIN publication p ON p.number = st.current`).Scan(&key)
		if err != nil {
			return fmt.Errorf("current publication: %w", err)
		}
		pubs, err := publications(ctx, db, false, `WHERE number = (SELECT current FROM publication_state)`)
		if err != nil {
			return err
		}
		pub = pubs[0]
		return nil
	}
	if err := read(s.pool); err != nil {
		return pub, "", err
	}
	var built bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM publication_artifact WHERE schema_name = $1)`, key).Scan(&built); err != nil {
		return pub, "", fmt.Errorf("artifact of %s: %w", key, err)
	}
	if built {
		return pub, key, nil
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		// Builders of a missing artifact queue here; the later ones find it
		// built.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(7277002)`); err != nil {
			return err
		}
		if err := read(tx); err != nil {
			return err
		}
		var built bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM publication_artifact WHERE schema_name = $1)`, key).Scan(&built); err != nil || built {
			return err
		}
		slog.Default().InfoContext(ctx, "building the artifact of a publication made before artifacts", "publication", pub.Number)
		return s.buildArtifact(ctx, tx, key, pub)
	})
	return pub, key, err
}

// OpenArtifact streams part of the artifact stored under key, a chunk at
// a time. A part that was not built is a fault.NotFound.
func (s *Store) OpenArtifact(ctx context.Context, key, part string) (io.ReadCloser, error) {
	rows, err := s.pool.Query(ctx, `SELECT data FROM publication_artifact WHERE schema_name = $1 AND part = $2 ORDER BY seq`, key, part)
	if err != nil {
		return nil, fmt.Errorf("read part %s of %s: %w", part, key, err)
	}
	r := &partReader{rows: rows}
	if !rows.Next() {
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read part %s of %s: %w", part, key, err)
		}
		return nil, fault.New(fault.NotFound, "no part %s in the artifact of %s", part, key)
	}
	r.chunk = rows.RawValues()[0]
	return r, nil
}

// partReader reads the chunks of a part in order. A chunk's bytes are
// valid only until the next row is read, so they are consumed first.
type partReader struct {
	rows  pgx.Rows
	chunk []byte
}

func (r *partReader) Read(p []byte) (int, error) {
	for len(r.chunk) == 0 {
		if !r.rows.Next() {
			if err := r.rows.Err(); err != nil {
				return 0, err
			}
			return 0, io.EOF
		}
		r.chunk = r.rows.RawValues()[0]
	}
	n := copy(p, r.chunk)
	r.chunk = r.chunk[n:]
	return n, nil
}

func (r *partReader) Close() error {
	r.rows.Close()
	return r.rows.Err()
}

// notifyPublication tells every instance, once tx commits, that what the
// public sees has changed.
func notifyPublication(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `SELECT pg_notify($1, '')`, publicationChannel)
	return err
}

// WatchPublications calls changed whenever the current publication or its
// artifact may have changed: once connected, on each notification, every
// check interval (a fallback for a missed one) and after reconnecting. It holds one
// connection of its own and returns when ctx ends.
func (s *Store) WatchPublications(ctx context.Context, check time.Duration, changed func()) {
	backoff := time.Second
	for ctx.Err() == nil {
		err := s.listen(ctx, check, changed)
		if ctx.Err() != nil {
			return
		}
		slog.Default().WarnContext(ctx, "publication notifications interrupted; reconnecting", "error", err, "retry_in", backoff.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 30*time.Second)
	}
}

func (s *Store) listen(ctx context.Context, check time.Duration, changed func()) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// The connection is left in LISTEN state: it goes back closed, not to
	// the pool.
	defer conn.Hijack().Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+publicationChannel); err != nil {
		return err
	}
	// Whatever was notified while not listening is caught up now.
	changed()
	for {
		wait, cancel := context.WithTimeout(ctx, check)
		_, err := conn.Conn().WaitForNotification(wait)
		timedOut := errors.Is(wait.Err(), context.DeadlineExceeded)
		cancel()
		switch {
		case err == nil, timedOut:
			changed()
		case ctx.Err() != nil:
			return ctx.Err()
		default:
			return err
		}
	}
}
