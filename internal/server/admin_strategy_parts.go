package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// StrategyAdmin is what the admin area needs to keep the strategy's
// documents, goals, areas and the tasks' trash (issue 15).
type StrategyAdmin interface {
	StaffCards(ctx context.Context) (cards []*strategy.Card, retired, staffOwned map[string]bool, err error)
	StaffCard(ctx context.Context, slug string) (*strategy.Card, error)
	StrategyTree(ctx context.Context) ([]store.StrategyPart, error)
	StrategyPart(ctx context.Context, kind strategy.PartKind, id int64) (store.StrategyPart, error)
	NextPartNumber(ctx context.Context, kind strategy.PartKind, parentID int64) (string, error)
	CreatePart(ctx context.Context, p strategy.Part, parentID int64, by accounts.Audit) (int64, error)
	UpdatePart(ctx context.Context, id int64, p strategy.Part, version int, action, note string, by accounts.Audit) error
	SetPartRetired(ctx context.Context, kind strategy.PartKind, id int64, version int, retired bool, by accounts.Audit) error
	PartRevisions(ctx context.Context, kind strategy.PartKind, id int64) ([]store.PartRevision, error)
	RestorePart(ctx context.Context, kind strategy.PartKind, id, revisionID int64, version int, by accounts.Audit) error
	CreateTask(ctx context.Context, areaID int64, number int, title string, years []int, by accounts.Audit) (string, error)
	NextTaskNumber(ctx context.Context, areaID int64) (int, error)
	DeleteTask(ctx context.Context, slug string, version int, by accounts.Audit) error
	UndeleteTask(ctx context.Context, slug string, by accounts.Audit) error
	TaskTrash(ctx context.Context) ([]store.TrashedTask, error)
	EmptyTaskTrash(ctx context.Context, by accounts.Audit) (int64, error)
}

