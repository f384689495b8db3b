package strategy

import (
	"bytes"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Section headers of a card, in the order a card gives them.
const (
	documentName = "Strategia rozwoju Leszna"

	hAddressees    = "Adresaci"
	hJustification = "Uzasadnienie"
	hDescription   = "Opis zadania"
	hStages        = "Etapy realizacji zadania"
	hImplementer   = "Realizator"
	hPartners      = "Podmioty współpracujące"
	hIndicators    = "Mierniki dla realizacji zadania"
	hCost          = "Planowany całkowity koszt realizacji"
	hBudget        = "Budżet zadania"

	// Table headers inside sections; optional.
	hStageTable   = "Etapy realizacji Rok"
	hPartnerTable = "Nazwa Zakres współpracy"
	hBudgetTable  = "Źródło finansowania Środki"
)

// indicatorGroups are the group headers of the indicator table, in the
// order a card gives them.
var indicatorGroups = []struct {
	header string
	typ    IndicatorType
}{
	{"Wskaźniki produktu", Product},
	{"Wskaźniki rezultatu", Result},
	{"Wskaźniki oddziaływania", Impact},
}

// knownHeaders are the lines that are a header wherever they stand; met
// where another header is due, they mean that one is missing.
var knownHeaders = func() map[string]bool {
	m := map[string]bool{}
	for _, h := range []string{hAddressees, hJustification, hDescription, hStages,
		hImplementer, hPartners, hIndicators, hCost, hBudget,
		hStageTable, hPartnerTable, hBudgetTable} {
		m[headerKey(h)] = true
	}
	for _, g := range indicatorGroups {
		m[headerKey(g.header)] = true
	}
	return m
}()

// ParseError says where a card departs from the format: the file, the
// 1-based line and what the parser expected there. Found is the text it
// found instead (the whole line or the offending value), "" at the end of
// the file.
type ParseError struct {
	File     string
	Line     int
	Expected string
	Found    string
}

// Error writes the error the way compilers do, in Polish:
// `karta.txt:23: oczekiwano wiersza lat tabeli etapów (…), jest: "Rok"`.
func (e *ParseError) Error() string {
	found := "koniec pliku"
	if e.Found != "" {
		found = strconv.Quote(shorten(e.Found, 60))
	}
	return fmt.Sprintf("%s:%d: oczekiwano %s, jest: %s", e.File, e.Line, e.Expected, found)
}

// shorten cuts s to at most n characters, marking the cut with "…". It
// counts runes but cuts bytes, so that invalid UTF-8 survives to be quoted.
func shorten(s string, n int) string {
	i := 0
	for k := 0; k < n-1; k++ {
		if i >= len(s) {
			return s
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	if utf8.RuneCountInString(s[i:]) <= 1 {
		return s
	}
	return s[:i] + "…"
}

// Parse reads one task card in the strategy's text format; file names the
// card in errors. A card that departs from the format ends with a
// *ParseError; an error of r is returned wrapped with the file name.
//
// The format, as the strategy document prints a task card:
//
//	Strategia rozwoju Leszna
//	Cel II - <goal title> - szef celu <lead>
//	8. <area name> - koordynator <coordinator>
//	1. <task title>
//	Adresaci                            prose
//	Uzasadnienie                        prose
//	Opis zadania                        prose
//	Etapy realizacji zadania            [Etapy realizacji Rok], year line, stage rows
//	Realizator                          prose
//	Podmioty współpracujące             [Nazwa Zakres współpracy], partner rows
//	Mierniki dla realizacji zadania     [Typ Wskaźnik Źródło <years>], groups of indicator rows
//	Planowany całkowity koszt realizacji  an amount, or nothing
//	Budżet zadania                      [Źródło finansowania Środki], "<source> <amount> zł" rows
//
// Every section header is required, in this order. Blank lines may stand
// anywhere between the parts; lines may end in "\r\n". Every Unicode space
// (NBSP included) counts as a space, and the ends of each line are trimmed.
// Headers are matched ignoring case, runs of spaces and a trailing colon.
// A header may also share its line with what precedes it ("…rzeczywistością
// Etapy realizacji zadania", even without the space) or with what follows
// it ("Adresaci Mieszkańcy miasta Leszna"), as text copied out of a PDF
// sometimes does; such a glued header is recognised only where it is the
// next one expected, written in the header's own case.
//
// The rows of the tables:
//
//   - The year line after "Etapy realizacji Rok" sets Task.Years: any
//     number of four-digit years, rising. The indicator header, when it
//     lists years, must list the same.
//   - A stage row is "<order>. <description> [<period>] <cells>", orders
//     1, 2, 3…; the last len(Years) words are the cells, "P/A%" (0–100) or
//     "-". The period is Roman months and years with either dash ("XI
//     2008 – I 2009", "II - IV 2009", "V 2009", "2014 – 2015"), kept as
//     written. A line with no cell at its end goes on on the next lines.
//   - A partner row is split into name and scope by SplitPartner; a line
//     starting with a lower-case letter goes on the row before. "Brak"
//     means no partners.
//   - An indicator row is "<name> [<source>] <values>": the last
//     len(Years) words are the values, integers or decimals; the source is
//     the word before them when it is an all-capitals abbreviation ("MOPR",
//     "GUS") and the name keeps at least a word. A row with no values goes
//     on on the next line when that line starts with a lower-case letter.
//     "Brak" under a group header means none of that type.
//   - Amounts are "2 000,00 zł" (a space or NBSP between thousands, up to
//     two decimals, at most 12 digits before the comma).
//
// Flags: every indicator value that differs from the year before by more
// than half of that value (|v − prev| > |prev|/2, prev ≠ 0) is flagged as
// a Jump; the value stays as written.
//
// The parsed card keeps the texts as the card writes them. Numbers stay
// strings of exact decimals: indicator values as written (a decimal comma
// becomes a dot: "1,5" → "1.5"; "1.0" stays "1.0"), amounts with two
// decimal places ("2 000,00 zł" → "2000.00"). Lists are never nil, so that
// the JSON form shows [] for an empty list. Values that parse but look
// wrong are kept and listed in Task.Flags.
func Parse(file string, r io.Reader) (*Card, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	p, err := newParser(file, data)
	if err != nil {
		return nil, err
	}
	return p.card()
}

// srcLine is one line of the card: its 1-based number and its text with
// every Unicode space turned into ' ' and both ends trimmed.
type srcLine struct {
	n    int
	text string
}

type parser struct {
	file  string
	lines []srcLine
	i     int // the next line to read
	last  int // the number of the file's last line
}

func newParser(file string, data []byte) (*parser, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	raw := strings.Split(string(data), "\n")
	p := &parser{file: file, lines: make([]srcLine, len(raw))}
	for i, s := range raw {
		if !utf8.ValidString(s) {
			return nil, &ParseError{file, i + 1, "tekstu w UTF-8", s}
		}
		if strings.IndexByte(s, 0) >= 0 {
			return nil, &ParseError{file, i + 1, "tekstu bez znaku NUL", s}
		}
		p.lines[i] = srcLine{i + 1, cleanLine(s)}
	}
	p.last = len(raw)
	if p.last > 1 && raw[p.last-1] == "" {
		p.last--
	}
	return p, nil
}

// cleanLine turns every Unicode space into ' ' and trims both ends.
func cleanLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s))
}

