package interp

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
)

// loadGET loads the route app/<name>/route.go of files and returns its GET.
func loadGET(t *testing.T, name string, files map[string]string) func(*next.Request) *next.Response {
	t.Helper()
	p := newProject(t, files)
	l := &Loader{Project: p}
	routes := l.Load(context.Background(), []string{filepath.Join(p.AppDir, name, "route.go")})
	if routes[0].Err != nil {
		t.Fatal(routes[0].Err)
	}
	return routes[0].Handlers["GET"].(func(*next.Request) *next.Response)
}

func TestSelects(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"receive", "select {\n\tcase v := <-in:\n\t\tuse(v)\n\t}",
			"{ var _dsv#_0 int; switch _dsrt.Select1(\"r\", in, &_dsv#_0, nil) {\n\tcase 0: v := _dsv#_0;\n\t\tuse(v)\n\t} }"},
		{"receive with ok, dropped value, default", "select {\n\tcase v, ok := <-in:\n\t\tuse(v, ok)\n\tcase <-done:\n\tdefault:\n\t}",
			"{ var _dsv#_0 int; var _dsok#_0 bool; switch _dsrt.Select2(\"rrd\", in, &_dsv#_0, &_dsok#_0, done, nil, nil) {\n\tcase 0: v, ok := _dsv#_0, _dsok#_0;\n\t\tuse(v, ok)\n\tcase 1:\n\tdefault:\n\t} }"},
		{"assignment", "select {\n\tcase m[k], ok = <-in:\n\t}",
			"{ var _dsv#_0 int; var _dsok#_0 bool; switch _dsrt.Select1(\"r\", in, &_dsv#_0, &_dsok#_0) {\n\tcase 0: m[k] = _dsv#_0; ok = _dsok#_0;\n\t} }"},
		{"send of a value on two lines", "select {\n\tcase out <- T{\n\t\tn: 1,\n\t}:\n\t}",
			"{ var _dsv#_0 T = (T { n : 1 , }); switch _dsrt.Select1(\"s\", out, &_dsv#_0, nil) {\n\tcase 0:\n\n\n\t} }"},
		{"send of a function literal", "select {\n\tcase fs <- func() int {\n\t\tx := 1 // one\n\t\treturn x\n\t}:\n\t}",
			"{ var _dsv#_0 func() int = func ( ) int { x := 1 ; return x ; }; switch _dsrt.Select1(\"s\", fs, &_dsv#_0, nil) {\n\tcase 0:\n\n\n\n\t} }"},
		{"channels evaluated before a later send", "select {\n\tcase cs[k] <- 1:\n\tcase in <- 2:\n\tcase in <- use():\n\tcase <-cs[0]:\n\t}",
			"{ var _dsc#_0 = cs[k]; var _dsv#_0 int = 1; var _dsc#_1 = in; var _dsv#_1 int = 2; var _dsc#_2 = in; var _dsv#_2 int = use(); switch _dsrt.Select4(\"sssr\", _dsc#_0, &_dsv#_0, nil, _dsc#_1, &_dsv#_1, nil, _dsc#_2, &_dsv#_2, nil, cs[0], nil, nil) {\n\tcase 0:\n\tcase 1:\n\tcase 2:\n\tcase 3:\n\t} }"},
		{"five cases", "select {\n\tcase <-in:\n\tcase <-in:\n\tcase <-in:\n\tcase <-in:\n\tcase <-done:\n\t}",
			"{ switch _dsrt.Select(\"rrrrr\", in, nil, nil, in, nil, nil, in, nil, nil, in, nil, nil, done, nil, nil) {\n\tcase 0:\n\tcase 1:\n\tcase 2:\n\tcase 3:\n\tcase 4:\n\t} }"},
		{"labelled", "L:\n\tselect {\n\tcase <-done:\n\t\tbreak L\n\t}",
			"\n\t{ L: switch _dsrt.Select1(\"r\", done, nil, nil) {\n\tcase 0:\n\t\tbreak L\n\t} }"},
		{"empty", "select {}", "{ switch _dsrt.Select(\"\") { default: } }"},
		{"only a default", "select {\n\tdefault:\n\t}", "{ switch _dsrt.Select(\"d\") {\n\tdefault:\n\t} }"},
		{"label named by a goto", "goto L\nL:\n\tselect {\n\tcase <-done:\n\t}", ""},
		{"element of a package the file does not import", "select {\n\tcase v := <-other:\n\t\t_ = v\n\t}", ""},
		{"ok of a named boolean type", "select {\n\tcase _, yes = <-in:\n\t}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype T struct{ n int }\n\ntype B bool\n\nfunc use(...any) int { return 0 }\n\nfunc f(in chan int, out chan T, fs chan func() int, done <-chan struct{}, m map[string]int, k int, cs []chan int, ok bool, yes B) {\n\t" + tc.body + "\n}\n"
			r := runPass(t, selects, true, "a.go", src, "b.go", "package p\n\nimport \"bytes\"\n\nvar other = make(chan *bytes.Buffer)\n")
			out := r.out("a.go")
			// (The import adds a last line, for declarations.)
			if r.changed && strings.Count(out, "\n") != strings.Count(src, "\n")+1 {
				t.Errorf("lines moved:\n%s", out)
			}
			// The variables are named after the select's offset.
			want := strings.ReplaceAll(tc.want, "#", strconv.Itoa(strings.Index(src, "select")))
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			if !r.changed || !strings.Contains(out, "\n\t"+want+"\n}\n") {
				t.Errorf("got\n%s\nwant the body\n%s", out, want)
			}
		})
	}
}

