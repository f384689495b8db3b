-- +goose Up

-- A confidential address ("adres poufny"): shelters for victims of
-- domestic violence, crisis flats. Staff keep the street, postal code and
-- coordinates in the working copy; the public never gets them — only the
-- city, the district and the ways to make contact.
ALTER TABLE organisation ADD COLUMN address_confidential boolean NOT NULL DEFAULT false;

-- Every kept publication copy gets the column too (loading from a copy
-- reads the same columns as the working copy); no copy can hold a
-- confidential address yet, so false is true of all of them.
-- +goose StatementBegin
DO $$
DECLARE s text;
BEGIN
    FOR s IN SELECT DISTINCT schema_name FROM publication WHERE pruned_at IS NULL LOOP
        IF to_regclass(format('%I.organisation', s)) IS NOT NULL THEN
            EXECUTE format('ALTER TABLE %I.organisation ADD COLUMN address_confidential boolean NOT NULL DEFAULT false', s);
        END IF;
    END LOOP;
END;
$$;
-- +goose StatementEnd

-- The copy is where the confidentiality is enforced: for an organisation
-- whose address is confidential the street, postal code and coordinates
-- are never read into the copy (not written and blanked afterwards, which
-- would leave them in the copy's dead rows), so neither the artifact built
-- from it nor anything later made from a publication can show them.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION publication_snapshot(target text) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    t      text;
    cols   text;
    sel    text;
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
        SELECT string_agg(quote_ident(c.column_name), ', ' ORDER BY c.ordinal_position),
               string_agg(CASE
                   WHEN t = 'organisation' AND c.column_name IN ('street', 'postal_code')
                       THEN format('CASE WHEN address_confidential THEN %L ELSE %I END', '', c.column_name)
                   WHEN t = 'organisation' AND c.column_name IN ('latitude', 'longitude')
                       THEN format('CASE WHEN address_confidential THEN NULL ELSE %I END', c.column_name)
                   ELSE quote_ident(c.column_name) END, ', ' ORDER BY c.ordinal_position)
        INTO cols, sel
        FROM information_schema.columns c
        WHERE c.table_schema = target AND c.table_name = t;
        filter := CASE t WHEN 'organisation' THEN 'deleted_at IS NULL'
                         WHEN 'contact_person' THEN 'consent'
                         ELSE 'true' END;
        IF t <> 'organisation' THEN
            filter := filter || format(' AND organisation_id IN (SELECT id FROM %I.organisation)', target);
        END IF;
        EXECUTE format('INSERT INTO %I.%I (%s) SELECT %s FROM public.%I WHERE %s', target, t, cols, sel, t, filter);
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
-- +goose StatementBegin
DO $$
DECLARE s text;
BEGIN
    FOR s IN SELECT DISTINCT schema_name FROM publication WHERE pruned_at IS NULL LOOP
        IF to_regclass(format('%I.organisation', s)) IS NOT NULL THEN
            EXECUTE format('ALTER TABLE %I.organisation DROP COLUMN address_confidential', s);
        END IF;
    END LOOP;
END;
$$;
-- +goose StatementEnd
ALTER TABLE organisation DROP COLUMN address_confidential;
