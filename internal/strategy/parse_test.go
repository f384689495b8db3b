package strategy

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const (
	card81 = "cards/cel2-8-1-strategia-rozwiazywania-problemow-spolecznych.txt"
	card92 = "cards/cel2-9-2-bank-danych-o-organizacjach-pozarzadowych.txt"
)

// pa is a stage's year with planned and actual percent; no is a year the
// card marks "-".
func pa(year, planned, actual int) StageYear {
	return StageYear{Year: year, Planned: &planned, Actual: &actual}
}

func no(year int) StageYear { return StageYear{Year: year} }

func vals(ys []int, vs ...string) []IndicatorValue {
	out := make([]IndicatorValue, len(vs))
	for i, v := range vs {
		out[i] = IndicatorValue{Year: ys[i], Value: v}
	}
	return out
}

var seedYears = []int{2009, 2010, 2011, 2012, 2013}

const goalTitle = "Poprawienie warunków życia ludności przez doskonalenie usług publicznych i stwarzanie warunków dla inicjatyw służących zaspokajaniu potrzeb społeczności lokalnych"

var want81 = &Card{
	Document: "Strategia rozwoju Leszna",
	Goal:     Goal{Number: "II", Title: goalTitle, Lead: "I Zastępca Prezydenta Miasta Leszna"},
	Area:     Area{Number: 8, Name: "Rodzinie", Coordinator: "Dyrektor Miejskiego Ośrodka Pomocy Rodzinie"},
	Task: Task{
		Number:        1,
		Title:         "Strategia rozwiązywania problemów społecznych w mieście Lesznie",
		Addressees:    "Mieszkańcy miasta Leszna",
		Justification: "Opracowanie Strategii rozwiązywania problemów społecznych wynika z Ustawy o pomocy społecznej z 12 marca 2004 r. (art. 19 pkt 1).",
		Description:   "Opracowana Strategia służy koordynacji rozwiązywania kluczowych problemów społecznych występujących w mieście Lesznie przez różne instytucje. Aby obraz problemów i działań nakierowanych na ich rozwiązanie był kompletny i adekwatny do rzeczywistości, na bieżąco konieczne jest aktualizowanie danych, wprowadzanie zmian zgodnie ze zmieniającą się rzeczywistością",
		Implementer:   "Dyrektor Miejskiego Ośrodka Pomocy Rodzinie",
		Years:         []int{2009, 2010, 2011, 2012, 2013},
		Stages: []Stage{
			{Order: 1, Description: "Wprowadzenie ewentualnych zmian w strategii uwzględniających otrzymane opinie, propozycje, wnioski.",
				Period: "XI 2008 – I 2009",
				Years:  []StageYear{pa(2009, 5, 5), no(2010), no(2011), no(2012), no(2013)}},
			{Order: 2, Description: "Przedstawienie zmian w Strategii do recenzji i zatwierdzenia przez Prezydenta Miasta.",
				Period: "II - IV 2009",
				Years:  []StageYear{pa(2009, 5, 5), no(2010), no(2011), no(2012), no(2013)}},
			{Order: 3, Description: "Przedstawienie zmian w Strategii do recenzji i zatwierdzenia przez Radę Miasta.",
				Period: "II – IV 2009",
				Years:  []StageYear{pa(2009, 10, 10), no(2010), no(2011), no(2012), no(2013)}},
			{Order: 4, Description: "Przekazanie zaktualizowanego dokumentu władzom miasta Leszna i organizacjom pozarządowym do wykorzystania w budowie własnych strategii i przygotowaniu programów pomocowych.",
				Period: "V – VII 2009",
				Years:  []StageYear{pa(2009, 5, 5), no(2010), no(2011), no(2012), no(2013)}},
			{Order: 5, Description: "Monitoring (w trakcie realizacji projektu-raz na pół roku)",
				Period: "",
				Years:  []StageYear{pa(2009, 5, 5), pa(2010, 5, 5), pa(2011, 5, 5), pa(2012, 5, 5), pa(2013, 5, 5)}},
			{Order: 6, Description: "Realizacja zadań zawartych w Strategii.",
				Period: "I 2010 – XII 2015",
				Years:  []StageYear{pa(2009, 10, 10), pa(2010, 10, 10), pa(2011, 10, 10), pa(2012, 10, 10), pa(2013, 10, 10)}},
		},
		Partners: []Partner{
			{Name: "Jednostki służb społecznych", Scope: "Realizacja zadań zawartych w Strategii. I 2010 – XII 2015"},
			{Name: "Organizacje pozarządowe", Scope: "Realizacja zadań zawartych w Strategii. I 2010 – XII 2015"},
		},
		Indicators: []Indicator{
			{Type: Product, Name: "Liczba rozesłanych ankiet", Source: "MOPR",
				Values: vals(seedYears, "50", "0", "0", "0", "1")},
			{Type: Product, Name: "Liczba przeprowadzonych analiz", Source: "MOPR",
				Values: vals(seedYears, "1", "1", "1", "0", "1")},
			{Type: Product, Name: "Liczba wprowadzonych zmian do dokumentu", Source: "MOPR",
				Values: vals(seedYears, "1", "0", "0", "0", "1")},
			{Type: Product, Name: "Zapewnienie ciepłego posiłku osobom potrzebującym - będącymi klientami MOPR-u.", Source: "",
				Values: vals(seedYears, "3788", "4485", "4122", "4361", "4479")},
			{Type: Product, Name: "Liczba przyznanych zasiłków rodzinnych i dodatków", Source: "MOPR",
				Values: vals(seedYears, "94757", "96821", "13699", "83902", "79602")},
			{Type: Result, Name: "Liczba zrealizowanych zadań", Source: "MOPR",
				Values: vals(seedYears, "76", "78", "82", "80", "89")},
			{Type: Result, Name: "Liczba podmiotów realizujących zadnia", Source: "MOPR",
				Values: vals(seedYears, "42", "27", "29", "30", "34")},
			{Type: Result, Name: "Liczba osób, która uzyska wsparcie", Source: "MOPR",
				Values: vals(seedYears, "15772", "16047", "13699", "15987", "15827")},
			{Type: Result, Name: "Liczba podopiecznych MOPR", Source: "MOPR",
				Values: vals(seedYears, "5303", "5665", "5490", "5883", "5835")},
		},
		TotalCost: "",
		Budget:    []BudgetLine{},
		Flags: []Flag{
			{Kind: Jump, Line: 42, Indicator: 0, Year: 2010, Previous: "50", Value: "0"},
			{Kind: Jump, Line: 43, Indicator: 1, Year: 2012, Previous: "1", Value: "0"},
			{Kind: Jump, Line: 44, Indicator: 2, Year: 2010, Previous: "1", Value: "0"},
			{Kind: Jump, Line: 46, Indicator: 4, Year: 2011, Previous: "96821", Value: "13699"},
			{Kind: Jump, Line: 46, Indicator: 4, Year: 2012, Previous: "13699", Value: "83902"},
		},
	},
}

