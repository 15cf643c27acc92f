package conformance_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/devserver/devserver/next"
)

// choiceRelativeRedirect: next.Redirect also plays next/navigation's
// redirect(), which takes a path; NextResponse.redirect refuses one
// (docs/handler-api.md, the deliberate differences).
func choiceRelativeRedirect(url string) bool {
	return strings.HasPrefix(url, "/") && !strings.HasPrefix(url, "//")
}

// TestResponses replays NextResponse.json, new NextResponse and
// NextResponse.redirect: the status, the Location, or an error where Next
// throws (a status outside 200-599, a body with 204/205/304, a redirect
// status that is not one, a URL that is not one).
func TestResponses(t *testing.T) {
	f := load[struct {
		Kind     string          `json:"kind"`
		Body     json.RawMessage `json:"body"`
		Status   *int            `json:"status"`
		URL      string          `json:"url"`
		Location *string         `json:"location"`
		Error    string          `json:"error"`
	}](t, "response.json")
	c := &tally{t: t, name: "responses"}
	for _, tc := range f.Cases {
		var init []next.Init
		var status []int
		if tc.Status != nil {
			if *tc.Status == 0 {
				c.skip() // Go's zero Status means 200; JavaScript's 0 is a RangeError
				continue
			}
			init = []next.Init{{Status: *tc.Status}}
			status = []int{*tc.Status}
		}
		var res *next.Response
		what := tc.Kind
		switch tc.Kind {
		case "json":
			res = next.JSON(tc.Body, init...)
		case "new":
			var body any
			if string(tc.Body) != "null" {
				var s string
				if err := json.Unmarshal(tc.Body, &s); err != nil {
					t.Fatal(err)
				}
				body = s
			}
			res = next.NewResponse(body, init...)
			what += " " + string(tc.Body)
		case "redirect":
			if tc.Error != "" && choiceRelativeRedirect(tc.URL) {
				c.skip()
				continue
			}
			res = next.Redirect(tc.URL, status...)
			what += " " + tc.URL
		}
		if tc.Status != nil {
			what += fmt.Sprintf(" status %d", *tc.Status)
		}
		err := res.Err()
		if tc.Error != "" {
			c.check(err != nil, "%s: sent %d; Next throws: %s", what, res.Status, tc.Error)
			continue
		}
		if err != nil {
			c.check(false, "%s: error %v; Next: status %v", what, err, tc.Status)
			continue
		}
		c.check(tc.Status == nil || res.Status == *tc.Status, "%s: status %d; Next: %v", what, res.Status, *tc.Status)
		if tc.Location != nil {
			got := res.Headers.Get("Location")
			c.check(got == *tc.Location, "%s: Location %q; Next: %q", what, got, *tc.Location)
		}
	}
	c.report(f.Next)
}
