package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestStrategyOverview(t *testing.T) {
	s := newSite(t)
	p := s.get("/strategia")
	if p.status != http.StatusOK {
		t.Fatalf("status %d", p.status)
	}
	if got := p.text("h2#cel-II"); !strings.HasPrefix(got, "Cel II: Poprawienie warunków życia ludności") {
		t.Errorf("goal heading = %q", got)
	}
	var tasks []string
	p.doc.Find(".task-item a").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		tasks = append(tasks, href+" "+a.Text())
	})
	want := []string{
		"/strategia/zadania/ii-8-1 8.1. Strategia rozwiązywania problemów społecznych w mieście Lesznie",
		"/strategia/zadania/ii-9-2 9.2. Bank danych o organizacjach pozarządowych miasta Leszna, działających w obszarze pomocy społecznej",
	}
	if strings.Join(tasks, "\n") != strings.Join(want, "\n") {
		t.Errorf("tasks:\n%s\nwant:\n%s", strings.Join(tasks, "\n"), strings.Join(want, "\n"))
	}
	// Both seed cards plan 100% over their years and report it done.
	if n := p.doc.Find(".task-item .progress span").Length(); n != 2 {
		t.Fatalf("%d progress lines, want 2", n)
	}
	p.doc.Find(".task-item .progress span").Each(func(_ int, sp *goquery.Selection) {
		if got := strings.Join(strings.Fields(sp.Text()), " "); got != "Wykonanie: 100% z planowanych 100%" {
			t.Errorf("progress = %q", got)
		}
	})
}

func TestTaskPage(t *testing.T) {
	s := newSite(t)
	p := s.get("/strategia/zadania/ii-9-2")
	if p.status != http.StatusOK {
		t.Fatalf("status %d", p.status)
	}
	if got := p.text("h1"); got != "Zadanie 9.2: Bank danych o organizacjach pozarządowych miasta Leszna, działających w obszarze pomocy społecznej" {
		t.Errorf("h1 = %q", got)
	}
	// Stages: six rows, five years, "3% / 3%" for stage 1 in 2009.
	if n := p.doc.Find("table.stages tbody tr").Length(); n != 6 {
		t.Errorf("%d stage rows, want 6", n)
	}
	first := strings.Join(strings.Fields(p.doc.Find("table.stages tbody tr").First().Find("td.stage-cell").First().Text()), " ")
	if first != "plan 3% / wykonanie 3%" {
		t.Errorf("stage 1, 2009 = %q", first)
	}
	// Partners, indicators with a chart and a table each, the budget.
	if n := p.doc.Find("#partners-title + .table-scroll table tbody tr").Length(); n != 2 {
		t.Errorf("%d partners, want 2", n)
	}
	if n := p.doc.Find(".indicator svg.chart").Length(); n != 4 {
		t.Errorf("%d charts, want 4", n)
	}
	if got := p.text(".indicator-table tbody tr td:first-child"); !strings.Contains(got, "50") {
		t.Errorf("first indicator's 2009 value = %q", got)
	}
	if got := p.text("#budget-title ~ .table-scroll table tfoot td"); got != "2 000,00 zł" {
		t.Errorf("budget total = %q", got)
	}
	// The live indicator counts real organisations only: the demo ones are
	// examples.
	if got := p.text(".indicator-table td.live"); !strings.HasPrefix(got, "0") {
		t.Errorf("live values = %q, want 0 organisations (demo data left out)", got)
	}

	q := s.get("/strategia/zadania/ii-8-1")
	if !strings.Contains(q.text(".flag-note"), "13 699") {
		t.Errorf("the 2011 family benefits are not flagged: %q", q.text(".flag-note"))
	}
	if got := q.text("#budget-title ~ p"); !strings.Contains(got, "nie określono") {
		t.Errorf("empty total cost shows %q", got)
	}
	if p := s.get("/strategia/zadania/ii-9-9"); p.status != http.StatusNotFound {
		t.Errorf("unknown task: %d", p.status)
	}
}