// errAt reports that expected was due at line n, where found stands.
func (p *parser) errAt(n int, expected, found string) error {
	return &ParseError{p.file, n, expected, found}
}

// errEOF reports that expected was due where the file ends; the line is
// the file's last (a final newline does not start another line).
func (p *parser) errEOF(expected string) error {
	return &ParseError{p.file, p.last, expected, ""}
}

// peek skips blank lines and returns the next line, false at the end.
func (p *parser) peek() (srcLine, bool) {
	for p.i < len(p.lines) && p.lines[p.i].text == "" {
		p.i++
	}
	if p.i >= len(p.lines) {
		return srcLine{}, false
	}
	return p.lines[p.i], true
}

// want returns the next non-blank line, or an error naming expected at
// the end of the file.
func (p *parser) want(expected string) (srcLine, error) {
	l, ok := p.peek()
	if !ok {
		return l, p.errEOF(expected)
	}
	return l, nil
}

// splitCurrent cuts the current line in two at byte cut: the line keeps
// what precedes, and what follows becomes the next line, with the same
// number.
func (p *parser) splitCurrent(cut int) {
	l := p.lines[p.i]
	p.lines[p.i].text = strings.TrimSpace(l.text[:cut])
	p.lines = slices.Insert(p.lines, p.i+1, srcLine{l.n, strings.TrimSpace(l.text[cut:])})
}

// rowLine is peek for a section of rows that header next ends: a row with
// next glued to its end is split off first.
func (p *parser) rowLine(next string) (srcLine, bool) {
	l, ok := p.peek()
	if ok {
		if cut, glued := trailingHeader(l.text, next); glued {
			p.splitCurrent(cut)
			l = p.lines[p.i]
		}
	}
	return l, ok
}

// atHeader reports whether line l starts with header h.
func atHeader(l srcLine, h string) bool {
	if isHeader(l.text, h) {
		return true
	}
	_, ok := leadingHeader(l.text, h)
	return ok
}

// expectHeader reads header h. Text after the header on its line is left
// to be read as the next line.
func (p *parser) expectHeader(h string) error {
	l, err := p.want(header(h))
	if err != nil {
		return err
	}
	if isHeader(l.text, h) {
		p.i++
		return nil
	}
	if rest, ok := leadingHeader(l.text, h); ok {
		p.lines[p.i].text = rest
		return nil
	}
	return p.errAt(l.n, header(h), l.text)
}

