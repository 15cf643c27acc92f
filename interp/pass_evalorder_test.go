package interp

import (
	"strconv"
	"strings"
	"testing"
)

// TestEvalOrder: a statement reading an operand a later call may change
// gets its calls (and what the compiler copies in order) evaluated first;
// other statements are left as written, and statements nothing can be put
// before refuse the route.
func TestEvalOrder(t *testing.T) {
	const head = "package p\n\nimport (\n\t\"fmt\"\n\t\"strconv\"\n)\n\nvar hits int\n\nfunc hit() int { hits++; return hits }\n\nfunc pure(n int) int { return n }\n\ntype box struct{ v int }\n\nfunc (b *box) grow() int { b.v++; return b.v }\n\nfunc f(b *box, s []int, m map[string]int, p *int) {\n\tn := 0\n\tinc := func() int { n++; return n }\n\t_, _ = inc, pure(0)\n"
	for _, tc := range []struct {
		name, stmt string
		want       string // in the output; "" for the statement as written
		refused    bool
	}{
		{"local captured", "fmt.Println(n+1, inc())", "_deo{}_1 := /*line :19:19*/inc(); /*line :19:2*/fmt.Println(n+1, _deo{}_1/*line :19:24*/)", false},
		{"package variable", "fmt.Println(hits*2, hit())", "_deo{}_1 := /*line :19:22*/hit(); /*line :19:2*/fmt.Println(hits*2, _deo{}_1", false},
		{"field through a pointer", "fmt.Println(b.v, b.grow())", "_deo{}_1 := /*line :19:19*/b.grow(); ", false},
		{"element", "fmt.Println(s[0], hit())", "_deo{}_1 := /*line :19:20*/hit(); ", false},
		{"map element", "x := m[\"k\"] + hit()\n\t_ = x", "_deo{}_1 := /*line :19:16*/hit(); /*line :19:2*/x := m[\"k\"] + _deo{}_1", false},
		{"pointer", "fmt.Println(*p, hit())", "_deo{}_1 := /*line :19:18*/hit(); ", false},
		{"nested calls in order", "fmt.Println(fmt.Sprint(n*2, inc()), n)", "_deo{}_1 := /*line :19:30*/inc(); _deo{}_2 := /*line :19:14*/fmt.Sprint(n*2, _deo{}_1/*line :19:35*/); ", false},
		{"len copied in order", "fmt.Println(len(s), s[0], hit())", "_deo{}_1 := /*line :19:14*/len(s); _deo{}_2 := /*line :19:28*/hit(); ", false},
		{"bool put in an interface copied in order", "fmt.Println(n > 1, n+1, inc())", "_deo{}_1 := /*line :19:14*/n > 1; _deo{}_2 := /*line :19:26*/inc(); ", false},
		{"assignment target", "s[n] = inc()", "_deo{}_1 := /*line :19:9*/inc(); /*line :19:2*/s[n] = _deo{}_1", false},
		{"&& copied whole", "fmt.Println(n > 0 && inc() > 0, n+0, inc())", "_deo{}_1 := /*line :19:14*/n > 0 && inc() > 0; _deo{}_2 := /*line :19:39*/inc(); ", false},
		{"if condition", "if n+1 == inc() {\n\t}", "_deo{}_1 := /*line :19:12*/inc(); /*line :19:2*/if n+1 == _deo{}_1", false},
		{"plain name read late alike", "fmt.Println(n, inc())", "", false},
		{"call first", "fmt.Println(inc(), n+1)", "", false},
		{"local no call changes", "k := 1\n\tfmt.Println(k+1, inc())", "", false},
		{"standard function of basic operands", "fmt.Println(s[0], strconv.Itoa(n))", "", false},
		{"inside the call's own operands", "fmt.Println(pure(n + 1))", "", false},
		{"for condition", "for i := 0; i+n < inc(); i++ {\n\t}", "", true},
		{"deferred call", "defer fmt.Println(n+1, inc())", "", true},
		{"go statement", "go fmt.Println(n+1, inc())", "", true},
		{"case", "switch n {\n\tcase n*2 + inc():\n\t}", "", true},
		{"else if", "if n > 0 {\n\t} else if n+1 == inc() {\n\t}", "", true},
		{"inside an && operand", "fmt.Println(n > 0 && n+1 == inc())", "", true},
		{"inside a map entry", "_ = map[int]int{n + 1: inc()}", "", true},
		// A map entry, an element or a field assigned a call's results
		// with another variable is assigned after the call from
		// temporaries (multiValues' mapEntryResults), whose operands the
		// compiler reads then too; one whose index is an operation is
		// not.
		{"map entry of names beside results", "var err error\n\tm[\"k\"], err = strconv.Atoi(fmt.Sprint(inc()))\n\t_ = err", "", false},
		{"slice element beside results", "var err error\n\ts[n], err = strconv.Atoi(fmt.Sprint(inc()))\n\t_ = err", "", false},
		{"labelled for condition", "L:\n\tfor i := 0; i+n < inc(); i++ {\n\t\tcontinue L\n\t}", "", true},
		{"labelled range", "L:\n\tfor range s[n] + inc() {\n\t\tbreak L\n\t}", "", true},
		{"slice element at an operation beside results", "var err error\n\ts[n+1], err = strconv.Atoi(fmt.Sprint(inc()))\n\t_ = err", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := head + "\t" + tc.stmt + "\n}\n"
			detecting := func(f *folder) (bool, []diagnostic) { f.detect = true; return evalOrder(f) }
			r := runPass(t, detecting, true, "a.go", src)
			out := r.out("a.go")
			if refused := len(r.diags) > 0; refused != tc.refused {
				t.Fatalf("diagnostics %q, want refused %v", r.diags, tc.refused)
			}
			if tc.refused {
				if !strings.HasSuffix(r.diags[0], DiffersMarker) || !strings.Contains(r.diags[0], "a.go:22:") && !strings.Contains(r.diags[0], "a.go:23:") {
					t.Errorf("diagnostic %q", r.diags[0])
				}
				return
			}
			if tc.want == "" {
				if out != src {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			// The statement's offset names the temporaries; its line is
			// the one after the head.
			line := ":" + strconv.Itoa(strings.Count(head, "\n")+1) + ":"
			want := strings.NewReplacer("{}", strconv.Itoa(len(head)+1), ":19:", line).Replace(tc.want)
			if !strings.Contains(out, want) {
				t.Errorf("output lacks\n%s\n%s", want, out)
			}
		})
	}
}

// TestEvalOrderCalledLast: a call assigned straight to variables, or
// returned alone, is the statement's last step; a call of a pure
// standard-library function changes nothing.
func TestEvalOrderCalledLast(t *testing.T) {
	src := "package p\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\ntype page struct{ title string; lines []string }\n\nfunc (p *page) rename() string { p.title = \"x\"; return \"\" }\n\nfunc f(w *strings.Builder, p *page) (int, error) {\n\tn, err := fmt.Fprintf(w, \"%s %s\", p.title, strings.Join(p.lines, \",\"))\n\t_, _ = n, err\n\tm, err := fmt.Fprintf(w, \"%s %s\", p.title, p.rename())\n\t_ = m\n\treturn fmt.Fprint(w, p.title, p.rename())\n}\n"
	r := runPass(t, evalOrder, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"\tn, err := fmt.Fprintf(w, \"%s %s\", p.title, strings.Join(p.lines, \",\"))\n",
		"_deo291_1 := /*line :15:45*/p.rename(); /*line :15:2*/m, err := fmt.Fprintf(w, \"%s %s\", p.title, _deo291_1/*line :15:55*/)\n",
		"_deo354_1 := /*line :17:32*/p.rename(); /*line :17:2*/return fmt.Fprint(w, p.title, _deo354_1/*line :17:42*/)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestEvalOrderBoxed: a variable of a route type with methods handed to
// an interface is boxed by ifaceCopies through a call, which reads it in
// place: before a later call of the statement that may change it, whose
// calls then go first, as the compiler reads the variable after them.
func TestEvalOrderBoxed(t *testing.T) {
	const head = "package p\n\ntype Shape interface{ Area() int }\n\ntype Sq struct{ s int }\n\nfunc (q Sq) Area() int { return q.s }\n\nfunc area(s Shape, n int) int { return s.Area() + n }\n\nfunc grow(q *Sq) int { q.s = 5; return 1 }\n\nfunc mk(n int) Sq { return Sq{n} }\n\nfunc f() {\n\tq := Sq{2}\n\tvar shapes []Shape\n\t_ = shapes\n"
	for _, tc := range []struct {
		name, stmt string
		want       string // in the output; "" for no temporary
		refused    bool
	}{
		{"before the call", "_ = area(q, grow(&q))", "_deo{}_1 := /*line :19:14*/grow(&q); /*line :19:2*/_ = area(func(_icv Sq) Shape { return _icv }(q), _deo{}_1", false},
		{"after the call", "_ = area(Sq{grow(&q)}, q.s)", "", false},
		{"appended", "shapes = append(shapes, q, mk(grow(&q)))", "_deo{}_1 := /*line :19:32*/grow(&q); _deo{}_2 := /*line :19:29*/mk(_deo{}_1/*line :19:40*/); ", false},
		{"changed by a closure", "bump := func() int { q = Sq{6}; return 3 }\n\t_ = area(q, bump())", "_deo", false},
		{"an argument changed by a closure", "bump := func() int { q = Sq{6}; return 3 }\n\tprintln(area(q, bump()))", "_deo", false},
		// The literal's box takes the call in: it cannot go first.
		{"inside a boxed literal", "shapes = append(shapes, q, Sq{grow(&q)})", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := head + "\t" + tc.stmt + "\n}\n"
			both := func(f *folder) (bool, []diagnostic) {
				f.detect = true
				changed, _ := ifaceCopies(f)
				ordered, diags := evalOrder(f)
				return changed || ordered, diags
			}
			r := runPass(t, both, true, "a.go", src)
			out := r.out("a.go")
			if refused := len(r.diags) > 0; refused != tc.refused {
				t.Fatalf("diagnostics %q, want refused %v\n%s", r.diags, tc.refused, out)
			}
			if tc.want == "" {
				if strings.Contains(out, "_deo") {
					t.Errorf("reordered:\n%s", out)
				}
				return
			}
			line := ":" + strconv.Itoa(strings.Count(head, "\n")+1) + ":"
			want := strings.NewReplacer("{}", strconv.Itoa(len(head)+1), ":19:", line).Replace(tc.want)
			if !strings.Contains(out, want) {
				t.Errorf("output lacks\n%s\n%s", want, out)
			}
		})
	}
}

// TestEvalOrderErrorMethods: err.Error() reaches no code of a route that
// declares no Error method (nor do the packages of source it imports):
// an operand read before it needs no reordering, even where none can go
// (an else if). A route declaring one, and a shared package (handed the
// errors of the routes importing it), are refused as before.
func TestEvalOrderErrorMethods(t *testing.T) {
	const body = "package p\n\nimport (\n\t\"errors\"\n\t\"strconv\"\n)\n\ntype tcase struct{ want string }\n\nfunc check(tcs []tcase, run func(func())) {\n\tfor _, tc := range tcs {\n\t\trun(func() {\n\t\t\terr := errors.New(\"x\")\n\t\t\t_, nerr := strconv.Atoi(\"y\")\n\t\t\tif err == nil {\n\t\t\t} else if tc.want != err.Error() || tc.want != nerr.(*strconv.NumError).Error() {\n\t\t\t}\n\t\t})\n\t}\n}\n"
	for _, tc := range []struct {
		name, file, extra string
		refused           bool
	}{
		{"route", "route.go", "", false},
		{"route with an Error method", "route.go", "\ntype myErr struct{ tc *tcase }\n\nfunc (e myErr) Error() string { e.tc.want = \"changed\"; return \"\" }\n", true},
		{"route with another method named Error", "route.go", "\ntype logger struct{}\n\nfunc (logger) Error(args ...any) {}\n", false},
		{"shared package", "lib.go", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			detecting := func(f *folder) (bool, []diagnostic) { f.detect = true; return evalOrder(f) }
			r := runPass(t, detecting, true, tc.file, body+tc.extra)
			if refused := len(r.diags) > 0; refused != tc.refused {
				t.Fatalf("diagnostics %q, want refused %v", r.diags, tc.refused)
			}
		})
	}
}

// TestEvalOrderPureCalls: fmt.Sprint of operands whose String, Error,
// Format or GoString methods the route does not declare, and a value
// method of a standard-library type of a basic kind, change nothing: an
// operand read before them needs no reordering.
func TestEvalOrderPureCalls(t *testing.T) {
	const body = "package p\n\nimport (\n\t\"fmt\"\n\t\"time\"\n)\n\ntype tcase struct {\n\tin   []int\n\td    time.Duration\n\twant string\n}\n\nfunc check(tcs []tcase, run func(func())) {\n\tfor _, tc := range tcs {\n\t\trun(func() {\n\t\t\tif tc.in == nil {\n\t\t\t} else if tc.want != %s {\n\t\t\t}\n\t\t})\n\t}\n}\n"
	for _, tc := range []struct {
		name, file, call, extra string
		refused                 bool
	}{
		{"fmt.Sprint", "route.go", "fmt.Sprint(tc.in)", "", false},
		{"fmt.Sprintf", "route.go", "fmt.Sprintf(\"%v\", tc.in)", "", false},
		{"fmt.Sprint with a String method", "route.go", "fmt.Sprint(tc.in)", "\ntype name string\n\nfunc (n name) String() string { return \"\" }\n", true},
		{"fmt.Sprint in a shared package", "lib.go", "fmt.Sprint(tc.in)", "", true},
		{"fmt.Sprint of a function", "route.go", "fmt.Sprint(tc.in, run)", "", false},
		{"time.Duration's String", "route.go", "tc.d.String()", "", false},
		{"time.Duration's String in a shared package", "lib.go", "tc.d.String()", "", false},
		{"a method of a route's type", "route.go", "tc.get()", "\nfunc (tcase) get() string { return \"\" }\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			detecting := func(f *folder) (bool, []diagnostic) { f.detect = true; return evalOrder(f) }
			r := runPass(t, detecting, true, tc.file, strings.Replace(body, "%s", tc.call, 1)+tc.extra)
			if refused := len(r.diags) > 0; refused != tc.refused {
				t.Fatalf("diagnostics %q, want refused %v", r.diags, tc.refused)
			}
		})
	}
}