var want92 = &Card{
	Document: "Strategia rozwoju Leszna",
	Goal:     Goal{Number: "II", Title: goalTitle, Lead: "I Zastępca Prezydenta Miasta Leszna"},
	Area:     Area{Number: 9, Name: "Organizacje pozarządowe", Coordinator: "Dyrektor Miejskiego Ośrodka Pomocy Rodzinie"},
	Task: Task{
		Number:        2,
		Title:         "Bank danych o organizacjach pozarządowych miasta Leszna, działających w obszarze pomocy społecznej",
		Addressees:    "Organizacje pozarządowe, urzędy, instytucje społeczne, studenci oraz mieszkańcy miasta Leszna",
		Justification: "Wzrost liczby organizacji pozarządowych oraz wzrost zainteresowania działalnością prowadzoną przez te organizacje wśród studentów kierunków społecznych wymaga właściwego przepływu informacji stworzenia bazy danych o organizacjach pozarządowych",
		Description: "Utworzony bank danych o organizacjach pozarządowych pracujących w obszarze pomocy społecznej zawierać będzie podstawowe informacje o danej organizacji działającej na terenie miasta Leszna, do których zaliczyć można:\n" +
			"\n" +
			"– nazwa organizacji,\n" +
			"– dane tele-adresowe,\n" +
			"– osoby do kontaktu\n" +
			"– zakres działania,\n" +
			"– godziny urzędowania",
		Implementer: "Miejski Ośrodek Pomocy Rodzinie w Lesznie",
		Years:       []int{2009, 2010, 2011, 2012, 2013},
		Stages: []Stage{
			{Order: 1, Description: "Przygotowanie formularza",
				Years: []StageYear{pa(2009, 3, 3), pa(2010, 3, 3), pa(2011, 3, 3), pa(2012, 3, 3), pa(2013, 3, 3)}},
			{Order: 2, Description: "Rozesłanie powyższego formularza do organizacji pozarządowych",
				Years: []StageYear{pa(2009, 2, 2), pa(2010, 2, 2), pa(2011, 2, 2), pa(2012, 2, 2), pa(2013, 2, 2)}},
			{Order: 3, Description: "Zbieranie i przetwarzanie danych od socjalnych organizacji pozarządowych",
				Years: []StageYear{pa(2009, 3, 3), pa(2010, 3, 3), pa(2011, 3, 3), pa(2012, 3, 3), pa(2013, 3, 3)}},
			{Order: 4, Description: "Opracowanie i umieszczenie bazy na stronie internetowych MOPR oraz Urzędu Miasta Leszna",
				Years: []StageYear{pa(2009, 5, 5), pa(2010, 5, 5), pa(2011, 5, 5), pa(2012, 5, 5), pa(2013, 5, 5)}},
			{Order: 5, Description: "Umieszczenie na stronie internetowej formularza do pobrania przez organizacje pozarządowe",
				Years: []StageYear{pa(2009, 2, 2), pa(2010, 2, 2), pa(2011, 2, 2), pa(2012, 2, 2), pa(2013, 2, 2)}},
			{Order: 6, Description: "Bieżąca aktualizacja",
				Years: []StageYear{pa(2009, 5, 5), pa(2010, 5, 5), pa(2011, 5, 5), pa(2012, 5, 5), pa(2013, 5, 5)}},
		},
		Partners: []Partner{
			{Name: "Wydział Promocji Urzędu Miasta Leszno",
				Scope: "Umieszczenie danych o organizacjach na stronie internetowej Urzędu Miasta Leszna"},
			{Name: "Organizacje pozarządowe",
				Scope: "Przekazywanie informacji o danych tele – adresowych, zakresu działania, godzin urzędowania oraz innych ważnych informacji dot. działania organizacji pozarządowej"},
		},
		Indicators: []Indicator{
			{Type: Product, Name: "1. Liczba organizacji pozarządowych działających w obszarze pomocy społecznej.", Source: "MOPR",
				Values: vals(seedYears, "50", "50", "52", "54", "54")},
			{Type: Product, Name: "2. Liczba wypełnionych formularzy.", Source: "MOPR",
				Values: vals(seedYears, "50", "50", "52", "54", "54")},
			{Type: Result, Name: "– łatwiejszy dostęp do informacji o organizacjach pozarządowych działających w obszarze pomocy społecznej", Source: "MOPR",
				Values: vals(seedYears, "1.0", "1.0", "1.0", "1.0", "1.0")},
			{Type: Result, Name: "– aktualność informacji o organizacjach", Source: "MOPR",
				Values: vals(seedYears, "1.0", "1.0", "1.0", "1.0", "1.0")},
		},
		TotalCost: "2000.00",
		Budget:    []BudgetLine{{Source: "Miejski Ośrodek Pomocy Rodzinie", Amount: "2000.00"}},
		Flags:     []Flag{},
	},
}

