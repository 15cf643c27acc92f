// Command gen writes parity fixtures that cross the ways Go code stores a
// value (destinations), the ways it makes one (sources), the types of the
// value and the context the statement runs in, and optionally runs them
// through the parity harness (dev server against the built binary).
//
// It is a hunting tool, not a test: CI does not run it. Its output is a
// function of its flags alone (-seed), so a difference it finds can be
// found again:
//
//	go run ./parity/gen -seed 1 -apps 2 -out /tmp/gen1 -run
//
// writes /tmp/gen1/gen_1_0.txtar, gen_1_1.txtar (each an app of -routes
// routes of -snippets snippets) and runs
//
//	PARITY_FIXTURES=/tmp/gen1 go test ./parity -run TestFixtures -count=1
//
// Each snippet is a function printing what it stored (%v, %+v, %T, %#v
// and JSON) under its own label ("s3 ..."), so a difference in a body
// names the snippet; its comment says what it crosses. Every route is
// listed in the fixture's "interpreted" file, so a route the dev server
// runs compiled is reported ("runs compiled, want it interpreted") with
// the detector's reason: that is no difference, only a measure of what
// the fast tier still sends away.
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

func main() {
	seed := flag.Int64("seed", 1, "seed of the random choices: the same seed writes the same apps")
	apps := flag.Int("apps", 1, "number of apps (fixtures) to write")
	routes := flag.Int("routes", 40, "routes per app")
	snippets := flag.Int("snippets", 1, "snippets per route (one construct the fast tier refuses sends its whole route compiled)")
	out := flag.String("out", "", "folder to write the fixtures to (default: a new temporary folder)")
	run := flag.Bool("run", false, "run the fixtures through the parity harness once written")
	flag.Parse()

	dir := *out
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "paritygen"); err != nil {
			fatal(err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fatal(err)
	}
	r := rand.New(rand.NewSource(*seed))
	imp := importer.ForCompiler(token.NewFileSet(), "source", nil)
	for a := range *apps {
		name := fmt.Sprintf("gen_%d_%d.txtar", *seed, a)
		g := &gen{r: r, imp: imp}
		text := g.app(*routes, *snippets)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			fatal(err)
		}
	}
	fmt.Println("fixtures in", dir)
	if !*run {
		return
	}
	cmd := exec.Command("go", "test", "./parity", "-run", "TestFixtures", "-count=1", "-timeout", "60m")
	cmd.Env = append(os.Environ(), "PARITY_FIXTURES="+dir)
	res, err := cmd.CombinedOutput()
	os.WriteFile(filepath.Join(dir, "harness.log"), res, 0o644)
	summarize(string(res))
	if err != nil {
		fmt.Println("harness:", err, "(its whole output:", filepath.Join(dir, "harness.log")+")")
	}
}

// compiledRE matches the harness's line for a route the dev server runs
// compiled, with the detector's reason.
var compiledRE = regexp.MustCompile(`runs compiled, want it interpreted: .*? it uses [^:]+:\d+:\d+: (.*)$`)

