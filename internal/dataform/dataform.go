// Package dataform draws the printable data form of the NGO data bank: an
// A4 PDF with a labelled place for every field of the organisation record,
// blank for an organisation to fill in by hand, or pre-filled with a
// record's data for the yearly verification. The form is laid out from
// directory.FormFields, so it lists the same fields the record has; its
// labels come from the message catalogue and its choices from the
// directory's vocabulary.
package dataform

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/page"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/border"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/consts/pagesize"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"
	"github.com/johnfercher/maroto/v2/pkg/repository"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/sitetext"
)

// DejaVu Sans has every Polish letter and the ballot-box glyphs the
// checkboxes are drawn with; the PDF base fonts have neither.
var (
	//go:embed fonts/DejaVuSans.ttf
	regularFont []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	boldFont []byte
)

const family = "dejavu"

var fonts = sync.OnceValues(func() ([]*entity.CustomFont, error) {
	return repository.New().
		AddUTF8FontFromBytes(family, fontstyle.Normal, regularFont).
		AddUTF8FontFromBytes(family, fontstyle.Bold, boldFont).
		Load()
})

// Text looks up interface text by message ID, filled with data when the
// message has placeholders; (*i18n.Localizer).T is one.
type Text func(id string, data ...any) string

// Form is one data form to draw.
type Form struct {
	Text       Text
	Vocabulary directory.Vocabulary
	// Org pre-fills the form; nil draws it blank.
	Org *directory.Organisation
	// SubmitURL is where the data can be sent online instead (the
	// portal's /zglos), printed in the instruction.
	SubmitURL string
	// PrivacyURL is the full privacy notice, printed under the clause.
	PrivacyURL string
	// Texts are the site texts the clause names the data controller and
	// the data protection officer from.
	Texts sitetext.Texts
	// Now dates a pre-filled form and the file's metadata.
	Now time.Time
}

// Layout, in millimetres on a 12-column grid 180 mm wide.
const (
	labelHeight = 5.0
	lineBox     = 9.0  // one handwritten line
	twoLineBox  = 15.0 // two lines
	grid        = 12
	// Contact-person blocks on a blank form; a filled one has one more
	// than the record, for a new person.
	blankContacts = 2
)

var (
	ink       = &props.Color{Red: 0, Green: 45, Blue: 140} // pre-filled data
	grey      = &props.Color{Red: 90, Green: 90, Blue: 90}
	shade     = &props.Color{Red: 228, Green: 232, Blue: 238}
	boxStyle  = &props.Cell{BorderType: border.Full, BorderThickness: 0.3, BorderColor: &props.Color{Red: 60, Green: 60, Blue: 60}}
	lineBelow = &props.Cell{BorderType: border.Bottom, BorderThickness: 0.3, BorderColor: &props.Color{Red: 60, Green: 60, Blue: 60}}
)

// PDF draws the form.
func (f Form) PDF() ([]byte, error) {
	custom, err := fonts()
	if err != nil {
		return nil, fmt.Errorf("data form fonts: %w", err)
	}
	t := f.Text
	now := f.Now
	if now.IsZero() {
		now = time.Now()
	}
	title := t("dataform_title")
	if f.Org != nil {
		title += " — " + f.Org.Name
	}
	cfg := config.NewBuilder().
		WithPageSize(pagesize.A4).
		WithLeftMargin(15).WithRightMargin(15).WithTopMargin(12).WithBottomMargin(10).
		WithCustomFonts(custom).
		WithDefaultFont(&props.Font{Family: family, Style: fontstyle.Normal, Size: 9}).
		WithTitle(title, true).
		WithSubject(t("dataform_subject"), true).
		WithAuthor(t("site_owner"), true).
		WithCreator(t("site_name"), true).
		WithCreationDate(now).
		WithCompression(true).
		WithPageNumber(props.PageNumber{Pattern: t("dataform_page"), Place: props.RightBottom, Family: family, Size: 7.5, Color: grey}).
		Build()
	b := &builder{m: maroto.New(cfg), f: f, t: t, now: now}
	if err := b.m.RegisterFooter(text.NewRow(5, t("dataform_footer"), props.Text{Size: 7.5, Color: grey, Top: 1})); err != nil {
		return nil, err
	}
	b.draw()
	doc, err := b.m.Generate()
	if err != nil {
		return nil, fmt.Errorf("data form: %w", err)
	}
	return doc.GetBytes(), nil
}