func parseFile(t *testing.T, name string) *Card {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := Parse(name, f)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return c
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// diffCard reports every part of got that differs from want.
func diffCard(t *testing.T, got, want *Card) {
	t.Helper()
	check := func(what string, g, w any) {
		t.Helper()
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s:\n got %s\nwant %s", what, js(g), js(w))
		}
	}
	check("document", got.Document, want.Document)
	check("goal", got.Goal, want.Goal)
	check("area", got.Area, want.Area)
	g, w := got.Task, want.Task
	check("task slug", g.Slug, w.Slug)
	check("task number", g.Number, w.Number)
	check("task title", g.Title, w.Title)
	check("addressees", g.Addressees, w.Addressees)
	check("justification", g.Justification, w.Justification)
	check("description", g.Description, w.Description)
	check("implementer", g.Implementer, w.Implementer)
	check("years", g.Years, w.Years)
	check("number of stages", len(g.Stages), len(w.Stages))
	for i := range min(len(g.Stages), len(w.Stages)) {
		check("stage "+w.Stages[i].Description, g.Stages[i], w.Stages[i])
	}
	check("partners", g.Partners, w.Partners)
	check("number of indicators", len(g.Indicators), len(w.Indicators))
	for i := range min(len(g.Indicators), len(w.Indicators)) {
		check("indicator "+w.Indicators[i].Name, g.Indicators[i], w.Indicators[i])
	}
	check("total cost", g.TotalCost, w.TotalCost)
	check("budget", g.Budget, w.Budget)
	check("flags", g.Flags, w.Flags)
	// Nothing outside the fields above.
	if !reflect.DeepEqual(got, want) {
		t.Errorf("card differs:\n got %s\nwant %s", js(got), js(want))
	}
}

func TestParseSeeds(t *testing.T) {
	for _, tc := range []struct {
		file string
		want *Card
	}{
		{card81, want81},
		{card92, want92},
	} {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			diffCard(t, parseFile(t, tc.file), tc.want)
		})
	}
}

