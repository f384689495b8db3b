package server

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/mopr-leszno/portal/internal/directory"
)

// TestSearchURLIsTheEncodedQuery holds searchURL to what url.Values would
// encode: one canonical address per search, whatever the parameters hold.
func TestSearchURLIsTheEncodedQuery(t *testing.T) {
	encoded := func(base string, q directory.Query) string {
		v := url.Values{}
		for k, val := range map[string]string{paramText: q.Text, paramCategory: q.Category, paramTargetGroup: q.TargetGroup, paramDistrict: q.District} {
			if val != "" {
				v.Set(k, val)
			}
		}
		for k, on := range map[string]bool{paramOpenNow: q.OpenNow, paramVolunteers: q.Volunteers, paramInterns: q.Interns} {
			if on {
				v.Set(k, yes)
			}
		}
		if q.Page > 1 {
			v.Set(paramPage, strconv.Itoa(q.Page))
		}
		if len(v) == 0 {
			return base
		}
		return base + "?" + v.Encode()
	}
	texts := []string{"", "pomoc", "żywność & odzież", "a=b?c#d", "100% „pomocy”"}
	for i := range 256 {
		q := directory.Query{
			Text: texts[i%len(texts)], Page: i % 4,
			OpenNow: i&4 != 0, Volunteers: i&8 != 0, Interns: i&16 != 0,
		}
		if i&32 != 0 {
			q.Category = "ubostwo"
		}
		if i&64 != 0 {
			q.TargetGroup = "seniorzy"
		}
		if i&128 != 0 {
			q.District = "stare-miasto"
		}
		if got, want := searchURL("/organizacje", q), encoded("/organizacje", q); got != want {
			t.Errorf("%+v: got %s, want %s", q, got, want)
		}
	}
}
