package components

import (
	"context"
	"strings"

	"github.com/mopr-leszno/portal/internal/i18n"
)

// The public pages in Ukrainian and English live under a prefix (/uk/…,
// /en/…); Polish addresses have none and stay as they always were. Every
// link a public page writes goes through Path (or DirectoryPath), so it
// stays in the page's language.

// Languages are the portal's languages in the order the switch lists
// them; the first is the default, whose addresses have no prefix.
var Languages = []string{"pl", "uk", "en"}

// LangPath returns the Polish public path p (with its query, if any) as
// the address of the same page in lang: "/organizacje?q=x" in "uk" is
// "/uk/organizacje?q=x", "/" is "/uk".
func LangPath(lang, p string) string {
	parts := langPathParts(lang, p)
	return parts[0] + parts[1] + parts[2]
}

// langPathParts is LangPath in parts, for writing it without putting it
// together: p itself, or "/", lang and p, whose slash gives way to the
// language where it is the root's ("/uk", "/uk?q=…").
func langPathParts(lang, p string) [3]string {
	if lang == "" || lang == Languages[0] {
		return [3]string{p}
	}
	if p == "/" || strings.HasPrefix(p, "/?") {
		p = p[1:]
	}
	return [3]string{"/", lang, p}
}

// LangURL returns the absolute Polish address u in lang (see LangPath).
func LangURL(lang, u string) string {
	p := langURLParts(lang, u)
	return p[0] + p[1] + p[2] + p[3]
}

// langURLParts is LangURL in parts, for writing it without putting it
// together: u itself, or u's scheme and host, "/", lang and the rest.
func langURLParts(lang, u string) [4]string {
	if lang == "" || lang == Languages[0] {
		return [4]string{u}
	}
	// "scheme://host" stays, the path after it gets the language: cut by
	// hand, for url.Parse costs more than the rest of a page's head.
	head := ""
	if i := strings.Index(u, "://"); i > 0 && !strings.ContainsAny(u[:i], "/?#") {
		rest := u[i+3:]
		j := strings.IndexAny(rest, "/?#")
		if j < 0 {
			j = len(rest)
		}
		head, u = u[:i+3+j], rest[j:]
	}
	p := langPathParts(lang, u)
	return [4]string{head, p[0], p[1], p[2]}
}

// SplitLang cuts the language prefix off a request's path: "/uk/zglos" is
// ("uk", "/zglos"), "/en" is ("en", "/"), a Polish path is ("", path).
func SplitLang(path string) (lang, rest string) {
	for _, l := range Languages[1:] {
		if path == "/"+l {
			return l, "/"
		}
		if strings.HasPrefix(path, "/"+l+"/") {
			return l, path[len(l)+1:]
		}
	}
	return "", path
}

// Path returns the Polish public path p in the language of ctx.
func Path(ctx context.Context, p string) string {
	return LangPath(i18n.From(ctx).Lang(), p)
}

type addressKey struct{}

// Address is what the layout needs of the request's address to offer the
// same page in the other languages.
type Address struct {
	Path  string // the Polish path, without the language prefix
	Query string // the raw query, without "?"
	// Suggest is a language the browser prefers to the page's own
	// (Accept-Language), offered in a notice; empty when none.
	Suggest *i18n.Localizer
}

// WithAddress returns ctx carrying a.
func WithAddress(ctx context.Context, a Address) context.Context {
	return context.WithValue(ctx, addressKey{}, a)
}

// AddressOf returns the address in ctx; without one, the home page.
func AddressOf(ctx context.Context) Address {
	if a, ok := ctx.Value(addressKey{}).(Address); ok {
		return a
	}
	return Address{Path: "/"}
}

// In returns the address of the same page in lang, query kept.
func (a Address) In(lang string) string {
	p := a.inParts(lang)
	return p[0] + p[1] + p[2] + p[3] + p[4]
}

// inParts is In in parts, for writing it without putting it together.
func (a Address) inParts(lang string) [5]string {
	mark := ""
	if a.Query != "" {
		mark = "?"
	}
	// The query cannot change how the path takes the language: LangPath
	// treats "/?…" as "/".
	p := langPathParts(lang, a.Path)
	return [5]string{p[0], p[1], p[2], mark, a.Query}
}

// Public tells whether ctx renders a public page, which is offered in
// every language (the admin area and its preview are Polish only).
func Public(ctx context.Context) bool {
	return !Previewing(ctx) && !strings.HasPrefix(AddressOf(ctx).Path, "/admin")
}

type directoryPathKey struct{}

// PublicDirectoryPath is where the public directory lives (in Polish).
const PublicDirectoryPath = "/organizacje"

// WithDirectoryPath makes the directory pages rendered with ctx link to
// their own kind under path: the staff's preview of the working copy keeps
// its links inside the preview.
func WithDirectoryPath(ctx context.Context, path string) context.Context {
	return context.WithValue(ctx, directoryPathKey{}, path)
}

// DirectoryPath is the path of the directory pages in ctx: the preview's,
// or the public directory's in the language of ctx.
func DirectoryPath(ctx context.Context) string {
	if p, ok := ctx.Value(directoryPathKey{}).(string); ok {
		return p
	}
	return Path(ctx, PublicDirectoryPath)
}

// Previewing tells whether ctx renders the staff's preview.
func Previewing(ctx context.Context) bool {
	_, ok := ctx.Value(directoryPathKey{}).(string)
	return ok
}