// summarize prints the harness's output without the lines saying a route
// runs compiled, which it counts by reason instead.
func summarize(out string) {
	reasons := map[string]int{}
	for _, l := range strings.Split(out, "\n") {
		if m := compiledRE.FindStringSubmatch(l); m != nil {
			reasons[m[1]]++
			continue
		}
		fmt.Println(l)
	}
	fmt.Println("routes run compiled, by reason:")
	for r, n := range reasons {
		fmt.Printf("%4d %s\n", n, r)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}

// preamble declares, in every route file, the types and helpers snippets
// use: a named basic type with String, route interfaces and their
// implementations, error types, generic types and functions, an iterator.
const preamble = `package route

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
)

// addrs are the addresses fmt prints (pointers, funcs inside values):
// they differ between any two runs.
var addrs = regexp.MustCompile("0x[0-9a-f]{6,}")

type code int

func (c code) String() string { return fmt.Sprintf("code(%d)", int(c)) }

type label string

type ratio float64

type point struct {
	X, Y int
	Tag  string
}

type inner struct{ N int }

type outer struct {
	inner
	Name string
	L    []int
	M    map[string]int
}

type shape interface{ Area() int }

type square struct{ S int }

func (s square) Area() int { return s.S * s.S }

type rect struct{ W, H int }

func (r *rect) Area() int { return r.W * r.H }

type appErr struct {
	Code int
	Msg  string
}

func (e *appErr) Error() string { return fmt.Sprintf("app %d: %s", e.Code, e.Msg) }

type valErr struct{ Field string }

func (e valErr) Error() string { return "invalid " + e.Field }

var errBase = errors.New("base")

type pair[K comparable, V any] struct {
	Key K
	Val V
}

type box[T any] struct{ v T }

func (b box[T]) Get() T { return b.v }

func (b *box[T]) Set(v T) { b.v = v }

func id[T any](v T) T { return v }

func two[T any](v T, fail bool) (T, error) {
	if fail {
		var zero T
		return zero, &appErr{Code: 7, Msg: "two"}
	}
	return v, nil
}

func upTo(n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

var _ = json.Marshal
var _ = errBase
var _ io.Writer
var _ sync.Mutex
`

// typ is a value type snippets store: its spelling, values of it (Go
// expressions, at least two), and the operators it has.
type typ struct {
	name   string
	vals   []string
	num    bool     // + - * and ++ --
	intish bool     // << >> % & |
	str    bool     // + and +=
	conv   []string // expressions converting a variable cv (declared by convSetup) to the type
	convT  string   // type of cv
	convV  string   // value of cv
}

var catalog = []typ{
	{name: "int", vals: []string{"7", "-3", "1 << 10"}, num: true, intish: true, conv: []string{"int(cv)"}, convT: "float64", convV: "2.9"},
	{name: "code", vals: []string{"code(3)", "code(-1)", "42"}, num: true, intish: true, conv: []string{"code(cv)", "code(cv) + 1"}, convT: "int", convV: "5"},
	{name: "uint8", vals: []string{"uint8(200)", "7"}, num: true, intish: true, conv: []string{"uint8(cv)"}, convT: "int", convV: "300"},
	{name: "label", vals: []string{`label("go")`, `"x"`}, str: true, conv: []string{"label(cv)"}, convT: "string", convV: `"conv"`},
	{name: "ratio", vals: []string{"ratio(1.5)", "2"}, num: true, conv: []string{"ratio(cv)"}, convT: "int", convV: "3"},
	{name: "float64", vals: []string{"2.5", "0.1"}, num: true, conv: []string{"float64(cv)"}, convT: "ratio", convV: "ratio(0.25)"},
	{name: "string", vals: []string{`"hello"`, `"é"`}, str: true, conv: []string{"string(cv)"}, convT: "label", convV: `label("lab")`},
	{name: "bool", vals: []string{"true", "false"}},
	{name: "[]byte", vals: []string{`[]byte("hi")`, "nil"}, conv: []string{"[]byte(cv)"}, convT: "string", convV: `"bytes"`},
	{name: "point", vals: []string{`point{1, 2, "a"}`, "point{X: 3}"}},
	{name: "outer", vals: []string{`outer{inner: inner{1}, Name: "o", L: []int{1}}`, `outer{Name: "p", M: map[string]int{"a": 1}}`}},
	{name: "*point", vals: []string{`&point{4, 5, "p"}`, `&point{Tag: "q"}`}},
	{name: "any", vals: []string{"any(3)", `"s"`, "code(2)", `point{1, 2, "a"}`, "nil", "[]int{1}"}, conv: []string{"any(cv)"}, convT: "code", convV: "code(9)"},
	{name: "error", vals: []string{`&appErr{404, "nf"}`, `valErr{"name"}`, "errBase", `fmt.Errorf("wrap: %w", &appErr{1, "x"})`, "nil"}, conv: []string{"error(cv)"}, convT: "*appErr", convV: `&appErr{5, "cv"}`},
	{name: "fmt.Stringer", vals: []string{"code(4)", "fmt.Stringer(code(5))"}, conv: []string{"fmt.Stringer(cv)"}, convT: "code", convV: "code(6)"},
	{name: "shape", vals: []string{"square{2}", "&rect{2, 3}"}, conv: []string{"shape(cv)"}, convT: "square", convV: "square{3}"},
	{name: "[]int", vals: []string{"[]int{1, 2, 3}", "nil", "[]int{}"}},
	{name: "[]code", vals: []string{"[]code{1, 2}", "nil"}},
	{name: "[]point", vals: []string{`[]point{{1, 2, "a"}}`, "nil"}},
	{name: "[]any", vals: []string{`[]any{1, "a", code(2), nil}`, "nil"}},
	{name: "[]error", vals: []string{`[]error{errBase, &appErr{2, "e"}, nil}`, "nil"}},
	{name: "map[string]int", vals: []string{`map[string]int{"a": 1, "b": 2}`, "nil"}},
	{name: "map[code]string", vals: []string{`map[code]string{1: "one", 2: "two"}`, "nil"}},
	{name: "map[string]any", vals: []string{`map[string]any{"n": 1, "s": "x", "c": code(1)}`, "nil"}},
	{name: "[3]int", vals: []string{"[3]int{1, 2, 3}", "[3]int{}"}},
	{name: "[2]label", vals: []string{`[2]label{"a", "b"}`}},
	{name: "[2]shape", vals: []string{`[2]shape{square{1}, &rect{1, 2}}`, "[2]shape{}"}},
	{name: "pair[string, int]", vals: []string{`pair[string, int]{"a", 1}`, `pair[string, int]{Key: "b"}`}},
	{name: "pair[code, []string]", vals: []string{`pair[code, []string]{1, []string{"x"}}`}},
	{name: "box[code]", vals: []string{"box[code]{3}", "box[code]{}"}},
	{name: "*appErr", vals: []string{`&appErr{500, "boom"}`, "nil"}},
	{name: "struct{ A int; B string }", vals: []string{`struct{ A int; B string }{1, "b"}`}},
	{name: "func() int", vals: []string{"func() int { return 7 }"}},
}

// gen writes one app; its counters name the snippets and their helpers.
type gen struct {
	r      *rand.Rand
	imp    types.Importer
	n      int             // snippets written so far
	labels int             // labels written so far
	decl   strings.Builder // package-level declarations of the current route
}

func (g *gen) pick(xs ...string) string { return xs[g.r.Intn(len(xs))] }

func (g *gen) app(routes, snippets int) string {
	var b strings.Builder
	b.WriteString("Generated by parity/gen: destinations × sources × types × contexts.\n\n")
	var reqs, files []string
	for i := range routes {
		file := fmt.Sprintf("app/r%d/route.go", i)
		files = append(files, file)
		reqs = append(reqs, fmt.Sprintf("GET /r%d", i), fmt.Sprintf("GET /r%d", i))
		fmt.Fprintf(&b, "-- %s --\n%s", file, g.route(snippets))
	}
	fmt.Fprintf(&b, "-- requests --\n%s\n-- interpreted --\n%s\n", strings.Join(reqs, "\n"), strings.Join(files, "\n"))
	return b.String()
}

func (g *gen) route(snippets int) string {
	g.decl.Reset()
	var body, calls strings.Builder
	for range snippets {
		g.n++
		name := fmt.Sprintf("s%d", g.n)
		body.WriteString(g.snippet(name))
		// No recover around it: printing a recovered value sends the
		// route compiled; a panic answers 500, a difference still.
		fmt.Fprintf(&calls, "\t%s(w)\n", name)
	}
	src := preamble + "\n" + g.decl.String() + body.String() +
		"\nfunc GET(rw http.ResponseWriter, r *http.Request) {\n\tvar buf strings.Builder\n\tw := &buf\n" + calls.String() +
		"\tio.WriteString(rw, addrs.ReplaceAllString(buf.String(), \"0xADDR\"))\n}\n"
	out, err := format.Source([]byte(src))
	if err != nil {
		fatal(fmt.Errorf("generated route does not parse: %w\n%s", err, numbered(src)))
	}
	if err := g.check(out); err != nil {
		fatal(fmt.Errorf("generated route does not compile: %w\n%s", err, numbered(string(out))))
	}
	return string(out)
}

// source is a way of making a value: statements to run first, and an
// expression; a tuple source's expression has two results, the second of
// type second.
type source struct {
	what   string
	setup  []string
	expr   string
	second string // "" for one result, else the type of the second
	// op is set for an operator applied to the destination itself
	// (x += v, x++): expr is then the statement's tail, with L standing
	// for the destination.
	op bool
}

func (g *gen) val(t typ) string { return t.vals[g.r.Intn(len(t.vals))] }

// source picks a way of making a value of type t; tuple asks for a two-
// result one.
func (g *gen) source(name string, t typ, tuple bool) source {
	v1, v2 := g.val(t), g.val(t)
	if tuple {
		switch g.r.Intn(5) {
		case 0:
			f := name + "f2"
			fail := g.pick("false", "true")
			fmt.Fprintf(&g.decl, "func %s(fail bool) (%s, error) {\n\tif fail {\n\t\treturn %s, &appErr{Code: 9, Msg: %q}\n\t}\n\treturn %s, nil\n}\n\n", f, t.name, v2, name, v1)
			return source{what: "call returning (T, error)", expr: fmt.Sprintf("%s(%s)", f, fail), second: "error"}
		case 1:
			key := g.pick(`"a"`, `"zz"`)
			return source{what: "comma-ok map lookup", setup: []string{fmt.Sprintf("src := map[string]%s{\"a\": %s}", t.name, v1)}, expr: "src[" + key + "]", second: "bool"}
		case 2:
			held := g.pick(v1, v1, `"other"`, "3.5")
			if held == v1 && !strings.Contains(t.name, "any") {
				held = t.name + "(" + v1 + ")"
				if strings.HasPrefix(t.name, "func") || strings.HasPrefix(t.name, "struct") || strings.HasPrefix(t.name, "[") || strings.HasPrefix(t.name, "*") || strings.HasPrefix(t.name, "map") {
					held = "(" + t.name + ")(" + v1 + ")"
				}
			}
			return source{what: "comma-ok type assertion", setup: []string{"var src any = " + held}, expr: "src.(" + t.name + ")", second: "bool"}
		case 3:
			closed := g.pick("ch <- "+v1, "close(ch)", "ch <- "+v1+"\n\tclose(ch)")
			return source{what: "comma-ok receive", setup: []string{fmt.Sprintf("ch := make(chan %s, 1)", t.name), closed}, expr: "<-ch", second: "bool"}
		default:
			return source{what: "generic call returning (T, error)", expr: fmt.Sprintf("two[%s](%s, %s)", t.name, v1, g.pick("false", "true")), second: "error"}
		}
	}
	kinds := []string{"lit", "call", "closure", "capture", "method", "ptrmethod", "generic", "genericmethod", "goroutine",
		"structlit", "maplit", "slicelit", "variadic", "funcfunc", "methodexpr", "genericfield"}
	switch t.name {
	case "any", "error", "fmt.Stringer", "shape":
	default:
		kinds = append(kinds, "assert")
	}
	if t.num || t.str {
		kinds = append(kinds, "arith", "opassign", "opassign")
	}
	if t.num {
		kinds = append(kinds, "incdec")
	}
	if len(t.conv) > 0 {
		kinds = append(kinds, "conv", "conv")
	}
	switch k := kinds[g.r.Intn(len(kinds))]; k {
	case "lit":
		return source{what: "literal", expr: v1}
	case "call":
		f := name + "f"
		fmt.Fprintf(&g.decl, "func %s() %s { return %s }\n\n", f, t.name, v1)
		return source{what: "call", expr: f + "()"}
	case "closure":
		return source{what: "closure called", expr: fmt.Sprintf("func() %s { return %s }()", t.name, v1)}
	case "capture":
		return source{what: "closure over a variable changed after", setup: []string{fmt.Sprintf("var cv %s = %s", t.name, v1), fmt.Sprintf("get := func() %s { return cv }", t.name), "cv = " + v2}, expr: "get()"}
	case "method":
		h := name + "h"
		fmt.Fprintf(&g.decl, "type %s struct{ v %s }\n\nfunc (h %s) get() %s { return h.v }\n\n", h, t.name, h, t.name)
		return source{what: "method value", setup: []string{fmt.Sprintf("mv := %s{%s}.get", h, v1)}, expr: "mv()"}
	case "ptrmethod":
		h := name + "h"
		fmt.Fprintf(&g.decl, "type %s struct{ v %s }\n\nfunc (h %s) get() %s { return h.v }\n\n", h, t.name, h, t.name)
		return source{what: "value-receiver method value of a pointer, changed after", setup: []string{fmt.Sprintf("hp := &%s{%s}", h, v1), "mv := hp.get", "hp.v = " + v2}, expr: "mv()"}
	case "generic":
		if g.r.Intn(2) == 0 {
			return source{what: "generic call (explicit)", expr: fmt.Sprintf("id[%s](%s)", t.name, v1)}
		}
		return source{what: "generic call (inferred)", setup: []string{fmt.Sprintf("var gv %s = %s", t.name, v1)}, expr: "id(gv)"}
	case "genericmethod":
		if g.r.Intn(2) == 0 {
			return source{what: "generic method value", setup: []string{fmt.Sprintf("bx := box[%s]{%s}", t.name, v1), "get := bx.Get"}, expr: "get()"}
		}
		return source{what: "generic pointer method then get", setup: []string{fmt.Sprintf("var bx box[%s]", t.name), "bx.Set(" + v1 + ")"}, expr: "bx.Get()"}
	case "structlit":
		return source{what: "field of a struct literal", expr: fmt.Sprintf("struct{ F %s }{F: %s}.F", t.name, v1)}
	case "maplit":
		return source{what: "index of a map literal", expr: fmt.Sprintf("map[string]%s{\"a\": %s}[\"a\"]", t.name, v1)}
	case "slicelit":
		return source{what: "index of a slice literal", expr: fmt.Sprintf("[]%s{%s, %s}[1]", t.name, v2, v1)}
	case "variadic":
		f := name + "va"
		fmt.Fprintf(&g.decl, "func %s(vs ...%s) %s { return vs[len(vs)-1] }\n\n", f, t.name, t.name)
		if g.r.Intn(2) == 0 {
			return source{what: "variadic call", expr: fmt.Sprintf("%s(%s, %s)", f, v2, v1)}
		}
		return source{what: "variadic call with a spread slice", expr: fmt.Sprintf("%s([]%s{%s}...)", f, t.name, v1)}
	case "funcfunc":
		f := name + "mk"
		fmt.Fprintf(&g.decl, "func %s() func() %s {\n\tx := %s(%s)\n\treturn func() %s { return x }\n}\n\n", f, t.name, conv(t.name), v1, t.name)
		return source{what: "func returned by a call", expr: f + "()()"}
	case "methodexpr":
		h := name + "h"
		fmt.Fprintf(&g.decl, "type %s struct{ v %s }\n\nfunc (h *%s) get() %s { return h.v }\n\n", h, t.name, h, t.name)
		return source{what: "method expression", expr: fmt.Sprintf("(*%s).get(&%s{%s})", h, h, v1)}
	case "genericfield":
		return source{what: "field of a generic struct", expr: fmt.Sprintf("pair[string, %s]{\"k\", %s}.Val", t.name, v1)}
	case "assert":
		return source{what: "type assertion", expr: fmt.Sprintf("any(%s(%s)).(%s)", conv(t.name), v1, t.name)}
	case "goroutine":
		return source{what: "received from a goroutine", setup: []string{fmt.Sprintf("gch := make(chan %s)", t.name), fmt.Sprintf("go func() { gch <- %s }()", v1)}, expr: "<-gch"}
	case "arith":
		// variables, not constants: a constant expression may overflow.
		vars := fmt.Sprintf("var a, b %s = %s, %s", t.name, v1, v2)
		switch {
		case t.str:
			return source{what: "concatenation", setup: []string{vars}, expr: "a + b"}
		case t.intish && g.r.Intn(2) == 0:
			return source{what: "integer operators", setup: []string{vars}, expr: "(a<<2)%5 | b"}
		default:
			return source{what: "arithmetic", setup: []string{vars}, expr: "a*2 - b"}
		}
	case "opassign":
		ops := []string{"+="}
		if t.num {
			ops = append(ops, "-=", "*=")
		}
		if t.intish {
			ops = append(ops, "<<=", ">>=", "%=", "|=", "&=", "^=")
		}
		op := g.pick(ops...)
		rhs := v2
		if op == "<<=" || op == ">>=" {
			rhs = g.pick("2", "uint(3)")
		}
		if op == "%=" {
			rhs = "5"
		}
		return source{what: "op-assign " + op, op: true, expr: fmt.Sprintf("%s = %s\n\t%s %s %s", lhs, v1, lhs, op, rhs)}
	case "incdec":
		return source{what: "inc/dec", op: true, expr: fmt.Sprintf("%s = %s\n\t%s%s", lhs, v1, lhs, g.pick("++", "--"))}
	case "conv":
		return source{what: "conversion", setup: []string{fmt.Sprintf("var cv %s = %s", t.convT, t.convV)}, expr: g.pick(t.conv...)}
	}
	panic("unreachable")
}

// conv spells a conversion to type name, parenthesised where needed.
func conv(name string) string {
	for _, p := range []string{"func", "struct", "[", "*", "map"} {
		if strings.HasPrefix(name, p) {
			return "(" + name + ")"
		}
	}
	return name
}

// lhs stands for the destination in an operator source's statements.
const lhs = "⟨L⟩"

// dest is a place a value is stored: its declaration (before the
// context), the assignable expression, and what to print after.
type dest struct {
	what  string
	decl  []string // statements, or package-level declarations when pkg
	pkg   bool
	lv    string
	shown string // expression printed
	// wrap, when set, is the store's statement, %s standing for the
	// value (v = append(v, %s)): no operator source or tuple then.
	wrap string
	// loose is set for a destination of another type than the value
	// (an any variable): no operator source.
	loose bool
}

func (g *gen) dest(name string, t typ, i int, plain bool) dest {
	v := fmt.Sprintf("%sv%d", name, i)
	switch k := g.r.Intn(17); k {
	case 0:
		return dest{what: "local var", decl: []string{fmt.Sprintf("var %s %s", v, t.name)}, lv: v, shown: v}
	case 1:
		return dest{what: "package var", pkg: true, decl: []string{fmt.Sprintf("var %s %s", v, t.name)}, lv: v, shown: v}
	case 2:
		return dest{what: "struct field", decl: []string{fmt.Sprintf("var %s struct {\n\t\tF %s\n\t\tN int\n\t}", v, t.name)}, lv: v + ".F", shown: v}
	case 3:
		st := name + "st" + fmt.Sprint(i)
		fmt.Fprintf(&g.decl, "type %s struct {\n\tN int\n\tF %s\n}\n\n", st, t.name)
		return dest{what: "struct field via pointer", decl: []string{fmt.Sprintf("%s := &%s{N: 1}", v, st)}, lv: v + ".F", shown: "*" + v}
	case 4:
		return dest{what: "map entry", decl: []string{fmt.Sprintf("%s := map[string]%s{}", v, t.name)}, lv: v + `["k"]`, shown: v}
	case 5:
		return dest{what: "slice element", decl: []string{fmt.Sprintf("%s := make([]%s, 2)", v, t.name)}, lv: v + "[1]", shown: v}
	case 6:
		return dest{what: "array element", decl: []string{fmt.Sprintf("var %s [2]%s", v, t.name)}, lv: v + "[0]", shown: v}
	case 7:
		return dest{what: "pointer deref", decl: []string{fmt.Sprintf("%s := new(%s)", v, t.name)}, lv: "*" + v, shown: "*" + v}
	case 8:
		return dest{what: "package struct field via pointer", pkg: true, decl: []string{fmt.Sprintf("var %s = &struct {\n\tF %s\n\tG []int\n}{}", v, t.name)}, lv: v + ".F", shown: "*" + v}
	case 9:
		return dest{what: "any variable", decl: []string{fmt.Sprintf("var %s any", v)}, lv: v, shown: v, loose: true}
	case 10:
		return dest{what: "field of a slice element", decl: []string{fmt.Sprintf("%s := make([]struct {\n\t\tF %s\n\t\tN int\n\t}, 2)", v, t.name)}, lv: v + "[1].F", shown: v}
	case 11:
		return dest{what: "field of an array element", decl: []string{fmt.Sprintf("var %s [2]struct {\n\t\tN int\n\t\tF %s\n\t}", v, t.name)}, lv: v + "[1].F", shown: v}
	case 12:
		return dest{what: "pointer to a slice element", decl: []string{fmt.Sprintf("%ss := make([]%s, 2)", v, t.name), fmt.Sprintf("%s := &%ss[0]", v, v)}, lv: "*" + v, shown: v + "s"}
	case 13:
		emb := name + "emb" + fmt.Sprint(i)
		fmt.Fprintf(&g.decl, "type %s struct{ F %s }\n\ntype %so struct {\n\t%s\n\tN int\n}\n\n", emb, t.name, emb, emb)
		return dest{what: "promoted field of an embedded struct", decl: []string{fmt.Sprintf("var %s %so", v, emb)}, lv: v + ".F", shown: v}
	case 14:
		return dest{what: "element of a slice in a map", decl: []string{fmt.Sprintf("%s := map[string][]%s{\"k\": make([]%s, 1)}", v, t.name, t.name)}, lv: v + `["k"][0]`, shown: v}
	case 15:
		if !plain {
			return dest{what: "appended", decl: []string{fmt.Sprintf("var %s []%s", v, t.name)}, wrap: v + " = append(" + v + ", %s)", shown: v}
		}
		return g.dest(name, t, i, plain)
	default:
		if !plain {
			return dest{what: "sent on a channel and received", decl: []string{fmt.Sprintf("%sc := make(chan %s, 1)", v, t.name), fmt.Sprintf("var %s %s", v, t.name)}, wrap: v + "c <- %s\n" + v + " = <-" + v + "c", shown: v}
		}
		return g.dest(name, t, i, plain)
	}
}

// show prints e under the snippet's label: %v, %+v, %T, %#v and JSON,
// leaving out what prints addresses or funcs.
func (g *gen) show(name, label, e string, t typ) string {
	if strings.Contains(t.name, "func") {
		// a func prints as its address: only its type, and what JSON says.
		return fmt.Sprintf("\tfmt.Fprintf(w, \"%s %s: %%T\\n\", %s)\n\tif _, err := json.Marshal(%s); true {\n\t\tfmt.Fprintf(w, \"%s %s json: %%v\\n\", err)\n\t}\n", name, label, e, e, name, label)
	}
	out := fmt.Sprintf("\tfmt.Fprintf(w, \"%s %s: %%v|%%+v|%%T|%%#v\\n\", %s, %s, %s, %s)\n", name, label, e, e, e, e)
	if g.r.Intn(2) == 0 {
		// Not always: JSON of an interface holding a route type sends
		// the route compiled, and what else it does goes untested.
		out += fmt.Sprintf("\tif b, err := json.Marshal(%s); true {\n\t\tfmt.Fprintf(w, \"%s %s json: %%s %%v\\n\", b, err)\n\t}\n", e, name, label)
	}
	return out
}

// use writes statements reading e, of type t, after it is stored: other
// verbs, comparisons, its methods, its length, a type switch.
func (g *gen) use(name, e string, t typ) string {
	e = "(" + e + ")"
	var out []string
	p := func(format string, args ...string) {
		out = append(out, fmt.Sprintf("\tfmt.Fprintf(w, \"%s use: %s\\n\", %s)\n", name, format, strings.Join(args, ", ")))
	}
	switch t.name {
	case "int", "code", "uint8":
		p("%d|%x|%5d|%-4d|%s|%q|%08b", e, e, e, e, e, e, e)
		p("%v %v %v", e+" == 7", e+" > 2", e+" == *new("+t.name+")")
	case "ratio", "float64":
		p("%.2f|%e|%g|%6.1f|%d|%s", e, e, e, e, e, e)
		p("%v", e+" < 2")
	case "label", "string":
		p("%s|%q|%x|%10s|%-6s|%d", e, e, e, e, e, e)
		p("%v %v", "len("+e+")", e+` == "x"`)
	case "[]byte":
		p("%s|%q|%x|%d|%v", e, e, e, e, "len("+e+")")
	case "bool":
		p("%t|%v|%d", e, "!"+e, e)
	case "point", "[3]int", "[2]label", "pair[string, int]", "struct{ A int; B string }":
		p("%v|%d|%s", e+" == *new("+t.name+")", e, e)
	case "*point", "*appErr":
		p("%v|%v", e+" == nil", e+" != nil && "+e+" == "+e)
	case "error":
		out = append(out, fmt.Sprintf("\tif %s != nil {\n\t\tvar ae *appErr\n\t\tfmt.Fprintf(w, \"%s use: %%s|%%q|%%v|%%v|%%v\\n\", %s.Error(), %s, errors.Is(%s, errBase), errors.As(%s, &ae), ae != nil)\n\t}\n", e, name, e, e, e, e))
	case "fmt.Stringer":
		out = append(out, fmt.Sprintf("\tif %s != nil {\n\t\tfmt.Fprintf(w, \"%s use: %%s|%%q|%%s\\n\", %s.String(), %s, %s)\n\t}\n", e, name, e, e, e))
	case "shape":
		out = append(out, fmt.Sprintf("\tif %s != nil {\n\t\tfmt.Fprintf(w, \"%s use: %%d|%%v\\n\", %s.Area(), %s == %s)\n\t}\n", e, name, e, e, e))
	case "any":
		out = append(out, fmt.Sprintf("\tswitch x := %s.(type) {\n\tcase nil:\n\t\tfmt.Fprintln(w, \"%s use: nil\")\n\tcase fmt.Stringer:\n\t\tfmt.Fprintln(w, \"%s use: stringer\", x.String())\n\tcase point:\n\t\tfmt.Fprintln(w, \"%s use: point\", x.X)\n\tcase []int:\n\t\tfmt.Fprintln(w, \"%s use: ints\", len(x))\n\tdefault:\n\t\tfmt.Fprintf(w, \"%s use: %%T\\n\", x)\n\t}\n", e, name, name, name, name, name))
	case "[]int", "[]code", "[]point", "[]any", "[]error":
		out = append(out, fmt.Sprintf("\tfor i, x := range %s {\n\t\tfmt.Fprintf(w, \"%s use: %%d %%v|\", i, x)\n\t}\n\tfmt.Fprintln(w, len(%s), %s == nil)\n", e, name, e, e))
	case "map[string]int", "map[code]string", "map[string]any":
		p("%v|%v|%d", "len("+e+")", e+" == nil", e)
	case "box[code]":
		p("%v|%d|%s", e+".Get()", e+".Get()", e+".Get()")
	}
	if len(out) == 0 {
		return ""
	}
	return out[g.r.Intn(len(out))]
}

// context wraps statements: the loop, closure, defer, goroutine, switch or
// select they run in.
func (g *gen) context(stmts string) (string, string) {
	if g.r.Intn(4) == 0 {
		what, in := g.context1(stmts)
		what2, out := g.context1(in)
		return what + " in " + what2, out
	}
	return g.context1(stmts)
}

func (g *gen) context1(stmts string) (string, string) {
	switch g.r.Intn(15) {
	case 12:
		return "deferred closure in a loop", "for i := range 2 {\n\t_ = i\n\tdefer func() {\n" + stmts + "\t}()\n}\n"
	case 13:
		return "goroutine with a WaitGroup", "var wg sync.WaitGroup\nwg.Add(1)\ngo func() {\n\tdefer wg.Done()\n" + stmts + "}()\nwg.Wait()\n"
	case 14:
		g.labels++
		l := fmt.Sprintf("outer%d", g.labels)
		return "labelled loop with continue", l + ":\nfor i := range 2 {\n\tfor j := range 2 {\n\t\tif j == 1 {\n\t\t\tcontinue " + l + "\n\t\t}\n\t\t_ = i\n" + stmts + "\t}\n}\n"
	case 0, 1:
		return "top level", stmts
	case 2:
		return "for loop", "for i := 0; i < 2; i++ {\n\t_ = i\n" + stmts + "}\n"
	case 3:
		return "range over slice", "for _, it := range []string{\"a\", \"b\"} {\n\t_ = it\n" + stmts + "}\n"
	case 4:
		return "range over int", "for i := range 2 {\n\t_ = i\n" + stmts + "}\n"
	case 5:
		return "range over func", "for i := range upTo(3) {\n\tif i == 2 {\n\t\tbreak\n\t}\n" + stmts + "}\n"
	case 6:
		return "closure", "run := func() {\n" + stmts + "}\nrun()\n"
	case 7:
		return "deferred closure", "func() {\n\tdefer func() {\n" + stmts + "\t}()\n}()\n"
	case 8:
		return "goroutine", "done := make(chan bool)\ngo func() {\n\tdefer close(done)\n" + stmts + "}()\n<-done\n"
	case 9:
		return "switch clause", "switch n := len(\"ab\"); {\ncase n < 0:\ndefault:\n" + stmts + "}\n"
	case 10:
		return "select clause", "ready := make(chan int, 1)\nready <- 1\nselect {\ncase <-ready:\n" + stmts + "}\n"
	default:
		// Cases of struct types: one of string or int sends the route
		// compiled (label and code could be mistaken for them).
		return "type switch clause", "var sw any = square{1}\nswitch sw.(type) {\ncase *rect:\ncase square:\n" + stmts + "}\n"
	}
}

// snippet writes func <name>(w io.Writer): one store of a value, in a
// context, and prints what it stored.
func (g *gen) snippet(name string) string {
	t := catalog[g.r.Intn(len(catalog))]
	var b strings.Builder
	switch g.r.Intn(12) {
	case 10, 11:
		g.methodSnippet(&b, name, t)
	case 0:
		g.namedResult(&b, name, t)
	case 1:
		g.initSnippet(&b, name, t)
	case 2, 3:
		g.tupleSnippet(&b, name, t)
	default:
		g.singleSnippet(&b, name, t)
	}
	return b.String()
}

func (g *gen) singleSnippet(b *strings.Builder, name string, t typ) {
	src := g.source(name, t, false)
	d := g.dest(name, t, 0, false)
	for src.op && (d.wrap != "" || d.loose) {
		d = g.dest(name, t, 0, false)
	}
	define := !src.op && g.r.Intn(5) == 0
	if define {
		d = dest{what: "short variable declaration"}
	}
	var inner strings.Builder
	for _, s := range src.setup {
		inner.WriteString("\t" + s + "\n")
	}
	switch {
	case define:
		if src.expr == "nil" {
			fmt.Fprintf(&inner, "\tvar %sx %s = nil\n", name, t.name)
		} else {
			fmt.Fprintf(&inner, "\t%sx := %s\n", name, src.expr)
		}
		inner.WriteString(g.show(name, "in", name+"x", t))
	case src.op:
		fmt.Fprintf(&inner, "\t%s\n", strings.ReplaceAll(src.expr, lhs, d.lv))
	case d.wrap != "":
		fmt.Fprintf(&inner, "\t"+d.wrap+"\n", src.expr)
	default:
		fmt.Fprintf(&inner, "\t%s = %s\n", d.lv, src.expr)
	}
	if !define && d.wrap == "" && g.r.Intn(3) == 0 {
		// a copy, then a second store: the copy keeps the first
		// value where Go copies (arrays, structs), not where it
		// shares (slices, maps, pointers).
		fmt.Fprintf(&inner, "\t%scp := %s\n\t%s = %s\n", name, d.shown, d.lv, g.val(t))
		inner.WriteString(g.show(name, "copy", name+"cp", t))
		d.what += " (copied, then stored again)"
	}
	ctx, wrapped := g.context(inner.String())
	if g.r.Intn(6) == 0 && !define {
		// a deferred call whose arguments are read before the store.
		ctx += ", deferred print of the old value"
		wrapped = fmt.Sprintf("defer fmt.Fprintf(w, \"%s deferred: %%v\\n\", %s)\n", name, d.shown) + wrapped
	}
	fmt.Fprintf(b, "// %s: %s ← %s, type %s, in %s\n", name, d.what, src.what, t.name, ctx)
	g.writeDecls(b, name, d)
	b.WriteString(indent(wrapped))
	if !define {
		b.WriteString(g.show(name, "out", d.shown, t))
		if d.loose {
			// an any variable: its own type's uses do not apply.
		} else if d.shown == d.lv || "*"+d.shown == d.lv {
			b.WriteString(g.use(name, d.shown, t))
		} else if d.lv != "" && !strings.HasPrefix(d.lv, "*") {
			b.WriteString(g.use(name, d.lv, t))
		}
	}
	b.WriteString("}\n\n")
}

// writeDecls opens the snippet's function, with the destinations'
// declarations (package-level ones go before it).
func (g *gen) writeDecls(b *strings.Builder, name string, ds ...dest) {
	var local []string
	for _, d := range ds {
		if d.pkg {
			for _, s := range d.decl {
				g.decl.WriteString(s + "\n\n")
			}
			continue
		}
		local = append(local, d.decl...)
	}
	fmt.Fprintf(b, "func %s(w io.Writer) {\n", name)
	for _, s := range local {
		b.WriteString("\t" + s + "\n")
	}
}

func (g *gen) tupleSnippet(b *strings.Builder, name string, t typ) {
	src := g.source(name, t, true)
	second := typ{name: src.second, vals: []string{"nil"}}
	if src.second == "bool" {
		second.vals = []string{"true"}
	}
	d1 := g.dest(name, t, 1, true)
	d2 := g.dest(name, second, 2, true)
	if g.r.Intn(3) == 0 {
		d1 = dest{what: "blank", lv: "_"}
	}
	define := g.r.Intn(4) == 0
	var inner strings.Builder
	for _, s := range src.setup {
		inner.WriteString("\t" + s + "\n")
	}
	if define {
		fmt.Fprintf(&inner, "\t%sa, %sb := %s\n", name, name, src.expr)
		inner.WriteString(g.show(name, "a", name+"a", t))
		inner.WriteString(g.show(name, "b", name+"b", second))
		d1, d2 = dest{what: "short variable declaration"}, dest{what: "short variable declaration"}
	} else {
		fmt.Fprintf(&inner, "\t%s, %s = %s\n", d1.lv, d2.lv, src.expr)
	}
	ctx, wrapped := g.context(inner.String())
	fmt.Fprintf(b, "// %s: %s, %s ← %s, type %s, in %s\n", name, d1.what, d2.what, src.what, t.name, ctx)
	g.writeDecls(b, name, d1, d2)
	b.WriteString(indent(wrapped))
	if !define {
		if d1.lv != "_" {
			b.WriteString(g.show(name, "first", d1.shown, t))
		}
		b.WriteString(g.show(name, "second", d2.shown, second))
	}
	b.WriteString("}\n\n")
}

// namedResult stores into a function's named result, possibly from a
// deferred closure after a return statement set it.
func (g *gen) namedResult(b *strings.Builder, name string, t typ) {
	src := g.source(name, t, false)
	h := name + "nr"
	var body strings.Builder
	for _, s := range src.setup {
		body.WriteString("\t" + s + "\n")
	}
	assign := "res = " + src.expr
	if src.op {
		assign = strings.ReplaceAll(src.expr, lhs, "res")
	}
	ret := "return"
	what := "named result"
	switch g.r.Intn(3) {
	case 0:
		fmt.Fprintf(&body, "\t%s\n\treturn\n", assign)
	case 1:
		what = "named result set by a deferred closure after return"
		fmt.Fprintf(&body, "\tdefer func() {\n\t\t%s\n\t}()\n\treturn %s, 2\n", strings.ReplaceAll(assign, "\n", "\n\t"), g.val(t))
	default:
		what = "named result, returned explicitly"
		ret = "return res, len(\"" + name + "\")"
		fmt.Fprintf(&body, "\t%s\n\t%s\n", assign, ret)
	}
	fmt.Fprintf(b, "// %s: %s ← %s, type %s\n", name, what, src.what, t.name)
	fmt.Fprintf(&g.decl, "func %s() (res %s, n int) {\n%s}\n\n", h, t.name, strings.ReplaceAll(body.String(), "\treturn\n", "\tn = 1\n\treturn\n"))
	fmt.Fprintf(b, "func %s(w io.Writer) {\n\tgot, n := %s()\n\t_ = n\n", name, h)
	b.WriteString(g.show(name, "out", "got", t))
	b.WriteString("}\n\n")
}

// initSnippet stores into package state from an init function or a
// package variable's initializer.
func (g *gen) initSnippet(b *strings.Builder, name string, t typ) {
	src := g.source(name, t, false)
	v := name + "g"
	what := "package init function"
	if len(src.setup) == 0 && !src.op && g.r.Intn(2) == 0 {
		what = "package variable initializer"
		fmt.Fprintf(&g.decl, "var %s %s = %s\n\n", v, t.name, src.expr)
	} else {
		fmt.Fprintf(&g.decl, "var %s %s\n\nfunc init() {\n", v, t.name)
		for _, s := range src.setup {
			g.decl.WriteString("\t" + s + "\n")
		}
		if src.op {
			fmt.Fprintf(&g.decl, "\t%s\n}\n\n", strings.ReplaceAll(src.expr, lhs, v))
		} else {
			fmt.Fprintf(&g.decl, "\t%s = %s\n}\n\n", v, src.expr)
		}
	}
	fmt.Fprintf(b, "// %s: %s ← %s, type %s\n", name, what, src.what, t.name)
	fmt.Fprintf(b, "func %s(w io.Writer) {\n", name)
	b.WriteString(g.show(name, "out", v, t))
	b.WriteString("}\n\n")
}

// check type-checks a route file as the compiler would.
func (g *gen) check(src []byte) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "route.go", src, 0)
	if err != nil {
		return err
	}
	conf := types.Config{Importer: g.imp}
	_, err = conf.Check("route", fset, []*ast.File{f}, nil)
	return err
}

