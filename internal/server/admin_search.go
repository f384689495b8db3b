package server

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// SearchWords is what the admin pages of the search need: the synonyms
// staff keep (each publication carries them as they were when it was
// made) and the log of the public searches that found nothing.
type SearchWords interface {
	Synonyms(ctx context.Context) ([]directory.Synonym, error)
	SaveSynonym(ctx context.Context, syn directory.Synonym, by accounts.Audit) error
	DeleteSynonym(ctx context.Context, word string, by accounts.Audit) error
	SearchMisses(ctx context.Context, since time.Time, top int) ([]store.MissWeek, error)
}

// The search log page shows this many weeks, each with its commonest
// texts.
const (
	missWeeks = 12
	missTop   = 50
)

// countMiss counts a public search text that found nothing. With filters
// set, the text alone is searched once more: a text that finds
// organisations without the filters is no gap of the directory.
func (s *Server) countMiss(ctx context.Context, q directory.Query, res directory.Results) {
	if s.SearchLog == nil || res.Total > 0 || q.Text == "" {
		return
	}
	if q.Category != "" || q.TargetGroup != "" || q.District != "" || q.OpenNow || q.Volunteers || q.Interns {
		alone, err := s.Directory.Search(ctx, directory.Query{Text: q.Text, PerPage: 1, Now: q.Now})
		if err != nil || alone.Total > 0 {
			return
		}
	}
	s.SearchLog.Add(s.Now(), q.Text)
}

func synonymFields(word, alternatives, wordErr, altErr string) []components.Field {
	return []components.Field{
		{Name: "word", Label: "synonyms_word", Hint: "synonyms_word_hint", Type: "text", Value: word, Error: wordErr, Autocomplete: "off", Required: true},
		{Name: "alternatives", Label: "synonyms_alternatives", Hint: "synonyms_alternatives_hint", Type: "textarea", Rows: 3, Value: alternatives, Error: altErr, Required: true},
	}
}

// synonyms lists the synonyms; ?slowo= fills the form with one to change.
func (s *Server) synonyms(w http.ResponseWriter, r *http.Request) {
	list, err := s.SearchWords.Synonyms(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	word, alts := "", ""
	if want := r.URL.Query().Get("slowo"); want != "" {
		for _, syn := range list {
			if syn.Word == want {
				word, alts = syn.Word, strings.Join(syn.Alternatives, ", ")
			}
		}
	}
	notice := ""
	switch r.URL.Query().Get("info") {
	case "zapisano":
		notice = "synonyms_saved"
	case "usunieto":
		notice = "synonyms_deleted"
	}
	s.renderSynonyms(w, r, http.StatusOK, list, synonymFields(word, alts, "", ""), notice)
}

func (s *Server) renderSynonyms(w http.ResponseWriter, r *http.Request, status int, list []directory.Synonym, fields []components.Field, notice string) {
	ctx := r.Context()
	s.render(w, r, status, admin.Synonyms(admin.SynonymsPage{
		Head:     components.Head{Title: i18n.T(ctx, "synonyms_title"), NoIndex: true, Section: "admin"},
		Staff:    staffProps(staffFrom(ctx)),
		Synonyms: list,
		Fields:   fields,
		Notice:   notice,
	}))
}

// saveSynonym adds a synonym or replaces the alternatives of its word.
func (s *Server) saveSynonym(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	word, alts := r.PostForm.Get("word"), r.PostForm.Get("alternatives")
	syn, errs := directory.ParseSynonym(word, alts)
	if errs != nil {
		list, err := s.SearchWords.Synonyms(ctx)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.renderSynonyms(w, r, http.StatusUnprocessableEntity, list, synonymFields(word, alts, errs["word"], errs["alternatives"]), "")
		return
	}
	if err := s.SearchWords.SaveSynonym(ctx, syn, s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/synonimy?info=zapisano", http.StatusSeeOther)
}

func (s *Server) deleteSynonym(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	if err := s.SearchWords.DeleteSynonym(r.Context(), r.PostForm.Get("word"), s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/synonimy?info=usunieto", http.StatusSeeOther)
}

// searchMisses shows the last weeks of the search log.
func (s *Server) searchMisses(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	weeks, err := s.SearchWords.SearchMisses(ctx, s.Now().AddDate(0, 0, -7*(missWeeks-1)), missTop)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.SearchMissesPage{
		Head:  components.Head{Title: i18n.T(ctx, "misses_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)),
	}
	for _, wk := range weeks {
		week := admin.MissWeek{Week: wk.Week, Searches: wk.Searches, Texts: wk.Texts}
		for _, m := range wk.Misses {
			week.Misses = append(week.Misses, admin.Miss{Query: m.Query, Count: m.Count})
		}
		p.Weeks = append(p.Weeks, week)
	}
	s.render(w, r, http.StatusOK, admin.SearchMisses(p))
}
