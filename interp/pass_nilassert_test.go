package interp

import (
	"strings"
	"testing"
)

func TestNilAssertions(t *testing.T) {
	const panics = `if w == nil { panic(_dsrt.TypeAssertionFailed(nil, (*http.Flusher)(nil), "interface", "http.Flusher", nil, nil, nil)) }; `
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"comma-ok", "f, ok := w.(http.Flusher); _, _ = f, ok",
			"var f http.Flusher; var ok bool; if w != nil { f, ok = w.(http.Flusher) } else { f = nil; ok = false }; _, _ = f, ok"},
		{"comma-ok assigning", "var f http.Flusher; var ok bool; f, ok = w.(http.Flusher); _, _ = f, ok",
			"var f http.Flusher; var ok bool; if w != nil { f, ok = w.(http.Flusher) } else { f = nil; ok = false }; _, _ = f, ok"},
		{"comma-ok blank", "_, ok := a.(error); _ = ok",
			"var ok bool; if a != nil { _, ok = a.(error) } else { ok = false }; _ = ok"},
		{"comma-ok var", "var r, ok = a.(io.Reader); _, _ = r, ok",
			"var r io.Reader; var ok bool; if a != nil { r, ok = a.(io.Reader) } else { r = nil; ok = false }; _, _ = r, ok"},
		{"if init", "if f, ok := w.(http.Flusher); ok { f.Flush() }",
			"{ var f http.Flusher; var ok bool; if w != nil { f, ok = w.(http.Flusher) } else { f = nil; ok = false }; if ok { f.Flush() } }"},
		{"else if init", "if a == nil { } else if err, ok := a.(error); ok { _ = err }",
			"if a == nil { } else { var err error; var ok bool; if a != nil { err, ok = a.(error) } else { err = nil; ok = false }; if ok { _ = err } }"},
		{"shadowed operand", "if e, ok := e.(io.Reader); ok { _ = e }",
			"{ _dsxOFF := e; var e io.Reader; var ok bool; if _dsxOFF != nil { e, ok = _dsxOFF.(io.Reader) } else { e = nil; ok = false }; if ok { _ = e } }"},
		{"method call", "w.(http.Flusher).Flush()", panics + "w.(http.Flusher).Flush()"},
		{"assignment", "f := w.(http.Flusher); f.Flush()", panics + "f := w.(http.Flusher); f.Flush()"},
		{"variable declaration", "var f http.Flusher = w.(http.Flusher); f.Flush()", panics + "var f http.Flusher = w.(http.Flusher); f.Flush()"},
		{"argument of a call around it", "use(w.(http.Flusher))", panics + "use(w.(http.Flusher))"},
		{"after a call", "use2(use(nil), w.(http.Flusher))", ""},
		{"right of &&", "_ = a != nil && w.(http.Flusher) != nil", ""},
		{"in a function literal", "_ = func() { w.(http.Flusher).Flush() }", "_ = func() { " + panics + "w.(http.Flusher).Flush() }"},
		{"to a concrete type", "_, _ = a.(int)", ""},
		{"to the empty interface", "_ = a.(any)", `if a == nil { panic(_dsrt.TypeAssertionFailed(nil, (*any)(nil), "interface", "interface {}", nil, nil, nil)) }; _ = a.(any)`},
		{"to the empty interface, comma-ok", "_, _ = a.(any)", ""},
		{"to an interface literal", "_, _ = a.(interface{ Flush() })", ""},
		{"of a call", "_, _ = get().(http.Flusher)", "_dsx202 := get(); if _dsx202 != nil { _, _ = _dsx202.(http.Flusher) }"},
		{"of recover, in an if", "if e, ok := recover().(error); ok { _ = e }",
			"{ _dsx207 := recover(); var e error; var ok bool; if _dsx207 != nil { e, ok = _dsx207.(error) } else { e = nil; ok = false }; if ok { _ = e } }"},
		{"of a call, to an element", "m := map[int]error{}; var ok bool; m[0], ok = get().(error); _ = ok", ""},
		{"of a call, without a second result", "_ = get().(http.Flusher)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"io\"\n\t\"net/http\"\n)\n\nfunc use(http.Flusher) int { return 0 }\n\nfunc use2(int, http.Flusher) {}\n\nfunc get() any { return nil }\n\nfunc f(w http.ResponseWriter, a any, e error) {\n\t" + tc.stmt + "\n\t_ = io.EOF\n}\n"
			r := runPass(t, nilAssertions, true, "a.go", src)
			line := strings.TrimSpace(strings.Split(r.out("a.go"), "\n")[14])
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed: %s", line)
				}
				return
			}
			want := strings.ReplaceAll(tc.want, "OFF", itoa(strings.Index(src, tc.stmt)+len("if e, ok := ")))
			if !r.changed || line != want {
				t.Errorf("got  %s\nwant %s", line, want)
			}
		})
	}
}
