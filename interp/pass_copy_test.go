package interp

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
)

// TestCopyCallsAskForMethods runs io.Copy on values of interpreted types
// in the interpreter: their WriteTo and ReadFrom are called, as Go's
// io.Copy calls them.
func TestCopyCallsAskForMethods(t *testing.T) {
	p := newProject(t, map[string]string{
		"internal/render/render.go": `package render

import "io"

type Page struct{ Title string }

func (p *Page) Read(b []byte) (int, error) { return 0, io.EOF }

func (p *Page) WriteTo(w io.Writer) (int64, error) {
	n, err := io.WriteString(w, "page:"+p.Title+";")
	return int64(n), err
}
`,
		"app/x/route.go": `package route

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"example.com/app/internal/render"
	"github.com/devserver/devserver/next"
)

type sink struct{ got []string }

func (s *sink) Write(b []byte) (int, error) { s.got = append(s.got, "w:"+string(b)); return len(b), nil }

func (s *sink) ReadFrom(r io.Reader) (int64, error) {
	b, err := io.ReadAll(r)
	s.got = append(s.got, "rf:"+string(b))
	return int64(len(b)), err
}

type lower struct{ s string }

func (l *lower) Read(b []byte) (int, error) {
	if l.s == "" {
		return 0, io.EOF
	}
	n := copy(b, strings.ToLower(l.s))
	l.s = l.s[n:]
	return n, nil
}

func GET(req *next.Request) *next.Response {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, &render.Page{Title: "a"})
	s := &sink{}
	io.Copy(s, &lower{"HELL"})
	io.Copy(s, strings.NewReader("str"))
	io.CopyN(s, strings.NewReader("abcdef"), 2)
	short := &sink{}
	n2, err2 := io.CopyN(short, strings.NewReader("xyz"), 5)
	return next.JSON(map[string]any{"buf": buf.String(), "n": n, "err": err == nil, "sink": s.got, "short": fmt.Sprint(short.got[0], " ", n2, " ", err2)})
}
`,
	})
	l := &Loader{Project: p}
	routes := l.Load(context.Background(), []string{filepath.Join(p.AppDir, "x", "route.go")})
	if routes[0].Err != nil {
		t.Fatal(routes[0].Err)
	}
	get := routes[0].Handlers["GET"].(func(*next.Request) *next.Response)
	got := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/x", nil))))
	want := `{"buf":"page:a;","err":true,"n":7,"short":"rf:xyz 3 EOF","sink":["rf:hell","w:str","rf:ab"]}`
	if strings.TrimSpace(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
