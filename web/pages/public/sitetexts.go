package public

import (
	"context"
	"slices"
	"strings"

	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/sitetext"
)

// orUnknown is s, or "not given" for a text a publication made before the
// site texts existed does not have.
func orUnknown(ctx context.Context, s string) string {
	if s == "" {
		return i18n.T(ctx, "sitetext_not_given")
	}
	return s
}

// textLines splits a text of several lines, leaving out empty ones.
func textLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// PrivacyController is the sentence naming the data controller and how to
// reach it, as the privacy page and the form's clause say it (the PDF form
// fills the same message).
func PrivacyController(ctx context.Context, t sitetext.Texts) string {
	t, _ = t.Localized(i18n.From(ctx).Lang())
	return i18n.T(ctx, "privacy_controller", t.ControllerData(i18n.T(ctx, "sitetext_not_given")))
}

// PrivacyDPO is the sentence naming the data protection officer and how to
// reach them.
func PrivacyDPO(ctx context.Context, t sitetext.Texts) string {
	t, _ = t.Localized(i18n.From(ctx).Lang())
	return i18n.T(ctx, "privacy_dpo", t.DPOData(i18n.T(ctx, "sitetext_not_given")))
}

// inPolish reports whether any of the texts of keys stays Polish on the
// reader's page (not translated by staff).
func inPolish(ctx context.Context, t sitetext.Texts, keys ...string) bool {
	lang := i18n.From(ctx).Lang()
	if lang == "pl" {
		return false
	}
	_, polish := t.Localized(lang)
	for _, k := range keys {
		if slices.Contains(polish, k) {
			return true
		}
	}
	return false
}
