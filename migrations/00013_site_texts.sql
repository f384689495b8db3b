-- +goose Up
-- The site texts MOPR's staff write in the admin area (package sitetext):
-- MOPR's contact, the data controller and protection officer, the help
-- numbers, the accessibility statement's facts. One working set, by key;
-- every publication carries a copy (publication.site_texts), so the public
-- pages show the texts as published, from memory.
CREATE TABLE site_texts (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    texts      jsonb NOT NULL CHECK (jsonb_typeof(texts) = 'object'),
    version    int NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- What is known in advance (sitetext.Defaults); the rest is for the staff.
INSERT INTO site_texts (texts) VALUES (jsonb_build_object(
    'mopr_name', 'Miejski Ośrodek Pomocy Rodzinie w Lesznie',
    'controller_name', 'Miejski Ośrodek Pomocy Rodzinie w Lesznie',
    'a11y_method', 'samoocena',
    'helplines', E'Kryzysowy telefon zaufania dla dorosłych | 116 123 | bezpłatny\n'
        'Telefon zaufania dla dzieci i młodzieży | 116 111 | bezpłatny, całą dobę\n'
        'Niebieska Linia – dla osób doznających przemocy domowej | 800 120 002 | bezpłatny, całą dobę\n'
        'Numer alarmowy – gdy zagrożone jest życie | 112'));

-- The texts as published; the publications made before carry the defaults.
ALTER TABLE publication ADD COLUMN site_texts jsonb NOT NULL DEFAULT '{}';
UPDATE publication SET site_texts = (SELECT texts FROM site_texts);

-- +goose Down
ALTER TABLE publication DROP COLUMN site_texts;
DROP TABLE site_texts;