func (s *Server) strategyStructure(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tree, err := s.StrategyEditing.StrategyTree(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.StrategyStructurePage{Head: components.Head{Title: i18n.T(ctx, "strategy_structure_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Docs: structureNodes(tree), Notice: strategyNotice(r.URL.Query().Get("info"))}
	s.render(w, r, http.StatusOK, admin.StrategyStructure(p))
}

func structureNodes(parts []store.StrategyPart) []admin.StrategyNode {
	out := make([]admin.StrategyNode, len(parts))
	for i, p := range parts {
		out[i] = admin.StrategyNode{Kind: p.Kind, ID: p.ID, Number: p.Number, Name: p.Name, Retired: p.Retired,
			Staff: p.Source == store.SourceStaff, Tasks: p.Tasks, Children: structureNodes(p.Children)}
	}
	return out
}

// strategyNotice is the catalogue ID of what a redirect says happened.
func strategyNotice(code string) string {
	switch code {
	case "zapisano", "przywrocono", "dodano", "wycofano", "przywrocono-czesc", "usunieto", "oprozniono":
		return "strategy_notice_" + strings.ReplaceAll(code, "-", "_")
	}
	return ""
}

// partParent describes where a new part goes, for its form: the parent's
// number and name. A document has none.
func (s *Server) partParent(ctx context.Context, kind strategy.PartKind, parentID int64) (string, error) {
	var parentKind strategy.PartKind
	switch kind {
	case strategy.KindGoal:
		parentKind = strategy.KindDocument
	case strategy.KindArea:
		parentKind = strategy.KindGoal
	default:
		return "", nil
	}
	parent, err := s.StrategyEditing.StrategyPart(ctx, parentKind, parentID)
	if err != nil {
		return "", err
	}
	if parentKind == strategy.KindGoal {
		return i18n.T(ctx, "strategy_goal", map[string]string{"Number": parent.Number}) + ": " + parent.Name, nil
	}
	return parent.Name, nil
}

func (s *Server) partForm(w http.ResponseWriter, r *http.Request, status int, p admin.PartFormPage) {
	ctx := r.Context()
	title := i18n.T(ctx, "part_"+string(p.Kind)+"_new")
	if p.ID != 0 {
		title = i18n.T(ctx, "part_"+string(p.Kind)+"_edit") + ": " + p.Part.Name
	}
	p.Head = components.Head{Title: title, NoIndex: true, Section: "admin"}
	p.Staff = staffProps(staffFrom(ctx))
	s.render(w, r, status, admin.PartForm(p))
}

func (s *Server) newPartForm(kind strategy.PartKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		parentID, _ := strconv.ParseInt(r.URL.Query().Get("w"), 10, 64)
		parent, err := s.partParent(ctx, kind, parentID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		number, err := s.StrategyEditing.NextPartNumber(ctx, kind, parentID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.partForm(w, r, http.StatusOK, admin.PartFormPage{Kind: kind, ParentID: parentID, Parent: parent,
			Part: strategy.Part{Kind: kind, Number: number}})
	}
}

// parsePartForm reads a part as typed: texts trimmed, the number written
// as the strategy writes it; what is wrong is a field error.
func parsePartForm(f url.Values, kind strategy.PartKind) (strategy.Part, strategy.FieldErrors) {
	p := strategy.Part{Kind: kind, Number: f.Get("number"), Name: strings.TrimSpace(f.Get("name")), Lead: strings.TrimSpace(f.Get("lead"))}
	p.NormalizeNumber()
	return p, p.Validate()
}

// takenMessage puts a *store.TakenError next to its field, naming who has
// the number and (for a number) the first free one.
func (s *Server) takenMessage(ctx context.Context, err error, p *admin.PartFormPage) bool {
	var taken *store.TakenError
	if !errors.As(err, &taken) {
		return false
	}
	p.Errors = strategy.FieldErrors{taken.Field: "err_part_" + taken.Field + "_taken"}
	p.TakenBy = taken.Other
	if taken.Field == "number" {
		p.FreeNumber, _ = s.StrategyEditing.NextPartNumber(ctx, p.Kind, p.ParentID)
	}
	return true
}

func (s *Server) createPart(kind strategy.PartKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		parentID, _ := strconv.ParseInt(r.URL.Query().Get("w"), 10, 64)
		parent, err := s.partParent(ctx, kind, parentID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if err := r.ParseForm(); err != nil {
			s.fail(w, r, fault.Wrap(fault.Invalid, err))
			return
		}
		part, errs := parsePartForm(r.PostForm, kind)
		page := admin.PartFormPage{Kind: kind, ParentID: parentID, Parent: parent, Part: part, Errors: errs}
		if errs != nil {
			s.partForm(w, r, http.StatusUnprocessableEntity, page)
			return
		}
		id, err := s.StrategyEditing.CreatePart(ctx, part, parentID, s.by(r))
		if s.takenMessage(ctx, err, &page) {
			s.partForm(w, r, http.StatusUnprocessableEntity, page)
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, admin.PartPath(kind)+"/"+strconv.FormatInt(id, 10)+"?info=dodano", http.StatusSeeOther)
	}
}

// partID reads the {id} of a part's address; a malformed one is not found.
func partID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		return 0, fault.New(fault.NotFound, "nie ma takiej części strategii")
	}
	return id, nil
}

func (s *Server) editPartForm(kind strategy.PartKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := partID(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		cur, err := s.StrategyEditing.StrategyPart(ctx, kind, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		parent, err := s.partParent(ctx, kind, cur.ParentID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.partForm(w, r, http.StatusOK, admin.PartFormPage{Kind: kind, ID: id, ParentID: cur.ParentID, Parent: parent,
			Part: cur.Part, Version: cur.Version, Retired: cur.Retired, ByStaff: cur.Source == store.SourceStaff,
			Notice: strategyNotice(r.URL.Query().Get("info"))})
	}
}

// updatePart saves a part if nobody changed it since the form was opened;
// else it comes back with this person's input and what changed meanwhile.
func (s *Server) updatePart(kind strategy.PartKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := partID(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		cur, err := s.StrategyEditing.StrategyPart(ctx, kind, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if err := r.ParseForm(); err != nil {
			s.fail(w, r, fault.Wrap(fault.Invalid, err))
			return
		}
		parent, err := s.partParent(ctx, kind, cur.ParentID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		version, _ := strconv.Atoi(r.PostForm.Get("version"))
		part, errs := parsePartForm(r.PostForm, kind)
		page := admin.PartFormPage{Kind: kind, ID: id, ParentID: cur.ParentID, Parent: parent, Part: part,
			Version: version, Errors: errs, Retired: cur.Retired, ByStaff: cur.Source == store.SourceStaff}
		if errs != nil {
			s.partForm(w, r, http.StatusUnprocessableEntity, page)
			return
		}
		err = s.StrategyEditing.UpdatePart(ctx, id, part, version, "update", "", s.by(r))
		switch {
		case s.takenMessage(ctx, err, &page):
			s.partForm(w, r, http.StatusUnprocessableEntity, page)
		case fault.Is(err, fault.Conflict):
			page.Conflict = s.partChangedSince(ctx, kind, id, version, cur.Part)
			page.Version = cur.Version
			s.partForm(w, r, http.StatusConflict, page)
		case err != nil:
			s.fail(w, r, err)
		default:
			http.Redirect(w, r, admin.PartPath(kind)+"/"+strconv.FormatInt(id, 10)+"?info=zapisano", http.StatusSeeOther)
		}
	}
}

// partChangedSince lists what others changed in a part since version; at
// least one row, so that the person sees why the save was refused.
func (s *Server) partChangedSince(ctx context.Context, kind strategy.PartKind, id int64, version int, current strategy.Part) []admin.Change {
	revs, err := s.StrategyEditing.PartRevisions(ctx, kind, id)
	if err == nil {
		for _, rev := range revs {
			if rev.Version == version {
				if cs := strategy.DiffParts(&rev.Part, &current); len(cs) > 0 {
					return admin.PartChanges(kind, cs)
				}
			}
		}
	}
	// Retired or brought back meanwhile, or history unreadable: name the
	// current state.
	return admin.PartChanges(kind, []strategy.Change{{Field: "name", Before: current.Name, After: current.Name}})
}

func (s *Server) setPartRetired(kind strategy.PartKind, retired bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := partID(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if err := r.ParseForm(); err != nil {
			s.fail(w, r, fault.Wrap(fault.Invalid, err))
			return
		}
		version, _ := strconv.Atoi(r.PostForm.Get("version"))
		if err := s.StrategyEditing.SetPartRetired(r.Context(), kind, id, version, retired, s.by(r)); err != nil {
			s.fail(w, r, err)
			return
		}
		s.forgetPartners()
		info := "wycofano"
		if !retired {
			info = "przywrocono-czesc"
		}
		http.Redirect(w, r, admin.PartPath(kind)+"/"+strconv.FormatInt(id, 10)+"?info="+info, http.StatusSeeOther)
	}
}

func (s *Server) partHistory(kind strategy.PartKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := partID(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		cur, err := s.StrategyEditing.StrategyPart(ctx, kind, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		revs, err := s.StrategyEditing.PartRevisions(ctx, kind, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p := admin.HistoryPage{Head: components.Head{Title: i18n.T(ctx, "history_title"), NoIndex: true, Section: "admin"},
			Staff: staffProps(staffFrom(ctx)), Title: cur.Name, BackURL: admin.PartPath(kind) + "/" + strconv.FormatInt(id, 10),
			Version: cur.Version}
		for i, rev := range revs {
			var before *strategy.Part
			if i+1 < len(revs) {
				before = &revs[i+1].Part
			}
			p.Entries = append(p.Entries, admin.HistoryEntry{ID: rev.ID, Action: rev.Action, At: rev.At, Actor: rev.ActorEmail,
				Changes: admin.PartChanges(kind, strategy.DiffParts(before, &rev.Part)), Current: i == 0})
		}
		s.render(w, r, http.StatusOK, admin.History(p))
	}
}

func (s *Server) restorePart(kind strategy.PartKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := partID(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		rev, err := strconv.ParseInt(chi.URLParam(r, "rev"), 10, 64)
		if err != nil {
			s.fail(w, r, fault.New(fault.NotFound, "no such revision"))
			return
		}
		if err := r.ParseForm(); err != nil {
			s.fail(w, r, fault.Wrap(fault.Invalid, err))
			return
		}
		version, _ := strconv.Atoi(r.PostForm.Get("version"))
		err = s.StrategyEditing.RestorePart(r.Context(), kind, id, rev, version, s.by(r))
		var taken *store.TakenError
		if errors.As(err, &taken) {
			err = fault.New(fault.Conflict, "ten numer ma już „%s”", taken.Other)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.forgetPartners()
		http.Redirect(w, r, admin.PartPath(kind)+"/"+strconv.FormatInt(id, 10)+"?info=przywrocono", http.StatusSeeOther)
	}
}
