-- +goose Up
-- What the search understands and what it missed (issue 12).
--
-- search_synonym: a word people search for and the words the directory uses
-- for it ("jedzenie" → żywność, posiłek). Staff extend the list at
-- /admin/synonimy; each publication's index carries the list as it was
-- when the publication was built, so an edit reaches the public search with
-- the next publication. Words and alternatives are lower case, as
-- directory.ParseSynonym leaves them.
CREATE TABLE search_synonym (
    word         text PRIMARY KEY CHECK (word <> '' AND word = lower(word)),
    alternatives text[] NOT NULL CHECK (cardinality(alternatives) BETWEEN 1 AND 10),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

INSERT INTO search_synonym (word, alternatives) VALUES
    ('jedzenie',     '{żywność,posiłek}'),
    ('obiad',        '{posiłek,żywność}'),
    ('ubrania',      '{odzież}'),
    ('ciuchy',       '{odzież}'),
    ('ukraińcy',     '{cudzoziemcy,uchodźcy,ukraiński}'),
    ('ukraina',      '{cudzoziemcy,uchodźcy,ukraiński}'),
    ('obcokrajowcy', '{cudzoziemcy}'),
    ('imigranci',    '{cudzoziemcy,uchodźcy}'),
    ('spanie',       '{schronienie,nocleg}'),
    ('alkoholizm',   '{alkohol,uzależnienia}'),
    ('pijaństwo',    '{alkohol,uzależnienia}'),
    ('narkomania',   '{narkotyki,uzależnienia}'),
    ('depresja',     '{zdrowie psychiczne,wsparcie psychologiczne}'),
    ('psychiatra',   '{zdrowie psychiczne}'),
    ('prawnik',      '{pomoc prawna,porady prawne}'),
    ('adwokat',      '{pomoc prawna}'),
    ('emeryci',      '{seniorzy}'),
    ('starsi',       '{seniorzy}'),
    ('inwalidzi',    '{niepełnosprawność}'),
    ('wózek',        '{niepełnosprawność}'),
    ('praca',        '{bezrobocie,aktywizacja zawodowa,doradztwo zawodowe}'),
    ('bicie',        '{przemoc}'),
    ('wolontariusz', '{wolontariat}'),
    ('lekarz',       '{zdrowie}');

-- search_miss: the searches of the public directory that found nothing,
-- counted per week (the Monday that starts it, Warsaw time) and normalised
-- text (searchlog.Normalize). Nothing else: no address, no session, no
-- time finer than the week. Weeks older than a year are deleted.
CREATE TABLE search_miss (
    week  date NOT NULL CHECK (extract(isodow FROM week) = 1),
    query text NOT NULL CHECK (query <> '' AND length(query) <= 200),
    count int NOT NULL CHECK (count > 0),
    PRIMARY KEY (week, query)
);

-- +goose Down
DROP TABLE search_miss;
DROP TABLE search_synonym;