type builder struct {
	m   core.Maroto
	f   Form
	t   Text
	now time.Time
}

// section is a titled part of the form and the record fields it holds.
type section struct {
	title  string
	fields []string
}

// sections is the form's order. Every field of directory.FormFields has
// its place here (the tests check), each drawn by field below.
var sections = []section{
	{"form_section_basic", []string{"name", "short_name", "legal_form", "public_benefit", "krs", "nip", "regon"}},
	{"form_section_address", []string{"address.street", "address.postal_code", "address.city", "address.district", "address.confidential"}},
	{"form_section_contact", []string{"phones", "emails", "website", "social"}},
	{"field_contacts", []string{"contacts"}},
	{"form_section_scope", []string{"description", "description_uk", "description_en", "categories", "target_groups", "takes_volunteers", "takes_interns", "volunteer_note"}},
	{"field_hours", []string{"hours", "hours_note", "hours_note_uk", "hours_note_en"}},
	{"dataform_section_access", []string{"accessibility", "languages"}},
	{"dataform_section_office", []string{"slug", "address.coordinates", "verified_on"}},
}

// sideBySide are fields drawn in one row with the fields after them, with
// the columns each takes.
var sideBySide = map[string][]int{
	"krs":                 {4, 4, 4}, // krs, nip, regon
	"address.postal_code": {3, 9},    // postal code, city
	"slug":                {5, 4, 3}, // slug, coordinates, verified_on
}

func (b *builder) draw() {
	t := b.t
	b.m.AddRows(
		text.NewAutoRow(t("dataform_header"), props.Text{Style: fontstyle.Bold, Size: 10, Color: grey}),
		text.NewAutoRow(t("dataform_title"), props.Text{Style: fontstyle.Bold, Size: 15, Top: 2, Bottom: 1}),
	)
	if b.f.Org != nil {
		b.m.AddRows(text.NewAutoRow(t("dataform_filled_note", map[string]string{"Date": b.now.In(directory.Warsaw).Format("02.01.2006")}),
			props.Text{Size: 8.5, Top: 1, Bottom: 1, Style: fontstyle.Bold}))
	}
	b.m.AddRows(text.NewAutoRow(t("dataform_instruction", map[string]string{"URL": b.f.SubmitURL}), props.Text{Size: 8.5, Top: 1, Bottom: 2}))

	placed := map[string]bool{}
	for _, s := range sections {
		b.heading(t(s.title), need(s.fields[0]))
		for i := 0; i < len(s.fields); i++ {
			name := s.fields[i]
			if cols, ok := sideBySide[name]; ok && i+len(cols) <= len(s.fields) {
				names := s.fields[i : i+len(cols)]
				b.boxes(names, cols)
				for _, n := range names {
					placed[n] = true
				}
				i += len(cols) - 1
				continue
			}
			b.field(name)
			placed[name] = true
		}
		switch s.title {
		case "dataform_section_access":
			b.declaration()
		case "dataform_section_office":
			b.labelledBox(t("dataform_received_on"), lineBox, "", "")
		}
	}
	// A field the layout does not know yet still gets a box, so the
	// printed form never silently lacks part of the record.
	var rest []string
	for _, name := range directory.FormFields() {
		if !placed[name] {
			rest = append(rest, name)
		}
	}
	if len(rest) > 0 {
		b.heading(t("dataform_section_other"), need(""))
		for _, name := range rest {
			b.box(name, twoLineBox, b.value(name), "")
		}
	}
}

// keep starts a new page unless h more millimetres fit on this one, so a
// label stays with its box.
func (b *builder) keep(h float64) {
	if !b.m.FitlnCurrentPage(h) {
		b.m.AddPages(page.New())
	}
}

