// Package backup backs the portal's database up into one file and
// restores it, with PostgreSQL's own pg_dump (custom format) and
// pg_restore. Everything the portal keeps is in that database — the
// working copy, the history, the accounts, the audit log, every kept
// publication's copy and its built artifact — so the file is the whole
// portal; the staff's sessions are left out (they are secrets, and
// worthless later).
package backup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// sessionsTable holds the staff's sign-in sessions (scs).
const sessionsTable = "public.sessions"

// Tool returns the path of the PostgreSQL client program name (pg_dump,
// pg_restore): the one on PATH, else the newest in Debian's
// /usr/lib/postgresql/<version>/bin.
func Tool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	found, _ := filepath.Glob(filepath.Join("/usr/lib/postgresql", "*", "bin", name))
	// Newest version last: 9.6 < 10 < 15.
	slices.SortFunc(found, func(a, b string) int { return versionOf(a) - versionOf(b) })
	if len(found) > 0 {
		return found[len(found)-1], nil
	}
	return "", fmt.Errorf("%s not found on PATH nor in /usr/lib/postgresql/*/bin: install the PostgreSQL client programs (Debian: apt-get install postgresql-client)", name)
}

func versionOf(path string) int {
	v := filepath.Base(filepath.Dir(filepath.Dir(path)))
	major, minor, _ := strings.Cut(v, ".")
	n, _ := strconv.Atoi(major)
	m, _ := strconv.Atoi(minor)
	return n*100 + m
}

// libpqEnv is the environment that points the client programs at the
// database of connString. connString is parsed as the portal parses it
// (URL or keyword/value, with the PG* variables and .pgpass), and passed on
// as PG* variables rather than as itself: it may hold pgx's own
// parameters (pool_max_conns, …), which libpq refuses, and a password does
// not belong on a command line.
func libpqEnv(connString string) (env []string, database string, err error) {
	pc, err := pgxpool.ParseConfig(connString)
	if err != nil {
		return nil, "", fmt.Errorf("database address: %w", err)
	}
	cfg := pc.ConnConfig
	env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "PG") && !strings.HasPrefix(kv, "PGTZ=")
	})
	env = append(env, "PGHOST="+cfg.Host, "PGPORT="+strconv.Itoa(int(cfg.Port)), "PGUSER="+cfg.User,
		"PGDATABASE="+cfg.Database, "PGAPPNAME=portal-backup", "PGCONNECT_TIMEOUT=10")
	if cfg.Password != "" {
		env = append(env, "PGPASSWORD="+cfg.Password)
	}
	// TLS as the address asks for it (pgx keeps only a tls.Config).
	for param, name := range map[string]string{"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT",
		"sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY"} {
		if v := paramOf(connString, param); v != "" {
			env = append(env, name+"="+v)
		}
	}
	return env, cfg.Database, nil
}

// paramOf finds param's value in a URL's query or a keyword/value string.
func paramOf(connString, param string) string {
	m := regexp.MustCompile(`(?:^|[?&\s])` + param + `\s*=\s*'?([^&\s']+)`).FindStringSubmatch(connString)
	if m == nil {
		return os.Getenv("PG" + strings.ToUpper(param))
	}
	return m[1]
}

// Dump writes a backup of the database at connString to file (pg_dump's
// custom format, compressed), without the sign-in sessions. The file is
// written next to its name first and renamed when complete, so a failed
// backup never leaves a truncated file under the name.
func Dump(ctx context.Context, connString, file string, stderr io.Writer) error {
	pgDump, err := Tool("pg_dump")
	if err != nil {
		return err
	}
	env, _, err := libpqEnv(connString)
	if err != nil {
		return err
	}
	tmp := file + ".partial"
	cmd := exec.CommandContext(ctx, pgDump, "--format=custom", "--file="+tmp,
		"--exclude-table-data="+sessionsTable, "--no-password")
	cmd.Env = env
	var msg bytes.Buffer
	cmd.Stderr = io.MultiWriter(stderr, &msg)
	if err := cmd.Run(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("pg_dump: %w: %s", err, strings.TrimSpace(msg.String()))
	}
	return os.Rename(tmp, file)
}

// ErrNotEmpty is Restore's answer when the database already holds
// something and it was not told to replace it.
var ErrNotEmpty = errors.New("the database is not empty")

