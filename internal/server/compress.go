package server

import (
	"net/http"

	"github.com/klauspost/compress/gzhttp"
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
func compress() func(http.Handler) http.Handler {
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
	return func(next http.Handler) http.Handler { return wrap(next) }
}
