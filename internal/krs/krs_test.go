package krs_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/krs"
)

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseActiveAssociation(t *testing.T) {
	e, err := krs.Parse(read(t, "active.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := krs.Extract{
		KRS: "0000213456", Register: "RejS", AsOf: "02.02.2026",
		Name: `LESZCZYŃSKIE STOWARZYSZENIE POMOCY RODZINIE "PRZYSTAŃ"`, Form: "STOWARZYSZENIE",
		NIP: "6972234183", REGON: "411786324",
		Street: "ul. Jana Pawła II 12/4", PostalCode: "64-100", City: "Leszno",
		Email: "biuro@przystan-leszno.pl", Website: "https://www.przystan-leszno.pl",
		PublicBenefit: true,
	}
	if *e != want {
		t.Errorf("got  %+v\nwant %+v", *e, want)
	}
	if e.LegalForm() != directory.FormAssociation {
		t.Errorf("legal form %q", e.LegalForm())
	}
	if !directory.ValidNIP(e.NIP) || !directory.ValidREGON(e.REGON) {
		t.Errorf("identifiers of the sample do not pass the directory's checks: %s %s", e.NIP, e.REGON)
	}
}

func TestParseFlagsLiquidationAndStrikingOff(t *testing.T) {
	l, err := krs.Parse(read(t, "liquidation.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !l.Liquidation || l.StruckOff != "" || l.LegalForm() != directory.FormFoundation || l.PublicBenefit {
		t.Errorf("liquidation: %+v", l)
	}
	if l.Email != "" || l.Website != "" {
		t.Errorf("an extract without contact gave %q %q", l.Email, l.Website)
	}
	s, err := krs.Parse(read(t, "struckoff.json"))
	if err != nil {
		t.Fatal(err)
	}
	if s.StruckOff != "15.09.2025" || s.Liquidation {
		t.Errorf("struck off: %q, liquidation %v", s.StruckOff, s.Liquidation)
	}
	// Only the name says it: still flagged.
	byName := strings.Replace(string(read(t, "active.json")), `\"PRZYSTAŃ\"`, `\"PRZYSTAŃ\" W LIKWIDACJI`, 1)
	if e, err := krs.Parse([]byte(byName)); err != nil || !e.Liquidation {
		t.Errorf("name ending w likwidacji: %v %v", e, err)
	}
}

func TestLegalForms(t *testing.T) {
	for form, want := range map[string]directory.LegalForm{
		"STOWARZYSZENIE": directory.FormAssociation, "STOWARZYSZENIE KULTURY FIZYCZNEJ": directory.FormAssociation,
		"FUNDACJA": directory.FormFoundation, "SPÓŁDZIELNIA SOCJALNA": directory.FormSocialCoop,
		"ZWIĄZEK STOWARZYSZEŃ": directory.FormAssociationUnion, "SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ": directory.FormOther, "": "",
	} {
		if got := (&krs.Extract{Form: form}).LegalForm(); got != want {
			t.Errorf("%q → %q, want %q", form, got, want)
		}
	}
}

// A file that is not an extract names the place and what was expected.
func TestParseErrorsSayWhereAndWhat(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     krs.FormatError
	}{
		{"cut short", "{\n  \"odpis\": {\n    \"naglowekA\": {", krs.FormatError{Line: 3, Column: 19, Expected: krs.ExpectJSON}},
		{"syntax", "{\n  \"odpis\": {,}\n}", krs.FormatError{Line: 2, Column: 14, Expected: krs.ExpectJSON}},
		{"empty", "", krs.FormatError{Line: 1, Column: 1, Expected: krs.ExpectJSON}},
		{"other JSON", `{"status": 404}`, krs.FormatError{Place: "odpis", Expected: krs.ExpectOdpis}},
		{"array", `[1, 2]`, krs.FormatError{Line: 1, Column: 2, Expected: krs.ExpectOdpis}},
		{"name a number", `{"odpis": {"naglowekA": {"numerKRS": "0000213456"}, "dane": {"dzial1": {"danePodmiotu": {"nazwa": 7}}}}}`,
			krs.FormatError{Line: 1, Column: 100, Place: "odpis.dane.dzial1.danePodmiotu.nazwa", Expected: krs.ExpectText}},
		{"OPP text", `{"odpis": {"naglowekA": {"numerKRS": "0000213456"}, "dane": {"dzial1": {"danePodmiotu": {"czyPosiadaStatusOPP": "TAK"}}}}}`,
			krs.FormatError{Line: 1, Column: 118, Place: "odpis.dane.dzial1.danePodmiotu.czyPosiadaStatusOPP", Expected: krs.ExpectBool}},
		{"number in header", `{"odpis": {"naglowekA": {"numerKRS": 213456}, "dane": {}}}`,
			krs.FormatError{Line: 1, Column: 44, Place: "odpis.naglowekA.numerKRS", Expected: krs.ExpectText}},
		{"no number", `{"odpis": {"naglowekA": {}, "dane": {}}}`, krs.FormatError{Place: "odpis.naglowekA.numerKRS", Expected: krs.ExpectKRS}},
		{"no name", `{"odpis": {"naglowekA": {"numerKRS": "0000213456"}, "dane": {"dzial1": {}}}}`,
			krs.FormatError{Place: "odpis.dane.dzial1.danePodmiotu.nazwa", Expected: krs.ExpectName}},
	} {
		_, err := krs.Parse([]byte(c.in))
		fe, ok := errors.AsType[*krs.FormatError](err)
		if !ok {
			t.Errorf("%s: %v, want a FormatError", c.name, err)
			continue
		}
		if *fe != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, *fe, c.want)
		}
	}
}