// TestSelectsLeftAsWrittenRunCompiled: a select the pass leaves as written
// keeps yaegi's one array of cases per statement, which goroutines running
// it at once share: its route is refused, to run compiled.
func TestSelectsLeftAsWrittenRunCompiled(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		refused    bool
	}{
		{"rewritten", "select {\n\tcase v := <-in:\n\t\t_ = v\n\t}", false},
		{"label named by a goto", "goto L\nL:\n\tselect {\n\tcase <-in:\n\t}", true},
		{"element of a package the file does not import", "select {\n\tcase v := <-other:\n\t\t_ = v\n\t}", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nfunc f(in chan int) {\n\t" + tc.body + "\n}\n"
			detecting := func(f *folder) (bool, []diagnostic) { f.detect = true; return selects(f) }
			r := runPass(t, detecting, true, "a.go", src, "b.go", "package p\n\nimport \"bytes\"\n\nvar other = make(chan *bytes.Buffer)\n")
			if refused := len(r.diags) == 1 && strings.Contains(r.diags[0], "a select statement") && strings.HasSuffix(r.diags[0], DiffersMarker); refused != tc.refused {
				t.Errorf("refused %v, want %v: %q", refused, tc.refused, r.diags)
			}
		})
	}
}

// TestLoadSelectRunByManyGoroutines runs one select statement in several
// goroutines at once, each on channels of its own: every goroutine must
// get its own channel's values (yaegi kept one array of cases per select
// statement, so a goroutine could wait on another's channels, and the race
// detector fails).
func TestLoadSelectRunByManyGoroutines(t *testing.T) {
	get := loadGET(t, "sel", map[string]string{"app/sel/route.go": `package route

import (
	"fmt"
	"sync"

	"github.com/devserver/devserver/next"
)

func stage(in <-chan int, done <-chan struct{}, k int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for {
			var n int
			var ok bool
			select {
			case n, ok = <-in:
				if !ok {
					return
				}
			case <-done:
				return
			}
			select {
			case out <- n * k:
			case <-done:
				return
			}
		}
	}()
	return out
}

func GET(req *next.Request) *next.Response {
	done := make(chan struct{})
	defer close(done)
	var wg sync.WaitGroup
	sums := make([]int, 8)
	for w := range sums {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := make(chan int)
			go func() {
				defer close(src)
				for i := 1; i <= 50; i++ {
					src <- i
				}
			}()
			for v := range stage(stage(src, done, w+1), done, 2) {
				sums[w] += v
			}
		}()
	}
	wg.Wait()
	return next.NewResponse(fmt.Sprint(sums))
}
`})
	const want = "[2550 5100 7650 10200 12750 15300 17850 20400]"
	for range 3 {
		if body := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/sel", nil)))); body != want {
			t.Fatalf("body %s, want %s", body, want)
		}
	}
}

// TestLoadSelectSemantics runs every shape of select case through the
// rewrite and the interpreter; the answer is the compiled program's.
func TestLoadSelectSemantics(t *testing.T) {
	get := loadGET(t, "forms", map[string]string{"app/forms/route.go": selectForms})
	if body := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/forms", nil)))); body != selectFormsWant {
		t.Errorf("body\n%s\nwant (go run)\n%s", body, selectFormsWant)
	}
}

