package server_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/krs"
	"github.com/mopr-leszno/portal/internal/server"
)

// The register's samples (internal/krs/testdata).
func extractFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../krs/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fakeRegister answers like the register's API, never the real one:
// 0000213456 active (with OPP), 0000345678 in liquidation, 0000123987
// struck off, 0000666666 malformed, 0000777777 slow, any other 404. It
// counts the questions.
func fakeRegister(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	var asked atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		number := strings.TrimPrefix(r.URL.Path, "/api/krs/OdpisAktualny/")
		w.Header().Set("Content-Type", "application/json")
		switch {
		case number == "0000213456" && r.URL.Query().Get("rejestr") == "S":
			w.Write(extractFile(t, "active.json"))
		case number == "0000345678" && r.URL.Query().Get("rejestr") == "S":
			w.Write(extractFile(t, "liquidation.json"))
		case number == "0000123987" && r.URL.Query().Get("rejestr") == "S":
			w.Write(extractFile(t, "struckoff.json"))
		case number == "0000666666":
			w.Write([]byte(`<html>Przerwa techniczna</html>`))
		case number == "0000777777":
			select {
			case <-time.After(10 * time.Second):
			case <-r.Context().Done():
			}
		default:
			http.Error(w, `{"message":"Nie znaleziono"}`, http.StatusNotFound)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/api/krs", &asked
}

func krsSite(t *testing.T) (*site, *atomic.Int32) {
	t.Helper()
	base, asked := fakeRegister(t)
	s := newSite(t, func(d *server.Deps) {
		d.KRS = &krs.Client{BaseURL: base, Timeout: 300 * time.Millisecond}
	})
	return s, asked
}

func (s *site) organisations(t *testing.T) int {
	t.Helper()
	var n int
	if err := s.store.Pool().QueryRow(t.Context(), `SELECT count(*) FROM organisation`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// rows are the comparison's rows as a person reads them: field → current → register.
func krsRows(a answer) map[string][2]string {
	rows := map[string][2]string{}
	a.doc.Find(".krs-table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		label := strings.TrimSpace(tr.Find("th label").Text())
		rows[label] = [2]string{strings.Join(strings.Fields(tr.Find("td").Eq(0).Text()), " "), strings.Join(strings.Fields(tr.Find("td").Eq(1).Text()), " ")}
	})
	return rows
}

func TestAdminFetchesFromKRSComparesAndTakesChosenFields(t *testing.T) {
	s, _ := krsSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	before := s.organisations(t)

	form := orgForm(t, b.get("/admin/organizacje/nowa"))
	form.Set("name", "Stowarzyszenie Przystań")
	form.Set("description", "Pomagamy rodzinom w kryzysie.")
	form.Set("hours.1.0.opens", "9")
	form.Set("hours.1.0.closes", "15,30")
	form.Set("krs", "0000 213 456")
	form.Set("krs.action", "fetch")
	a := b.post("/admin/organizacje/nowa", form)
	if a.status != http.StatusOK {
		t.Fatalf("fetch: %d %s", a.status, a.doc.Find("#krs-message").Text())
	}
	if s.organisations(t) != before {
		t.Fatal("a look-up wrote an organisation")
	}
	// Everything typed is kept, as typed; no errors of a save not asked for.
	if v := a.doc.Find("#name").AttrOr("value", ""); v != "Stowarzyszenie Przystań" {
		t.Errorf("name = %q", v)
	}
	if v := a.doc.Find("#hours-1-0-closes").AttrOr("value", ""); v != "15,30" {
		t.Errorf("closing time = %q, want as typed", v)
	}
	if a.doc.Find(".error-summary").Length() != 0 {
		t.Errorf("errors after a look-up: %s", a.doc.Find(".error-summary").Text())
	}
	if got := strings.Join(strings.Fields(a.doc.Find("#krs-compare-title").Text()), " "); !strings.Contains(got, `LESZCZYŃSKIE STOWARZYSZENIE POMOCY RODZINIE "PRZYSTAŃ"`) {
		t.Errorf("title %q", got)
	}
	rows := krsRows(a)
	want := map[string][2]string{
		"Nazwa":                                 {"Stowarzyszenie Przystań", `LESZCZYŃSKIE STOWARZYSZENIE POMOCY RODZINIE "PRZYSTAŃ"`},
		"Organizacja pożytku publicznego (OPP)": {"nie", "tak"},
		"NIP":                                   {"(puste)", "6972234183"},
		"REGON":                                 {"(puste)", "411786324"},
		"Ulica i numer":                         {"(puste)", "ul. Jana Pawła II 12/4"},
		"Adresy e-mail":                         {"(puste)", "biuro@przystan-leszno.pl"},
		"Strona internetowa":                    {"(puste)", "https://www.przystan-leszno.pl"},
	}
	for label, w := range want {
		if rows[label] != w {
			t.Errorf("row %q = %q, want %q", label, rows[label], w)
		}
	}
	// The postal code, the city, the legal form and the number agree.
	for _, same := range []string{"Kod pocztowy", "Miejscowość", "Forma prawna", "Numer KRS"} {
		if _, ok := rows[same]; ok {
			t.Errorf("row %q shown though the form agrees", same)
		}
	}
	if codes.MatchString(a.doc.Find(".krs-lookup").Text()) {
		t.Errorf("the comparison shows codes: %s", a.doc.Find(".krs-lookup").Text())
	}
	// What was typed is not ticked to be overwritten; empty fields are.
	if _, on := a.doc.Find("#krs-take-name").Attr("checked"); on {
		t.Error("the typed name is ticked to be replaced")
	}
	if _, on := a.doc.Find("#krs-take-nip").Attr("checked"); !on {
		t.Error("the empty NIP is not ticked")
	}

	// Take the ticked fields and the e-mail, not the website.
	form = orgForm(t, a)
	form.Del("krs.take")
	for _, k := range []string{"nip", "regon", "public_benefit", "address.street", "emails"} {
		form.Add("krs.take", k)
	}
	form.Set("krs.action", "apply")
	taken := b.post("/admin/organizacje/nowa", form)
	if taken.status != http.StatusOK {
		t.Fatalf("apply: %d", taken.status)
	}
	if !strings.Contains(taken.doc.Find("#krs-message").Text(), "NIP, REGON") {
		t.Errorf("notice %q", taken.doc.Find("#krs-message").Text())
	}
	for id, w := range map[string]string{"#nip": "6972234183", "#regon": "411786324", "#address-street": "ul. Jana Pawła II 12/4",
		"#name": "Stowarzyszenie Przystań", "#website": "", "#hours-1-0-closes": "15,30"} {
		if v := taken.doc.Find(id).AttrOr("value", ""); v != w {
			t.Errorf("%s = %q, want %q", id, v, w)
		}
	}
	if v := strings.TrimSpace(taken.doc.Find("#emails").Text()); v != "biuro@przystan-leszno.pl" {
		t.Errorf("e-mails %q", v)
	}
	if _, on := taken.doc.Find("#public_benefit").Attr("checked"); !on {
		t.Error("OPP not taken")
	}
	if s.organisations(t) != before {
		t.Fatal("taking wrote an organisation")
	}

	// Saving as usual writes it, with its revision.
	form = orgForm(t, taken)
	form.Add("categories", "ubostwo")
	saved := b.post("/admin/organizacje/nowa", form)
	if saved.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", saved.status, saved.doc.Find(".error-summary").Text())
	}
	o, err := s.store.Organisation(t.Context(), "stowarzyszenie-przystan")
	if err != nil {
		t.Fatal(err)
	}
	if o.NIP != "6972234183" || o.REGON != "411786324" || !o.PublicBenefit || o.KRS != "0000213456" || o.Address.Street != "ul. Jana Pawła II 12/4" || len(o.Emails) != 1 {
		t.Errorf("stored %+v", o)
	}
}

func TestAdminKRSFlagsAndFailures(t *testing.T) {
	s, asked := krsSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	const slug = "stowarzyszenie-przykladowe-razem-dla-seniorow"
	org, err := s.store.Organisation(t.Context(), slug)
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/organizacje/" + org.ID
	edit := b.get(path)
	if edit.doc.Find(`form.org-form button[name="krs.action"][value=fetch]`).Length() != 1 {
		t.Fatal("no KRS button on the edit form")
	}
	// Enter in a field sends the form's first submit button: it saves.
	if first := edit.doc.Find("form.org-form button[type=submit]").First(); first.AttrOr("name", "") != "" || first.AttrOr("tabindex", "") != "-1" {
		t.Errorf("the form's first button is %q", first.Text())
	}
	lookup := func(number string) answer {
		form := orgForm(t, edit)
		form.Set("description", "Opis wpisany przed pobraniem.")
		form.Set("krs", number)
		form.Set("krs.action", "fetch")
		a := b.post(path, form)
		if v := strings.TrimSpace(a.doc.Find("#description").Text()); v != "Opis wpisany przed pobraniem." {
			t.Errorf("%s: description not kept: %q", number, v)
		}
		return a
	}
	if a := lookup("0000345678"); !strings.Contains(a.doc.Find(".krs-flag").Text(), "w likwidacji") {
		t.Errorf("liquidation not flagged: %q", a.doc.Find(".krs-compare").Text())
	}
	if a := lookup("0000123987"); !strings.Contains(a.doc.Find(".krs-flag").Text(), "wykreślona z rejestru (15.09.2025)") {
		t.Errorf("striking off not flagged: %q", a.doc.Find(".krs-compare").Text())
	}
	if a := lookup("0000213456"); a.doc.Find(".krs-flag").Length() != 0 {
		t.Error("an active entry flagged")
	}
	for number, want := range map[string]string{
		"0000111111": "w rejestrze nie ma wpisu o numerze 0000111111",
		"0000666666": "nie udało się pobrać danych z rejestru KRS",
		"0000777777": "nie odpowiedział na czas",
	} {
		start := time.Now()
		a := lookup(number)
		if a.status != http.StatusOK || !strings.Contains(a.doc.Find("#krs-message").Text(), want) {
			t.Errorf("%s: %d %q", number, a.status, a.doc.Find("#krs-message").Text())
		}
		if time.Since(start) > 5*time.Second {
			t.Errorf("%s held the form for %v", number, time.Since(start))
		}
		// The form still saves.
		form := orgForm(t, a)
		if saved := b.post(path, form); saved.status != http.StatusSeeOther {
			t.Errorf("%s: save after a failed look-up: %d %s", number, saved.status, saved.doc.Find(".error-summary").Text())
		}
		edit = b.get(path)
	}
	n := asked.Load()
	if a := lookup("12345"); a.status != http.StatusUnprocessableEntity || !strings.Contains(a.doc.Find("#krs-message").Text(), "10 cyfr") || asked.Load() != n {
		t.Errorf("a short number: %d %q, register asked %d times", a.status, a.doc.Find("#krs-message").Text(), asked.Load()-n)
	}
	got, _ := s.store.Organisation(t.Context(), slug)
	if got.Description == "Opis wpisany przed pobraniem." && got.Version == org.Version {
		t.Error("impossible: saved without a version change")
	}
}

// postFile sends form as multipart with the extract file, as the button
// "Wczytaj odpis z pliku" does.
func (b *browser) postFile(path string, form url.Values, name string, data []byte) answer {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("krs.file", name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(raw)}
	a.doc, _ = goquery.NewDocumentFromReader(strings.NewReader(a.body))
	return a
}

func TestAdminLoadsAnExtractFile(t *testing.T) {
	s, asked := krsSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	form := orgForm(t, b.get("/admin/organizacje/nowa"))
	form.Set("name", "Fundacja Zielony Dom")
	form.Set("volunteer_note", "Szukamy kierowców.")
	form.Set("krs.action", "file")

	for _, c := range []struct {
		file, data, want string
	}{
		{"odpis.json", `{"odpis": {"naglowekA": {"numerKRS": "0000345678"},` + "\n" + `"dane": {"dzial1": {"danePodmiotu": {"nazwa": 12}}}}}`,
			"Plik „odpis.json”, wiersz 2, kolumna 49, w miejscu odpis → dane → dzial1 → danePodmiotu → nazwa: oczekiwano tekstu w cudzysłowie."},
		{"pobrane.json", "{\n  \"odpis\": {\n    \"naglowekA\": {", "Plik „pobrane.json”, wiersz 3, kolumna 19: oczekiwano poprawnego zapisu JSON"},
		{"inny.json", `{"status": "ok"}`, "Plik „inny.json”, w miejscu odpis: oczekiwano odpisu aktualnego z KRS"},
		{"", "", "wybierz plik z odpisem"},
	} {
		a := b.postFile("/admin/organizacje/nowa", form, c.file, []byte(c.data))
		if a.status != http.StatusUnprocessableEntity || !strings.Contains(a.doc.Find("#krs-message").Text(), c.want) {
			t.Errorf("%s: %d %q, want %q", c.file, a.status, a.doc.Find("#krs-message").Text(), c.want)
		}
		if v := strings.TrimSpace(a.doc.Find("#volunteer_note").Text()); v != "Szukamy kierowców." {
			t.Errorf("%s: typing lost: %q", c.file, v)
		}
	}
	a := b.postFile("/admin/organizacje/nowa", form, `C:\Users\ewa\Pobrane\odpis 0000345678.json`, extractFile(t, "liquidation.json"))
	if a.status != http.StatusOK || !strings.Contains(a.doc.Find(".krs-compare").Text(), "Źródło: plik „odpis 0000345678.json”") ||
		!strings.Contains(a.doc.Find(".krs-flag").Text(), "w likwidacji") {
		t.Fatalf("a good file: %d %q", a.status, a.doc.Find(".krs-lookup").Text())
	}
	if rows := krsRows(a); rows["Forma prawna"] != [2]string{"Stowarzyszenie", "Fundacja"} || rows["Numer KRS"] != [2]string{"(puste)", "0000345678"} {
		t.Errorf("rows %q", rows)
	}
	if asked.Load() != 0 {
		t.Errorf("a file asked the register %d times", asked.Load())
	}
	testExtractUploadHostile(t, b)
}

func TestPublicFormFetchesFromKRS(t *testing.T) {
	s, _ := krsSite(t)
	b := s.browser(t)
	page := b.get("/zglos")
	if page.doc.Find(`button[name="krs.action"][value=fetch]`).Length() != 1 || page.doc.Find("#krs-file").Length() != 0 {
		t.Fatal("the public form should offer the look-up and no upload")
	}
	form := formValues(t, page, "form.submit-form")
	form.Set("submitter_name", "Anna Kowalska")
	form.Set("submitter_email", "anna@example.org")
	form.Set("name", "Przystań")
	form.Set("krs", "0000213456")
	form.Set("krs.action", "fetch")
	a := b.post("/zglos", form)
	if a.status != http.StatusOK || len(krsRows(a)) == 0 {
		t.Fatalf("fetch: %d %q", a.status, a.doc.Find(".krs-lookup").Text())
	}
	if a.doc.Find("#submitter_email").AttrOr("value", "") != "anna@example.org" || a.doc.Find("#name").AttrOr("value", "") != "Przystań" {
		t.Error("the sender's typing is lost")
	}
	if n, _ := s.store.FormsReceived(t.Context(), 2026); n != 0 {
		t.Errorf("%d submissions stored by a look-up", n)
	}
	// Look-ups do not use up the five sends.
	for range 6 {
		b.post("/zglos", form)
	}
	form = formValues(t, a, "form.submit-form")
	form.Set("krs.action", "apply")
	taken := b.post("/zglos", form)
	if taken.doc.Find("#nip").AttrOr("value", "") != "6972234183" {
		t.Errorf("nip after taking: %q", taken.doc.Find("#nip").AttrOr("value", ""))
	}
	send := fill(t, s, formValues(t, taken, "form.submit-form"))
	send.Set("description", "Pomagamy rodzinom.")
	send.Add("categories", "ubostwo")
	if sent := b.post("/zglos", send); sent.status != http.StatusSeeOther {
		t.Errorf("sending after look-ups: %d %s", sent.status, sent.doc.Find(".error-summary").Text())
	}
	// A crafted "file" action on the public form is a look-up without a
	// file, not a way round the limit of sends.
	crafted := fill(t, s, formValues(t, taken, "form.submit-form"))
	crafted.Set("krs.action", "file")
	if a := b.post("/zglos", crafted); a.status != http.StatusUnprocessableEntity || a.doc.Find("#krs-message").Length() != 1 {
		t.Errorf("crafted file action: %d", a.status)
	}
	if n, _ := s.store.FormsReceived(t.Context(), 2026); n != 1 {
		t.Errorf("%d submissions stored, want the one sent", n)
	}
	if en := b.get("/en/zglos"); strings.TrimSpace(en.doc.Find(`button[name="krs.action"]`).Text()) != "Fetch data from the KRS" {
		t.Errorf("English button %q", en.doc.Find(`button[name="krs.action"]`).Text())
	}
}

// Bad uploads never crash and never pass: a file over the extract's
// bound, a body over the request's, a broken multipart body, a binary
// file with NUL bytes.
func testExtractUploadHostile(t *testing.T, b *browser) {
	form := orgForm(t, b.get("/admin/organizacje/nowa"))
	form.Set("krs.action", "file")
	form.Set("name", "Wpisana nazwa")

	big := b.postFile("/admin/organizacje/nowa", form, "duzy.json", bytes.Repeat([]byte(" "), 600<<10))
	if big.status != http.StatusUnprocessableEntity || !strings.Contains(big.doc.Find("#krs-message").Text(), "większy niż 512 KB") ||
		big.doc.Find("#name").AttrOr("value", "") != "Wpisana nazwa" {
		t.Errorf("600 KB file: %d %q", big.status, big.doc.Find("#krs-message").Text())
	}
	if huge := b.postFile("/admin/organizacje/nowa", form, "ogromny.json", bytes.Repeat([]byte("{"), 2<<20)); huge.status != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MB body: %d", huge.status)
	}
	binary := b.postFile("/admin/organizacje/nowa", form, "obraz.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"))
	if binary.status != http.StatusUnprocessableEntity || !strings.Contains(binary.doc.Find("#krs-message").Text(), "Plik „obraz.png”, wiersz 1") {
		t.Errorf("binary file: %d %q", binary.status, binary.doc.Find("#krs-message").Text())
	}
	req, _ := http.NewRequest(http.MethodPost, b.base+"/admin/organizacje/nowa", strings.NewReader("--x\r\nContent-Disposition: form-data; name=\"krs.action\"\r\n\r\nfile\r\n--x"))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("broken multipart: %d", resp.StatusCode)
	}
}
