package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/published"
)

// The demo shelter whose address is confidential, and what of its address
// must never be public: the street, the building number and the
// coordinates (as the demo data holds them, and as a page, a CSV or the
// search index would write them).
const shelterSlug = "fundacja-przykladowa-bezpieczny-dom"

var shelterSecrets = []string{"Zaciszna", "zaciszna", "29/4", "51.8327", "16.5551", "51,8327", "16,5551"}

// publicTraces walks every public output of the current publication for
// the shelter — its page (with the JSON-LD), a search that finds it, the
// embed's search and page, the three downloads, the feed — and the
// publication's copy rows and built artifact (every part, unpacked), and
// returns where each secret was found.
func publicTraces(t *testing.T, s *site) []string {
	t.Helper()
	ctx := context.Background()
	var found []string
	look := func(where, text string) {
		for _, secret := range shelterSecrets {
			if strings.Contains(text, secret) {
				found = append(found, where+": "+secret)
			}
		}
	}
	for _, path := range []string{
		"/organizacje/" + shelterSlug,
		"/organizacje?q=bezpieczny+dom",
		"/osadz?q=bezpieczny+dom",
		"/osadz/organizacje/" + shelterSlug,
		"/organizacje.csv",
		"/organizacje-przecinek.csv",
		"/organizacje.json",
		"/publikacje.atom",
	} {
		p := s.get(path)
		if p.status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, p.status)
		}
		look(path, p.body)
	}
	if !strings.Contains(s.get("/organizacje?q=bezpieczny+dom").body, "/organizacje/"+shelterSlug) {
		t.Fatal("the search does not find the shelter: the walk would prove nothing")
	}
	// The street must not find it either (the page repeats the words
	// searched, so only the result counts here).
	if strings.Contains(s.get("/organizacje?q=zaciszna").body, "/organizacje/"+shelterSlug) {
		found = append(found, "search by the street finds the shelter")
	}

	// The record the public side holds in memory.
	o, err := s.live.Organisation(ctx, shelterSlug)
	if err != nil {
		t.Fatal(err)
	}
	if o.Address.Street != "" || o.Address.PostalCode != "" || o.Address.Latitude != nil || o.Address.Longitude != nil {
		found = append(found, "artifact record: "+o.Address.Street)
	}
	if o.Address.City != "Leszno" || len(o.Phones) == 0 {
		t.Errorf("the shelter's record lost its city or phones: %+v", o.Address)
	}

	// The copy and the stored artifact of the current publication.
	pool := s.store.Pool()
	var schema string
	if err := pool.QueryRow(ctx, `SELECT p.schema_name FROM publication_state st JOIN publication p ON p.number = st.current`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	var row string
	err = pool.QueryRow(ctx, `SELECT row_to_json(o)::text FROM `+pgx.Identifier{schema, "organisation"}.Sanitize()+` o WHERE slug = $1`, shelterSlug).Scan(&row)
	if err != nil {
		t.Fatal(err)
	}
	look(schema+".organisation", row)
	rows, _ := pool.Query(ctx, `SELECT part, data FROM publication_artifact WHERE schema_name = $1 ORDER BY part, seq`, schema)
	parts := map[string]*bytes.Buffer{}
	var part string
	var data []byte
	if _, err := pgx.ForEachRow(rows, []any{&part, &data}, func() error {
		if parts[part] == nil {
			parts[part] = &bytes.Buffer{}
		}
		parts[part].Write(data)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(parts) < 4 {
		t.Fatalf("artifact parts: %d, want the index and three downloads", len(parts))
	}
	for name, b := range parts {
		zr, err := gzip.NewReader(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		look("artifact "+name, string(plain))
	}
	return found
}

// An organisation marked "adres poufny" shows no street, building number
// or coordinates anywhere the public can reach, while staff still keep
// them; with the mark taken off, the same walk finds them everywhere (so
// the walk itself can see a leak).
func TestConfidentialAddressLeavesNoPublicTrace(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	working, err := s.store.Organisation(ctx, shelterSlug)
	if err != nil {
		t.Fatal(err)
	}
	if !working.Address.Confidential || !strings.Contains(working.Address.Street, "Zaciszna 29/4") || working.Address.Latitude == nil {
		t.Fatalf("the demo shelter is not a confidential address with a street and coordinates: %+v", working.Address)
	}
	if found := publicTraces(t, s); len(found) > 0 {
		t.Errorf("the confidential address is public:\n%s", strings.Join(found, "\n"))
	}
	page := s.get("/organizacje/" + shelterSlug)
	if !strings.Contains(page.body, "Adres poufny") || !strings.Contains(page.body, "+48 65 000 10 61") {
		t.Error("the shelter's page neither says why there is no address nor keeps the phone")
	}
	if strings.Contains(page.body, "openstreetmap") {
		t.Error("the shelter's page links to a map")
	}

	// The control: the same organisation without the mark.
	working.Address.Confidential = false
	if err := s.store.UpdateOrganisation(ctx, working, working.Version, accounts.Audit{ActorEmail: "test@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.publishNow(ctx, "bez poufności", accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	found := strings.Join(publicTraces(t, s), "\n")
	for _, where := range []string{"/organizacje/" + shelterSlug + ": Zaciszna", "/organizacje.csv: 29/4", "/organizacje.json: 51.8327",
		"/osadz/organizacje/" + shelterSlug + ": Zaciszna", ".organisation: 16.5551", "artifact " + published.PartIndex + ": zaciszna", "search by the street"} {
		if !strings.Contains(found, where) {
			t.Errorf("without the mark the walk did not find %q; found:\n%s", where, found)
		}
	}
}

// Staff see a confidential address marked in the list and on the edit
// page (the street kept for them), the preview shows what the public
// would, and the forms — staff's and organisations' — offer the mark,
// which a save keeps or takes off.
func TestStaffSeeAndSetTheConfidentialAddress(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	shelter, err := s.store.Organisation(t.Context(), shelterSlug)
	if err != nil {
		t.Fatal(err)
	}
	list := b.get("/admin/organizacje?q=bezpieczny")
	if got := list.doc.Find(".badge--confidential").Text(); got != "Adres poufny" {
		t.Errorf("list badge = %q", got)
	}
	if b.get("/admin/organizacje?q=razem+dla+seniorow").doc.Find(".badge--confidential").Length() != 0 {
		t.Error("an ordinary address is marked confidential")
	}
	edit := b.get("/admin/organizacje/" + shelter.ID)
	if !strings.Contains(edit.doc.Find(".note-box--confidential").Text(), "nie są publikowane") {
		t.Error("the edit page does not say the address is confidential")
	}
	if v, _ := edit.doc.Find("#address-street").Attr("value"); v != "ul. Zaciszna 29/4" {
		t.Errorf("staff do not see the street: %q", v)
	}
	box := edit.doc.Find("input[type=checkbox][name='address.confidential']")
	if _, on := box.Attr("checked"); !on {
		t.Error("the confidential box is not ticked")
	}
	label := edit.doc.Find("label[for=address-confidential]").Text()
	if !strings.Contains(label, "Adres poufny") {
		t.Errorf("label = %q", label)
	}
	pre := b.get("/admin/podglad/organizacje/" + shelterSlug)
	if strings.Contains(pre.body, "Zaciszna") || !strings.Contains(pre.body, "Adres poufny") {
		t.Error("the preview shows the confidential street or not the note")
	}

	// Unticked and saved, the mark is gone; ticked again, it is back.
	form := orgForm(t, edit)
	form.Del("address.confidential")
	if a := b.post("/admin/organizacje/"+shelter.ID, form); a.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	if o, _ := s.store.Organisation(t.Context(), shelterSlug); o.Address.Confidential {
		t.Error("unticking kept the mark")
	}
	form = orgForm(t, b.get("/admin/organizacje/"+shelter.ID))
	form.Set("address.confidential", "tak")
	if a := b.post("/admin/organizacje/"+shelter.ID, form); a.status != http.StatusSeeOther {
		t.Fatalf("save: %d", a.status)
	}
	if o, _ := s.store.Organisation(t.Context(), shelterSlug); !o.Address.Confidential || o.Address.Street != "ul. Zaciszna 29/4" {
		t.Errorf("ticking lost the mark or the street: %+v", o.Address)
	}

	// The organisations' own form offers it, with its explanation.
	pub := s.get("/zglos")
	if pub.doc.Find("input[type=checkbox][name='address.confidential']").Length() != 1 ||
		!strings.Contains(pub.doc.Find("#address-confidential-hint").Text(), "tylko miejscowość") {
		t.Error("the public form does not offer the confidential address")
	}
}
