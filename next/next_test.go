package next

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/devserver/devserver/internal/weburl"
)

func TestRequestCookies(t *testing.T) {
	tests := []struct {
		name   string
		header string
		get    string
		want   string // "" and ok=false when absent
		ok     bool
		all    int
	}{
		{"single", "a=1", "a", "1", true, 1},
		{"last of duplicates, as in Next", "a=1; a=2", "a", "2", true, 1},
		{"absent", "a=1", "b", "", false, 0},
		{"no header", "", "a", "", false, 0},
		{"empty pair skipped", "a=1; ;=x; b=2", "b", "2", true, 1},
		{"quotes kept, as in Next", `a="x y"`, "a", `"x y"`, true, 1},
		{"value percent-decoded", "a=caf%C3%A9", "a", "café", true, 1},
		{"undecodable value skipped", "a=%zz", "a", "", false, 0},
		{"bare name is true", "flag", "flag", "true", true, 1},
		{"garbage", "\x00\x01;;;===", "a", "", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.header != "" {
				h.Set("Cookie", tt.header)
			}
			c := &RequestCookies{header: h}
			got, ok := c.Get(tt.get)
			if ok != tt.ok || (ok && got.Value != tt.want) {
				t.Fatalf("Get(%q) = %v, %v; want %q, %v", tt.get, got, ok, tt.want, tt.ok)
			}
			if n := len(c.GetAll(tt.get)); n != tt.all {
				t.Fatalf("GetAll(%q) has %d cookies, want %d", tt.get, n, tt.all)
			}
			if c.Has(tt.get) != tt.ok {
				t.Fatalf("Has(%q) = %v", tt.get, !tt.ok)
			}
		})
	}
}

func TestRequestCookiesSetDelete(t *testing.T) {
	h := http.Header{"Cookie": {"a=1; b=2"}}
	c := &RequestCookies{header: h}
	c.Set(&http.Cookie{Name: "a", Value: "9"})
	c.Delete("b")
	if v, _ := c.Get("a"); v.Value != "9" {
		t.Fatalf("a = %q after Set", v.Value)
	}
	if c.Has("b") {
		t.Fatal("b still present after Delete")
	}
	out := c.sent()
	if len(out) != 2 || out[0].Path != "/" || out[1].Expires.Unix() != 0 {
		t.Fatalf("outgoing = %v", out)
	}
}

func TestResponseCookies(t *testing.T) {
	var c ResponseCookies // the zero value is usable
	c.Set(&http.Cookie{Name: "a", Value: "1"})
	c.Set(&http.Cookie{Name: "b", Value: "2", Path: "/x"})
	c.Set(&http.Cookie{Name: "a", Value: "3"})
	all := c.GetAll()
	if len(all) != 2 {
		t.Fatalf("GetAll = %v, want 2 cookies", all)
	}
	if a, _ := c.Get("a"); a.Value != "3" || a.Path != "/" {
		t.Fatalf("a = %v, want value 3, path /", a)
	}
	if b, _ := c.Get("b"); b.Path != "/x" {
		t.Fatalf("b path = %q, want /x", b.Path)
	}
	c.Delete("a")
	a, ok := c.Get("a")
	if !ok || a.Expires.Unix() != 0 || a.Value != "" {
		t.Fatalf("deleted a = %v", a)
	}
}

func TestParams(t *testing.T) {
	p := Params{"id": {"42"}, "slug": {"a", "b c"}}
	tests := []struct {
		name   string
		get    string
		values []string
		has    bool
	}{
		{"id", "42", []string{"42"}, true},
		{"slug", "a/b c", []string{"a", "b c"}, true},
		{"missing", "", nil, false},
	}
	for _, tt := range tests {
		if g := p.Get(tt.name); g != tt.get {
			t.Errorf("Get(%q) = %q, want %q", tt.name, g, tt.get)
		}
		if v := p.Values(tt.name); !reflect.DeepEqual(v, tt.values) {
			t.Errorf("Values(%q) = %v, want %v", tt.name, v, tt.values)
		}
		if h := p.Has(tt.name); h != tt.has {
			t.Errorf("Has(%q) = %v", tt.name, h)
		}
	}
	var zero Params
	if zero.Get("x") != "" || zero.Has("x") || zero.Values("x") != nil {
		t.Error("zero Params not empty")
	}
}