// register answers like the register's API from the samples: 0000213456
// active, 0000345678 in liquidation, 0000123987 struck off, 0000999999 in
// register P only, 0000666666 malformed, 0000777777 slow, any other 404.
func register(t *testing.T) (*httptest.Server, *[]string) {
	t.Helper()
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = append(asked, r.URL.RequestURI())
		number := strings.TrimPrefix(r.URL.Path, "/api/krs/OdpisAktualny/")
		reg := r.URL.Query().Get("rejestr")
		if r.URL.Query().Get("format") != "json" {
			http.Error(w, "format", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		switch {
		case number == "0000213456" && reg == "S":
			w.Write(read(t, "active.json"))
		case number == "0000345678" && reg == "S":
			w.Write(read(t, "liquidation.json"))
		case number == "0000123987" && reg == "S":
			w.Write(read(t, "struckoff.json"))
		case number == "0000999999" && reg == "P":
			w.Write([]byte(strings.Replace(string(read(t, "active.json")), "0000213456", "0000999999", 1)))
		case number == "0000666666":
			w.Write([]byte(`{"odpis": {"naglowekA": {"numerKRS": "0000666666"`))
		case number == "0000777777":
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
		case number == "0000555555":
			http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
		default:
			http.Error(w, "", http.StatusNotFound)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &asked
}

func TestClientAgainstTheRegister(t *testing.T) {
	srv, asked := register(t)
	c := &krs.Client{BaseURL: srv.URL + "/api/krs/", Timeout: 300 * time.Millisecond}
	ctx := t.Context()

	e, err := c.Current(ctx, "0000 213 456")
	if err != nil || e.Name == "" || !e.PublicBenefit {
		t.Fatalf("active: %+v %v", e, err)
	}
	if (*asked)[0] != "/api/krs/OdpisAktualny/0000213456?format=json&rejestr=S" {
		t.Errorf("asked %q", (*asked)[0])
	}
	if e, err := c.Current(ctx, "0000345678"); err != nil || !e.Liquidation {
		t.Errorf("liquidation: %+v %v", e, err)
	}
	if e, err := c.Current(ctx, "0000123987"); err != nil || e.StruckOff == "" {
		t.Errorf("struck off: %+v %v", e, err)
	}
	*asked = nil
	if e, err := c.Current(ctx, "0000999999"); err != nil || e.KRS != "0000999999" || len(*asked) != 2 {
		t.Errorf("register P after S: %+v %v, asked %v", e, err, *asked)
	}
	if _, err := c.Current(ctx, "0000111111"); !errors.Is(err, krs.ErrNotFound) {
		t.Errorf("not found: %v", err)
	}
	if _, err := c.Current(ctx, "0000666666"); !errorsAsFormat(err) {
		t.Errorf("malformed: %v", err)
	}
	if _, err := c.Current(ctx, "0000555555"); !errors.Is(err, krs.ErrUnavailable) {
		t.Errorf("503: %v", err)
	}
	start := time.Now()
	if _, err := c.Current(ctx, "0000777777"); !errors.Is(err, krs.ErrTimeout) {
		t.Errorf("slow: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the slow register held the look-up for %v", d)
	}
	for _, bad := range []string{"", "12345", "00000000000", "0000000000", "abcdefghij"} {
		if _, err := c.Current(ctx, bad); !errors.Is(err, krs.ErrNumber) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	// Nothing listens: unavailable, not a timeout.
	srv.Close()
	if _, err := c.Current(ctx, "0000213456"); !errors.Is(err, krs.ErrUnavailable) {
		t.Errorf("closed: %v", err)
	}
}

func errorsAsFormat(err error) bool {
	_, ok := errors.AsType[*krs.FormatError](err)
	return ok
}

// FuzzParse: any input gives an extract whose every field is clean text,
// or a FormatError with a place inside the input; never a panic.
func FuzzParse(f *testing.F) {
	for _, n := range []string{"active.json", "liquidation.json", "struckoff.json"} {
		f.Add(read(f, n))
	}
	f.Add([]byte(`{"odpis": {"naglowekA": {"numerKRS": "0000213456", "dataWykreslenia": "\u0000"}, "dane": {"dzial1": {"danePodmiotu": {"nazwa": "A\u0000\u200b B"}}, "dzial6": {"likwidacja": []}}}}`))
	f.Add([]byte("{\"odpis\": {\"dane\": {\"dzial1\": {\"danePodmiotu\": {\"nazwa\": \"\xff\xfe\"}}}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := krs.Parse(data)
		if err != nil {
			fe, ok := errors.AsType[*krs.FormatError](err)
			if !ok {
				t.Fatalf("%T %v", err, err)
			}
			if fe.Line < 0 || fe.Line > strings.Count(string(data), "\n")+1 || fe.Expected == "" {
				t.Fatalf("place %+v outside the input", fe)
			}
			return
		}
		for _, s := range []string{e.KRS, e.Register, e.AsOf, e.Name, e.Form, e.NIP, e.REGON, e.Street, e.PostalCode, e.City, e.Email, e.Website, e.StruckOff} {
			if !validText(s) {
				t.Fatalf("field %q is not clean text", s)
			}
		}
		if e.Name == "" || !directory.ValidKRS(e.KRS) {
			t.Fatalf("accepted without a name or number: %+v", e)
		}
	})
}

func validText(s string) bool {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == 0xfffd }) && strings.TrimSpace(s) == s {
		return true
	}
	return false
}
