package krs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// DefaultURL is the register's public API (Ministry of Justice).
const DefaultURL = "https://api-krs.ms.gov.pl/api/krs"

// DefaultTimeout bounds one look-up: the register is often slow, and a
// person waits for the form meanwhile.
const DefaultTimeout = 5 * time.Second

// maxExtract bounds what is read of an answer: a large company's extract
// is some 50 KB, an association's a few.
const maxExtract = 2 << 20

// The errors of a look-up besides a *FormatError (an answer that is not
// an extract).
var (
	// ErrNumber: what was asked for is not a KRS number.
	ErrNumber = errors.New("krs: not a KRS number (ten digits)")
	// ErrNotFound: the register has no entry of that number.
	ErrNotFound = errors.New("krs: no entry of that number")
	// ErrTimeout: the register did not answer within the client's time.
	ErrTimeout = errors.New("krs: the register did not answer in time")
	// ErrUnavailable: the register could not be reached, or answered
	// with an error of its own.
	ErrUnavailable = errors.New("krs: the register is unavailable")
)

// Client looks entries up in the register's API.
type Client struct {
	// BaseURL is the API's address without the trailing slash (KRS_API_URL);
	// empty means DefaultURL.
	BaseURL string
	// Timeout bounds one look-up, both registers tried (KRS_TIMEOUT);
	// zero means DefaultTimeout.
	Timeout time.Duration
	// HTTP is the client used; nil means http.DefaultClient.
	HTTP *http.Client
}

// Current returns the current extract of KRS entry number. Associations
// and foundations are in the register of associations (S), which is
// asked first; a social cooperative is in the register of entrepreneurs
// (P), asked when S has no such entry. The errors are ErrNumber,
// ErrNotFound, ErrTimeout, ErrUnavailable and *FormatError.
func (c *Client) Current(ctx context.Context, number string) (*Extract, error) {
	number = directory.NormalizeDigits(number)
	if !directory.ValidKRS(number) {
		return nil, ErrNumber
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	e, err := c.get(ctx, number, "S")
	if errors.Is(err, ErrNotFound) {
		e, err = c.get(ctx, number, "P")
	}
	return e, err
}

func (c *Client) get(ctx context.Context, number, register string) (*Extract, error) {
	base := strings.TrimRight(c.BaseURL, "/")
	if base == "" {
		base = DefaultURL
	}
	u := base + "/OdpisAktualny/" + url.PathEscape(number) + "?" + url.Values{"rejestr": {register}, "format": {"json"}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	req.Header.Set("Accept", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, lookupError(ctx, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusNoContent:
		return nil, ErrNotFound
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("%w: status %d", ErrUnavailable, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxExtract+1))
	if err != nil {
		return nil, lookupError(ctx, err)
	}
	if len(body) > maxExtract {
		return nil, fmt.Errorf("%w: an answer over %d bytes", ErrUnavailable, maxExtract)
	}
	return Parse(body)
}

// lookupError tells a look-up that ran out of time from one that failed.
func lookupError(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %v", ErrTimeout, err)
	}
	return fmt.Errorf("%w: %v", ErrUnavailable, err)
}