// Each chart is well-formed SVG naming itself for assistive technology.
func TestIndicatorChartsAreAccessibleSVG(t *testing.T) {
	s := newSite(t)
	p := s.get("/strategia/zadania/ii-8-1")
	charts := p.doc.Find("svg.chart")
	if charts.Length() == 0 {
		t.Fatal("no charts")
	}
	charts.Each(func(i int, c *goquery.Selection) {
		html, _ := goquery.OuterHtml(c)
		dec := xml.NewDecoder(strings.NewReader(html))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("chart %d is not well-formed: %v", i, err)
			}
		}
		if role, _ := c.Attr("role"); role != "img" {
			t.Errorf("chart %d role %q", i, role)
		}
		labelled, _ := c.Attr("aria-labelledby")
		described, _ := c.Attr("aria-describedby")
		if c.Find("title#"+labelled).Text() == "" || !strings.Contains(c.Find("desc#"+described).Text(), "2009") {
			t.Errorf("chart %d: aria-labelledby %q, aria-describedby %q, title %q, desc %q", i, labelled, described, c.Find("title").Text(), c.Find("desc").Text())
		}
	})
}

func TestStrategyDownloads(t *testing.T) {
	s := newSite(t)
	j := s.get("/strategia/zadania/ii-9-2.json")
	if j.status != 200 || j.header.Get("Content-Type") != "application/json" ||
		!strings.Contains(j.header.Get("Content-Disposition"), `filename="zadanie-ii-9-2.json"`) {
		t.Fatalf("json: %d %v", j.status, j.header)
	}
	var card struct {
		Task struct {
			Years      []int  `json:"years"`
			TotalCost  string `json:"total_cost"`
			Indicators []struct {
				Values []struct {
					Value string `json:"value"`
				} `json:"values"`
			} `json:"indicators"`
		} `json:"task"`
	}
	if err := json.Unmarshal([]byte(j.body), &card); err != nil {
		t.Fatal(err)
	}
	if card.Task.TotalCost != "2000.00" || len(card.Task.Years) != 5 || card.Task.Indicators[3].Values[0].Value != "1.0" {
		t.Errorf("json card: cost %q, years %v, indicators %+v", card.Task.TotalCost, card.Task.Years, card.Task.Indicators)
	}

	c := s.get("/strategia.csv")
	if c.status != 200 || c.header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("csv: %d %v", c.status, c.header)
	}
	body, hasBOM := strings.CutPrefix(c.body, "\ufeff")
	if !hasBOM {
		t.Error("the CSV has no byte-order mark: spreadsheets would not read it as UTF-8")
	}
	rows, err := csv.NewReader(bytes.NewReader([]byte(body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "cel,obszar,zadanie,tytul_zadania,sekcja,pozycja,nazwa,okres_lub_zakres,typ,zrodlo,rok,plan_proc,wykonanie_proc,wartosc,kwota_zl" {
		t.Errorf("header = %v", rows[0])
	}
	var found bool
	for _, r := range rows[1:] {
		if r[2] == "1" && r[4] == "miernik" && r[10] == "2011" && strings.HasPrefix(r[6], "Liczba przyznanych zasiłków") {
			found = r[13] == "13699"
		}
	}
	if !found {
		t.Error("CSV lacks the 2011 family benefits of task 8.1 as written (13699)")
	}
	all := s.get("/strategia.json")
	var cards []json.RawMessage
	if err := json.Unmarshal([]byte(all.body), &cards); err != nil || len(cards) != 2 {
		t.Errorf("strategy.json: %v, %d cards", err, len(cards))
	}
}

func TestOrganisationListsItsTasks(t *testing.T) {
	s := newSite(t)
	const org = "stowarzyszenie-przykladowe-razem-dla-seniorow"
	if err := s.store.LinkPartner(context.Background(), "ii-9-2", 1, org); err != nil {
		t.Fatal(err)
	}
	p := s.get("/organizacje/" + org)
	if href, _ := p.doc.Find("#tasks-title + ul a").Attr("href"); href != "/strategia/zadania/ii-9-2" {
		t.Errorf("task link = %q", href)
	}
	task := s.get("/strategia/zadania/ii-9-2")
	if href, _ := task.doc.Find("#partners-title + .table-scroll table a").Attr("href"); href != "/organizacje/"+org {
		t.Errorf("partner link = %q", href)
	}
}
