package interp

import (
	"go/parser"
	"go/token"
	"testing"
)

// TestMutableState checks which shared packages hold state their routes
// may change, or that two instances would not share, from their source.
func TestMutableState(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		assigned  []string // names other packages assign through a selector
		want      bool
	}{
		{"sentinel errors", "import \"errors\"\n\nvar ErrNotFound = errors.New(\"not found\")\n\nfunc Find(k string) error { return ErrNotFound }\n", nil, false},
		{"compiled expression", "import \"regexp\"\n\nvar slug = regexp.MustCompile(`^[a-z]+$`)\n\nfunc OK(s string) bool { return slug.MatchString(s) }\n", nil, false},
		{"parsed template", "import \"html/template\"\n\nvar pages = template.Must(template.New(\"\").Parse(`{{.}}`))\n\nfunc Render(w any, d any) { pages.Execute(nil, d) }\n", nil, false},
		{"template given functions later", "import \"html/template\"\n\nvar pages = template.Must(template.New(\"\").Parse(`{{.}}`))\n\nfunc Add(m template.FuncMap) { pages.Funcs(m) }\n", nil, true},
		{"lookup table read", "var sizes = map[string]int{\"s\": 1, \"m\": 2}\n\nfunc Size(k string) int { return sizes[k] }\n", nil, false},
		{"lookup table written", "var sizes = map[string]int{\"s\": 1}\n\nfunc Set(k string, v int) { sizes[k] = v }\n", nil, true},
		{"table sorted in place", "import \"sort\"\n\nvar names = []string{\"b\", \"a\"}\n\nfunc Sorted() []string { sort.Strings(names); return names }\n", nil, true},
		{"table handed to a reader", "import \"slices\"\n\nvar names = []string{\"b\", \"a\"}\n\nfunc Has(n string) bool { return slices.Contains(names, n) }\n", nil, false},
		{"exported table", "var Names = []string{\"a\"}\n", nil, true},
		{"counter", "var hits int\n\nfunc Hit() int { hits++; return hits }\n", nil, true},
		{"store behind a mutex", "import \"sync\"\n\nvar (\n\tmu sync.Mutex\n\titems = map[string]int{}\n)\n\nfunc Get(k string) int { mu.Lock(); defer mu.Unlock(); return items[k] }\n", nil, true},
		{"store made by a constructor", "type Store struct{ m map[string]int }\n\nfunc newStore() *Store { return &Store{m: map[string]int{}} }\n\nvar db = newStore()\n\nfunc Get(k string) int { return db.m[k] }\n", nil, true},
		{"random key made once", "import \"crypto/rand\"\n\nfunc key() []byte { b := make([]byte, 8); rand.Read(b); return b }\n\nvar secret = key()\n\nfunc Same(b []byte) bool { return string(b) == string(secret) }\n", nil, true},
		{"init function", "var ready bool\n\nfunc init() { ready = true }\n", nil, true},
		{"setting assigned by another package", "var Limit = 10\n\nfunc Get() int { return Limit }\n", []string{"Limit"}, true},
		{"setting nobody assigns", "var Limit = 10\n\nfunc Get() int { return Limit }\n", []string{"Other"}, false},
		{"struct value with a pointer method called", "type cfg struct{ n int }\n\nfunc (c *cfg) set(n int) { c.n = n }\n\nvar defaults = cfg{n: 1}\n\nfunc Set(n int) { defaults.set(n) }\n", nil, true},
		{"struct value read", "type cfg struct{ n int }\n\nvar defaults = cfg{n: 1}\n\nfunc N() int { return defaults.n }\n", nil, false},
		{"address taken", "var limit = 10\n\nfunc Ptr() *int { return &limit }\n", nil, true},
		{"assigned through a pointer to a field", "type cfg struct{ n int }\n\nvar c = cfg{}\n\nfunc Set() { p := &c.n; *p = 2 }\n", nil, true},
		{"decimal rate handed to a method", "import \"github.com/shopspring/decimal\"\n\nvar rate = decimal.RequireFromString(\"0.08\")\n\nfunc Tax(d decimal.Decimal) decimal.Decimal { return d.Mul(rate) }\n", nil, false},
		{"mutex alone", "import \"sync\"\n\nvar mu sync.Mutex\n\nfunc Do() { mu.Lock(); mu.Unlock() }\n", nil, true},
		{"unused zero-valued mutex", "import \"sync\"\n\nvar mu sync.Mutex\n", nil, false},
		{"function value", "var now = func() int { return 1 }\n\nfunc Now() int { return now() }\n", nil, true},
		{"duration", "import \"time\"\n\nvar timeout = 5 * time.Second\n\nfunc T() time.Duration { return timeout }\n", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := parser.ParseFile(token.NewFileSet(), "p.go", "package p\n\n"+tc.src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			assigned := map[string]bool{}
			for _, n := range tc.assigned {
				assigned[n] = true
			}
			if got := mutable([]*stateFacts{stateFactsOf(f)}, assigned); got != tc.want {
				t.Errorf("mutable = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestStateAcrossFiles checks that a variable declared in one file of a
// package and changed in another counts, and that assignments through a
// selector are collected for the other packages' variables.
func TestStateAcrossFiles(t *testing.T) {
	parse := func(src string) *stateFacts {
		f, err := parser.ParseFile(token.NewFileSet(), "p.go", "package p\n\n"+src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		return stateFactsOf(f)
	}
	decl := parse("var cache = map[string]string{}\n")
	use := parse("func Put(k, v string) { cache[k] = v }\n")
	if !mutable([]*stateFacts{decl, use}, nil) {
		t.Error("a table written in another file of its package: not counted")
	}
	if mutable([]*stateFacts{decl}, nil) {
		t.Error("a table nobody writes: counted")
	}
	other := parse("import \"example.com/app/settings\"\n\nfunc init2() { settings.Limit = 3 }\n")
	if !other.selectors["Limit"] {
		t.Errorf("selectors %v lack Limit", other.selectors)
	}
}

// TestModuleStateAssigned checks that another module's package counts as
// state only when the app assigns one of its exported variables.
func TestModuleStateAssigned(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "d.go", "package decimal\n\nvar DivisionPrecision = 16\n\nvar zero = 0\n", parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	facts := []*stateFacts{stateFactsOf(f)}
	if assignsExported(facts, map[string]bool{"Limit": true, "zero": true}) {
		t.Error("counted without an assignment of its exported variables")
	}
	if !assignsExported(facts, map[string]bool{"DivisionPrecision": true}) {
		t.Error("decimal.DivisionPrecision = 8 not counted")
	}
}