// optionalHeader reads header h if it is the next line.
func (p *parser) optionalHeader(h string) {
	l, ok := p.peek()
	if !ok {
		return
	}
	if isHeader(l.text, h) {
		p.i++
	} else if rest, ok := leadingHeader(l.text, h); ok {
		p.lines[p.i].text = rest
	}
}

// header names header h in an error.
func header(h string) string { return "nagłówka „" + h + "”" }

// headerKey is what headers are compared by: lower case, single spaces,
// no trailing colon.
func headerKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.TrimRight(s, ": ")), " "))
}

func isHeader(s, h string) bool { return headerKey(s) == headerKey(h) }

// isKnownHeader reports whether s is one of the card's headers.
func isKnownHeader(s string) bool {
	k := headerKey(s)
	return knownHeaders[k] || k == "typ wskaźnik źródło" || strings.HasPrefix(k, "typ wskaźnik źródło ")
}

func isBrak(s string) bool {
	k := headerKey(s)
	return k == "brak" || k == "brak."
}

// span is a word of a line: the bytes [start, end).
type span struct{ start, end int }

// words splits a cleaned line at its spaces.
func words(s string) []span {
	var out []span
	start := -1
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			if start >= 0 {
				out = append(out, span{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(s)})
	}
	return out
}

// leadingHeader reports whether s is header h, written in its own case,
// followed by more text on the line, and returns that text.
func leadingHeader(s, h string) (string, bool) {
	hw := strings.Fields(h)
	sp := words(s)
	if len(sp) <= len(hw) {
		return "", false
	}
	for i, w := range hw {
		f := s[sp[i].start:sp[i].end]
		if i == len(hw)-1 {
			f = strings.TrimSuffix(f, ":")
		}
		if f != w {
			return "", false
		}
	}
	rest := strings.TrimSpace(s[sp[len(hw)-1].end:])
	return rest, rest != ""
}

// trailingHeader reports whether s ends with header h, written in its own
// case, after some other text (with or without a space between), and
// returns where the header starts.
func trailingHeader(s, h string) (int, bool) {
	hw := strings.Fields(h)
	sp := words(s)
	n := len(hw)
	if n == 0 || len(sp) < n {
		return 0, false
	}
	base := len(sp) - n
	for i := 1; i < n; i++ {
		f := s[sp[base+i].start:sp[base+i].end]
		if i == n-1 {
			f = strings.TrimSuffix(f, ":")
		}
		if f != hw[i] {
			return 0, false
		}
	}
	first := s[sp[base].start:sp[base].end]
	if n == 1 {
		first = strings.TrimSuffix(first, ":")
	}
	cut := sp[base].start
	switch {
	case first == hw[0]:
	case len(first) > len(hw[0]) && strings.HasSuffix(first, hw[0]):
		cut += len(first) - len(hw[0])
	default:
		return 0, false
	}
	if strings.TrimSpace(s[:cut]) == "" {
		return 0, false
	}
	return cut, true
}

func (p *parser) card() (*Card, error) {
	c := &Card{}
	l, err := p.want("wiersza „" + documentName + "”")
	if err != nil {
		return nil, err
	}
	if !isHeader(l.text, documentName) {
		return nil, p.errAt(l.n, "wiersza „"+documentName+"”", l.text)
	}
	c.Document = documentName
	p.i++

	if err := p.goal(&c.Goal); err != nil {
		return nil, err
	}
	if err := p.area(&c.Area); err != nil {
		return nil, err
	}
	t := &c.Task
	if err := p.taskLine(t); err != nil {
		return nil, err
	}
	for _, s := range []struct {
		header, next string
		text         *string
	}{
		{hAddressees, hJustification, &t.Addressees},
		{hJustification, hDescription, &t.Justification},
		{hDescription, hStages, &t.Description},
	} {
		if err := p.expectHeader(s.header); err != nil {
			return nil, err
		}
		if *s.text, err = p.prose(s.next); err != nil {
			return nil, err
		}
	}
	if err := p.stages(t); err != nil {
		return nil, err
	}
	if err := p.expectHeader(hImplementer); err != nil {
		return nil, err
	}
	if t.Implementer, err = p.prose(hPartners); err != nil {
		return nil, err
	}
	if err := p.partners(t); err != nil {
		return nil, err
	}
	lines, err := p.indicators(t)
	if err != nil {
		return nil, err
	}
	if err := p.cost(t); err != nil {
		return nil, err
	}
	if err := p.budget(t); err != nil {
		return nil, err
	}
	t.Flags = jumps(t.Indicators, lines)
	return c, nil
}

const dash = `[-–—]`

