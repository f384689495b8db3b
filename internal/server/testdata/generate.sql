-- Generates $1 organisations with a realistic spread of words, categories,
-- districts and office hours, for benchmarks only.
WITH words AS (SELECT ARRAY['pomoc','społeczna','stowarzyszenie','fundacja','seniorów','dzieci','rodzina',
    'niepełnosprawnymi','uzależnień','przemocy','bezdomności','wolontariusze','świetlica','żywność','odzież',
    'porady','prawne','psycholog','grupa','wsparcia','klub','młodzież','kultura','sport','zdrowie','hospicjum',
    'opieka','edukacja','integracja','aktywizacja'] AS w)
INSERT INTO organisation (slug, name, legal_form, city, district, description, takes_volunteers, takes_interns)
SELECT 'org-' || i,
  (CASE WHEN i % 3 = 0 THEN 'Stowarzyszenie ' WHEN i % 3 = 1 THEN 'Fundacja ' ELSE 'Klub ' END)
    || w[1 + (i*7) % 30] || ' ' || w[1 + (i*13) % 30] || ' nr ' || i,
  CASE WHEN i % 2 = 0 THEN 'stowarzyszenie' ELSE 'fundacja' END, 'Leszno',
  (ARRAY['stare-miasto','nowe-miasto','zatorze','przylesie','gronowo','grzybowo','zaborowo','podwale',
         'leszczynko','ogrody','wierzbowe','kloc','dozynkowe'])[1 + i % 13],
  'Organizacja zajmuje się: ' || w[1 + (i*3) % 30] || ', ' || w[1 + (i*11) % 30] || ', '
    || w[1 + (i*17) % 30] || ' oraz ' || w[1 + (i*19) % 30] || '.',
  i % 2 = 0, i % 3 = 0
FROM generate_series(1, $1::int) i, words;
