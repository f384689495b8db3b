package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"slices"
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
	// The synonyms as staff keep them now: the publication's search uses
	// them until the next one.
	if vocab.Synonyms, err = synonyms(ctx, tx); err != nil {
		return err
	}
	parts, err := s.artifactBuilder().Build(ctx, meta, vocab, ahead(organisationsIn(ctx, tx, schema), 256))
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

// organisationsIn walks the organisations of the copy in schema, as the
// public sees them, in one streamed query: each child table is aggregated
// per organisation in one pass and joined (correlated subqueries, one per
// organisation and child table, took PostgreSQL twice as long at 100 000
// organisations). They come by id, the order of the primary key and of the
// children's indexes, so the joins merge without sorting; the index puts
// them in the order of names itself (sorting the wide rows by name spilled
// to disk, and the parallel plan it chose aggregated every child table
// three times). It switches tx's search path to the
// copy while it runs and back after.
func organisationsIn(ctx context.Context, tx pgx.Tx, schema string) iter.Seq2[*directory.Organisation, error] {
	return func(yield func(*directory.Organisation, error) bool) {
		if _, err := tx.Exec(ctx, `SELECT set_config('search_path', $1, true)`, pgx.Identifier{schema}.Sanitize()+", public"); err != nil {
			yield(nil, err)
			return
		}
		defer tx.Exec(ctx, `SELECT set_config('search_path', 'public', true)`)
		rows, err := tx.Query(ctx, `WITH
			cats AS (SELECT oc.organisation_id id, array_agg(oc.category ORDER BY c.position) a
			         FROM organisation_category oc JOIN category c ON c.slug = oc.category GROUP BY 1),
			groups AS (SELECT og.organisation_id id, array_agg(og.target_group ORDER BY g.position) a
			         FROM organisation_target_group og JOIN target_group g ON g.slug = og.target_group GROUP BY 1),
			hours AS (SELECT h.organisation_id id, array_agg(ARRAY[h.weekday, floor(date_part('epoch', h.opens) / 60),
			            floor(date_part('epoch', h.closes) / 60)]::int[] ORDER BY h.weekday, h.opens) a
			         FROM office_hours h GROUP BY 1),
			notes AS (SELECT n.organisation_id id, json_agg(json_build_array(n.weekday, n.note)) a
			         FROM office_hours_note n GROUP BY 1),
			people AS (SELECT cp.organisation_id id, json_agg(json_build_object('name', cp.name, 'function', cp.function,
			            'phone', cp.phone, 'email', cp.email, 'consent', cp.consent, 'consent_on', cp.consent_on) ORDER BY cp.position) a
			         FROM contact_person cp WHERE cp.consent GROUP BY 1)
			SELECT `+organisationColumns+`, coalesce(cats.a, '{}'), coalesce(groups.a, '{}'), hours.a, notes.a, people.a
			FROM organisation o LEFT JOIN cats ON cats.id = o.id LEFT JOIN groups ON groups.id = o.id
			  LEFT JOIN hours ON hours.id = o.id LEFT JOIN notes ON notes.id = o.id LEFT JOIN people ON people.id = o.id
			WHERE o.deleted_at IS NULL ORDER BY o.id`)
		if err != nil {
			yield(nil, fmt.Errorf("organisations of %s: %w", schema, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var hours []int32
			var notes, contacts []byte
			var o *directory.Organisation
			var cats, groups []string
			o, err := scanOrganisation(rows, &cats, &groups, &hours, &notes, &contacts)
			if err == nil {
				o.Categories, o.TargetGroups = nonEmpty(cats), nonEmpty(groups)
				err = children(o, hours, notes, contacts)
			}
			if err != nil {
				yield(nil, fmt.Errorf("organisations of %s: %w", schema, err))
				return
			}
			if !yield(o, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, fmt.Errorf("organisations of %s: %w", schema, err))
		}
	}
}

// ahead walks seq in a goroutine of its own, up to a few batches of n
// ahead of the caller's loop: reading the copy's rows (decoding them) and
// building the index from them then take a core each instead of taking
// turns on one. seq's goroutine has ended when the walk returns, however
// it ends, so seq may use a connection the caller uses afterwards.
func ahead[T any](seq iter.Seq2[T, error], n int) iter.Seq2[T, error] {
	type item struct {
		v   T
		err error
	}
	return func(yield func(T, error) bool) {
		batches := make(chan []item, 4)
		stop, done := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			defer close(batches)
			batch := make([]item, 0, n)
			send := func() bool {
				select {
				case batches <- batch:
					batch = make([]item, 0, n)
					return true
				case <-stop:
					return false
				}
			}
			for v, err := range seq {
				batch = append(batch, item{v, err})
				if (len(batch) == n || err != nil) && !send() {
					return
				}
			}
			if len(batch) > 0 {
				send()
			}
		}()
		defer func() {
			close(stop)
			for range batches {
			}
			<-done
		}()
		for batch := range batches {
			for _, it := range batch {
				if !yield(it.v, it.err) {
					return
				}
			}
		}
	}
}

func nonEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// children fills o's office hours, their notes and its contact persons
// as organisationsIn reads them: the hours as an array of (weekday, opens,
// closes in minutes) triples (00:00 closes at midnight), the others as
// JSON arrays. (As JSON, the 375 000 hours of 100 000 organisations took
// PostgreSQL 0.29 s longer to aggregate and Go about 0.2 s longer to
// decode.)
func children(o *directory.Organisation, hours []int32, notes, contacts []byte) error {
	if len(hours)%3 != 0 {
		return fmt.Errorf("office hours of %s: %d numbers, not triples", o.Slug, len(hours))
	}
	for h := range slices.Chunk(hours, 3) {
		wd, closes := int(h[0]), directory.ClockTime(h[2])
		if wd < 1 || wd > 7 {
			return fmt.Errorf("office hours of %s: weekday %d", o.Slug, wd)
		}
		if closes == 0 {
			closes = 24 * 60
		}
		o.Hours[wd].Intervals = append(o.Hours[wd].Intervals, directory.Interval{Opens: directory.ClockTime(h[1]), Closes: closes})
	}
	if notes != nil {
		var ns [][2]json.RawMessage
		if err := json.Unmarshal(notes, &ns); err != nil {
			return fmt.Errorf("office hours notes of %s: %w", o.Slug, err)
		}
		for _, n := range ns {
			var wd int
			var note string
			if err := errors.Join(json.Unmarshal(n[0], &wd), json.Unmarshal(n[1], &note)); err != nil || wd < 0 || wd > 7 {
				return fmt.Errorf("office hours notes of %s: %v", o.Slug, err)
			}
			o.Hours[wd].Note = note
		}
	}
	if contacts != nil {
		var cs []struct {
			Name, Function, Phone, Email string
			Consent                      bool
			ConsentOn                    *string `json:"consent_on"`
		}
		if err := json.Unmarshal(contacts, &cs); err != nil {
			return fmt.Errorf("contacts of %s: %w", o.Slug, err)
		}
		for _, c := range cs {
			dc := directory.Contact{Name: c.Name, Function: c.Function, Phone: c.Phone, Email: c.Email, Consent: c.Consent}
			if c.ConsentOn != nil {
				t, err := time.Parse(time.DateOnly, *c.ConsentOn)
				if err != nil {
					return fmt.Errorf("contacts of %s: %w", o.Slug, err)
				}
				dc.ConsentOn = &t
			}
			o.Contacts = append(o.Contacts, dc)
		}
	}
	return nil
}

// CurrentArtifact returns the current publication (without its lists of
// changes, with its site texts) and the key its artifact is stored under. When the artifact is
// missing (a publication made before artifacts existed, or by a portal that
// encoded its index otherwise), it is built and stored first, once,
// whoever asks.
func (s *Store) CurrentArtifact(ctx context.Context) (pub directory.Publication, key string, err error) {
	read := func(db querier) error {
		err := db.QueryRow(ctx, `SELECT p.schema_name FROM publication_state st JOIN publication p ON p.number = st.current`).Scan(&key)
		if err != nil {
			return fmt.Errorf("current publication: %w", err)
		}
		pubs, err := publications(ctx, db, noChanges, `WHERE number = (SELECT current FROM publication_state)`)
		if err != nil {
			return err
		}
		pub = pubs[0]
		pub.SiteTexts, err = publicationSiteTexts(ctx, db, pub.Number)
		return err
	}
	if err := read(s.pool); err != nil {
		return pub, "", err
	}
	built, err := artifactBuilt(ctx, s.pool, key)
	if err != nil {
		return pub, "", err
	}
	if built {
		return pub, key, nil
	}
	err = s.inJob(ctx, func(tx pgx.Tx) error {
		// Builders of a missing artifact queue here; the later ones find it
		// built.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(7277002)`); err != nil {
			return err
		}
		if err := read(tx); err != nil {
			return err
		}
		if built, err := artifactBuilt(ctx, tx, key); err != nil || built {
			return err
		}
		slog.Default().InfoContext(ctx, "building the artifact of a publication made before artifacts", "publication", pub.Number)
		return s.buildArtifact(ctx, tx, key, pub)
	})
	return pub, key, err
}

// artifactBuilt tells whether the copy in schema has an artifact this
// portal reads (its index in the current encoding).
func artifactBuilt(ctx context.Context, q querier, schema string) (bool, error) {
	var built bool
	err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM publication_artifact WHERE schema_name = $1 AND part = $2)`, schema, published.PartIndex).Scan(&built)
	if err != nil {
		return false, fmt.Errorf("artifact of %s: %w", schema, err)
	}
	return built, nil
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
	defer func() { conn.Hijack().Close(context.Background()) }()
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