// selectForms is a route using select in every form Go has; its output
// under go run is selectFormsWant.
const selectForms = `package route

import (
	"github.com/devserver/devserver/next"
	"errors"
	"fmt"
	"strings"
)

type item struct {
	id   int
	name string
}

type shape interface{ area() int }

type sq struct{ s int }

func (q sq) area() int { return q.s * q.s }

type myErr struct{ code int }

func (e *myErr) Error() string { return fmt.Sprint("code ", e.code) }

type flag bool

func run() string {
	var b strings.Builder
	// receive forms, closed channel, ok
	ints := make(chan int, 2)
	ints <- 7
	close(ints)
	for i := 0; i < 2; i++ {
		select {
		case v, ok := <-ints:
			fmt.Fprintln(&b, "recv", v, ok)
		}
	}
	// assignment to map, field, with existing vars
	m := map[string]int{}
	var it item
	var ok bool
	items := make(chan item, 1)
	items <- item{1, "a"}
	ints2 := make(chan int, 1)
	ints2 <- 3
	select {
	case m["x"] = <-ints2:
	}
	select {
	case it, ok = <-items:
	}
	fmt.Fprintln(&b, m, it, ok)
	// default when nothing ready; nil channel
	var nilc chan int
	select {
	case <-nilc:
		fmt.Fprintln(&b, "nil ready?")
	default:
		fmt.Fprintln(&b, "default")
	}
	// send forms with untyped constant, interface element
	floats := make(chan float64, 1)
	shapes := make(chan shape, 1)
	errs := make(chan error, 2)
	anys := make(chan any, 1)
	select {
	case floats <- 1:
	}
	select {
	case shapes <- sq{3}:
	}
	select {
	case errs <- &myErr{4}:
	}
	select {
	case errs <- nil:
	}
	select {
	case anys <- item{
		id:   2,
		name: "multi",
	}:
	}
	f := <-floats
	s := <-shapes
	e := <-errs
	var me *myErr
	fmt.Fprintln(&b, f, s.area(), e, errors.As(e, &me), me.code, <-errs == nil, <-anys)
	// receive interface element in select
	shapes <- sq{5}
	errs <- &myErr{6}
	select {
	case sh := <-shapes:
		fmt.Fprintln(&b, "shape", sh.area())
	}
	select {
	case err := <-errs:
		fmt.Fprintln(&b, "err", err, errors.As(err, &me))
	}
	// labelled break and continue out of a loop; plain break
	work := make(chan int, 10)
	for i := range 6 {
		work <- i
	}
	close(work)
	n := 0
loop:
	for {
		select {
		case v, ok := <-work:
			if !ok {
				break loop
			}
			if v%2 == 0 {
				continue
			}
			if v == 3 {
				break
			}
			n += v
		}
		n += 100
	}
	fmt.Fprintln(&b, "n", n)
	// labelled select, break naming it
	c1 := make(chan int, 1)
	c1 <- 1
sel:
	select {
	case <-c1:
		if true {
			break sel
		}
		fmt.Fprintln(&b, "not here")
	}
	fmt.Fprintln(&b, "after sel")
	// return from a case, nested select, evaluation order
	fmt.Fprintln(&b, first(&b))
	// select in a loop with default, counting
	tick := make(chan int)
	k := 0
	for i := 0; i < 3; i++ {
		select {
		case tick <- i:
		default:
			k++
		}
	}
	fmt.Fprintln(&b, "k", k)
	var fl flag
	bc := make(chan int)
	close(bc)
	select {
	case _, fl2 := <-bc:
		fl = flag(fl2)
	}
	fmt.Fprintln(&b, "fl", fl)
	return b.String()
}

func order(b *strings.Builder, s string, c chan int) chan int {
	fmt.Fprint(b, s, " ")
	return c
}

func val(b *strings.Builder, s string, v int) int {
	fmt.Fprint(b, s, " ")
	return v
}

func first(b *strings.Builder) string {
	a := make(chan int)
	c := make(chan int, 1)
	c <- 9
	select {
	case order(b, "a", a) <- val(b, "va", 1):
		select {
		case x := <-a:
			return fmt.Sprint("inner ", x)
		}
	case v := <-order(b, "c", c):
		return fmt.Sprint("outer ", v)
	}
	return "none"
}

func GET(req *next.Request) *next.Response { return next.NewResponse(run()) }
`

const selectFormsWant = `recv 7 true
recv 0 false
map[x:3] {1 a} true
default
1 9 code 4 true 4 true {2 multi}
shape 25
err code 6 true
n 306
after sel
a va c outer 9
k 3
fl false
`
