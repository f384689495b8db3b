-- +goose Up
-- The controlled lists: areas of social assistance (two levels; a parent
-- selects its children in the search), target groups and the districts of
-- Leszno. Staff refine them later; the slugs are stable identifiers.
INSERT INTO category (slug, name, parent, position) VALUES
    ('ubostwo',                  'Ubóstwo i wykluczenie społeczne', NULL, 10),
    ('bezrobocie',               'Bezrobocie i aktywizacja zawodowa', NULL, 20),
    ('niepelnosprawnosc',        'Niepełnosprawność', NULL, 30),
    ('uzaleznienia',             'Uzależnienia', NULL, 40),
    ('przemoc-w-rodzinie',       'Przemoc w rodzinie', NULL, 50),
    ('seniorzy',                 'Seniorzy', NULL, 60),
    ('dzieci-i-mlodziez',        'Dzieci i młodzież', NULL, 70),
    ('wsparcie-rodziny',         'Wsparcie rodziny', NULL, 80),
    ('bezdomnosc',               'Bezdomność', NULL, 90),
    ('zdrowie-psychiczne',       'Zdrowie psychiczne', NULL, 100),
    ('zdrowie',                  'Zdrowie i choroby przewlekłe', NULL, 110),
    ('poradnictwo',              'Poradnictwo i pomoc prawna', NULL, 120),
    ('cudzoziemcy',              'Cudzoziemcy i uchodźcy', NULL, 130),
    ('wolontariat',              'Wolontariat i aktywność społeczna', NULL, 140);

INSERT INTO category (slug, name, parent, position) VALUES
    ('pomoc-zywnosciowa',        'Pomoc żywnościowa', 'ubostwo', 11),
    ('pomoc-rzeczowa',           'Pomoc rzeczowa (odzież, meble, sprzęt)', 'ubostwo', 12),
    ('reintegracja-zawodowa',    'Reintegracja społeczna i zawodowa', 'bezrobocie', 21),
    ('doradztwo-zawodowe',       'Doradztwo zawodowe i szkolenia', 'bezrobocie', 22),
    ('rehabilitacja',            'Rehabilitacja', 'niepelnosprawnosc', 31),
    ('niepelnosprawnosc-intelektualna', 'Niepełnosprawność intelektualna', 'niepelnosprawnosc', 32),
    ('autyzm',                   'Autyzm', 'niepelnosprawnosc', 33),
    ('asystencja-osobista',      'Asystencja osobista i transport', 'niepelnosprawnosc', 34),
    ('alkohol',                  'Uzależnienie od alkoholu', 'uzaleznienia', 41),
    ('narkotyki',                'Narkotyki i inne substancje', 'uzaleznienia', 42),
    ('rodziny-osob-uzaleznionych', 'Wsparcie rodzin osób uzależnionych', 'uzaleznienia', 43),
    ('interwencja-kryzysowa',    'Interwencja kryzysowa', 'przemoc-w-rodzinie', 51),
    ('wsparcie-osob-doznajacych-przemocy', 'Wsparcie osób doznających przemocy', 'przemoc-w-rodzinie', 52),
    ('uslugi-opiekuncze',        'Usługi opiekuńcze i opieka domowa', 'seniorzy', 61),
    ('aktywnosc-seniorow',       'Aktywność i integracja seniorów', 'seniorzy', 62),
    ('swietlice',                'Świetlice i opieka pozaszkolna', 'dzieci-i-mlodziez', 71),
    ('wypoczynek-dzieci',        'Wypoczynek i rozwój zainteresowań', 'dzieci-i-mlodziez', 72),
    ('piecza-zastepcza',         'Piecza zastępcza', 'wsparcie-rodziny', 81),
    ('rodziny-wielodzietne',     'Rodziny wielodzietne', 'wsparcie-rodziny', 82),
    ('schronienie',              'Schronienie i noclegownie', 'bezdomnosc', 91),
    ('streetworking',            'Streetworking', 'bezdomnosc', 92),
    ('wsparcie-psychologiczne',  'Wsparcie psychologiczne', 'zdrowie-psychiczne', 101),
    ('grupy-wsparcia',           'Grupy wsparcia', 'zdrowie-psychiczne', 102),
    ('opieka-paliatywna',        'Opieka hospicyjna i paliatywna', 'zdrowie', 111),
    ('pomoc-prawna',             'Nieodpłatna pomoc prawna', 'poradnictwo', 121),
    ('poradnictwo-obywatelskie', 'Poradnictwo obywatelskie', 'poradnictwo', 122);

INSERT INTO target_group (slug, name, position) VALUES
    ('dzieci',                   'Dzieci', 10),
    ('mlodziez',                 'Młodzież', 20),
    ('rodziny',                  'Rodziny', 30),
    ('rodziny-wielodzietne',     'Rodziny wielodzietne', 40),
    ('seniorzy',                 'Seniorzy', 50),
    ('osoby-z-niepelnosprawnoscia', 'Osoby z niepełnosprawnością', 60),
    ('opiekunowie',              'Opiekunowie osób zależnych', 70),
    ('osoby-bezdomne',           'Osoby w kryzysie bezdomności', 80),
    ('osoby-uzaleznione',        'Osoby uzależnione', 90),
    ('osoby-doznajace-przemocy', 'Osoby doznające przemocy', 100),
    ('osoby-bezrobotne',         'Osoby bezrobotne', 110),
    ('osoby-chore',              'Osoby chore przewlekle', 120),
    ('cudzoziemcy',              'Cudzoziemcy', 130),
    ('kobiety',                  'Kobiety', 140),
    ('mieszkancy',               'Wszyscy mieszkańcy', 150);

INSERT INTO district (slug, name, position) VALUES
    ('stare-miasto',  'Stare Miasto', 10),
    ('nowe-miasto',   'Nowe Miasto', 20),
    ('zatorze',       'Zatorze', 30),
    ('przylesie',     'Przylesie', 40),
    ('gronowo',       'Gronowo', 50),
    ('grzybowo',      'Grzybowo', 60),
    ('zaborowo',      'Zaborowo', 70),
    ('podwale',       'Podwale', 80),
    ('leszczynko',    'Leszczynko', 90),
    ('ogrody',        'Ogrody', 100),
    ('wierzbowe',     'Wierzbowe', 110),
    ('kloc',          'Kloc', 120),
    ('dozynkowe',     'Dożynkowe', 130);

-- +goose Down
DELETE FROM district;
DELETE FROM target_group;
DELETE FROM category WHERE parent IS NOT NULL;
DELETE FROM category;