// need is about how much room the start of a field takes, to keep a
// section's heading with it.
func need(name string) float64 {
	switch name {
	case "description":
		return labelHeight + 50
	case "hours":
		return labelHeight + 6 + 7*8
	case "contacts":
		return 60
	case "public_benefit", "takes_volunteers", "takes_interns", "address.confidential":
		return 7
	case "legal_form", "address.district", "categories", "target_groups", "accessibility":
		return labelHeight + 3*5.5
	}
	return labelHeight + twoLineBox
}

func (b *builder) heading(s string, next float64) {
	b.keep(11.5 + next)
	b.m.AddRows(row.New(3),
		row.New(7).Add(text.NewCol(grid, s, props.Text{Style: fontstyle.Bold, Size: 10.5, Top: 1.2, Left: 1.5})).WithStyle(&props.Cell{BackgroundColor: shade}),
		row.New(1.5))
}

func (b *builder) field(name string) {
	o := b.f.Org
	t := b.t
	switch name {
	case "name":
		b.box(name, twoLineBox, b.value(name), "")
	case "legal_form":
		var cs []choice
		for _, lf := range directory.LegalForms {
			c := choice{label: t("legal_form_" + string(lf)), on: o != nil && o.LegalForm == lf}
			if lf == directory.FormOther {
				c.label += " (" + t("dataform_specify") + ") ______________________"
			}
			cs = append(cs, c)
		}
		b.choices(name, t("dataform_choose_one"), cs, 2)
	case "public_benefit", "takes_volunteers", "takes_interns", "address.confidential":
		b.yesNo(name)
	case "address.district":
		var cs []choice
		for _, d := range b.f.Vocabulary.Districts {
			cs = append(cs, choice{label: d.Name, on: o != nil && o.Address.District == d.Slug})
		}
		cs = append(cs, choice{label: t("district_none"), on: o != nil && o.Address.District == ""})
		b.choices(name, t("dataform_choose_one"), cs, 3)
	case "phones", "emails", "social":
		b.box(name, twoLineBox, b.value(name), t("dataform_lines_hint"))
	case "contacts":
		b.contacts()
	case "description":
		b.box(name, 48, b.value(name), "")
	case "description_uk", "description_en":
		// Optional, so smaller: most organisations leave them empty.
		b.box(name, 24, b.value(name), "")
	case "volunteer_note", "hours_note", "hours_note_uk", "hours_note_en":
		b.box(name, twoLineBox, b.value(name), "")
	case "categories":
		b.categories()
	case "target_groups":
		var cs []choice
		for _, g := range b.f.Vocabulary.TargetGroups {
			cs = append(cs, choice{label: g.Name, on: o != nil && slices.Contains(o.TargetGroups, g.Slug)})
		}
		b.choices(name, t("dataform_choose_many"), cs, 2)
	case "hours":
		b.hours()
	case "accessibility":
		var cs []choice
		for _, a := range directory.AccessibilityFeatures {
			cs = append(cs, choice{label: t("access_" + a), on: o != nil && slices.Contains(o.Accessibility, a)})
		}
		b.choices(name, t("dataform_choose_many"), cs, 2)
	case "languages":
		// Named boxes to tick, as on the online form: nobody writes codes.
		var held []string
		if o != nil {
			held = o.Languages
		}
		var cs []choice
		for _, code := range directory.LanguagesOf(held) {
			label := t("language_" + code)
			if label == "language_"+code { // a code the list does not name
				label = code
			}
			cs = append(cs, choice{label: label, on: slices.Contains(held, code)})
		}
		b.choices(name, t("dataform_choose_many"), cs, 3)
	default:
		b.box(name, lineBox, b.value(name), "")
	}
}

// value is a field's pre-filled text, from the record's own text form.
func (b *builder) value(name string) string {
	if b.f.Org == nil {
		return ""
	}
	for _, fv := range b.f.Org.Fields() {
		if fv.Field == name {
			v := fv.Value
			switch name {
			case "phones", "emails", "social":
				v = strings.ReplaceAll(v, "\n", "; ")
			case "categories", "target_groups", "accessibility", "hours":
				v = "" // drawn as ticks, not text
			default:
				// The PDF's text breaks lines at spaces only.
				v = strings.Join(strings.Fields(v), " ")
			}
			return v
		}
	}
	return ""
}

