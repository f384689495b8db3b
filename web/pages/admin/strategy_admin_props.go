package admin

import (
	"time"

	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web/components"
)

// StrategyNode is a document, goal or area in the strategy's structure.
type StrategyNode struct {
	Kind     strategy.PartKind
	ID       int64
	Number   string
	Name     string
	Retired  bool
	Staff    bool // created in the admin area, not by the importer
	Tasks    int  // of an area
	Children []StrategyNode
}

// StrategyStructurePage lists documents, goals and areas with what staff
// can do with each.
type StrategyStructurePage struct {
	Head   components.Head
	Staff  Staff
	Docs   []StrategyNode
	Notice string
}

// PartFormPage creates or edits a document, goal or area.
type PartFormPage struct {
	Head  components.Head
	Staff Staff
	Kind  strategy.PartKind
	ID    int64 // 0 for a new one
	// ParentID and Parent name where a new one goes ("Cel II: …").
	ParentID int64
	Parent   string
	Part     strategy.Part
	Version  int
	Errors   strategy.FieldErrors
	// TakenBy names the one whose number (a document: name) was typed;
	// FreeNumber is the first free number there.
	TakenBy, FreeNumber string
	Conflict            []Change
	Notice              string
	Retired             bool
	ByStaff             bool // created by staff
}

// NewTaskPage creates a task under an area.
type NewTaskPage struct {
	Head     components.Head
	Staff    Staff
	AreaID   int64
	Area     string // "Cel II · obszar 9: …"
	Number   string
	Title    string
	Years    string
	Errors   strategy.FieldErrors
	TakenBy  string
	FreeNext string
}

// TaskTrashItem is a task in the trash.
type TaskTrashItem struct {
	Slug, Number, Title string
	DeletedAt           time.Time
}

// TaskTrashPage lists the tasks in the trash.
type TaskTrashPage struct {
	Head   components.Head
	Staff  Staff
	Items  []TaskTrashItem
	Notice string
}

// PartPath is the admin address of a level ("/admin/strategia/cele").
func PartPath(kind strategy.PartKind) string {
	switch kind {
	case strategy.KindDocument:
		return "/admin/strategia/dokumenty"
	case strategy.KindGoal:
		return "/admin/strategia/cele"
	}
	return "/admin/strategia/obszary"
}

// partLabel gives the catalogue key of a part form field's label.
func partLabel(kind strategy.PartKind) func(string) string {
	return func(key string) string { return "part_" + string(kind) + "_" + key }
}

// PartChanges turns a part's changed fields into rows to show.
func PartChanges(kind strategy.PartKind, cs []strategy.Change) []Change {
	label := partLabel(kind)
	out := make([]Change, len(cs))
	for i, c := range cs {
		out[i] = Change{label(c.Field), c.Before, c.After}
	}
	return out
}

func partURL(kind strategy.PartKind, id int64) string { return PartPath(kind) + "/" + itoa(id) }
