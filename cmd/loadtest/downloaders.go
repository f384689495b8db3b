package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// downloaders is how many clients download the CSV in a loop while the
// search mix runs: the eight-client test of issue 11, where eight such
// clients took the search's median to 5.6 s when every download was built
// per request and the pool had four connections.
const downloaders = 8

// searchWhileDownloading measures the search mix while downloaders
// clients download path in a loop, to show that downloads cannot starve
// pages. The clients do not accept gzip (as curl or a script by default),
// so the portal decompresses the stored file on the way: the heavier case.
func (lt *loadtest) searchWhileDownloading(ctx context.Context, rep *report, base, path string, mix []string,
	measure func(label, base string, paths []string, status int, inm string) error) error {
	dctx, stop := context.WithCancel(ctx)
	defer stop()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: downloaders}}
	defer client.CloseIdleConnections()
	var done, failed, bytes atomic.Int64
	var wg sync.WaitGroup
	for range downloaders {
		wg.Go(func() {
			for dctx.Err() == nil {
				n, err := fetch(dctx, client, base+path)
				switch {
				case dctx.Err() != nil: // stopped mid-download: not counted
				case err != nil:
					failed.Add(1)
					time.Sleep(100 * time.Millisecond) // no busy loop against a failing portal
				default:
					done.Add(1)
					bytes.Add(n)
				}
			}
		})
	}
	label := fmt.Sprintf("search mix while %d clients download `%s` in a loop", downloaders, path)
	err := measure(label, base, mix, 200, "")
	stop()
	wg.Wait()
	if err != nil {
		return err
	}
	size := 0.0
	if d := done.Load(); d > 0 {
		size = float64(bytes.Load()) / float64(d) / 1e6
	}
	rep.downloaders = fmt.Sprintf("%d clients downloading `%s` (without gzip) during the warm-up and the run: %d downloads of %.1f MB finished, %d failed",
		downloaders, path, done.Load(), size, failed.Load())
	lt.logf("%s", rep.downloaders)
	return nil
}

// fetch downloads u whole and returns its size; any status but 200 is an
// error.
func fetch(ctx context.Context, client *http.Client, u string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return n, err
}