var labelProps = props.Text{Style: fontstyle.Bold, Size: 8.5, Top: 0.8}

var hintText = props.Text{Size: 7.5, Color: grey, Top: 0.8}

func valueText() props.Text {
	return props.Text{Size: 10, Color: ink, Top: 1.8, Bottom: 1.8, Left: 1.8, Right: 1.8}
}

// box is a labelled box of the given height with room to write by hand.
func (b *builder) box(name string, height float64, value, hint string) {
	b.labelledBox(b.t(directory.LabelID(name)), height, value, hint)
}

func (b *builder) labelledBox(caption string, height float64, value, hint string) {
	// About 85 characters fit on a line of the box.
	b.keep(labelHeight + max(height, float64(utf8.RuneCountInString(value)/85+1)*4.4+4) + 2)
	lbl := col.New(grid).Add(text.New(caption, labelProps))
	if hint != "" {
		lbl = col.New(5).Add(text.New(caption, labelProps))
		b.m.AddRows(row.New(labelHeight).Add(lbl, col.New(7).Add(text.New(hint, withAlign(hintText, align.Right)))))
	} else {
		b.m.AddRows(row.New(labelHeight).Add(lbl))
	}
	// A pre-filled value longer than the box makes the box grow; the
	// empty text holds it at its height otherwise.
	b.m.AddRows(row.New().Add(col.New(grid).Add(text.New(value, valueText()), text.New("", props.Text{Top: height})).WithStyle(boxStyle)), row.New(2))
}

func withAlign(p props.Text, a align.Type) props.Text { p.Align = a; return p }

// boxes draws fields side by side, each in cols[i] of the grid.
func (b *builder) boxes(names []string, cols []int) {
	b.keep(labelHeight + lineBox + 2)
	labels := row.New(labelHeight)
	boxes := row.New(lineBox)
	for i, n := range names {
		labels.Add(col.New(cols[i]).Add(text.New(b.t(directory.LabelID(n)), labelProps)))
		boxes.Add(col.New(cols[i]).Add(text.New(b.value(n), valueText())).WithStyle(boxStyle))
	}
	b.m.AddRows(labels, boxes, row.New(2))
}

type choice struct {
	label  string
	on     bool
	indent bool
	bold   bool
}

func tick(on bool) string {
	if on {
		return "☒ "
	}
	return "☐ "
}

func (c choice) text() core.Component {
	p := props.Text{Size: 9, Top: 0.6, Bottom: 0.6, Right: 2}
	if c.indent {
		p.Left = 5
	}
	if c.bold {
		p.Style = fontstyle.Bold
	}
	if c.on {
		p.Color = ink
	}
	return text.New(tick(c.on)+c.label, p)
}

// choices draws checkboxes in n columns, filled down each column.
func (b *builder) choices(name, hint string, cs []choice, n int) {
	b.keep(labelHeight + 3*5.5)
	b.m.AddRows(row.New(labelHeight).Add(
		col.New(6).Add(text.New(b.t(directory.LabelID(name)), labelProps)),
		col.New(6).Add(text.New(hint, withAlign(hintText, align.Right)))))
	b.columns(splitEven(cs, n))
	b.m.AddRows(row.New(2))
}

func splitEven(cs []choice, n int) [][]choice {
	per := (len(cs) + n - 1) / n
	var out [][]choice
	for i := 0; i < len(cs); i += per {
		out = append(out, cs[i:min(i+per, len(cs))])
	}
	return out
}

// columns lays lists of choices side by side, one row per line.
func (b *builder) columns(lists [][]choice) {
	if len(lists) == 0 {
		return
	}
	w := grid / len(lists)
	lines := 0
	for _, l := range lists {
		lines = max(lines, len(l))
	}
	for i := range lines {
		r := row.New()
		for _, l := range lists {
			c := col.New(w)
			if i < len(l) {
				c.Add(l[i].text())
			}
			r.Add(c)
		}
		b.m.AddRows(r)
	}
}

