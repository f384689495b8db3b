package i18n_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/sitetext"
	"github.com/mopr-leszno/portal/internal/strategy"
)

func polish(t *testing.T) *i18n.Localizer {
	t.Helper()
	c, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	return c.Localizer("pl")
}

func TestPolishPlurals(t *testing.T) {
	l := polish(t)
	for n, want := range map[int]string{
		0: "0 organizacji", 1: "1 organizacja", 2: "2 organizacje", 4: "4 organizacje",
		5: "5 organizacji", 12: "12 organizacji", 14: "14 organizacji", 21: "21 organizacji",
		22: "22 organizacje", 54: "54 organizacje", 105: "105 organizacji", 112: "112 organizacji",
	} {
		if got := l.N("organisations_count", n); got != want {
			t.Errorf("N(organisations_count, %d) = %q, want %q", n, got, want)
		}
	}
}

func TestUnknownLanguageFallsBackToPolish(t *testing.T) {
	c, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	l := c.Localizer("xx", "fr-CH, fr;q=0.9")
	if l.Lang() != "pl" || l.T("nav_home") != "Strona główna" {
		t.Errorf("lang %q, nav_home %q", l.Lang(), l.T("nav_home"))
	}
}

func TestMissingMessageShowsItsID(t *testing.T) {
	if got := polish(t).T("no_such_message"); got != "no_such_message" {
		t.Errorf("got %q", got)
	}
}

func TestContextWithoutLocalizerSpeaksPolish(t *testing.T) {
	if got := i18n.T(context.Background(), "nav_home"); got != "Strona główna" {
		t.Errorf("got %q", got)
	}
}

func TestTemplateData(t *testing.T) {
	got := polish(t).T("open_now_until", map[string]string{"Time": "16:00"})
	if got != "Otwarte teraz, do 16:00" {
		t.Errorf("got %q", got)
	}
}

// Every message the code asks for must be in the catalogue: literal IDs in
// components and handlers, and the IDs built from the domain's lists.
func TestCatalogueHasEveryMessage(t *testing.T) {
	l := polish(t)
	need := map[string]string{}
	literal := regexp.MustCompile(`i18n\.[TN]\(ctx, "([a-z0-9_]+)"[,)]|(?:Label|Hint|Error): +"([a-z0-9_]+)"|(?:Err|err)[A-Za-z]* *= *"(err_[a-z0-9_]+)"`)
	for _, dir := range []string{"../../web", "../server"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || (filepath.Ext(path) != ".templ" && filepath.Ext(path) != ".go") {
				return err
			}
			b, err := os.ReadFile(path)
			for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
				for _, id := range m[1:] {
					if id != "" {
						need[id] = path
					}
				}
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(need) < 50 {
		t.Fatalf("found only %d message IDs in the code; is the pattern stale?", len(need))
	}
	for _, f := range directory.LegalForms {
		need["legal_form_"+string(f)] = "directory.LegalForms"
	}
	for _, a := range directory.AccessibilityFeatures {
		need["access_"+a] = "directory.AccessibilityFeatures"
	}
	for _, id := range directory.MessageIDs {
		need[id] = "directory.MessageIDs"
	}
	for _, id := range accounts.MessageIDs {
		need[id] = "accounts.MessageIDs"
	}
	for _, id := range directory.SynonymMessageIDs {
		need[id] = "directory.SynonymMessageIDs"
	}
	for _, k := range accounts.AuditKinds {
		need["audit_"+k] = "accounts.AuditKinds"
	}
	for _, f := range (&directory.Organisation{}).Fields() {
		need["field_"+strings.ReplaceAll(f.Field, ".", "_")] = "directory.Fields"
	}
	for _, a := range []string{"create", "update", "delete", "undelete", "restore"} {
		need["revision_"+a] = "revision actions"
	}
	for _, a := range []string{"retire", "unretire"} {
		need["revision_"+a] = "revision actions of the strategy's parts"
	}
	for _, k := range strategy.PartKinds {
		for _, f := range []string{"new", "edit", "name"} {
			need["part_"+string(k)+"_"+f] = "strategy.PartKinds"
		}
		if k != strategy.KindDocument {
			for _, f := range []string{"number", "number_hint", "lead"} {
				need["part_"+string(k)+"_"+f] = "strategy.PartKinds"
			}
		}
	}
	for _, id := range strategy.PartMessageIDs {
		need[id] = "strategy.PartMessageIDs"
	}
	for _, r := range accounts.Roles {
		need["role_"+string(r)] = "accounts.Roles"
	}
	for d := 1; d <= 7; d++ {
		need["weekday_"+strconv.Itoa(d)] = "weekdays"
	}
	for m := 1; m <= 12; m++ {
		need["month_gen_"+strconv.Itoa(m)] = "months"
	}
	for _, c := range []fault.Code{fault.NotFound, fault.Invalid, fault.Conflict, fault.Forbidden, fault.Unavailable, fault.Internal, "method", "too_large", "too_many", "cross_origin"} {
		need["error_"+string(c)] = "error pages"
		need["error_"+string(c)+"_title"] = "error pages"
	}
	for _, g := range sitetext.Groups {
		need["sitetext_group_"+g.Name] = "sitetext.Groups"
		for _, f := range g.Fields {
			need["sitetext_"+f.Key] = "sitetext.Groups"
			for _, o := range f.Options {
				need["sitetext_option_"+o] = "sitetext options"
			}
		}
	}
	for _, st := range []string{sitetext.StatusCompliant, sitetext.StatusPartial, sitetext.StatusNone} {
		need["a11y_status_"+st] = "the statement's status"
	}
	for _, m := range []string{sitetext.MethodSelf, sitetext.MethodExternal} {
		need["a11y_method_"+m] = "the statement's method"
	}
	for _, id := range []string{sitetext.ErrDate, sitetext.ErrChoice, sitetext.ErrHelplines, sitetext.ErrExceptions, sitetext.ErrUpdated} {
		need[id] = "sitetext errors"
	}
	for id, where := range need {
		if !l.Has(id) {
			t.Errorf("message %q (used by %s) is not in the Polish catalogue", id, where)
		}
	}
}
