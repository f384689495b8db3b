package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
)

// An administrator pins a publication; old copies are pruned after each
// publication; a pruned one stays in the history and the feed, is marked,
// and is offered no rollback, and a rollback to it from a stale page is
// refused with a message.
func TestRetentionInTheAdminArea(t *testing.T) {
	s := newSite(t) // publications 1 (the migration's) and 2 (the demo)
	ctx := context.Background()
	s.store.SetKeepPublications(2)
	s.account(t, "admin@example.org", accounts.Administrator)
	s.account(t, "redaktor@example.org", accounts.Editor)
	adm := s.browser(t)
	adm.signIn("admin@example.org", s.code)

	if a := adm.post("/admin/publikacje/2/przypnij", url.Values{}); a.status != http.StatusSeeOther {
		t.Fatalf("pin: %d", a.status)
	}
	row := func(a answer, n string) string {
		return a.doc.Find("tbody tr th a[href='/admin/publikacje/" + n + "']").Closest("tr").Text()
	}
	if list := adm.get("/admin/publikacje?info=przypieto"); !strings.Contains(row(list, "2"), "przypięta") ||
		!strings.Contains(list.doc.Find("[role=status]").Text(), "Przypięto publikację") ||
		list.doc.Find("form[action='/admin/publikacje/2/odepnij']").Length() != 1 {
		t.Fatalf("publication 2 after pinning: %q", row(list, "2"))
	}
	for _, note := range []string{"trzecia", "czwarta", "piąta"} {
		if a := adm.post("/admin/publikacje", url.Values{"note": {note}}); a.status != http.StatusSeeOther {
			t.Fatalf("publish %s: %d", note, a.status)
		}
	}
	// Kept: 5 (current), 4 (newest two) and 2 (pinned); 1 and 3 pruned.
	list := adm.get("/admin/publikacje")
	for n, pruned := range map[string]bool{"1": true, "2": false, "3": true, "4": false, "5": false} {
		if got := strings.Contains(row(list, n), "kopia usunięta"); got != pruned {
			t.Errorf("publication %s marked pruned: %v, want %v (%q)", n, got, pruned, row(list, n))
		}
		rollback := list.doc.Find("form[action='/admin/publikacje/"+n+"/przywroc']").Length() == 1
		if rollback != (!pruned && n != "5") {
			t.Errorf("publication %s offers a rollback: %v", n, rollback)
		}
	}
	// A stale page's rollback to a pruned publication is refused, plainly.
	a := adm.post("/admin/publikacje/3/przywroc", url.Values{})
	if a.status != http.StatusConflict || !strings.Contains(a.doc.Find(".error-summary").Text(), "Kopia tej publikacji została już usunięta") {
		t.Fatalf("rollback to a pruned publication: %d %q", a.status, a.doc.Find(".error-summary").Text())
	}
	if a := adm.post("/admin/publikacje/3/przypnij", url.Values{}); a.status != http.StatusConflict {
		t.Fatalf("pin of a pruned publication: %d", a.status)
	}
	// The history of a pruned one and the feed go on.
	if d := adm.get("/admin/publikacje/3"); d.status != http.StatusOK || !strings.Contains(d.doc.Find("main").Text(), "kopia usunięta") {
		t.Errorf("detail of a pruned publication: %d", d.status)
	}
	if feed := s.get("/publikacje.atom"); feed.status != http.StatusOK || !strings.Contains(feed.body, "Publikacja nr 3") || !strings.Contains(feed.body, "Publikacja nr 5") {
		t.Errorf("feed after pruning: %d", feed.status)
	}
	// A rollback to the pinned one works.
	if a := adm.post("/admin/publikacje/2/przywroc", url.Values{"potwierdzenie": {"tak"}}); a.status != http.StatusSeeOther {
		t.Fatalf("rollback to the pinned publication: %d", a.status)
	}
	if a := adm.post("/admin/publikacje/2/odepnij", url.Values{}); a.status != http.StatusSeeOther {
		t.Fatalf("unpin: %d", a.status)
	}
	log, err := s.store.AuditLog(ctx, "", "", 50)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, e := range log {
		kinds[e.Kind]++
	}
	if kinds["publication_pinned"] != 1 || kinds["publication_unpinned"] != 1 || kinds["publications_pruned"] < 2 {
		t.Errorf("audit log kinds: %v", kinds)
	}

	// An editor may not pin.
	ed := s.browser(t)
	ed.signIn("redaktor@example.org", nil)
	if a := ed.post("/admin/publikacje/4/przypnij", url.Values{}); a.status != http.StatusForbidden {
		t.Errorf("an editor pinned: %d", a.status)
	}
}

// While another publication is being made past the wait the web allows,
// the administrator is told so in Polish, with the note kept, and nothing
// is published.
func TestPublishingWhileAnotherPublicationIsBeingMade(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	s.store.SetPublishWait(200 * time.Millisecond)
	s.account(t, "admin@example.org", accounts.Administrator)
	adm := s.browser(t)
	adm.signIn("admin@example.org", s.code)

	// Another publisher, holding the publishing lock (store's
	// publishingLock) in its transaction.
	c, err := pgx.ConnectConfig(ctx, s.store.Pool().Config().ConnConfig.Copy())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	tx, err := c.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(7277003)`); err != nil {
		t.Fatal(err)
	}
	a := adm.post("/admin/publikacje", url.Values{"note": {"w kolejce"}})
	if a.status != http.StatusConflict || !strings.Contains(a.doc.Find(".error-summary").Text(), "Trwa inna publikacja") ||
		a.doc.Find("textarea[name=note]").Text() != "w kolejce" {
		t.Fatalf("publish while another runs: %d %q", a.status, a.doc.Find(".error-summary").Text())
	}
	tx.Rollback(ctx)
	if a := adm.post("/admin/publikacje", url.Values{"note": {"w kolejce"}}); a.status != http.StatusSeeOther {
		t.Fatalf("publish once the other ended: %d", a.status)
	}
	pubs, err := s.store.Publications(ctx, 10)
	if err != nil || len(pubs) != 3 || pubs[0].Number != 3 || pubs[0].Note != "w kolejce" {
		t.Fatalf("publications: %+v, %v", pubs, err)
	}
}