var (
	goalRE = regexp.MustCompile(`^(?i:cel)\s+(\S+)\s*` + dash + `\s*(.+?)\s+` + dash + `\s*(?i:szef\s+celu)\s+(.+)$`)
	areaRE = regexp.MustCompile(`^([1-9]\d{0,3})\.\s*(.+?)\s+` + dash + `\s*(?i:koordynator)\s+(.+)$`)
	taskRE = regexp.MustCompile(`^([1-9]\d{0,3})\.\s*(.+)$`)
)

// match reads the next line, which must match re; want says what was
// expected when it does not.
func (p *parser) match(re *regexp.Regexp, want string) (srcLine, []string, error) {
	l, err := p.want(want)
	if err != nil {
		return l, nil, err
	}
	m := re.FindStringSubmatch(l.text)
	if m == nil {
		return l, nil, p.errAt(l.n, want, l.text)
	}
	return l, m, nil
}

func (p *parser) goal(g *Goal) error {
	const want = "wiersza celu „Cel <numer rzymski> - <tytuł> - szef celu <kto>”"
	l, m, err := p.match(goalRE, want)
	if err != nil {
		return err
	}
	if _, ok := Roman(m[1]); !ok {
		return p.errAt(l.n, "numeru celu cyframi rzymskimi (I, II, III…)", m[1])
	}
	*g = Goal{Number: m[1], Title: m[2], Lead: m[3]}
	p.i++
	return nil
}

func (p *parser) area(a *Area) error {
	const want = "wiersza obszaru „<numer>. <nazwa> - koordynator <kto>”"
	_, m, err := p.match(areaRE, want)
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(m[1])
	*a = Area{Number: n, Name: m[2], Coordinator: m[3]}
	p.i++
	return nil
}

func (p *parser) taskLine(t *Task) error {
	const want = "wiersza zadania „<numer>. <tytuł>”"
	_, m, err := p.match(taskRE, want)
	if err != nil {
		return err
	}
	t.Number, _ = strconv.Atoi(m[1])
	t.Title = m[2]
	p.i++
	return nil
}

// prose reads the text of a section up to header next, which it leaves
// to be read: the lines as written (ends trimmed), joined with "\n",
// without blank lines at either end. Another header on its own line means
// next is missing.
func (p *parser) prose(next string) (string, error) {
	var out []string
	for ; p.i < len(p.lines); p.i++ {
		l := p.lines[p.i]
		if l.text != "" {
			if atHeader(l, next) {
				break
			}
			if cut, ok := trailingHeader(l.text, next); ok {
				p.splitCurrent(cut)
				l = p.lines[p.i]
			} else if isKnownHeader(l.text) {
				return "", p.errAt(l.n, header(next), l.text)
			}
		}
		out = append(out, l.text)
	}
	if p.i >= len(p.lines) {
		return "", p.errEOF(header(next))
	}
	for len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n"), nil
}

// years reads a line of years ("2009 2010 2011 2012 2013"): four-digit
// numbers, each greater than the one before.
func years(s string) ([]int, bool) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return nil, false
	}
	out := make([]int, len(f))
	for i, w := range f {
		if len(w) != 4 || w[0] == '0' || !isDigits(w) {
			return nil, false
		}
		out[i], _ = strconv.Atoi(w)
	}
	return out, true
}

