-- +goose Up

-- Publication: staff edit the working copy (the tables in schema public);
-- the public reads a publication, an immutable copy of the directory tables
-- in a schema of its own ("publication_N") with the same columns and
-- indexes, so that the public queries run unchanged with search_path set to
-- that schema first. Making a publication current is a one-row update, so a
-- reader sees the old publication or the new one, never a mix.
--
-- A later migration that changes a copied table must change the tables of
-- every publication schema the same way (they are listed in publication).

CREATE TABLE publication (
    number        int PRIMARY KEY CHECK (number > 0),
    at            timestamptz NOT NULL DEFAULT now(),
    actor_id      bigint REFERENCES staff_user (id) ON DELETE SET NULL,
    actor_name    text NOT NULL,
    note          text NOT NULL DEFAULT '',
    -- A rollback records a new publication that shows an earlier one's
    -- schema again.
    restored_from int REFERENCES publication (number),
    schema_name   text NOT NULL CHECK (schema_name ~ '^publication_[0-9]+$'),
    organisations int NOT NULL,
    -- What changed since the publication current before:
    -- {"added": [{"slug", "name"}], "changed": [{"slug", "name", "fields"}], "removed": [...]}
    changes       jsonb NOT NULL DEFAULT '{}',
    -- When personal data was last erased from this publication's copy
    -- (RODO): the copy changed without a new number, so caches must see it.
    amended_at    timestamptz
);

CREATE TABLE publication_state (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    current int NOT NULL REFERENCES publication (number)
);

-- Copies the public part of the working copy into a new schema named
-- target: organisations not in the trash, and contact persons only with
-- consent. Returns how many organisations it copied.
-- +goose StatementBegin
CREATE FUNCTION publication_snapshot(target text) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    t      text;
    cols   text;
    filter text;
    n      int;
BEGIN
    IF target !~ '^publication_[0-9]+$' THEN
        RAISE EXCEPTION 'bad publication schema name %', target;
    END IF;
    EXECUTE format('CREATE SCHEMA %I', target);
    FOREACH t IN ARRAY ARRAY['organisation', 'organisation_category', 'organisation_target_group',
                             'office_hours', 'office_hours_note', 'contact_person'] LOOP
        EXECUTE format('CREATE TABLE %I.%I (LIKE public.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS
                        INCLUDING GENERATED INCLUDING INDEXES)', target, t, t);
        SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) INTO cols
        FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = t AND is_generated = 'NEVER';
        filter := CASE t WHEN 'organisation' THEN 'deleted_at IS NULL'
                         WHEN 'contact_person' THEN 'consent'
                         ELSE 'true' END;
        IF t <> 'organisation' THEN
            filter := filter || format(' AND organisation_id IN (SELECT id FROM %I.organisation)', target);
        END IF;
        EXECUTE format('INSERT INTO %I.%I (%s) SELECT %s FROM public.%I WHERE %s', target, t, cols, cols, t, filter);
        EXECUTE format('ANALYZE %I.%I', target, t);
    END LOOP;
    EXECUTE format('SELECT count(*) FROM %I.organisation', target) INTO n;
    RETURN n;
END;
$$;
-- +goose StatementEnd

-- Whatever the working copy holds when publication arrives is the first
-- publication, so that the public pages show what they showed before.
INSERT INTO publication (number, actor_name, note, schema_name, organisations)
VALUES (1, 'system', 'Stan bazy w chwili uruchomienia publikacji', 'publication_1', publication_snapshot('publication_1'));
INSERT INTO publication_state (current) VALUES (1);

-- +goose Down
-- +goose StatementBegin
DO $$
DECLARE s text;
BEGIN
    FOR s IN SELECT DISTINCT schema_name FROM publication LOOP
        EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', s);
    END LOOP;
END;
$$;
-- +goose StatementEnd
DROP TABLE publication_state, publication;
DROP FUNCTION publication_snapshot(text);
