-- +goose Up

-- A publication is a built artifact: when staff publish, everything the
-- public side reads is built once from the publication's copy (the search
-- index with its filters, result order, facet counts and the records pages
-- render; the downloads, compressed) and stored here, in the same
-- transaction as the publication. Each instance of the portal loads the
-- current one into memory (see internal/published), so the public pages
-- need no query.
--
-- Parts are stored in chunks of at most 1 MiB so that neither writing nor
-- reading one holds a whole download in memory. A rollback shows an
-- earlier publication's copy again, so artifacts belong to the copy (its
-- schema), not to the publication number.
CREATE TABLE publication_artifact (
    schema_name text   NOT NULL CHECK (schema_name ~ '^publication_[0-9]+$'),
    part        text   NOT NULL,
    seq         int    NOT NULL CHECK (seq >= 0),
    data        bytea  NOT NULL,
    PRIMARY KEY (schema_name, part, seq)
);

-- The public side no longer queries the copies, so a copy keeps only what
-- building the artifact, comparing publications and erasing personal data
-- need: no search documents (the artifact has its own index) and only the
-- indexes those use, built after the rows are in (cheaper than updating
-- them row by row).
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION publication_snapshot(target text) RETURNS int
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
        -- Generated columns become plain columns of the copy, filled from
        -- the working copy's values.
        EXECUTE format('CREATE TABLE %I.%I (LIKE public.%I INCLUDING DEFAULTS)', target, t, t);
        IF t = 'organisation' THEN
            EXECUTE format('ALTER TABLE %I.organisation DROP COLUMN search, DROP COLUMN name_search', target);
        END IF;
        SELECT string_agg(quote_ident(c.column_name), ', ' ORDER BY c.ordinal_position) INTO cols
        FROM information_schema.columns c
        WHERE c.table_schema = target AND c.table_name = t;
        filter := CASE t WHEN 'organisation' THEN 'deleted_at IS NULL'
                         WHEN 'contact_person' THEN 'consent'
                         ELSE 'true' END;
        IF t <> 'organisation' THEN
            filter := filter || format(' AND organisation_id IN (SELECT id FROM %I.organisation)', target);
        END IF;
        EXECUTE format('INSERT INTO %I.%I (%s) SELECT %s FROM public.%I WHERE %s', target, t, cols, cols, t, filter);
        IF t = 'organisation' THEN
            EXECUTE format('ALTER TABLE %I.organisation ADD PRIMARY KEY (id)', target);
            EXECUTE format('CREATE INDEX ON %I.organisation (name_folded, id)', target);
        ELSE
            EXECUTE format('CREATE INDEX ON %I.%I (organisation_id)', target, t);
        END IF;
        EXECUTE format('ANALYZE %I.%I', target, t);
    END LOOP;
    EXECUTE format('SELECT count(*) FROM %I.organisation', target) INTO n;
    RETURN n;
END;
$$;
-- +goose StatementEnd

-- +goose Down
DROP TABLE publication_artifact;
