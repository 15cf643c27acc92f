package conformance_test

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
)

type jsCookie struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type cookieOp struct {
	Set *struct {
		Name    string         `json:"name"`
		Value   string         `json:"value"`
		Options map[string]any `json:"options"`
	} `json:"set"`
	Delete string `json:"delete"`
}

func pairs(cs []*http.Cookie) []jsCookie {
	out := []jsCookie{}
	for _, c := range cs {
		out = append(out, jsCookie{c.Name, c.Value})
	}
	return out
}

// TestRequestCookies replays request.cookies: parsing a Cookie header, get,
// getAll, size, and set/delete rewriting the header.
func TestRequestCookies(t *testing.T) {
	f := load[struct {
		Header *string              `json:"header"`
		All    []jsCookie           `json:"all"`
		Size   int                  `json:"size"`
		Get    map[string]*jsCookie `json:"get"`
		Ops    []cookieOp           `json:"ops"`
		After  *struct {
			CookieHeader string     `json:"cookieHeader"`
			All          []jsCookie `json:"all"`
		} `json:"after"`
	}](t, "request-cookies.json")
	c := &tally{t: t, name: "request cookies"}
	for _, tc := range f.Cases {
		r := httptest.NewRequest("GET", "/", nil)
		name := "no Cookie header"
		if tc.Header != nil {
			r.Header.Set("Cookie", *tc.Header)
			name = "Cookie: " + *tc.Header
		}
		req := nextserver.NewRequest(r)
		got := pairs(req.Cookies.GetAll())
		c.check(reflect.DeepEqual(got, tc.All), "%s: getAll() = %q; Next: %q", name, got, tc.All)
		c.check(req.Cookies.Len() == tc.Size, "%s: size %d; Next: %d", name, req.Cookies.Len(), tc.Size)
		for n, want := range tc.Get {
			k, ok := req.Cookies.Get(n)
			var got *jsCookie
			if ok {
				got = &jsCookie{k.Name, k.Value}
			}
			c.check(reflect.DeepEqual(got, want), "%s: get(%q) = %v; Next: %v", name, n, got, want)
		}
		if tc.After == nil {
			continue
		}
		for _, op := range tc.Ops {
			if op.Set != nil {
				req.Cookies.Set(&http.Cookie{Name: op.Set.Name, Value: op.Set.Value})
			} else {
				req.Cookies.Delete(op.Delete)
			}
		}
		got = pairs(req.Cookies.GetAll())
		c.check(reflect.DeepEqual(got, tc.After.All), "%s, %+v: getAll() = %q; Next: %q", name, tc.Ops, got, tc.After.All)
		h := req.Headers.Get("Cookie")
		c.check(h == tc.After.CookieHeader, "%s, %+v: Cookie header %q; Next: %q", name, tc.Ops, h, tc.After.CookieHeader)
	}
	c.report(f.Next)
}

// goCookie is the http.Cookie a Go route writes for Next's options; false
// when Go cannot say it (an empty Path is Go's "unset", which becomes "/";
// a negative maxAge has no Go form: MaxAge < 0 is Next's maxAge: 0).
func goCookie(name, value string, o map[string]any) (*http.Cookie, bool) {
	ck := &http.Cookie{Name: name, Value: value}
	for k, v := range o {
		switch k {
		case "path":
			ck.Path = v.(string)
			if ck.Path == "" {
				return nil, false
			}
		case "domain":
			ck.Domain = v.(string)
		case "secure":
			ck.Secure = v.(bool)
		case "httpOnly":
			ck.HttpOnly = v.(bool)
		case "partitioned":
			ck.Partitioned = v.(bool)
		case "sameSite":
			ck.SameSite = map[string]http.SameSite{"lax": http.SameSiteLaxMode, "strict": http.SameSiteStrictMode, "none": http.SameSiteNoneMode}[v.(string)]
		case "priority":
			ck.Unparsed = append(ck.Unparsed, "Priority="+v.(string))
		case "maxAge":
			switch n := int(v.(float64)); {
			case n > 0:
				ck.MaxAge = n
			case n == 0:
				ck.MaxAge = -1
			default:
				return nil, false
			}
		case "expires":
			ck.Expires = time.UnixMilli(int64(v.(float64))).UTC()
		}
	}
	return ck, true
}

// sameExpiry compares Set-Cookie lines whose Expires derives from the clock:
// Next's from the recording's fixed now, ours from time.Now.
func sameExpiry(got, want string, recorded int64) bool {
	if got == want {
		return true
	}
	g, w := cutExpires(got), cutExpires(want)
	if g.rest != w.rest || g.at.IsZero() || w.at.IsZero() {
		return false
	}
	offsetNext := w.at.Sub(time.UnixMilli(recorded))
	offsetGo := time.Until(g.at)
	d := offsetNext - offsetGo
	return d > -5*time.Second && d < 5*time.Second
}

type expiry struct {
	rest string
	at   time.Time
}

func cutExpires(line string) expiry {
	var e expiry
	var kept []string
	for _, part := range strings.Split(line, "; ") {
		if v, ok := strings.CutPrefix(part, "Expires="); ok {
			e.at, _ = time.Parse(http.TimeFormat, v)
			continue
		}
		kept = append(kept, part)
	}
	e.rest = strings.Join(kept, "; ")
	return e
}

// TestResponseCookies replays response.cookies.set and delete: the
// Set-Cookie lines sent.
func TestResponseCookies(t *testing.T) {
	f := load[struct {
		Ops       []cookieOp `json:"ops"`
		SetCookie []string   `json:"setCookie"`
		Error     string     `json:"error"`
	}](t, "response-cookies.json")
	c := &tally{t: t, name: "response cookies"}
cases:
	for _, tc := range f.Cases {
		res := next.NewResponse(nil)
		for _, op := range tc.Ops {
			if op.Set == nil {
				res.Cookies.Delete(op.Delete)
				continue
			}
			ck, ok := goCookie(op.Set.Name, op.Set.Value, op.Set.Options)
			if !ok {
				c.skip()
				continue cases
			}
			res.Cookies.Set(ck)
		}
		var lines []string
		var err error
		for _, ck := range res.Cookies.GetAll() {
			if err = nextserver.CheckCookie(ck); err != nil {
				break
			}
			lines = append(lines, nextserver.SetCookie(ck))
		}
		if tc.Error != "" {
			c.check(err != nil, "%+v: sent %q; Next refuses: %s", tc.Ops, lines, tc.Error)
			continue
		}
		ok := err == nil && len(lines) == len(tc.SetCookie)
		for i := 0; ok && i < len(lines); i++ {
			ok = sameExpiry(lines[i], tc.SetCookie[i], f.Now)
		}
		c.check(ok, "%+v: Set-Cookie %q (error %v); Next: %q", tc.Ops, lines, err, tc.SetCookie)
	}
	c.report(f.Next)
}
