package interp

import "testing"

func TestElidedPointers(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the line after the pass; "" for unchanged
	}{
		{"a standard map type", `_ = fstest.MapFS{"a": {Data: nil}, "b": &fstest.MapFile{}}`, `_ = fstest.MapFS{"a": &fstest.MapFile{Data: nil}, "b": &fstest.MapFile{}}`},
		{"an empty element", `_ = fstest.MapFS{"a": {}}`, `_ = fstest.MapFS{"a": &fstest.MapFile{}}`},
		{"an unnamed slice type", `_ = []*http.Cookie{{Name: "a"}}`, ""},
		{"the app's own type", `_ = files{"a": {n: 1}}`, ""},
		{"a standard map type of values", `_ = http.Header{"X": {"y"}}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"net/http\"\n\t\"testing/fstest\"\n)\n\ntype file struct{ n int }\n\ntype files map[string]*file\n\nfunc f() {\n\t" + tc.body + "\n\t_, _ = http.Header{}, fstest.MapFS{}\n}\n"
			checkLine(t, elidedPointers, src, 12, tc.want)
		})
	}
}
