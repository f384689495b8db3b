package strategy

import (
	"strconv"
	"strings"

	"github.com/mopr-leszno/portal/internal/directory"
)

// PartKind is a level of the strategy above the tasks: a document holds
// goals, a goal holds areas, an area holds tasks.
type PartKind string

// The levels staff create, edit and retire in the admin area.
const (
	KindDocument PartKind = "document"
	KindGoal     PartKind = "goal"
	KindArea     PartKind = "area"
)

// PartKinds lists the levels from the top.
var PartKinds = []PartKind{KindDocument, KindGoal, KindArea}

// Valid reports whether k is a known level.
func (k PartKind) Valid() bool { return k == KindDocument || k == KindGoal || k == KindArea }

// Part is a document, a goal or an area as staff edit it. Its JSON is the
// snapshot kept in each of its revisions.
type Part struct {
	Kind PartKind `json:"kind"`
	// Number is a goal's Roman number ("III") or an area's number ("10");
	// empty for a document.
	Number string `json:"number"`
	// Name is a document's name, a goal's title or an area's name.
	Name string `json:"name"`
	// Lead is who leads a goal or coordinates an area; empty for a document.
	Lead    string `json:"lead"`
	Retired bool   `json:"retired"`
}

// NormalizeNumber writes a typed number the way the strategy does: a
// goal's number in upper-case Roman numerals (a goal typed as "3" or "iii"
// becomes "III"), an area's without spaces or leading zeros. What is not a
// number is returned as typed, for Validate to refuse and the form to
// show back.
func (p *Part) NormalizeNumber() {
	n := strings.TrimSpace(p.Number)
	switch p.Kind {
	case KindGoal:
		if v, err := strconv.Atoi(n); err == nil && v >= 1 && v <= 3999 {
			n = romanString(v)
		} else if _, ok := Roman(strings.ToUpper(n)); ok {
			n = strings.ToUpper(n)
		}
	case KindArea:
		if v, err := strconv.Atoi(n); err == nil {
			n = strconv.Itoa(v)
		}
	}
	p.Number = n
}

// Position is the number used to order goals and areas (a goal's Roman
// number in Arabic); 0 when the number is not valid.
func (p *Part) Position() int {
	switch p.Kind {
	case KindGoal:
		n, _ := Roman(p.Number)
		return n
	case KindArea:
		n, err := strconv.Atoi(p.Number)
		if err != nil {
			return 0
		}
		return n
	}
	return 0
}

// Validate checks a part edited by staff; it returns the errors by form
// field ("number", "name", "lead"), nil when it may be saved.
func (p *Part) Validate() FieldErrors {
	errs := FieldErrors{}
	maxName := 300
	if p.Kind == KindGoal {
		maxName = 1000
	}
	if e := directory.CheckText(p.Name, true, maxName, false); e != "" {
		errs["name"] = e
	}
	if p.Kind != KindDocument {
		if e := directory.CheckText(p.Lead, false, 300, false); e != "" {
			errs["lead"] = e
		}
	}
	switch p.Kind {
	case KindGoal:
		if p.Number == "" {
			errs["number"] = "err_required"
		} else if _, ok := Roman(p.Number); !ok {
			errs["number"] = "err_goal_number"
		}
	case KindArea:
		if p.Number == "" {
			errs["number"] = "err_required"
		} else if n := p.Position(); n < 1 || n > 999 || strconv.Itoa(n) != p.Number {
			errs["number"] = "err_area_number"
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// NextNumber is the number after the highest one taken (positions as
// Position gives them), as a goal or an area writes it.
func NextNumber(kind PartKind, highest int) string {
	if kind == KindGoal {
		return romanString(highest + 1)
	}
	return strconv.Itoa(highest + 1)
}

// PartFields writes a part's fields as text, for the history.
func (p *Part) Fields() [][2]string {
	return [][2]string{{"number", p.Number}, {"name", p.Name}, {"lead", p.Lead}}
}

// DiffParts lists the fields whose text differs from before to after; a
// nil before lists every field with a value.
func DiffParts(before, after *Part) []Change {
	var b [][2]string
	if before != nil {
		b = before.Fields()
	}
	return diffFields(b, after.Fields())
}

// PartMessageIDs lists the message IDs Validate produces besides those of
// directory.CheckText.
var PartMessageIDs = []string{"err_goal_number", "err_area_number"}