func TestParseMalformed(t *testing.T) {
	for _, tc := range []struct {
		file     string
		line     int
		expected string // in ParseError.Expected
		found    string // ParseError.Found
	}{
		{"stage-more-values.txt", 24, "5 wartości (po jednej na rok 2009–2013) na końcu wiersza etapu, nie 6",
			"1. Wprowadzenie ewentualnych zmian w strategii uwzględniających otrzymane opinie, propozycje, wnioski. XI 2008 – I 2009 5/5% - - - - -"},
		// Stage 4 wraps: its cells, one short, are on line 28.
		{"stage-fewer-values.txt", 28, "5 wartości „P/A%” lub „-” (po jednej na rok 2009–2013) na końcu wiersza etapu, jest 4",
			"4. Przekazanie zaktualizowanego dokumentu władzom miasta Leszna i organizacjom pozarządowym do wykorzystania w budowie własnych strategii i przygotowaniu programów pomocowych. V – VII 2009 5/5% - - -"},
		{"stage-bad-cell.txt", 31, "wartości etapu „P/A%” (np. „5/5%”) lub „-” na rok 2010", "2/2"},
		{"stage-over-100.txt", 35, "procentów od 0 do 100 na rok 2011", "5/105%"},
		{"stage-order.txt", 32, "etapu nr 3",
			"4. Zbieranie i przetwarzanie danych od socjalnych organizacji pozarządowych 3/3% 3/3% 3/3% 3/3% 3/3%"},
		{"indicator-non-numeric.txt", 43, "liczby jako wartości wskaźnika na rok 2011", "x"},
		{"indicator-fewer-values.txt", 48, "5 wartości wskaźnika (po jednej na rok 2009–2013), jest 4",
			"2. Liczba wypełnionych formularzy. MOPR 50 50 52 54"},
		{"indicator-more-values.txt", 48, "5 wartości wskaźnika (po jednej na rok 2009–2013) po źródle „MOPR”, jest 6",
			"Liczba zrealizowanych zadań MOPR 76 78 82 80 89 91"},
		{"indicator-no-group.txt", 46, "nagłówka grupy mierników",
			"1. Liczba organizacji pozarządowych działających w obszarze pomocy społecznej. MOPR 50 50 52 54 54"},
		{"indicator-group-order.txt", 52, "grup mierników w kolejności: produktu, rezultatu, oddziaływania", "Wskaźniki produktu:"},
		{"indicator-table-years.txt", 45, "nagłówka tabeli mierników „Typ Wskaźnik Źródło 2009 2010 2011 2012 2013”",
			"Typ Wskaźnik Źródło 2009 2010 2011 2012 2014"},
		// The card goes from "Uzasadnienie" straight to "Realizator".
		{"missing-header.txt", 17, "nagłówka „Opis zadania”", "Realizator"},
		{"unknown-header.txt", 9, "nagłówka „Adresaci”", "Odbiorcy"},
		{"unknown-header-after-stages.txt", 36, "nagłówka „Realizator”", "Wykonawca"},
		{"goal-not-roman.txt", 3, "numeru celu cyframi rzymskimi", "2"},
		{"goal-line.txt", 3, "wiersza celu „Cel <numer rzymski> - <tytuł> - szef celu <kto>”",
			"Goal II - " + goalTitle + " - szef celu I Zastępca Prezydenta Miasta Leszna"},
		{"area-line.txt", 5, "wiersza obszaru „<numer>. <nazwa> - koordynator <kto>”",
			"9. Organizacje pozarządowe koordynator Dyrektor Miejskiego Ośrodka Pomocy Rodzinie"},
		{"year-header.txt", 23, "wiersza lat tabeli etapów", "2009 2010 2011 2012 13"},
		{"years-not-increasing.txt", 23, "lat rosnąco", "2009 2010 2012 2011 2013"},
		{"cost-amount.txt", 56, "kwoty „<złote>,<grosze> zł”", "2 00,00 zł"},
		{"budget-line.txt", 60, "wiersza budżetu „<źródło finansowania> <kwota> zł”", "Miejski Ośrodek Pomocy Rodzinie 2 000,00"},
		{"document-line.txt", 1, "wiersza „Strategia rozwoju Leszna”", "Strategia rozwoju Poznania"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			name := filepath.Join("testdata", "malformed", tc.file)
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			checkParseError(t, name, data, tc.line, tc.expected, tc.found)
		})
	}
}

// checkParseError parses data and wants a *ParseError at line with
// expected in Expected and Found equal to found.
func checkParseError(t *testing.T, name string, data []byte, line int, expected, found string) {
	t.Helper()
	c, err := Parse(name, bytes.NewReader(data))
	if err == nil {
		t.Fatalf("parsed: %s", js(c))
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %T %v, want a *ParseError", err, err)
	}
	if pe.File != name || pe.Line != line || !strings.Contains(pe.Expected, expected) || pe.Found != found {
		t.Errorf("got  %s:%d expected %q found %q\nwant %s:%d expected …%q… found %q",
			pe.File, pe.Line, pe.Expected, pe.Found, name, line, expected, found)
	}
}