func increasing(ys []int) bool {
	for i := 1; i < len(ys); i++ {
		if ys[i] <= ys[i-1] {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// yearSpan names the years in an error: "2009–2013", or a list when they
// have gaps.
func yearSpan(ys []int) string {
	if len(ys) == 0 {
		return ""
	}
	if ys[len(ys)-1]-ys[0] == len(ys)-1 {
		if len(ys) == 1 {
			return strconv.Itoa(ys[0])
		}
		return fmt.Sprintf("%d–%d", ys[0], ys[len(ys)-1])
	}
	s := make([]string, len(ys))
	for i, y := range ys {
		s[i] = strconv.Itoa(y)
	}
	return strings.Join(s, ", ")
}

var (
	stageStartRE = regexp.MustCompile(`^(\d{1,4})\.\s+\S`)
	cellRE       = regexp.MustCompile(`^(\d+)/(\d+)%$`)

	romanMonth = `(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)`
	// periodRE finds a stage's period at the end of its text: "XI 2008 –
	// I 2009", "II - IV 2009", "I 2010 – XII 2015", "2009 – 2013",
	// "V 2009". A lone year is not taken for a period.
	periodRE = regexp.MustCompile(`(?:^|\s)((?:` + romanMonth + `\s+\d{4}|` + romanMonth + `|\d{4})\s*` + dash +
		`\s*(?:` + romanMonth + `\s+)?\d{4}|` + romanMonth + `\s+\d{4})$`)
)

// isDash reports whether w is an empty stage cell.
func isDash(w string) bool { return w == "-" || w == "–" || w == "—" }

func isCell(w string) bool { return isDash(w) || cellRE.MatchString(w) }

// cellish reports whether w was meant as a stage cell though it is not
// one: "5/5", "5%", "5/x%".
func cellish(w string) bool {
	return strings.ContainsAny(w, "%/") && strings.ContainsAny(w, "0123456789")
}

// trailing counts the words at the end of s that ok accepts.
func trailing(s string, sp []span, ok func(string) bool) int {
	k := 0
	for i := len(sp) - 1; i >= 0 && ok(s[sp[i].start:sp[i].end]); i-- {
		k++
	}
	return k
}

// stages reads the stage table: the year line that sets t.Years, then
// the stage rows, up to the header "Realizator".
func (p *parser) stages(t *Task) error {
	if err := p.expectHeader(hStages); err != nil {
		return err
	}
	p.optionalHeader(hStageTable)
	const wantYears = "wiersza lat tabeli etapów (np. „2009 2010 2011 2012 2013”)"
	l, err := p.want(wantYears)
	if err != nil {
		return err
	}
	ys, ok := years(l.text)
	if !ok {
		return p.errAt(l.n, wantYears, l.text)
	}
	if !increasing(ys) {
		return p.errAt(l.n, "lat rosnąco, każdego raz", l.text)
	}
	t.Years = ys
	t.Stages = []Stage{}
	p.i++
	brak := false
	for {
		l, ok := p.rowLine(hImplementer)
		if !ok || atHeader(l, hImplementer) {
			return nil
		}
		if isKnownHeader(l.text) {
			return p.errAt(l.n, header(hImplementer), l.text)
		}
		if isBrak(l.text) && len(t.Stages) == 0 && !brak {
			brak = true
			p.i++
			continue
		}
		if brak || !stageStartRE.MatchString(l.text) {
			return p.errAt(l.n, "wiersza etapu „<numer>. <opis> [<okres>] <P/A% lub - na każdy rok>” lub "+header(hImplementer), l.text)
		}
		if err := p.stageRow(t); err != nil {
			return err
		}
	}
}

// stageRow reads one stage row: "<order>. <description> [<period>]
// <cells>", one cell per year, "P/A%" or "-". When a line ends with no
// cell, the row goes on on the next lines that do not start a stage or a
// section (stage 4 of card 8.1 has its cells on a line of their own).
func (p *parser) stageRow(t *Task) error {
	first := p.lines[p.i]
	p.i++
	parts := []string{first.text}
	last := first
	for trailing(last.text, words(last.text), isCell) == 0 {
		l, ok := p.rowLine(hImplementer)
		if !ok || atHeader(l, hImplementer) || isKnownHeader(l.text) || isBrak(l.text) || stageStartRE.MatchString(l.text) {
			break
		}
		parts = append(parts, l.text)
		last = l
		p.i++
	}
	s := strings.Join(parts, " ")
	sp := words(s)
	word := func(i int) string { return s[sp[i].start:sp[i].end] }
	n := len(t.Years)
	k := trailing(s, sp, isCell)
	switch {
	case k > n:
		return p.errAt(last.n, fmt.Sprintf("%d wartości (po jednej na rok %s) na końcu wiersza etapu, nie %d",
			n, yearSpan(t.Years), k), s)
	case k < n:
		if i := len(sp) - k - 1; i >= 1 && cellish(word(i)) {
			return p.errAt(last.n, fmt.Sprintf("wartości etapu „P/A%%” (np. „5/5%%”) lub „-” na rok %d",
				t.Years[n-k-1]), word(i))
		}
		return p.errAt(last.n, fmt.Sprintf("%d wartości „P/A%%” lub „-” (po jednej na rok %s) na końcu wiersza etapu, jest %d",
			n, yearSpan(t.Years), k), s)
	}
	order, _ := strconv.Atoi(strings.TrimSuffix(word(0), "."))
	if order != len(t.Stages)+1 {
		return p.errAt(first.n, fmt.Sprintf("etapu nr %d", len(t.Stages)+1), s)
	}
	st := Stage{Order: order, Years: make([]StageYear, n)}
	cells := sp[len(sp)-n:]
	for j, c := range cells {
		w := s[c.start:c.end]
		st.Years[j].Year = t.Years[j]
		if isDash(w) {
			continue
		}
		m := cellRE.FindStringSubmatch(w)
		planned, err1 := strconv.Atoi(m[1])
		actual, err2 := strconv.Atoi(m[2])
		if err1 != nil || err2 != nil || planned > 100 || actual > 100 {
			return p.errAt(last.n, fmt.Sprintf("procentów od 0 do 100 na rok %d", t.Years[j]), w)
		}
		st.Years[j].Planned, st.Years[j].Actual = &planned, &actual
	}
	text := strings.TrimSpace(s[sp[0].end:sp[len(sp)-n].start])
	if m := periodRE.FindStringSubmatchIndex(text); m != nil {
		if d := strings.TrimSpace(text[:m[2]]); d != "" {
			st.Description, st.Period = d, text[m[2]:m[3]]
		}
	}
	if st.Description == "" {
		st.Description = text
	}
	if st.Description == "" {
		return p.errAt(first.n, "opisu etapu", s)
	}
	t.Stages = append(t.Stages, st)
	return nil
}

// partners reads the partner rows, up to the indicators header. A line
// that starts with a lower-case letter goes on the row before.
func (p *parser) partners(t *Task) error {
	if err := p.expectHeader(hPartners); err != nil {
		return err
	}
	p.optionalHeader(hPartnerTable)
	t.Partners = []Partner{}
	var row []string
	flush := func() {
		if row != nil {
			name, scope := SplitPartner(strings.Join(row, " "))
			t.Partners = append(t.Partners, Partner{Name: name, Scope: scope})
			row = nil
		}
	}
	brak := false
	for {
		l, ok := p.rowLine(hIndicators)
		if !ok || atHeader(l, hIndicators) {
			break
		}
		if isKnownHeader(l.text) {
			return p.errAt(l.n, header(hIndicators), l.text)
		}
		switch {
		case isBrak(l.text) && row == nil && len(t.Partners) == 0 && !brak:
			brak = true
		case brak:
			return p.errAt(l.n, header(hIndicators)+" (po „Brak”)", l.text)
		case row != nil && startsLower(l.text):
			row = append(row, l.text)
		default:
			flush()
			row = []string{l.text}
		}
		p.i++
	}
	flush()
	return nil
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// SplitPartner splits a partner row into the partner's name and the scope
// of its cooperation. The card prints the two columns with no separator,
// so the split is a rule of thumb fitted to how the strategy writes
// scopes: a scope opens with a capitalised verbal noun ("Realizacja
// zadań…", "Umieszczenie danych…", "Przekazywanie informacji…"). The
// scope starts at the first word, other than the first, that starts with
// an upper-case letter and ends in "-anie", "-enie", "-cie" or "-cja"
// (trailing punctuation aside); names of bodies that end that way
// ("Stowarzyszenie", "Fundacja", …) do not count. Bare "-nie" is not
// enough: it would cut "Miejski Ośrodek Pomocy Rodzinie" and "Sąd
// Rejonowy w Lesznie". With no such word the whole row is the name.
func SplitPartner(row string) (name, scope string) {
	row = strings.TrimSpace(row)
	sp := words(row)
	for i := 1; i < len(sp); i++ {
		if startsScope(row[sp[i].start:sp[i].end]) {
			return strings.TrimSpace(row[:sp[i].start]), row[sp[i].start:]
		}
	}
	return row, ""
}

// notScope are nouns that look like verbal nouns but name bodies.
var notScope = map[string]bool{
	"stowarzyszenie": true, "zrzeszenie": true, "zgromadzenie": true,
	"fundacja": true, "federacja": true, "administracja": true, "policja": true,
}

func startsScope(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	lw := strings.ToLower(strings.TrimRightFunc(w, unicode.IsPunct))
	if notScope[lw] {
		return false
	}
	for _, suffix := range []string{"anie", "enie", "cie", "cja"} {
		if strings.HasSuffix(lw, suffix) && len(lw) > len(suffix) {
			return true
		}
	}
	return false
}

var numberRE = regexp.MustCompile(`^-?\d+(?:[.,]\d+)?$`)

func isNumber(w string) bool { return numberRE.MatchString(w) }

// isAcronym reports whether w is an all-capitals abbreviation ("MOPR",
// "GUS") that can stand in the source column.
func isAcronym(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2
}

// indicators reads the indicator table up to the cost header: an optional
// header row whose years must be the task's, then the groups in order
// (produktu, rezultatu, oddziaływania; each optional, none twice), each
// with its rows or "Brak". It returns the line of each indicator's values.
func (p *parser) indicators(t *Task) ([]int, error) {
	if err := p.expectHeader(hIndicators); err != nil {
		return nil, err
	}
	if err := p.indicatorTableHeader(t); err != nil {
		return nil, err
	}
	t.Indicators = []Indicator{}
	var lines []int
	group := -1
	brak, rows := false, 0
	for {
		l, ok := p.rowLine(hCost)
		if !ok || atHeader(l, hCost) {
			return lines, nil
		}
		if g, rest, ok := groupHeader(l.text); ok {
			if g <= group {
				return nil, p.errAt(l.n, "grup mierników w kolejności: produktu, rezultatu, oddziaływania, każdej raz", l.text)
			}
			group, brak, rows = g, false, 0
			if rest != "" {
				p.lines[p.i].text = rest
			} else {
				p.i++
			}
			continue
		}
		if isKnownHeader(l.text) {
			return nil, p.errAt(l.n, header(hCost), l.text)
		}
		if group < 0 {
			return nil, p.errAt(l.n, "nagłówka grupy mierników („Wskaźniki produktu:”, „Wskaźniki rezultatu:” lub „Wskaźniki oddziaływania:”)", l.text)
		}
		if brak {
			return nil, p.errAt(l.n, "nagłówka grupy mierników lub "+header(hCost)+" (po „Brak”)", l.text)
		}
		if isBrak(l.text) {
			if rows > 0 {
				return nil, p.errAt(l.n, "wiersza wskaźnika „<nazwa> [<źródło>] <wartości>”", l.text)
			}
			brak = true
			p.i++
			continue
		}
		ind, n, err := p.indicatorRow(t.Years)
		if err != nil {
			return nil, err
		}
		ind.Type = indicatorGroups[group].typ
		t.Indicators = append(t.Indicators, ind)
		lines = append(lines, n)
		rows++
	}
}

// indicatorTableHeader reads the optional "Typ Wskaźnik Źródło <years>"
// row; its years, on the row or on a line of their own after it, must be
// the task's.
func (p *parser) indicatorTableHeader(t *Task) error {
	l, ok := p.peek()
	if !ok {
		return nil
	}
	f := strings.Fields(l.text)
	if len(f) < 3 || headerKey(strings.Join(f[:3], " ")) != "typ wskaźnik źródło" {
		return nil
	}
	want := fmt.Sprintf("nagłówka tabeli mierników „Typ Wskaźnik Źródło %s” (lat jak w tabeli etapów)", yearsText(t.Years))
	rest := f[3:]
	if len(rest) > 0 && strings.EqualFold(rest[0], "Rok") {
		rest = rest[1:]
	}
	p.i++
	n, found := l.n, l.text
	if len(rest) == 0 {
		l2, ok := p.peek()
		if !ok {
			return nil
		}
		if _, isYears := years(l2.text); !isYears {
			return nil
		}
		rest, n, found = strings.Fields(l2.text), l2.n, l2.text
		p.i++
	}
	ys, ok := years(strings.Join(rest, " "))
	if !ok || !slices.Equal(ys, t.Years) {
		return p.errAt(n, want, found)
	}
	return nil
}

func yearsText(ys []int) string {
	s := make([]string, len(ys))
	for i, y := range ys {
		s[i] = strconv.Itoa(y)
	}
	return strings.Join(s, " ")
}

// groupHeader reports whether s opens a group of indicators, and returns
// the group's index and any text after the header on the line.
func groupHeader(s string) (int, string, bool) {
	for g, h := range indicatorGroups {
		if isHeader(s, h.header) {
			return g, "", true
		}
		if rest, ok := leadingHeader(s, h.header); ok {
			return g, rest, true
		}
	}
	return 0, "", false
}

// indicatorRow reads one indicator row: "<name> [<source>] <values>", one
// value per year. The source is the word before the values when it is an
// all-capitals abbreviation and the name does not end up empty without
// it. A row with no value at all goes on on the next line when that line
// starts with a lower-case letter. It returns the line of the values.
func (p *parser) indicatorRow(ys []int) (Indicator, int, error) {
	first := p.lines[p.i]
	p.i++
	parts := []string{first.text}
	last := first
	for trailing(last.text, words(last.text), isNumber) == 0 {
		l, ok := p.rowLine(hCost)
		if !ok || !startsLower(l.text) || atHeader(l, hCost) || isKnownHeader(l.text) {
			break
		}
		parts = append(parts, l.text)
		last = l
		p.i++
	}
	s := strings.Join(parts, " ")
	sp := words(s)
	word := func(i int) string { return s[sp[i].start:sp[i].end] }
	n := len(ys)
	k := trailing(s, sp, isNumber)
	if k == len(sp) {
		return Indicator{}, 0, p.errAt(last.n, "nazwy wskaźnika przed wartościami", s)
	}
	if k < n {
		i := len(sp) - k - 1 // the word that is not a number
		if strings.ContainsAny(word(i), "0123456789") || (i > 0 && isNumber(word(i-1))) {
			return Indicator{}, 0, p.errAt(last.n, fmt.Sprintf("liczby jako wartości wskaźnika na rok %d", ys[n-k-1]), word(i))
		}
		return Indicator{}, 0, p.errAt(last.n, fmt.Sprintf("%d wartości wskaźnika (po jednej na rok %s), jest %d",
			n, yearSpan(ys), k), s)
	}
	if k > n && isAcronym(word(len(sp)-k-1)) && len(sp)-k-1 > 0 {
		return Indicator{}, 0, p.errAt(last.n, fmt.Sprintf("%d wartości wskaźnika (po jednej na rok %s) po źródle „%s”, jest %d",
			n, yearSpan(ys), word(len(sp)-k-1), k), s)
	}
	ind := Indicator{Values: make([]IndicatorValue, n)}
	v := len(sp) - n // the first value
	for j := range n {
		ind.Values[j] = IndicatorValue{Year: ys[j], Value: strings.Replace(word(v+j), ",", ".", 1)}
	}
	end := sp[v].start
	if v >= 2 && isAcronym(word(v-1)) {
		ind.Source = word(v - 1)
		end = sp[v-1].start
	}
	ind.Name = strings.TrimSpace(s[:end])
	return ind, last.n, nil
}

// cost reads the planned total cost: an amount, "Brak" or nothing.
func (p *parser) cost(t *Task) error {
	if err := p.expectHeader(hCost); err != nil {
		return err
	}
	l, ok := p.rowLine(hBudget)
	if ok && !atHeader(l, hBudget) && !isKnownHeader(l.text) {
		if !isBrak(l.text) {
			before, amount, ok := splitAmount(l.text)
			if !ok || before != "" {
				return p.errAt(l.n, "kwoty „<złote>,<grosze> zł” (np. „2 000,00 zł”)", l.text)
			}
			t.TotalCost = amount
		}
		p.i++
	}
	return p.expectHeader(hBudget)
}

// budget reads the budget lines, "<source> <amount> zł", to the end of
// the card.
func (p *parser) budget(t *Task) error {
	p.optionalHeader(hBudgetTable)
	t.Budget = []BudgetLine{}
	brak := false
	for {
		l, ok := p.peek()
		if !ok {
			return nil
		}
		if isBrak(l.text) && len(t.Budget) == 0 && !brak {
			brak = true
			p.i++
			continue
		}
		source, amount, ok := splitAmount(l.text)
		if !ok || source == "" || brak {
			return p.errAt(l.n, "wiersza budżetu „<źródło finansowania> <kwota> zł” (np. „Miejski Ośrodek Pomocy Rodzinie 2 000,00 zł”)", l.text)
		}
		t.Budget = append(t.Budget, BudgetLine{Source: source, Amount: amount})
		p.i++
	}
}

var lastAmountWordRE = regexp.MustCompile(`^(\d+)(?:[,.](\d{1,2}))?$`)

// splitAmount reads an amount in złoty at the end of s, written the
// Polish way: "2 000,00 zł" (a space between thousands, a decimal comma,
// "zł" after). It returns the text before the amount and the amount as an
// exact decimal with two places ("2000.00"). Groups of thousands must
// have three digits; at most 12 digits before the comma.
func splitAmount(s string) (before, amount string, ok bool) {
	switch {
	case strings.HasSuffix(s, "zł."):
		s = s[:len(s)-len("zł.")]
	case strings.HasSuffix(s, "zł"):
		s = s[:len(s)-len("zł")]
	default:
		return "", "", false
	}
	s = strings.TrimSpace(s)
	sp := words(s)
	if len(sp) == 0 {
		return "", "", false
	}
	word := func(i int) string { return s[sp[i].start:sp[i].end] }
	m := lastAmountWordRE.FindStringSubmatch(word(len(sp) - 1))
	if m == nil {
		return "", "", false
	}
	groups := []string{m[1]}
	i := len(sp) - 2
	if len(m[1]) == 3 {
		for i >= 0 && len(word(i)) == 3 && isDigits(word(i)) {
			groups = append(groups, word(i))
			i--
		}
		if i >= 0 && len(word(i)) < 3 && isDigits(word(i)) {
			groups = append(groups, word(i))
			i--
		}
	}
	slices.Reverse(groups)
	whole := strings.Join(groups, "")
	if whole[0] == '0' && len(whole) > 1 || len(whole) > 12 { // no leading zeros
		return "", "", false
	}
	cents := m[2]
	for len(cents) < 2 {
		cents += "0"
	}
	return strings.TrimSpace(s[:sp[i+1].start]), whole + "." + cents, true
}

// jumps flags every indicator value that differs from the year before by
// more than half of that value (|v − prev| > |prev| / 2, prev ≠ 0).
// lines holds the line of each indicator's values.
func jumps(inds []Indicator, lines []int) []Flag {
	flags := []Flag{}
	for i, ind := range inds {
		for j := 1; j < len(ind.Values); j++ {
			prev, ok1 := new(big.Rat).SetString(ind.Values[j-1].Value)
			cur, ok2 := new(big.Rat).SetString(ind.Values[j].Value)
			if !ok1 || !ok2 || prev.Sign() == 0 {
				continue
			}
			diff := new(big.Rat).Sub(cur, prev)
			diff.Abs(diff).Mul(diff, big.NewRat(2, 1))
			if diff.Cmp(new(big.Rat).Abs(prev)) > 0 {
				flags = append(flags, Flag{
					Kind: Jump, Line: lines[i], Indicator: i, Year: ind.Values[j].Year,
					Previous: ind.Values[j-1].Value, Value: ind.Values[j].Value,
				})
			}
		}
	}
	return flags
}