// categories draws the two-level list as blocks of a parent and its
// children, in two columns split between blocks.
func (b *builder) categories() {
	o := b.f.Org
	var blocks [][]choice
	for _, c := range b.f.Vocabulary.Categories {
		ch := choice{label: c.Name, on: o != nil && slices.Contains(o.Categories, c.Slug), indent: c.Parent != "", bold: c.Parent == ""}
		if c.Parent == "" || len(blocks) == 0 {
			blocks = append(blocks, []choice{ch})
			continue
		}
		blocks[len(blocks)-1] = append(blocks[len(blocks)-1], ch)
	}
	total := 0
	for _, bl := range blocks {
		total += len(bl)
	}
	var left, right []choice
	for _, bl := range blocks {
		if len(left) < (total+1)/2 {
			left = append(left, bl...)
		} else {
			right = append(right, bl...)
		}
	}
	b.keep(labelHeight + 3*5.5)
	b.m.AddRows(row.New(labelHeight).Add(
		col.New(6).Add(text.New(b.t(directory.LabelID("categories")), labelProps)),
		col.New(6).Add(text.New(b.t("dataform_choose_many"), withAlign(hintText, align.Right)))))
	b.columns([][]choice{left, right})
	b.m.AddRows(row.New(2))
}

func (b *builder) yesNo(name string) {
	var on bool
	filled := b.f.Org != nil
	if filled {
		switch name {
		case "public_benefit":
			on = b.f.Org.PublicBenefit
		case "takes_volunteers":
			on = b.f.Org.TakesVolunteers
		case "takes_interns":
			on = b.f.Org.TakesInterns
		case "address.confidential":
			on = b.f.Org.Address.Confidential
		}
	}
	b.keep(7)
	b.m.AddRows(row.New(7).Add(
		col.New(8).Add(text.New(b.t(directory.LabelID(name)), props.Text{Style: fontstyle.Bold, Size: 8.5, Top: 0.8})),
		col.New(2).Add(choice{label: b.t("dataform_yes"), on: filled && on}.text()),
		col.New(2).Add(choice{label: b.t("dataform_no"), on: filled && !on}.text())))
}

// hours draws the week as a grid: a row per day, up to three intervals
// and a note.
func (b *builder) hours() {
	t := b.t
	const rowH = 8.0
	b.keep(labelHeight + 6 + 7*rowH)
	b.m.AddRows(row.New(labelHeight).Add(
		col.New(4).Add(text.New(t(directory.LabelID("hours")), labelProps)),
		col.New(8).Add(text.New(t("dataform_hours_hint"), withAlign(hintText, align.Right)))))
	head := props.Text{Style: fontstyle.Bold, Size: 8, Top: 1.2, Left: 1.5}
	cell := &props.Cell{BorderType: border.Full, BorderThickness: 0.3, BorderColor: boxStyle.BorderColor, BackgroundColor: shade}
	hr := row.New(6).Add(col.New(2).Add(text.New(t("hours_day"), head)).WithStyle(cell))
	for k := 1; k <= 3; k++ {
		hr.Add(col.New(2).Add(text.New(t("dataform_hours_interval", map[string]int{"N": k}), head)).WithStyle(cell))
	}
	hr.Add(col.New(4).Add(text.New(t("hours_note"), head)).WithStyle(cell))
	b.m.AddRows(hr)
	for d := 1; d <= 7; d++ {
		var day directory.Day
		if b.f.Org != nil {
			day = b.f.Org.Hours[d]
		}
		r := row.New(rowH).Add(col.New(2).Add(text.New(t("weekday_"+strconv.Itoa(d)), props.Text{Size: 9, Top: 2, Left: 1.5})).WithStyle(boxStyle))
		for k := range 3 {
			v := ""
			if k < len(day.Intervals) {
				v = day.Intervals[k].Opens.String() + "–" + day.Intervals[k].Closes.String()
			}
			r.Add(col.New(2).Add(text.New(v, valueText())).WithStyle(boxStyle))
		}
		r.Add(col.New(4).Add(text.New(day.Note, valueText())).WithStyle(boxStyle))
		b.m.AddRows(r)
	}
	b.m.AddRows(row.New(3))
}