func TestParseMalformedInline(t *testing.T) {
	seed, err := os.ReadFile(card92)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(seed), "\n")
	with := func(n int, s string) []byte {
		l := append([]string(nil), lines...)
		l[n-1] = s
		return []byte(strings.Join(l, "\n"))
	}
	insert := func(n int, s string) []byte {
		l := append([]string(nil), lines[:n-1]...)
		l = append(append(l, s), lines[n-1:]...)
		return []byte(strings.Join(l, "\n"))
	}
	first := func(n int) []byte { return []byte(strings.Join(lines[:n], "\n") + "\n") }
	for _, tc := range []struct {
		name     string
		data     []byte
		line     int
		expected string
		found    string
	}{
		{"invalid UTF-8", with(11, "Organizacje pozarz\xc4dowe"), 11, "tekstu w UTF-8", "Organizacje pozarz\xc4dowe"},
		{"NUL", with(15, "Wzrost\x00liczby"), 15, "tekstu bez znaku NUL", "Wzrost\x00liczby"},
		{"empty file", nil, 1, "wiersza „Strategia rozwoju Leszna”", ""},
		{"ends after the indicators header", first(44), 44, "nagłówka „Planowany całkowity koszt realizacji”", ""},
		{"ends in the description", first(25), 25, "nagłówka „Etapy realizacji zadania”", ""},
		{"goal number not canonical", with(3, "Cel IIII - Tytuł - szef celu Ktoś"), 3, "numeru celu cyframi rzymskimi", "IIII"},
		{"goal without lead", with(3, "Cel II - Tytuł"), 3, "wiersza celu", "Cel II - Tytuł"},
		{"cell planned over 100", with(30, "1. Przygotowanie formularza 3/3% 3/3% 101/3% 3/3% 3/3%"), 30, "procentów od 0 do 100 na rok 2011", "101/3%"},
		{"cell without slash", with(30, "1. Przygotowanie formularza 3/3% 3% 3/3% 3/3% 3/3%"), 30, "wartości etapu „P/A%”", "3%"},
		{"stage row without cells", with(30, "1. Przygotowanie formularza"), 30, "na końcu wiersza etapu, jest 0", "1. Przygotowanie formularza"},
		{"stage without description", with(30, "1. 3/3% 3/3% 3/3% 3/3% 3/3%"), 30, "opisu etapu", "1. 3/3% 3/3% 3/3% 3/3% 3/3%"},
		{"not a stage row", with(30, "Przygotowanie formularza 3/3% 3/3% 3/3% 3/3% 3/3%"), 30, "wiersza etapu",
			"Przygotowanie formularza 3/3% 3/3% 3/3% 3/3% 3/3%"},
		{"indicator value with letter", with(48, "2. Liczba wypełnionych formularzy. MOPR 50 5O 52 54 54"), 48, "liczby jako wartości wskaźnika na rok 2010", "5O"},
		{"indicator value dash", with(51, "– aktualność informacji o organizacjach MOPR 1.0 1.0 - 1.0 1.0"), 51, "liczby jako wartości wskaźnika na rok 2011", "-"},
		{"indicator without name", with(51, "50 50 52 54 54"), 51, "nazwy wskaźnika", "50 50 52 54 54"},
		{"indicator row after Brak", insert(54, "Liczba czegoś MOPR 1 2 3 4 5"), 54, "(po „Brak”)", "Liczba czegoś MOPR 1 2 3 4 5"},
		{"cost without zł", with(56, "2 000,00"), 56, "kwoty", "2 000,00"},
		{"cost with text", with(56, "około 2 000,00 zł"), 56, "kwoty", "około 2 000,00 zł"},
		{"cost too large", with(56, "1 000 000 000 000,00 zł"), 56, "kwoty", "1 000 000 000 000,00 zł"},
		{"cost then a line", with(57, "ok."), 57, "nagłówka „Budżet zadania”", "ok."},
		{"budget amount only", with(60, "2 000,00 zł"), 60, "wiersza budżetu", "2 000,00 zł"},
		{"budget three decimals", with(60, "MOPR 2 000,000 zł"), 60, "wiersza budżetu", "MOPR 2 000,000 zł"},
		{"second card in the file", append(append([]byte(nil), seed...), "\nStrategia rozwoju Leszna"...), 61, "wiersza budżetu", "Strategia rozwoju Leszna"},
		{"area number zero", with(5, "0. Organizacje - koordynator Ktoś"), 5, "wiersza obszaru", "0. Organizacje - koordynator Ktoś"},
		{"task line", with(7, "Bank danych"), 7, "wiersza zadania", "Bank danych"},
		{"table header in the description", with(24, "Nazwa Zakres współpracy"), 24, "nagłówka „Etapy realizacji zadania”", "Nazwa Zakres współpracy"},
		{"partners end in a header", with(43, "Realizator"), 43, "nagłówka „Mierniki dla realizacji zadania”", "Realizator"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkParseError(t, "karta.txt", tc.data, tc.line, tc.expected, tc.found)
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	for _, tc := range []struct {
		err  ParseError
		want string
	}{
		{ParseError{"karta.txt", 3, "wiersza celu", "Goal II"},
			`karta.txt:3: oczekiwano wiersza celu, jest: "Goal II"`},
		{ParseError{"karta.txt", 60, "nagłówka „Budżet zadania”", ""},
			`karta.txt:60: oczekiwano nagłówka „Budżet zadania”, jest: koniec pliku`},
		{ParseError{"k.txt", 1, "x", strings.Repeat("ą", 60)},
			`k.txt:1: oczekiwano x, jest: "` + strings.Repeat("ą", 60) + `"`},
		{ParseError{"k.txt", 1, "x", strings.Repeat("ą", 61)},
			`k.txt:1: oczekiwano x, jest: "` + strings.Repeat("ą", 59) + `…"`},
		{ParseError{"k.txt", 2, "tekstu w UTF-8", "a\xffb"},
			`k.txt:2: oczekiwano tekstu w UTF-8, jest: "a\xffb"`},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
}

// A card of a later edition: seven years, a period in years only, a
// decimal comma, another source, no partners, no budget lines.
const card2014 = `Strategia rozwoju Leszna

Cel III - Rozwój gospodarczy - szef celu Prezydent Miasta Leszna

2. Rynek pracy - koordynator Dyrektor Powiatowego Urzędu Pracy

3. Aktywizacja osób długotrwale bezrobotnych

Adresaci

Osoby bezrobotne

Uzasadnienie

Wysoki udział długotrwale bezrobotnych.

Opis zadania

Programy aktywizacji.

Etapy realizacji zadania
Etapy realizacji Rok
2014 2015 2016 2017 2018 2019 2020
1. Przygotowanie programu 2014 – 2015 10/10% 5/5% - - - - -
2. Realizacja programu 2/1% 2/2% 15/12% 15/0% 15/0% 15/0% 0/0%
Realizator

Powiatowy Urząd Pracy

Podmioty współpracujące
Nazwa Zakres współpracy
Brak
Mierniki dla realizacji zadania
Typ Wskaźnik Źródło 2014 2015 2016 2017 2018 2019 2020
Wskaźniki rezultatu:
  Stopa bezrobocia (%) GUS 9,5 8,7 7,1 6.0 5.9 5.8 5.8
Planowany całkowity koszt realizacji

125 000 zł

Budżet zadania
Źródło finansowania Środki
`

func TestParseOtherYears(t *testing.T) {
	y := []int{2014, 2015, 2016, 2017, 2018, 2019, 2020}
	want := &Card{
		Document: "Strategia rozwoju Leszna",
		Goal:     Goal{Number: "III", Title: "Rozwój gospodarczy", Lead: "Prezydent Miasta Leszna"},
		Area:     Area{Number: 2, Name: "Rynek pracy", Coordinator: "Dyrektor Powiatowego Urzędu Pracy"},
		Task: Task{
			Number:        3,
			Title:         "Aktywizacja osób długotrwale bezrobotnych",
			Addressees:    "Osoby bezrobotne",
			Justification: "Wysoki udział długotrwale bezrobotnych.",
			Description:   "Programy aktywizacji.",
			Implementer:   "Powiatowy Urząd Pracy",
			Years:         []int{2014, 2015, 2016, 2017, 2018, 2019, 2020},
			Stages: []Stage{
				{Order: 1, Description: "Przygotowanie programu", Period: "2014 – 2015",
					Years: []StageYear{pa(2014, 10, 10), pa(2015, 5, 5), no(2016), no(2017), no(2018), no(2019), no(2020)}},
				{Order: 2, Description: "Realizacja programu",
					Years: []StageYear{pa(2014, 2, 1), pa(2015, 2, 2), pa(2016, 15, 12), pa(2017, 15, 0), pa(2018, 15, 0), pa(2019, 15, 0), pa(2020, 0, 0)}},
			},
			Partners: []Partner{},
			Indicators: []Indicator{
				{Type: Result, Name: "Stopa bezrobocia (%)", Source: "GUS",
					Values: vals(y, "9.5", "8.7", "7.1", "6.0", "5.9", "5.8", "5.8")},
			},
			TotalCost: "125000.00",
			Budget:    []BudgetLine{},
			Flags:     []Flag{},
		},
	}
	c, err := Parse("karta-2014.txt", strings.NewReader(card2014))
	if err != nil {
		t.Fatal(err)
	}
	diffCard(t, c, want)
}

// The variants the format allows beyond the seeds: CRLF, NBSP and tabs,
// headers glued to the text before or after them, a colon after a header,
// a wrapped stage description, a wrapped indicator name, a partner row
// going on on the next line, a missing indicator group, a budget of two
// lines with an NBSP thousands separator.
func TestParseVariants(t *testing.T) {
	text := "\uFEFFStrategia rozwoju Leszna\r\n" +
		"Cel XIV – Tytuł celu - z myślnikiem – szef celu Ktoś Ważny\r\n" +
		"12. Obszar – koordynator Ktoś\r\n" +
		"7. Zadanie\r\n" +
		"Adresaci: Mieszkańcy\r\n" +
		"Uzasadnienie\r\n" +
		"\u00a0\u00a0Pierwszy wiersz\t\r\n" +
		"\r\n" +
		"drugi akapit.Opis zadania\r\n" +
		"Opis\r\n" +
		"Etapy realizacji zadania Etapy realizacji Rok 2009 2010\r\n" +
		"1. Długi opis etapu,\r\n" +
		"ciąg dalszy opisu XI 2008 – I 2009\r\n" +
		"\r\n" +
		"5/5% -\r\n" +
		"2. Drugi etap II-IV 2010 – 3/3% Realizator\r\n" +
		"MOPR\r\n" +
		"PODMIOTY WSPÓŁPRACUJĄCE\r\n" +
		"Stowarzyszenie Pomocy Rodzinie Organizacja spotkań\r\n" +
		"i warsztatów\r\n" +
		"Sąd Rejonowy w Lesznie\r\n" +
		"Mierniki dla realizacji zadania\r\n" +
		"Typ Wskaźnik Źródło Rok\r\n" +
		"2009 2010\r\n" +
		"Wskaźniki produktu: Brak\r\n" +
		"Wskaźniki oddziaływania:\r\n" +
		"\u00a0 Liczba osób objętych\r\n" +
		"\u00a0 pomocą PUP 10 16\r\n" +
		"Planowany całkowity koszt realizacji 1\u00a0500,5 zł Budżet zadania\r\n" +
		"Źródło finansowania Środki\r\n" +
		"Budżet Miasta 1 000,50 zł\r\n" +
		"Fundusz 12 500 zł.\r\n"
	want := &Card{
		Document: "Strategia rozwoju Leszna",
		Goal:     Goal{Number: "XIV", Title: "Tytuł celu - z myślnikiem", Lead: "Ktoś Ważny"},
		Area:     Area{Number: 12, Name: "Obszar", Coordinator: "Ktoś"},
		Task: Task{
			Number:        7,
			Title:         "Zadanie",
			Addressees:    "Mieszkańcy",
			Justification: "Pierwszy wiersz\n\ndrugi akapit.",
			Description:   "Opis",
			Implementer:   "MOPR",
			Years:         []int{2009, 2010},
			Stages: []Stage{
				{Order: 1, Description: "Długi opis etapu, ciąg dalszy opisu", Period: "XI 2008 – I 2009",
					Years: []StageYear{pa(2009, 5, 5), no(2010)}},
				{Order: 2, Description: "Drugi etap", Period: "II-IV 2010",
					Years: []StageYear{no(2009), pa(2010, 3, 3)}},
			},
			Partners: []Partner{
				{Name: "Stowarzyszenie Pomocy Rodzinie", Scope: "Organizacja spotkań i warsztatów"},
				{Name: "Sąd Rejonowy w Lesznie", Scope: ""},
			},
			Indicators: []Indicator{
				{Type: Impact, Name: "Liczba osób objętych pomocą", Source: "PUP",
					Values: vals([]int{2009, 2010}, "10", "16")},
			},
			TotalCost: "1500.50",
			Budget: []BudgetLine{
				{Source: "Budżet Miasta", Amount: "1000.50"},
				{Source: "Fundusz", Amount: "12500.00"},
			},
			Flags: []Flag{{Kind: Jump, Line: 28, Indicator: 0, Year: 2010, Previous: "10", Value: "16"}},
		},
	}
	c, err := Parse("warianty.txt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	diffCard(t, c, want)
}

func TestSplitPartner(t *testing.T) {
	for _, tc := range []struct{ row, name, scope string }{
		{"Jednostki służb społecznych Realizacja zadań zawartych w Strategii. I 2010 – XII 2015",
			"Jednostki służb społecznych", "Realizacja zadań zawartych w Strategii. I 2010 – XII 2015"},
		{"Organizacje pozarządowe Realizacja zadań zawartych w Strategii. I 2010 – XII 2015",
			"Organizacje pozarządowe", "Realizacja zadań zawartych w Strategii. I 2010 – XII 2015"},
		{"Wydział Promocji Urzędu Miasta Leszno Umieszczenie danych o organizacjach na stronie internetowej Urzędu Miasta Leszna",
			"Wydział Promocji Urzędu Miasta Leszno", "Umieszczenie danych o organizacjach na stronie internetowej Urzędu Miasta Leszna"},
		{"Organizacje pozarządowe Przekazywanie informacji o danych tele – adresowych",
			"Organizacje pozarządowe", "Przekazywanie informacji o danych tele – adresowych"},
		// "-nie" alone is not a verbal noun.
		{"Miejski Ośrodek Pomocy Rodzinie Prowadzenie punktu konsultacyjnego",
			"Miejski Ośrodek Pomocy Rodzinie", "Prowadzenie punktu konsultacyjnego"},
		{"Sąd Rejonowy w Lesznie Objęcie nadzorem kuratorskim",
			"Sąd Rejonowy w Lesznie", "Objęcie nadzorem kuratorskim"},
		// Bodies named by nouns that end like verbal nouns.
		{"Polskie Stowarzyszenie Diabetyków Edukacja chorych", "Polskie Stowarzyszenie Diabetyków", "Edukacja chorych"},
		{"Leszczyńska Fundacja Rozwoju Wsparcie, finansowanie", "Leszczyńska Fundacja Rozwoju", "Wsparcie, finansowanie"},
		// The first word never starts the scope.
		{"Realizacja", "Realizacja", ""},
		{"Policja", "Policja", ""},
		{"Komenda Miejska Policji", "Komenda Miejska Policji", ""},
		{"Szkoły Przygotowanie, prowadzenie zajęć", "Szkoły", "Przygotowanie, prowadzenie zajęć"},
		{"", "", ""},
	} {
		name, scope := SplitPartner(tc.row)
		if name != tc.name || scope != tc.scope {
			t.Errorf("SplitPartner(%q) = %q, %q; want %q, %q", tc.row, name, scope, tc.name, tc.scope)
		}
	}
}

// The JSON form of a card is a contract: `portal import-strategy
// --dry-run --json` prints it, and other tools read it.
func TestCardJSON(t *testing.T) {
	c := parseFile(t, card92)
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	keys := func(v any) []string {
		var out []string
		for k := range v.(map[string]any) {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	for _, tc := range []struct {
		what string
		v    any
		want []string
	}{
		{"card", doc, []string{"area", "document", "goal", "task"}},
		{"goal", doc["goal"], []string{"lead", "number", "title"}},
		{"area", doc["area"], []string{"coordinator", "name", "number"}},
		{"task", doc["task"], []string{"addressees", "budget", "description", "flags", "implementer", "indicators",
			"justification", "number", "partners", "stages", "title", "total_cost", "years"}},
	} {
		if got := keys(tc.v); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s keys = %v, want %v", tc.what, got, tc.want)
		}
	}
	s := string(b)
	for _, want := range []string{
		`"number": "II"`,
		`"years": [
      2009,
      2010,
      2011,
      2012,
      2013
    ]`,
		`{
            "year": 2009,
            "planned": 3,
            "actual": 3
          }`,
		`{
        "name": "Wydział Promocji Urzędu Miasta Leszno",
        "scope": "Umieszczenie danych o organizacjach na stronie internetowej Urzędu Miasta Leszna"
      }`,
		`{
        "type": "rezultatu",
        "name": "– aktualność informacji o organizacjach",
        "source": "MOPR",
        "values": [
          {
            "year": 2009,
            "value": "1.0"
          },`,
		`"total_cost": "2000.00"`,
		`"budget": [
      {
        "source": "Miejski Ośrodek Pomocy Rodzinie",
        "amount": "2000.00"
      }
    ]`,
		`"flags": []`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks\n%s\nin\n%s", want, s)
		}
	}
	for _, unwanted := range []string{`"slug"`, `"organisation"`, `"metric"`, `null`} {
		if strings.Contains(s, unwanted) {
			t.Errorf("JSON of a parsed 9.2 card has %s", unwanted)
		}
	}

	// An empty card part is [] or "", never null; "-" cells are null.
	b81, _ := json.Marshal(parseFile(t, card81))
	for _, want := range []string{`"total_cost":""`, `"budget":[]`, `{"year":2010,"planned":null,"actual":null}`} {
		if !strings.Contains(string(b81), want) {
			t.Errorf("JSON of card 8.1 lacks %s", want)
		}
	}

	// The JSON reads back into the same card.
	var back Card
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, c) {
		t.Errorf("JSON does not read back:\n got %s\nwant %s", js(&back), js(c))
	}
}

var amountRE = regexp.MustCompile(`^\d{1,12}\.\d\d$`)

func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"cards/*.txt", "testdata/malformed/*.txt"} {
		names, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range names {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte(card2014))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.txt", bytes.NewReader(data))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v, want a *ParseError", err, err)
			}
			lines := bytes.Count(data, []byte("\n")) + 1
			if pe.File != "fuzz.txt" || pe.Line < 1 || pe.Line > lines || pe.Expected == "" {
				t.Fatalf("bad error %#v (the input has %d lines)", pe, lines)
			}
			_ = pe.Error()
			return
		}
		n := len(c.Task.Years)
		if n == 0 {
			t.Fatal("a card with no years")
		}
		for _, st := range c.Task.Stages {
			if len(st.Years) != n {
				t.Fatalf("stage %d has %d years, want %d", st.Order, len(st.Years), n)
			}
			for i, y := range st.Years {
				if y.Year != c.Task.Years[i] || (y.Planned == nil) != (y.Actual == nil) ||
					y.Planned != nil && (*y.Planned < 0 || *y.Planned > 100 || *y.Actual < 0 || *y.Actual > 100) {
					t.Fatalf("stage %d, year %d: %s", st.Order, c.Task.Years[i], js(y))
				}
			}
		}
		for _, ind := range c.Task.Indicators {
			if len(ind.Values) != n {
				t.Fatalf("indicator %q has %d values, want %d", ind.Name, len(ind.Values), n)
			}
			for i, v := range ind.Values {
				if _, ok := new(big.Rat).SetString(v.Value); !ok || v.Year != c.Task.Years[i] || strings.Contains(v.Value, ",") {
					t.Fatalf("indicator %q: value %q for %d", ind.Name, v.Value, v.Year)
				}
			}
		}
		if c.Task.TotalCost != "" && !amountRE.MatchString(c.Task.TotalCost) {
			t.Fatalf("total cost %q", c.Task.TotalCost)
		}
		for _, b := range c.Task.Budget {
			if !amountRE.MatchString(b.Amount) || b.Source == "" {
				t.Fatalf("budget line %s", js(b))
			}
		}
		for _, fl := range c.Task.Flags {
			if fl.Indicator < 0 || fl.Indicator >= len(c.Task.Indicators) {
				t.Fatalf("flag %s", js(fl))
			}
		}
		if _, err := json.Marshal(c); err != nil {
			t.Fatal(err)
		}
		again, err := Parse("fuzz.txt", bytes.NewReader(data))
		if err != nil || !reflect.DeepEqual(again, c) {
			t.Fatalf("parsing again: %v\n%s\n%s", err, js(again), js(c))
		}
	})
}
