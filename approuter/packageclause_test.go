package approuter

import (
	"go/scanner"
	"strings"
	"testing"
)

func TestPackageClauses(t *testing.T) {
	const route = "package route\n"
	for _, tc := range []struct {
		name  string
		entry string
		srcs  map[string][]byte
		want  []string // error lines, in order; none: no error
	}{
		{"one package", "/app/x/route.go", map[string][]byte{"route.go": []byte(route), "h.go": []byte(route)}, nil},
		{"route in main", "/app/x/route.go", map[string][]byte{"route.go": []byte("// Doc.\npackage main\n"), "h.go": []byte("package main\n")},
			[]string{"/app/x/route.go:2:9: route.go must not use package main: devserver, as Next.js, generates the program's entry point and imports this folder as a package; rename the package in every .go file of this folder, for example to package route"}},
		{"proxy in main", "/p/proxy.go", map[string][]byte{"proxy.go": []byte("package main\n")},
			[]string{"/p/proxy.go:1:9: proxy.go must not use package main: devserver, as Next.js, generates the program's entry point and imports this folder as a package; rename the package in every .go file of this folder, for example to package proxy"}},
		{"siblings in other packages", "/app/x/route.go", map[string][]byte{"route.go": []byte(route), "gen.go": []byte("package main\n"), "a.go": []byte("package other\n")},
			[]string{
				"/app/x/a.go:1:9: package other; expected package route, as route.go: the Go files a build selects in a folder form one package (a program run with go run needs //go:build ignore)",
				"/app/x/gen.go:1:9: package main; expected package route, as route.go: the Go files a build selects in a folder form one package (a program run with go run needs //go:build ignore)",
			}},
		{"unparsable clauses left to the parser", "/app/x/route.go", map[string][]byte{"route.go": []byte(route), "bad.go": []byte("packag x\n")}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := PackageClauses(tc.entry, tc.srcs)
			var got []string
			if err != nil {
				for _, e := range err.(scanner.ErrorList) {
					got = append(got, e.Error())
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
