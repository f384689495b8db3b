package sitetext

// NationalHelplines are the help numbers the site starts with (migration
// 00013): free national lines for people in crisis.
const NationalHelplines = `Kryzysowy telefon zaufania dla dorosłych | 116 123 | bezpłatny
Telefon zaufania dla dzieci i młodzieży | 116 111 | bezpłatny, całą dobę
Niebieska Linia – dla osób doznających przemocy domowej | 800 120 002 | bezpłatny, całą dobę
Numer alarmowy – gdy zagrożone jest życie | 112`

// Example returns a complete set of example texts: what `portal demo`
// fills the empty ones with, so that a demonstration site can be
// published, and what the tests start from. The addresses and numbers are
// examples (example.org, 65 000 …), like those of the demo organisations;
// staff replace them before going live.
func Example() Texts {
	return Texts{
		MoprName:          "Miejski Ośrodek Pomocy Rodzinie w Lesznie",
		MoprAddress:       "ul. Przykładowa 1\n64-100 Leszno",
		MoprPhone:         "65 000 00 00",
		MoprEmail:         "sekretariat@example.org",
		MoprHours:         "poniedziałek–piątek 7:30–15:30",
		ControllerName:    "Miejski Ośrodek Pomocy Rodzinie w Lesznie",
		ControllerContact: "ul. Przykładowa 1, 64-100 Leszno, tel. 65 000 00 00, e-mail sekretariat@example.org",
		DPOName:           "Inspektor ochrony danych MOPR w Lesznie",
		DPOContact:        "iod@example.org",
		CrisisName:        "Punkt interwencji kryzysowej w Lesznie",
		CrisisPhone:       "65 000 00 01",
		CrisisNote:        "całą dobę",
		HelplinesKey:      NationalHelplines,
		A11yPublished:     "2026-01-15",
		A11yUpdated:       "2026-11-30",
		A11yStatus:        StatusPartial,
		A11yExceptions:    "Opisy organizacji przygotowują same organizacje; mogą zawierać skróty bez objaśnień.",
		A11yPrepared:      "2026-11-30",
		A11yMethod:        MethodSelf,
		A11yContactName:   "Koordynator do spraw dostępności MOPR w Lesznie",
		A11yContactEmail:  "dostepnosc@example.org",
		A11yContactPhone:  "65 000 00 02",
		A11yBuilding:      "Do budynku prowadzi wejście bez progów od strony parkingu. Sekretariat jest na parterze; na parterze jest też toaleta dla osób z niepełnosprawnością. Do budynku można wejść z psem asystującym.",
		A11yCommunication: "Osoby niesłyszące mogą skorzystać z tłumacza polskiego języka migowego; wizytę należy zgłosić co najmniej 3 dni robocze wcześniej, e-mailem lub telefonicznie.",
	}
}

// Defaults are the texts a new site starts with (the same as the
// migration writes): what is known in advance. The rest is for MOPR's
// staff to write before going live.
func Defaults() Texts {
	return Texts{
		MoprName:       "Miejski Ośrodek Pomocy Rodzinie w Lesznie",
		ControllerName: "Miejski Ośrodek Pomocy Rodzinie w Lesznie",
		HelplinesKey:   NationalHelplines,
		A11yMethod:     MethodSelf,
	}
}

// FillEmpty sets every empty text of t to its value in from and reports
// whether it changed any.
func (t Texts) FillEmpty(from Texts) bool {
	changed := false
	for k, v := range from {
		if t[k] == "" && v != "" {
			t[k], changed = v, true
		}
	}
	return changed
}
