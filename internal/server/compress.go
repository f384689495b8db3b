package server

import (
	"net/http"
	"strings"

	"github.com/klauspost/compress/gzhttp"

	"github.com/mopr-leszno/portal/internal/export"
)

// compressible are the types worth compressing: the text the portal
// writes. PDF forms (deflated inside) and images are left alone.
var compressible = []string{
	"text/html", "text/css", "text/javascript", "application/javascript", "text/plain", "text/csv",
	"application/json", "application/ld+json", "application/atom+xml", "image/svg+xml",
	"application/xml", "application/csvm+json", // the sitemaps, the CSVW metadata
}

// compress gzips responses of the compressible types for clients that
// accept gzip, through klauspost/compress's gzhttp: it parses
// Accept-Encoding with its q-values (chi's Compress matches substrings, so
// "gzip;q=0" would get gzip), always sends Vary: Accept-Encoding, leaves
// alone a response that has a Content-Encoding already (the stored gzip
// downloads go out as they are, never twice) or a Content-Range (a range
// is of the bytes named, not of a compressed stream), leaves 304s and
// other bodiless answers alone, and skips bodies under 1 KiB, where gzip
// costs more than it saves. Measured on a 52 KB results page
// (BenchmarkCompress, 2 shared cores): gzhttp at level 4 about 0.19 ms and
// 9.5 KB, chi's Compress at level 5 about 1.1 ms and 9.0 KB; gzhttp at
// levels 5-6 saves 4% more bytes for 60% more time.
//
// The requests skip says are not wrapped at all: the stored downloads
// (storedDownload) are gzip-compressed already, and to a client that takes
// no gzip they go out as files that net/http hands to the kernel whole
// (sendfile), where gzhttp's pass-through writer, which has no ReadFrom,
// would copy them through the process 32 KB at a time (3 300 reads and
// writes for the 36 MB CSV).
func compress(skip func(*http.Request) bool) func(http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(
		gzhttp.ContentTypes(compressible),
		gzhttp.CompressionLevel(4), // see above: the fast end of its good ratios
		// gzip only: every client has it, and one coding keeps caches
		// simple.
		gzhttp.EnableZstd(false),
	)
	if err != nil {
		panic("server: gzhttp options: " + err.Error()) // fixed options, checked by every test
	}
	return func(next http.Handler) http.Handler {
		zipped := wrap(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if skip(r) {
				next.ServeHTTP(w, r)
				return
			}
			zipped.ServeHTTP(w, r)
		})
	}
}

// storedDownload tells whether r asks for a download of the whole
// publication in Polish, which serveDownload sends as it was built when
// publishing.
func storedDownload(r *http.Request) bool {
	if r.URL.RawQuery != "" {
		return false
	}
	switch strings.TrimPrefix(r.URL.Path, "/") {
	case export.DownloadExcel, export.DownloadComma, export.DownloadJSON:
		return true
	}
	return false
}
