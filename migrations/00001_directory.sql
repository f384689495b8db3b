-- +goose Up
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE (it reads a dictionary chosen by search_path);
-- naming the dictionary makes the result depend on its input alone, so the
-- wrapper can be IMMUTABLE and used in indexes and generated columns.
-- +goose StatementBegin
CREATE FUNCTION portal_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN lower(public.unaccent('public.unaccent'::regdictionary, t));
-- +goose StatementEnd

-- Stock PostgreSQL has no Polish configuration: "simple" plus unaccent folds
-- case and diacritics; the search adds prefix matching for inflection.
CREATE TEXT SEARCH CONFIGURATION portal_pl (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION portal_pl
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, simple;

CREATE TABLE category (
    slug     text PRIMARY KEY,
    name     text NOT NULL,
    parent   text REFERENCES category (slug),
    position int  NOT NULL
);

CREATE TABLE target_group (
    slug     text PRIMARY KEY,
    name     text NOT NULL,
    position int  NOT NULL
);

CREATE TABLE district (
    slug     text PRIMARY KEY,
    name     text NOT NULL,
    position int  NOT NULL
);

CREATE TABLE organisation (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug             text NOT NULL UNIQUE,
    name             text NOT NULL CHECK (name <> ''),
    short_name       text NOT NULL DEFAULT '',
    legal_form       text NOT NULL CHECK (legal_form IN ('stowarzyszenie', 'fundacja', 'stowarzyszenie-zwykle',
                         'koscielna-osoba-prawna', 'spoldzielnia-socjalna', 'zwiazek-stowarzyszen', 'inna')),
    public_benefit   boolean NOT NULL DEFAULT false,
    krs              text NOT NULL DEFAULT '',
    nip              text NOT NULL DEFAULT '',
    regon            text NOT NULL DEFAULT '',
    street           text NOT NULL DEFAULT '',
    postal_code      text NOT NULL DEFAULT '',
    city             text NOT NULL DEFAULT '',
    district         text REFERENCES district (slug),
    latitude         double precision,
    longitude        double precision,
    phones           text[] NOT NULL DEFAULT '{}',
    emails           text[] NOT NULL DEFAULT '{}',
    website          text NOT NULL DEFAULT '' CHECK (website = '' OR website ~* '^https?://'),
    social           text[] NOT NULL DEFAULT '{}',
    description      text NOT NULL DEFAULT '',
    hours_note       text NOT NULL DEFAULT '',
    accessibility    text[] NOT NULL DEFAULT '{}',
    languages        text[] NOT NULL DEFAULT '{}',
    takes_volunteers boolean NOT NULL DEFAULT false,
    takes_interns    boolean NOT NULL DEFAULT false,
    volunteer_note   text NOT NULL DEFAULT '',
    example          boolean NOT NULL DEFAULT false,
    verified_on      date,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          int NOT NULL DEFAULT 1,
    -- Sort key: case and diacritics folded.
    name_folded      text GENERATED ALWAYS AS (portal_fold(name || ' ' || short_name)) STORED,
    -- Maintained by organisation_index() after every write, because it also
    -- holds the names of the organisation's categories and target groups.
    search           tsvector NOT NULL DEFAULT ''::tsvector,
    name_search      tsvector GENERATED ALWAYS AS (
                         to_tsvector('portal_pl'::regconfig, name || ' ' || short_name)) STORED
);

CREATE INDEX organisation_search_idx ON organisation USING gin (search);
CREATE INDEX organisation_name_search_idx ON organisation USING gin (name_search);
CREATE INDEX organisation_name_idx ON organisation (name_folded, id);
CREATE INDEX organisation_district_idx ON organisation (district);
CREATE INDEX organisation_volunteers_idx ON organisation (id) WHERE takes_volunteers;
CREATE INDEX organisation_interns_idx ON organisation (id) WHERE takes_interns;

CREATE TABLE organisation_category (
    organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    category        text NOT NULL REFERENCES category (slug),
    PRIMARY KEY (organisation_id, category)
);
CREATE INDEX organisation_category_category_idx ON organisation_category (category, organisation_id);

CREATE TABLE organisation_target_group (
    organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    target_group    text NOT NULL REFERENCES target_group (slug),
    PRIMARY KEY (organisation_id, target_group)
);
CREATE INDEX organisation_target_group_group_idx ON organisation_target_group (target_group, organisation_id);

-- Personal data: kept apart so that it can be erased and so that the public
-- read path selects consented rows only.
CREATE TABLE contact_person (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    position        int  NOT NULL,
    name            text NOT NULL,
    function        text NOT NULL DEFAULT '',
    phone           text NOT NULL DEFAULT '',
    email           text NOT NULL DEFAULT '',
    consent         boolean NOT NULL DEFAULT false,
    consent_on      date,
    UNIQUE (organisation_id, position)
);

-- Office hours are local Europe/Warsaw wall-clock times.
CREATE TABLE office_hours (
    organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    weekday         smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens           time NOT NULL,
    closes          time NOT NULL,
    CHECK (opens < closes OR closes = '00:00'),
    PRIMARY KEY (organisation_id, weekday, opens)
);
CREATE INDEX office_hours_open_idx ON office_hours (weekday, opens, closes);

CREATE TABLE office_hours_note (
    organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    weekday         smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    note            text NOT NULL,
    PRIMARY KEY (organisation_id, weekday)
);

-- Every word the search documents have held, for correcting typos: a query
-- word that starts no known word is replaced by the most similar known word
-- (pg_trgm). Words are only added; a stale word costs nothing but a
-- suggestion that finds nothing.
CREATE TABLE search_word (
    word text PRIMARY KEY COLLATE "C"
);
CREATE INDEX search_word_trgm_idx ON search_word USING gist (word gist_trgm_ops);

-- Recomputes the search document: name first (A), then the description
-- (B), then categories and target groups (C), then the address (D).
-- +goose StatementBegin
CREATE FUNCTION organisation_index(org uuid) RETURNS void
LANGUAGE sql AS $$
UPDATE organisation o SET search =
       setweight(to_tsvector('portal_pl', o.name || ' ' || o.short_name), 'A')
    || setweight(to_tsvector('portal_pl', o.description || ' ' || o.volunteer_note), 'B')
    || setweight(to_tsvector('portal_pl', coalesce((
           SELECT string_agg(c.name, ' ') FROM organisation_category oc
             JOIN category c ON c.slug = oc.category WHERE oc.organisation_id = o.id), '')
        || ' ' || coalesce((
           SELECT string_agg(g.name, ' ') FROM organisation_target_group og
             JOIN target_group g ON g.slug = og.target_group WHERE og.organisation_id = o.id), '')), 'C')
    || setweight(to_tsvector('portal_pl', o.street || ' ' || o.city || ' ' || coalesce((
           SELECT d.name FROM district d WHERE d.slug = o.district), '')), 'D')
WHERE o.id = org;
INSERT INTO search_word (word)
SELECT DISTINCT w FROM organisation o, unnest(tsvector_to_array(o.search)) w
WHERE o.id = org AND length(w) BETWEEN 4 AND 40 AND w !~ '[[:digit:]]'
ON CONFLICT DO NOTHING;
$$;
-- +goose StatementEnd

-- A counter bumped by every change to what the public pages count and
-- list, so that an instance can keep derived data (category counts) in
-- memory and know with one cheap query whether it is still current.
CREATE TABLE directory_state (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    version bigint NOT NULL
);
INSERT INTO directory_state (version) VALUES (1);

-- +goose StatementBegin
CREATE FUNCTION directory_touch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_state SET version = version + 1;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER organisation_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisation
    FOR EACH STATEMENT EXECUTE FUNCTION directory_touch();
CREATE TRIGGER organisation_category_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisation_category
    FOR EACH STATEMENT EXECUTE FUNCTION directory_touch();
CREATE TRIGGER category_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON category
    FOR EACH STATEMENT EXECUTE FUNCTION directory_touch();
CREATE TRIGGER target_group_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON target_group
    FOR EACH STATEMENT EXECUTE FUNCTION directory_touch();
CREATE TRIGGER district_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON district
    FOR EACH STATEMENT EXECUTE FUNCTION directory_touch();

-- +goose Down
DROP TABLE directory_state;
DROP FUNCTION organisation_index(uuid);
DROP FUNCTION directory_touch() CASCADE;
DROP TABLE search_word, office_hours_note, office_hours, contact_person,
    organisation_target_group, organisation_category, organisation,
    district, target_group, category;
DROP TEXT SEARCH CONFIGURATION portal_pl;
DROP FUNCTION portal_fold(text);