// Restore restores the backup in file into the database at connString,
// creating the database when the server has none of that name. A database
// that holds anything is refused (ErrNotEmpty) unless replace is true:
// then everything in it is dropped first. The restore itself is one
// transaction: it happens whole or not at all (after a refused restore
// with replace, the database is left empty). Sessions the file may hold
// are dropped: nobody is signed in after a restore.
func Restore(ctx context.Context, connString, file string, replace bool, stderr io.Writer) error {
	pgRestore, err := Tool("pg_restore")
	if err != nil {
		return err
	}
	env, database, err := libpqEnv(connString)
	if err != nil {
		return err
	}
	// A file that is not a backup is refused before the database is
	// touched.
	check := exec.CommandContext(ctx, pgRestore, "--list", file)
	var msg bytes.Buffer
	check.Stdout, check.Stderr, check.Env = io.Discard, &msg, env
	if err := check.Run(); err != nil {
		return fmt.Errorf("%s is not a backup of pg_dump's custom format (portal backup): %s", file, strings.TrimSpace(msg.String()))
	}

	// The pool's own parameters (pool_max_conns, …) are no server's.
	pc, err := pgxpool.ParseConfig(connString)
	if err != nil {
		return fmt.Errorf("database address: %w", err)
	}
	conn, err := pgx.ConnectConfig(ctx, pc.ConnConfig)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	objects, err := userObjects(ctx, conn)
	if err != nil {
		return err
	}
	if objects > 0 && !replace {
		return fmt.Errorf("%w: %q holds %d tables, views or extensions; restore into an empty database, or give --force to drop everything in it first", ErrNotEmpty, database, objects)
	}
	if objects > 0 {
		if err := wipe(ctx, conn); err != nil {
			return err
		}
	}

	// Objects are created as the restoring role and without the GRANTs
	// of the server the backup came from: the portal uses one role, and
	// the other server's roles need not exist here.
	cmd := exec.CommandContext(ctx, pgRestore, "--dbname="+dbnameConnInfo(database), "--single-transaction",
		"--exit-on-error", "--no-owner", "--no-privileges", "--no-password", file)
	cmd.Env = env
	msg.Reset()
	cmd.Stderr = io.MultiWriter(stderr, &msg)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pg_restore: %w: %s", err, strings.TrimSpace(msg.String()))
	}
	if _, err := conn.Exec(ctx, `DO $$ BEGIN
		IF to_regclass('`+sessionsTable+`') IS NOT NULL THEN TRUNCATE `+sessionsTable+`; END IF; END $$`); err != nil {
		return fmt.Errorf("drop the restored sessions: %w", err)
	}
	return nil
}

// dbnameConnInfo is a libpq connection string naming database alone; the
// rest comes from the environment.
func dbnameConnInfo(database string) string {
	return "dbname='" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(database) + "'"
}

// userObjects counts what the database holds beyond PostgreSQL's own
// catalogues: relations in any other schema, and extensions.
func userObjects(ctx context.Context, conn *pgx.Conn) (int, error) {
	var n int
	err := conn.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%')
		+ (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')
		+ (SELECT count(*) FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\_%')`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("what the database holds: %w", err)
	}
	return n, nil
}

// wipe drops every schema of the database with what it holds (tables,
// functions, extensions, the publications' copies) and makes an empty
// public schema as a new database has it, in one transaction. Dropping only
// what the backup holds (pg_restore --clean) would leave a publication
// copy made after the backup, whose schema name the next publication
// needs.
func wipe(ctx context.Context, conn *pgx.Conn) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT nspname FROM pg_namespace
			WHERE nspname NOT IN ('information_schema') AND nspname NOT LIKE 'pg\_%'`)
		schemas, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("list schemas: %w", err)
		}
		for _, s := range schemas {
			if _, err := tx.Exec(ctx, `DROP SCHEMA `+pgx.Identifier{s}.Sanitize()+` CASCADE`); err != nil {
				return fmt.Errorf("drop schema %s: %w", s, err)
			}
		}
		// Since PostgreSQL 15 a new database's public schema belongs to
		// the database's owner and only they may create in it.
		if _, err := tx.Exec(ctx, `CREATE SCHEMA public`); err != nil {
			return fmt.Errorf("create schema public: %w", err)
		}
		_, err = tx.Exec(ctx, `DO $$ BEGIN
			IF current_setting('server_version_num')::int >= 150000 THEN
				ALTER SCHEMA public OWNER TO pg_database_owner;
				GRANT USAGE ON SCHEMA public TO PUBLIC;
			ELSE
				GRANT ALL ON SCHEMA public TO PUBLIC;
			END IF;
			COMMENT ON SCHEMA public IS 'standard public schema';
		END $$`)
		return err
	})
}