func TestRequestBodyReadTwice(t *testing.T) {
	r := newRequest(httptest.NewRequest("POST", "http://example.com/x?a=1", strings.NewReader(`{"n":1}`)))
	var v struct{ N int }
	if err := r.JSON(&v); err != nil || v.N != 1 {
		t.Fatalf("JSON: %v %v", v, err)
	}
	if s, err := r.Text(); err != nil || s != `{"n":1}` {
		t.Fatalf("Text after JSON = %q, %v", s, err)
	}
	if r.NextURL.Pathname != "/x" || r.NextURL.SearchParams.Get("a") != "1" || r.NextURL.Origin != "http://example.com" || r.NextURL.Href != "http://example.com/x?a=1" {
		t.Fatalf("NextURL = %+v", r.NextURL)
	}
}

func TestRequestJSONErrors(t *testing.T) {
	for _, body := range []string{"", "  ", "{", `{"n":1} {"n":2}`, `[1]`} {
		r := newRequest(httptest.NewRequest("POST", "/", strings.NewReader(body)))
		var v struct{ N int }
		if err := r.JSON(&v); err == nil {
			t.Errorf("JSON(%q) succeeded", body)
		}
	}
}

func TestFormData(t *testing.T) {
	hr := httptest.NewRequest("POST", "/", strings.NewReader("a=1&a=2&b=x+y"))
	hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	f, err := newRequest(hr).FormData()
	if err != nil || f.Get("a") != "1" || len(f.GetAll("a")) != 2 || f.Get("b") != "x y" || !f.Has("b") || f.Has("c") {
		t.Fatalf("urlencoded: %+v %v", f, err)
	}

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("name", "ada")
	fw, _ := mw.CreateFormFile("doc", "hello.txt")
	_, _ = fw.Write([]byte("hello"))
	_ = mw.Close()
	hr = httptest.NewRequest("POST", "/", &buf)
	hr.Header.Set("Content-Type", mw.FormDataContentType())
	f, err = newRequest(hr).FormData()
	if err != nil || f.Get("name") != "ada" {
		t.Fatalf("multipart: %+v %v", f, err)
	}
	fh, ok := f.File("doc")
	if !ok || fh.Filename != "hello.txt" {
		t.Fatalf("file: %v %v", fh, ok)
	}
	rc, _ := fh.Open()
	b, _ := io.ReadAll(rc)
	if string(b) != "hello" {
		t.Fatalf("file content %q", b)
	}

	hr = httptest.NewRequest("POST", "/", strings.NewReader("{}"))
	hr.Header.Set("Content-Type", "application/json")
	if _, err := newRequest(hr).FormData(); err == nil {
		t.Fatal("FormData of a JSON body succeeded")
	}
}