// numbered prefixes lines with their numbers, for a report.
func numbered(s string) string {
	var b strings.Builder
	for i, l := range strings.Split(s, "\n") {
		fmt.Fprintf(&b, "%4d %s\n", i+1, l)
	}
	return b.String()
}

// indent indents lines by one tab (the snippet's function body).
func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if l == "" {
			b.WriteString("\n")
			continue
		}
		if !strings.HasPrefix(l, "\t") {
			l = "\t" + l
		}
		b.WriteString(l + "\n")
	}
	return b.String()
}

// methodSnippet stores through a pointer-receiver method of a generic
// type: on an element, a field, a method value bound before, a range
// variable (a copy) and a range index.
func (g *gen) methodSnippet(b *strings.Builder, name string, t typ) {
	v1, v2 := g.val(t), g.val(t)
	holders := []struct{ what, decl, a, b string }{
		{"array elements", fmt.Sprintf("var bx [2]box[%s]", t.name), "bx[0]", "bx[1]"},
		{"slice elements", fmt.Sprintf("bx := make([]box[%s], 2)", t.name), "bx[0]", "bx[1]"},
		{"struct fields", fmt.Sprintf("var bx struct{ A, B box[%s] }", t.name), "bx.A", "bx.B"},
		{"fields via pointer", fmt.Sprintf("bx := &struct{ A, B box[%s] }{}", t.name), "bx.A", "bx.B"},
		{"map of pointers", fmt.Sprintf("bx := map[string]*box[%s]{\"a\": {}, \"b\": {}}", t.name), `bx["a"]`, `bx["b"]`},
	}
	h := holders[g.r.Intn(len(holders))]
	var body strings.Builder
	body.WriteString("\t" + h.decl + "\n")
	what := "pointer method on " + h.what
	switch g.r.Intn(4) {
	case 0:
		fmt.Fprintf(&body, "\t%s.Set(%s)\n\t%s.Set(%s)\n", h.a, v1, h.b, v2)
	case 1:
		what += ", method values bound first"
		fmt.Fprintf(&body, "\tsetA, setB := %s.Set, %s.Set\n\tsetA(%s)\n\tsetB(%s)\n", h.a, h.b, v1, v2)
	case 2:
		what += ", in a closure and a deferred call"
		fmt.Fprintf(&body, "\tfunc() {\n\t\tdefer %s.Set(%s)\n\t\t%s.Set(%s)\n\t}()\n\tfunc() { %s.Set(%s) }()\n", h.a, v2, h.a, v1, h.b, v2)
	default:
		what += ", from a goroutine"
		fmt.Fprintf(&body, "\tdone := make(chan bool)\n\tgo func() {\n\t\t%s.Set(%s)\n\t\t%s.Set(%s)\n\t\tclose(done)\n\t}()\n\t<-done\n", h.a, v1, h.b, v2)
	}
	fmt.Fprintf(b, "// %s: %s, type %s\n", name, what, t.name)
	fmt.Fprintf(b, "func %s(w io.Writer) {\n%s", name, body.String())
	b.WriteString(g.show(name, "a", h.a+".Get()", t))
	b.WriteString(g.show(name, "b", h.b+".Get()", t))
	b.WriteString("}\n\n")
}
