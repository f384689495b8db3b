// Package web holds the portal's interface: templ components (components/,
// pages/) and the static files (static/), embedded in the binary and served
// under content-hashed names so that browsers may cache them for a year.
package web

//go:generate go tool templ generate

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed static
var static embed.FS

type asset struct {
	file string // path inside static/
	body []byte
	etag string
}

type assets struct {
	byHashed map[string]asset  // "css/site.3f2a9c1b.css" → asset
	hashed   map[string]string // "css/site.css" → "/static/css/site.3f2a9c1b.css"
}

// index hashes every static file once, on first use.
var index = sync.OnceValue(func() assets {
	a := assets{byHashed: map[string]asset{}, hashed: map[string]string{}}
	err := fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := static.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		h := hex.EncodeToString(sum[:])[:12]
		rel := strings.TrimPrefix(p, "static/")
		ext := path.Ext(rel)
		name := strings.TrimSuffix(rel, ext) + "." + h + ext
		a.byHashed[name] = asset{file: rel, body: body, etag: `"` + h + `"`}
		a.hashed[rel] = "/static/" + name
		return nil
	})
	if err != nil {
		panic("web: static files: " + err.Error()) // embedded at build time
	}
	return a
})

// Asset returns the public path of a static file under its content-hashed
// name, e.g. Asset("css/site.css") → "/static/css/site.3f2a9c1b0d4e.css".
// An unknown name returns "" so that a broken reference shows in tests.
func Asset(name string) string {
	return index().hashed[name]
}

// StaticHandler serves the files under /static/ by their hashed names with a
// one-year immutable cache; any other name is a 404.
func StaticHandler(notFound http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := index().byHashed[strings.TrimPrefix(r.URL.Path, "/static/")]
		if !ok {
			notFound.ServeHTTP(w, r)
			return
		}
		ct := mime.TypeByExtension(path.Ext(a.file))
		if ct == "" {
			ct = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Header().Set("ETag", a.etag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
	})
}
