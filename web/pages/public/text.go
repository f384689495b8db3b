package public

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
)

// Excerpt shortens s to at most n characters at a word boundary.
func Excerpt(s string, n int) string {
	ex := excerptOf(s, n)
	if !ex.cut {
		return ex.text
	}
	return ex.text + "…"
}

// excerpt is an Excerpt as a part of a page: the text kept, and whether
// it was cut (an ellipsis follows). Written with excerptOf(s, n).write, it goes
// into the page escaped without a copy of the text.
type excerpt struct {
	text string
	cut  bool
}

func excerptOf(s string, n int) excerpt {
	if len(s) <= n {
		return excerpt{text: s} // no more bytes than n, so no more characters
	}
	// Byte offsets of the n-th and the (n/2+1)-th character, counting the
	// bytes that start one: a results page cuts twenty descriptions.
	cut, half, runes := len(s), -1, 0
	for i := range len(s) {
		if !utf8.RuneStart(s[i]) {
			continue
		}
		if runes == n/2+1 {
			half = i
		}
		if runes == n {
			cut = i
			break
		}
		runes++
	}
	if cut == len(s) {
		return excerpt{text: s}
	}
	r := s[:cut]
	if i := strings.LastIndexByte(r, ' '); half >= 0 && i >= half {
		r = r[:i]
	}
	return excerpt{text: strings.TrimRight(r, ",.;:"), cut: true}
}

// write writes the excerpt escaped, with its ellipsis.
func (e excerpt) write(h *components.HTML) {
	h.Text(e.text)
	if e.cut {
		h.Raw("…")
	}
}

// resultMeta is a result's line of legal form, address and district: the
// parts given, joined as joinPresent(" · ", form, joinPresent(", ",
// street, city), district) joins them, written escaped without joining
// them first (a results page writes twenty).
type resultMeta struct{ form, street, city, district string }

func (m resultMeta) write(h *components.HTML) {
	prev := -1 // the part written last
	for i, part := range [...]string{m.form, m.street, m.city, m.district} {
		if part == "" {
			continue
		}
		switch {
		case prev == 1 && i == 2: // the street, then the city
			h.Raw(", ")
		case prev >= 0:
			h.Raw(" · ")
		}
		h.Text(part)
		prev = i
	}
}

// joinPresent joins the parts that are not empty.
func joinPresent(sep string, parts ...string) string {
	n, kept, last := 0, 0, ""
	for _, p := range parts {
		if p != "" {
			n += len(p)
			kept++
			last = p
		}
	}
	if kept <= 1 {
		return last // no copy
	}
	var b strings.Builder
	b.Grow(n + (kept-1)*len(sep))
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(p)
	}
	return b.String()
}

// paragraphs splits text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// mapURL links to the place on OpenStreetMap; the visitor's browser makes
// no request there unless they follow the link.
func mapURL(lat, lon float64) string {
	return fmt.Sprintf("https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=17/%.6f/%.6f", lat, lon, lat, lon)
}

// telURL makes a tel: link of a phone number as people write it.
func telURL(phone string) string {
	var b strings.Builder
	b.WriteString("tel:")
	for i, r := range phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// displayURL shows a web address without its scheme and trailing slash.
func displayURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return s
	}
	return strings.TrimSuffix(u.Host+u.EscapedPath(), "/")
}

// languageNames names the language codes of an organisation in the
// reader's language (components.LanguageName).
func languageNames(ctx context.Context, codes []string) string {
	names := make([]string, 0, len(codes))
	for _, c := range codes {
		names = append(names, components.LanguageName(ctx, c))
	}
	return strings.Join(names, ", ")
}

// longDate writes a date the Polish way: "12 maja 2026".
func longDate(ctx context.Context, t time.Time) string {
	return i18n.T(ctx, "date_long", map[string]string{
		"Day":   strconv.Itoa(t.Day()),
		"Month": i18n.T(ctx, "month_gen_"+strconv.Itoa(int(t.Month()))),
		"Year":  strconv.Itoa(t.Year()),
	})
}

// publicationLine is message id (with a publication's Number and Date:
// "Dane z publikacji nr 12 z 3 grudnia 2026"), made once per publication
// and language: every search page says it.
func publicationLine(ctx context.Context, id string, p directory.Publication) string {
	l := i18n.From(ctx)
	key := id + "/" + strconv.Itoa(p.Number) + "/" + strconv.FormatInt(p.At.UnixMicro(), 10)
	s, _ := l.Memo(key, func() (string, error) {
		return l.T(id, map[string]string{"Number": strconv.Itoa(p.Number), "Date": longDate(ctx, p.At.In(directory.Warsaw))}), nil
	})
	return s
}

// openText says whether an organisation is open now and until when, or
// when it opens next. The sentences are few (a time of day, a day) and
// every result says one: each is made once per language (openTexts).
func openText(ctx context.Context, st directory.Status) string {
	l := i18n.From(ctx)
	k := openKey{lang: l.Lang(), open: st.Open}
	switch {
	case st.Open:
		k.until = st.Until
	case st.NextDay != 0:
		k.inDays, k.nextDay, k.nextOpens = st.InDays, st.NextDay, st.NextOpens
	default:
		return l.T("closed_now")
	}
	return openTexts.get(k, func() string {
		if st.Open {
			return l.T("open_now_until", map[string]string{"Time": st.Until.String()})
		}
		return l.T("closed_now_next", map[string]string{"Day": nextDayName(ctx, st), "Time": st.NextOpens.String()})
	})
}

// openTexts keeps openText's sentences by language and what they say,
// under a key put together without an allocation (twenty per results
// page). They are as few as the times of day and days they name.
var openTexts kept[openKey, string]

type openKey struct {
	lang             string
	open             bool
	until, nextOpens directory.ClockTime
	inDays           int
	nextDay          directory.Weekday
}

// nextDayName names the day of the next opening relative to today.
func nextDayName(ctx context.Context, st directory.Status) string {
	switch {
	case st.InDays == 0:
		return i18n.T(ctx, "today")
	case st.InDays == 1:
		return i18n.T(ctx, "tomorrow")
	default:
		return i18n.T(ctx, "weekday_"+strconv.Itoa(int(st.NextDay)))
	}
}