func TestResponses(t *testing.T) {
	tests := []struct {
		name     string
		res      *Response
		status   int
		body     string
		ctype    string
		location string
		err      bool
	}{
		{"json", JSON(map[string]string{"a": "<b>"}), 200, `{"a":"<b>"}`, "application/json", "", false},
		{"json init", JSON(1, Init{Status: 201, Headers: http.Header{"X-A": {"1"}}}), 201, "1", "application/json", "", false},
		{"json unencodable", JSON(func() {}), 200, "", "application/json", "", true},
		{"string", NewResponse("hi"), 200, "hi", "text/plain;charset=UTF-8", "", false},
		{"bytes typed", NewResponse([]byte("<p>"), Init{Headers: http.Header{"Content-Type": {"text/html"}}}), 200, "<p>", "text/html", "", false},
		{"bytes untyped, as a Uint8Array", NewResponse([]byte("hi")), 200, "hi", "", "", false},
		{"status 600", NewResponse("x", Init{Status: 600}), 600, "", "", "", true},
		{"status 199", NewResponse(nil, Init{Status: 199}), 199, "", "", "", true},
		{"204 with a body", NewResponse("x", Init{Status: 204}), 204, "", "", "", true},
		{"json 304", JSON(1, Init{Status: 304}), 304, "", "", "", true},
		{"redirect serialized", Redirect("https://EXAMPLE.com:443/a b"), 307, "", "", "https://example.com/a%20b", false},
		{"redirect relative reference", Redirect("a/b"), 307, "", "", "", true},
		{"redirect scheme-relative", Redirect("//evil.example/x"), 307, "", "", "", true},
		{"reader", NewResponse(strings.NewReader("r")), 200, "r", "", "", false},
		{"nil", NewResponse(nil, Init{Status: 204}), 204, "", "", "", false},
		{"bad body", NewResponse(42), 200, "", "", "", true},
		{"redirect", Redirect("/x"), 307, "", "", "/x", false},
		{"redirect 308", Redirect("/x", 308), 308, "", "", "/x", false},
		{"redirect 200", Redirect("/x", 200), 200, "", "", "/x", true},
		{"permanent", PermanentRedirect("/y"), 308, "", "", "/y", false},
		{"not found", NotFound(), 404, "404 page not found\n", "text/plain;charset=UTF-8", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.res
			if (r.Err() != nil) != tt.err {
				t.Fatalf("Err() = %v, want error %v", r.Err(), tt.err)
			}
			if tt.err {
				return
			}
			if r.Status != tt.status {
				t.Errorf("status %d, want %d", r.Status, tt.status)
			}
			if got := r.Headers.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if got := r.Headers.Get("Location"); got != tt.location {
				t.Errorf("Location %q, want %q", got, tt.location)
			}
			var body string
			if r.Body != nil {
				b, _ := io.ReadAll(r.Body)
				body = string(b)
			}
			if body != tt.body {
				t.Errorf("body %q, want %q", body, tt.body)
			}
		})
	}
}

// SearchParams are what weburl.ParseQuery gives, grouped by name in
// order, and each value slice is the name's own: an append to one does not
// reach another, though they share an array.
func TestSearchParams(t *testing.T) {
	for _, q := range []string{
		"",
		"a=1",
		"a=1&b=2",
		"a=1&a=2",
		"a=1&b=2&a=3&c=4&d=5",
		"&&a=&=x&b",
		"q=a+b%20c&q=%ZZ",
	} {
		t.Run(q, func(t *testing.T) {
			want := url.Values{}
			for _, kv := range weburl.ParseQuery(q) {
				want[kv[0]] = append(want[kv[0]], kv[1])
			}
			var buf [2]string
			got := searchParams(q, buf[:])
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("searchParams(%q) = %v, want %v", q, got, want)
			}
			for name := range got {
				got[name] = append(got[name], "appended")
				want[name] = append(want[name], "appended")
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("after an append to every name: %v, want %v", got, want)
			}
		})
	}
}

// The Content-Type a response is made with is its own slice too.
func TestResponseHeaderAppend(t *testing.T) {
	a, b := JSON(1), NewResponse("x")
	a.Headers.Add("Content-Type", "text/x")
	if got := a.Headers.Values("Content-Type"); !reflect.DeepEqual(got, []string{"application/json", "text/x"}) {
		t.Errorf("JSON's Content-Type after Add: %q", got)
	}
	if got := b.Headers.Values("Content-Type"); !reflect.DeepEqual(got, []string{"text/plain;charset=UTF-8"}) {
		t.Errorf("another response's Content-Type: %q", got)
	}
}