// contacts draws the information clause once and a block per person:
// the person's data, the consent checkbox and the line to sign it.
func (b *builder) contacts() {
	t := b.t
	var people []directory.Contact
	if b.f.Org != nil {
		people = b.f.Org.Contacts
	}
	n := max(blankContacts, len(people)+1)
	if b.f.Org == nil {
		n = blankContacts
	}
	b.m.AddRows(text.NewAutoRow(t("dataform_contacts_hint"), props.Text{Size: 8.5, Bottom: 1.5}))
	small := props.Text{Size: 7.2, Bottom: 0.8}
	b.keep(40)
	b.m.AddRows(text.NewAutoRow(t("dataform_rodo_title"), props.Text{Size: 8, Style: fontstyle.Bold, Bottom: 1}))
	notGiven := t("sitetext_not_given")
	for _, line := range []string{
		t("privacy_intro"),
		t("privacy_controller", b.f.Texts.ControllerData(notGiven)),
		t("privacy_dpo", b.f.Texts.DPOData(notGiven)),
		t("privacy_basis"), t("privacy_what"), t("privacy_time"), t("privacy_rights"),
	} {
		b.m.AddRows(text.NewAutoRow(line, small))
	}
	if b.f.PrivacyURL != "" {
		b.m.AddRows(text.NewAutoRow(t("dataform_rodo_more", map[string]string{"URL": b.f.PrivacyURL}), small))
	}
	b.m.AddRows(row.New(2))
	for i := range n {
		var c directory.Contact
		if i < len(people) {
			c = people[i]
		}
		b.keep(6 + 2*(labelHeight+lineBox) + 14 + 14)
		b.m.AddRows(text.NewRow(6, t("contact_person_n", map[string]int{"N": i + 1}), props.Text{Style: fontstyle.Bold, Size: 9.5, Top: 1}))
		pair := func(a, bb string, va, vb string) {
			b.m.AddRows(
				row.New(labelHeight).Add(
					col.New(6).Add(text.New(t(a), labelProps)),
					col.New(6).Add(text.New(t(bb), withLeft(labelProps, 2)))),
				row.New(lineBox).Add(
					col.New(6).Add(text.New(va, valueText())).WithStyle(boxStyle),
					col.New(6).Add(text.New(vb, valueText())).WithStyle(boxStyle)),
				row.New(1.5))
		}
		pair("field_contacts_name", "field_contacts_function", c.Name, c.Function)
		pair("field_contacts_phone", "field_contacts_email", c.Phone, c.Email)
		b.m.AddRows(row.New().Add(col.New(grid).Add(choice{label: t("dataform_consent"), on: c.Consent}.text())))
		signed := ""
		if c.ConsentOn != nil {
			signed = c.ConsentOn.Format("02.01.2006")
		}
		b.signature(t("dataform_contact_signature"), signed)
	}
}

func withLeft(p props.Text, l float64) props.Text { p.Left = l; return p }

// signature is a line to sign on, with what to write under it.
func (b *builder) signature(caption, value string) {
	b.m.AddRows(
		row.New(11).Add(col.New(6), col.New(6).Add(text.New(value, props.Text{Size: 10, Color: ink, Top: 5, Left: 1.8})).WithStyle(lineBelow)),
		row.New(6).Add(col.New(6), col.New(6).Add(text.New(caption, withAlign(hintText, align.Center)))),
		row.New(2))
}

func (b *builder) declaration() {
	t := b.t
	b.heading(t("dataform_section_declaration"), 25)
	b.keep(25)
	b.m.AddRows(text.NewAutoRow(t("dataform_declaration"), props.Text{Size: 9, Bottom: 2}))
	b.signature(t("dataform_org_signature"), "")
}
