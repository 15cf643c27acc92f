package interp

import (
	"strings"
	"testing"
)

// TestDetectors checks each detector on a program that uses its construct
// and on a close one that does not: a route runs compiled only for what
// the interpreter is known to run otherwise.
func TestDetectors(t *testing.T) {
	const head = "package p\n\nimport (\n\t\"encoding/json\"\n\t\"encoding/xml\"\n\t\"errors\"\n\t\"fmt\"\n\t\"io\"\n\t\"net/http\"\n\t\"slices\"\n\t\"sync\"\n\t\"sync/atomic\"\n)\n\nvar _, _, _, _, _, _, _, _, _ = json.Marshal, xml.Marshal, errors.New, fmt.Sprint, io.EOF, sync.NewCond, http.NoBody, atomic.AddInt32, slices.Max[[]int]\n\n"
	const idType = "type ID [2]byte\n\nfunc (ID) MarshalText() ([]byte, error) { return nil, nil }\n\n"
	tests := []struct {
		name, src string
		want      string // the start of the construct found; "" for none
	}{
		{"goroutine started by init", "var jobs = make(chan int)\n\nfunc worker() {\n\tfor range jobs {\n\t}\n}\n\nfunc init() { go worker() }\n", "a goroutine started while the package is initialised"},
		{"goroutine started by a function init calls", "func start() { go func() {}() }\n\nfunc setup() { start() }\n\nfunc init() { setup() }\n", "a goroutine started while the package is initialised"},
		{"goroutine started by a package initialiser", "var ready = func() bool { go func() {}(); return true }()\n", "a goroutine started while the package is initialised"},
		{"goroutine in a function value init stores", "var handlers = map[string]func(){}\n\nfunc init() { handlers[\"a\"] = func() { go func() {}() } }\n\nvar h = func() { go func() {}() }\n", ""},
		{"goroutine started by a method a package initialiser calls", "type srv struct{ c chan int }\n\nfunc (s *srv) start() *srv { go func() {}(); return s }\n\nvar server = (&srv{}).start()\n", "a goroutine started while the package is initialised"},
		{"goroutine started by a handler", "func serve() { go func() {}() }\n\nfunc GET() { serve() }\n", ""},
		{"typed nil returned", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f() error { var p *E; return p }\n", "an interface holding a pointer"},
		{"allocated pointer in an interface", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc f() io.Writer { s := &S{}; var w io.Writer = s; _ = w; return s }\n", ""},
		{"new pointer assigned to an interface field", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\ntype H struct{ w io.Writer }\n\nfunc f(h *H) { s := new(S); h.w = s }\n", ""},
		{"allocated pointer reassigned from a call", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc g() *S { return nil }\n\nfunc f() io.Writer { s := &S{}; s = g(); return s }\n", "an interface holding a pointer"},
		{"allocated pointer whose address is taken", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc g(pp **S) { *pp = nil }\n\nfunc f() io.Writer { s := &S{}; g(&s); return s }\n", "an interface holding a pointer"},
		{"named result assigned an allocation", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc f() (s *S, w io.Writer) { w = s; s = &S{}; return }\n", "an interface holding a pointer"},
		{"parameter in an interface", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc f(s *S) io.Writer { return s }\n", "an interface holding a pointer"},
		{"pointer from two results", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc g() (*S, error) { return nil, nil }\n\nfunc f() io.Writer { s, _ := g(); return s }\n", "an interface holding a pointer"},
		{"receiver in an interface", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc (s *S) W() io.Writer { return s }\n", "an interface holding a pointer"},
		{"pointer from a constructor", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc newS() *S { return &S{} }\n\nfunc f() io.Writer { s := newS(); return s }\n", ""},
		{"constructor returning a local allocation", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc newS() *S {\n\ts := &S{}\n\t_ = s\n\treturn s\n}\n\nfunc f() io.Writer { var w io.Writer = newS(); return w }\n", ""},
		{"a package's singleton", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nvar std = &S{}\n\nfunc get() *S { return std }\n\nfunc f() io.Writer { return get() }\n", ""},
		{"a singleton assigned again", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nvar std = &S{}\n\nfunc get() *S { return std }\n\nfunc drop() { std = nil }\n\nfunc f() io.Writer { return get() }\n", "an interface holding a pointer"},
		{"a singleton whose address is taken", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nvar std = &S{}\n\nfunc get() *S { return std }\n\nfunc f() io.Writer { p := &std; _ = p; return get() }\n", "an interface holding a pointer"},
		{"a package variable set by init", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nvar std *S\n\nfunc init() { std = &S{} }\n\nfunc get() *S { return std }\n\nfunc f() io.Writer { return get() }\n", "an interface holding a pointer"},
		{"an exported singleton", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nvar Std = &S{}\n\nfunc get() *S { return Std }\n\nfunc f() io.Writer { return get() }\n", "an interface holding a pointer"},
		{"chain of constructors", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc a() *S { return b() }\n\nfunc b() *S { return new(S) }\n\nfunc f() io.Writer { return a() }\n", ""},
		{"recursive constructor", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc a(n int) *S {\n\tif n == 0 {\n\t\treturn &S{}\n\t}\n\treturn a(n - 1)\n}\n\nfunc f() io.Writer { s := a(2); return s }\n", "an interface holding a pointer"},
		{"mutually recursive constructors", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc a(n int) *S {\n\tif n == 0 {\n\t\treturn &S{}\n\t}\n\treturn b(n - 1)\n}\n\nfunc b(n int) *S { return a(n) }\n\nfunc f() io.Writer { return b(2) }\n", "an interface holding a pointer"},
		{"constructor with a named result", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc newS() (s *S) {\n\ts = &S{}\n\treturn\n}\n\nfunc f() io.Writer { s := newS(); return s }\n", "an interface holding a pointer"},
		{"lookup that may return nil", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc find(ok bool) *S {\n\tif ok {\n\t\treturn &S{}\n\t}\n\treturn nil\n}\n\nfunc f() io.Writer { s := find(true); return s }\n", "an interface holding a pointer"},
		{"lookup returned directly", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc find() *S { return nil }\n\nfunc f() io.Writer { return find() }\n", "an interface holding a pointer"},
		{"constructor returning a parameter", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc wrap(s *S) *S { return s }\n\nfunc f() io.Writer { return wrap(nil) }\n", "an interface holding a pointer"},
		{"make of a receive-only channel", "type Recv <-chan int\n\nfunc f() (Recv, chan<- string) { return make(Recv), make(chan<- string, 1) }\n", "make of a channel type of one direction"},
		{"make of a channel", "type Pipe chan int\n\nfunc f() (Pipe, <-chan int) { return make(Pipe), make(chan int) }\n", ""},
		{"typed nil asserting an implementation", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nvar _ io.Writer = (*S)(nil)\n\nvar (\n\t_ io.Writer = (*S)(nil)\n)\n", ""},
		{"typed nil in a named package-level variable", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nvar w io.Writer = (*S)(nil)\n", "an interface holding a pointer"},
		{"typed nil var", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc f() { var s *S; var w io.Writer = s; _ = w }\n", "an interface holding a pointer"},
		{"typed nil argument of type error", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc show(err error) bool { return err == nil }\n\nfunc f() bool { var p *E; return show(p) }\n", "an interface holding a pointer"},
		{"typed nil argument of a compiled interface", "type S struct{}\n\nfunc (s *S) Write(p []byte) (int, error) { return 0, nil }\n\nfunc emit(w io.Writer) bool { return w != nil }\n\nfunc f(s *S) bool { return emit(s) }\n", "an interface holding a pointer"},
		{"typed nil element of []error", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f(p *E) int { return len([]error{p}) }\n", "an interface holding a pointer"},
		{"typed nil field of type error", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\ntype R struct{ Name string; Err error }\n\nfunc f(p *E) (R, R) { return R{\"a\", p}, R{Err: p} }\n", "an interface holding a pointer"},
		{"typed nil map value, sent, appended, converted", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f(p *E, c chan error) { _ = map[string]error{\"k\": p} }\n\nfunc g(p *E, c chan error) { c <- p }\n\nfunc h(p *E) { _ = append([]error{}, p) }\n\nfunc k(p *E) bool { return error(p) == nil }\n", "an interface holding a pointer"},
		{"typed nil handed on as any or an interface of route code", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\ntype G interface{ Error() string }\n\ntype C interface{\n\terror\n\tCode() int\n}\n\nfunc (e *E) Code() int { return 1 }\n\nfunc show(v any, g G, c C) bool { return v == nil || g == nil || c == nil }\n\nfunc f(p *E) bool { return show(p, p, p) && len([]any{p}) == len(map[string]G{\"k\": p}) }\n", ""},
		{"allocated pointer or compiled pointer handed on as an interface", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc show(err error, w io.Writer) bool { return err == nil || w == nil }\n\nfunc f(b *sync.Mutex) bool { p := &E{}; var buf *json.Encoder; _ = buf; return show(p, nil) && len([]error{p, &E{}}) > 0 && b != nil }\n", ""},
		{"lookup returning nil handed on as an error", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc find(ok bool) *E {\n\tif ok {\n\t\treturn &E{}\n\t}\n\treturn nil\n}\n\nfunc show(err error) bool { return err == nil }\n\nfunc f() bool { return show(find(false)) }\n", "an interface holding a pointer"},
		{"field read handed on as an error", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\ntype S struct{ e *E }\n\nfunc (s *S) get() *E { return s.e }\n\nfunc show(err error) bool { return err == nil }\n\nfunc f(s *S) bool { return show(s.get()) }\n", ""},
		{"nil conversion", "type S struct{}\n\nfunc f() any { return (*S)(nil) }\n", "an interface holding a pointer"},
		{"standard constructor's pointer in an interface", "func f() (http.Handler, io.Writer) { m := http.NewServeMux(); var w io.Writer = io.NewOffsetWriter(nil, 0); return m, w }\n", ""},
		{"pointer literal returned", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f() error { return &E{} }\n", ""},
		{"fmt.Scanner", "type P struct{ X int }\n\nfunc (p *P) Scan(s fmt.ScanState, verb rune) error { _, err := fmt.Fscan(s, &p.X); return err }\n", "a Scan(fmt.ScanState, rune) method"},
		{"database Scan", "type N struct{ v int }\n\nfunc (n *N) Scan(src any) error { return nil }\n", ""},
		{"value Error", "type V struct{}\n\nfunc (V) Error() string { return \"v\" }\n\nfunc f() error { var err error = V{}; return fmt.Errorf(\"%w\", err) }\n", ""},
		{"value Error compared", "type V struct{}\n\nfunc (V) Error() string { return \"v\" }\n\nfunc f(err error) bool { return err == V{} }\n", "an error value compared"},
		{"value Error beside an error switch", "type V struct{ n int }\n\nfunc (V) Error() string { return \"v\" }\n\nfunc f(err error) int {\n\tswitch err {\n\tcase io.EOF:\n\t\treturn 1\n\t}\n\treturn 0\n}\n", "an error value compared"},
		{"value Error beside a map keyed by error", "type V string\n\nfunc (V) Error() string { return \"v\" }\n\nvar seen = map[error]int{}\n", "an error value compared"},
		{"promoted value Error compared", "type V struct{}\n\nfunc (V) Error() string { return \"v\" }\n\ntype W struct{ V }\n\nfunc f(a, b error) bool { return a != b }\n", "an error value compared"},
		{"pointer Error compared", "type P struct{}\n\nfunc (*P) Error() string { return \"p\" }\n\nfunc f(err error) bool { return err == io.EOF || err != nil }\n", ""},
		{"local type embedding an error type", "type V struct{ n int }\n\nfunc (V) Error() string { return \"v\" }\n\nfunc f() error {\n\ttype w struct{ V }\n\treturn w{V{1}}\n}\n", "a type declared in a function whose values are errors"},
		{"local type without an error", "type V struct{ n int }\n\nfunc (V) Error() string { return \"v\" }\n\nfunc f() any {\n\ttype w struct{ v V }\n\treturn w{V{1}}\n}\n", ""},
		{"value Error compared with nil", "type V struct{}\n\nfunc (V) Error() string { return \"v\" }\n\nfunc f(err error) bool { return err != nil && errors.Is(err, V{}) }\n", ""},
		{"errors.As interface", "type I interface{ error; Code() int }\n\nfunc f(err error) bool { var i I; return errors.As(err, &i) }\n", "errors.As to a type"},
		{"errors.As anonymous interface", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f(err error) bool { var t interface{ Timeout() bool }; return errors.As(err, &t) }\n", "errors.As to a type"},
		{"errors.As error", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f(err error) bool { var t error; return errors.As(err, &t) }\n", ""},
		{"errors.As error interface written in place", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f(err error) bool { var u interface{ Error() string }; return errors.As(err, &u) }\n", "errors.As to a type"},
		{"errors.As compiled interface", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f(err error) bool { var t fmt.Stringer; return errors.As(err, &t) }\n", ""},
		{"errors.As compiled interface a route type implements", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc (e *E) String() string { return \"e\" }\n\nfunc f(err error) bool { var t fmt.Stringer; return errors.As(err, &t) }\n", "errors.As to a type"},
		{"Is method of a value error struct", "type V struct{ c int }\n\nfunc (V) Error() string { return \"v\" }\n\nfunc (v V) Is(t error) bool { return v.c == 1 }\n", ""},
		{"Is method of a value error of another kind", "type V int\n\nfunc (V) Error() string { return \"v\" }\n\nfunc (v V) Is(t error) bool { return v == 1 }\n", "an Is or As method of a type whose Error"},
		{"Is method of a pointer error", "type P struct{ c int }\n\nfunc (*P) Error() string { return \"p\" }\n\nfunc (p *P) Is(t error) bool { return false }\n\nfunc (p *P) As(t any) bool { return false }\n", ""},
		{"Unwrap method of a value error", "type V struct{ err error }\n\nfunc (V) Error() string { return \"v\" }\n\nfunc (v V) Unwrap() error { return v.err }\n", ""},
		{"errors.Unwrap beside an Unwrap method of a value error struct", "type V struct{ err error }\n\nfunc (V) Error() string { return \"v\" }\n\nfunc (v V) Unwrap() error { return v.err }\n\nfunc f() error { return errors.Unwrap(V{}) }\n", ""},
		{"errors.Is beside an Unwrap method of a value error of another kind", "type V []error\n\nfunc (V) Error() string { return \"v\" }\n\nfunc (v V) Unwrap() []error { return v }\n\nfunc f(err error) bool { return errors.Is(err, io.EOF) }\n", "an Is or As method of a type whose Error"},
		{"promoted MarshalJSON", "type A struct{ By string }\n\nfunc (a A) MarshalJSON() ([]byte, error) { return nil, nil }\n\ntype D struct {\n\tA `json:\"a\"`\n\tT string\n}\n", "a struct type embedding a type with a MarshalJSON"},
		{"promoted MarshalJSON, struct written in place", "type A struct{ By string }\n\nfunc (a A) MarshalJSON() ([]byte, error) { return nil, nil }\n\nfunc f() { json.Marshal(struct {\n\tA\n\tT string\n}{}) }\n", "a struct type embedding a type with a MarshalJSON"},
		{"struct written in place embedding a plain struct", "type A struct{ By string }\n\nfunc f() { json.Marshal(struct {\n\tA\n\tT string\n}{}) }\n", ""},
		{"MarshalJSON of the outer struct", "type A struct{ By string }\n\nfunc (a A) MarshalJSON() ([]byte, error) { return nil, nil }\n\ntype D struct {\n\tA\n\tT string\n}\n\nfunc (d D) MarshalJSON() ([]byte, error) { return nil, nil }\n\ntype E struct {\n\tB\n}\n\ntype B struct{ N int }\n", ""},
		{"errors.As value struct", "type V struct{ N int }\n\nfunc (V) Error() string { return \"v\" }\n\nfunc f(err error) bool { var v V; return errors.As(err, &v) }\n", ""},
		{"errors.As value struct without fields", "type V struct{}\n\nfunc (V) Error() string { return \"v\" }\n\nfunc f(err error) bool { var v V; return errors.As(err, &v) }\n", ""}, // matched by its type's name (see asNamedCalls)
		{"errors.As value of another kind", "type V int\n\nfunc (V) Error() string { return \"v\" }\n\nfunc f(err error) bool { var v V; return errors.As(err, &v) }\n", ""},            // matched by its type's name (see asNamedCalls)
		{"errors.As pointer", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f(err error) bool { var e *E; return errors.As(err, &e) }\n", ""},
		{"type switch on error", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f(err error) int {\n\tswitch err.(type) {\n\tcase *E:\n\t\treturn 1\n\t}\n\treturn 0\n}\n", ""},
		{"type switch on error with a case of a non-struct type", "type E int\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f(err error) int {\n\tswitch err.(type) {\n\tcase *E:\n\t\treturn 1\n\t}\n\treturn 0\n}\n", "a type assertion or type switch case to a type the interpreter cannot tell"},
		// A case of a pointer to a struct type on an error interface of the
		// package matches as on an error (speed_erroras); one of a value
		// type does not.
		{"type switch on an error interface of the package", "type E struct{ n int }\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc (e *E) Code() int { return 1 }\n\ntype Coded interface {\n\terror\n\tCode() int\n}\n\nfunc f(err Coded) int {\n\tswitch err.(type) {\n\tcase *E:\n\t\treturn 1\n\t}\n\treturn 0\n}\n", ""},
		{"type switch on an error interface of the package with a case of a value type", "type E struct{ n int }\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc (e *E) Code() int { return 1 }\n\ntype V int\n\nfunc (V) Error() string { return \"v\" }\n\nfunc (V) Code() int { return 2 }\n\ntype Coded interface {\n\terror\n\tCode() int\n}\n\nfunc f(err Coded) int {\n\tswitch err.(type) {\n\tcase *E:\n\t\treturn 1\n\tcase V:\n\t\treturn 2\n\t}\n\treturn 0\n}\n", "a type"},
		{"type switch on any", "type T struct{}\n\nfunc f(v any) int {\n\tswitch v.(type) {\n\tcase T:\n\t\treturn 1\n\t}\n\treturn 0\n}\n", ""},
		{"json decode with UnmarshalJSON", "type L int\n\nfunc (l *L) UnmarshalJSON(b []byte) error { return nil }\n\nfunc f(b []byte) { var l L; json.Unmarshal(b, &l) }\n", "json decoding"},
		{"json decode plain", "type P struct{ Name string }\n\nfunc f(b []byte) { var p P; json.Unmarshal(b, &p) }\n", ""},
		{"json decode embedded", "type B struct{ ID int }\n\ntype P struct {\n\tB\n\tName string\n}\n\nfunc f(b []byte) { var p P; json.Unmarshal(b, &p) }\n", ""}, // through jsonfix.Twin
		{"json decode embedded pointer in a slice", "type B struct{ ID int }\n\ntype P struct {\n\t*B\n\tName string\n}\n\nfunc f(b []byte) { var ps []P; json.Unmarshal(b, &ps) }\n", ""},
		{"json decode embedded unexported", "type b struct{ ID int }\n\ntype P struct {\n\tb\n\tName string\n}\n\nfunc f(bs []byte) { var p P; json.Unmarshal(bs, &p) }\n", "json decoding"},
		{"json decode embedded recursive", "type B struct{ ID int }\n\ntype P struct {\n\tB\n\tKids []P\n}\n\nfunc f(b []byte) { var p P; json.Unmarshal(b, &p) }\n", "json decoding"},
		{"json decode embedded generic", "type B[K any] struct{ ID K }\n\ntype P struct {\n\tB[int]\n}\n\nfunc f(b []byte) { var p P; json.Unmarshal(b, &p) }\n", "json decoding"},
		{"json decode embedded in an interface", "type B struct{ ID int }\n\ntype P struct{ B }\n\nfunc f(b []byte) { var v any = &P{}; json.Unmarshal(b, v) }\n", "json decoding"},
		{"json decode embedded, target not reevaluable", "type B struct{ ID int }\n\ntype P struct{ B }\n\nfunc f(d *json.Decoder, ps []P, i func() int) { d.Decode(&ps[i()]) }\n", "json decoding"},
		// Only a decode whose target holds what decodes otherwise is found,
		// not every decode of a package declaring such a type.
		{"json decode plain beside an embedded struct", "type B struct{ ID int }\n\ntype P struct {\n\tB\n\tName string\n}\n\ntype R struct {\n\tName string `json:\"name\"`\n\tTags []string\n\tM map[string]int\n\tsecret int\n\tSkip P `json:\"-\"`\n}\n\nfunc f(b []byte) { var rs []R; json.Unmarshal(b, &rs); _ = P{} }\n", ""},
		{"json decode embedded with a name", "type B struct{ ID int }\n\ntype P struct {\n\tB `json:\"b\"`\n\tName string\n}\n\nfunc f(b []byte) { var p P; json.Unmarshal(b, &p) }\n", ""},
		{"json decode embedded unexported with a name", "type b struct{ ID int }\n\ntype P struct {\n\tb `json:\"b\"`\n}\n\nfunc f(bs []byte) { var p P; json.Unmarshal(bs, &p) }\n", "json decoding"},
		{"json decode embedded deep", "type B struct{ ID int }\n\ntype P struct{ B }\n\ntype Q struct{ Ps map[string][]*P }\n\nfunc f(b []byte) { var q Q; json.Unmarshal(b, &q) }\n", "json decoding"},
		{"json decode field with UnmarshalText", "type L struct{ n int }\n\nfunc (l *L) UnmarshalText(b []byte) error { return nil }\n\ntype M struct{ Level L }\n\nfunc f(b []byte) { var m M; json.Unmarshal(b, &m) }\n", "json decoding"},
		{"json decode map keyed by an UnmarshalText type", "type K string\n\nfunc (k *K) UnmarshalText(b []byte) error { return nil }\n\nfunc f(b []byte) { var m map[K]int; json.Unmarshal(b, &m) }\n", "json decoding"},
		// The errors of a named type name it only where a field's tag gives
		// the name (see markTypeNames).
		{"json decode map keyed by a named string", "type K string\n\nfunc f(b []byte) { var m map[K]int; json.Unmarshal(b, &m) }\n", "json decoding"},
		{"json decode field of a map keyed by a named string", "type K string\n\ntype R struct{ M map[K]int }\n\nfunc f(b []byte) { var r R; json.Unmarshal(b, &r) }\n", ""},
		{"json decode field of a map keyed by a named int", "type K int\n\ntype R struct{ M map[K]int }\n\nfunc f(b []byte) { var r R; json.Unmarshal(b, &r) }\n", "json decoding"},
		{"json decode named non-struct", "type Status string\n\nfunc f(b []byte) { var s Status; json.Unmarshal(b, &s) }\n", "json decoding"},
		{"json decode named non-struct in a literal struct", "type Status string\n\nfunc f(b []byte) { var s struct{ S Status }; json.Unmarshal(b, &s) }\n", "json decoding"},
		{"json decode named non-struct field spelt otherwise", "type Status string\n\ntype R struct{ M map[Status][]byte }\n\nfunc f(b []byte) { var r R; json.Unmarshal(b, &r) }\n", "json decoding"},
		{"json decode map keyed by a named int", "type K int\n\nfunc f(b []byte) { var m map[K]int; json.Unmarshal(b, &m) }\n", "json decoding"},
		{"json decode named non-struct field", "type Status string\n\ntype M struct{ S Status }\n\nfunc f(b []byte) { var m M; json.Unmarshal(b, &m) }\n", ""},
		{"json decode type defined from a standard one", "type Stamp time.Time\n\nfunc f(b []byte) { var s Stamp; json.Unmarshal(b, &s) }\n", "json decoding"},
		{"json decode type defined from a struct type", "type A struct{ N int }\n\ntype B A\n\nfunc f(b []byte) { var x B; json.Unmarshal(b, &x) }\n", "json decoding"},
		{"json decode standard types", "type M struct {\n\tAt time.Time\n\tRaw json.RawMessage\n\tN json.Number\n}\n\nfunc f(b []byte) { var m M; json.Unmarshal(b, &m) }\n", ""},
		// A struct type declared in a function is named by jsonfix (see
		// registerLocalStructNames), unless another struct type of its
		// fields goes by another name.
		{"json decode local type", "func f(b []byte) {\n\ttype req struct{ N int }\n\tvar r req\n\tjson.Unmarshal(b, &r)\n}\n", ""},
		{"json decode local types of one name", "func f(b []byte) {\n\ttype req struct{ N int }\n\tvar r req\n\tjson.Unmarshal(b, &r)\n}\n\nfunc g(b []byte) {\n\ttype req struct{ N int }\n\tvar r []req\n\tjson.Unmarshal(b, &r)\n}\n", ""},
		{"json decode local type of another's fields", "func f(b []byte) {\n\ttype req struct{ N int }\n\tvar r req\n\tjson.Unmarshal(b, &r)\n}\n\nfunc g() any {\n\ttype other struct{ N int }\n\treturn other{}\n}\n", "json decoding"},
		{"json decode local type of a package type's fields", "type Item struct{ N int }\n\nfunc f(b []byte) {\n\ttype req struct{ N int }\n\tvar r req\n\tjson.Unmarshal(b, &r)\n}\n", "json decoding"},
		{"json decode literal of a local type's fields", "func f(b []byte) {\n\ttype req struct{ N int }\n\t_ = req{}\n\tvar r struct{ N int }\n\tjson.Unmarshal(b, &r)\n}\n", "json decoding"},
		{"json decode local type defined from another", "func f(b []byte) {\n\ttype req struct{ N int }\n\ttype alt req\n\tvar r alt\n\tjson.Unmarshal(b, &r)\n}\n", "json decoding"},
		{"json decode local type embedding one", "func f(b []byte) {\n\ttype Base struct{ ID int }\n\ttype req struct {\n\t\tBase\n\t\tN int\n\t}\n\tvar r req\n\tjson.Unmarshal(b, &r)\n}\n", "json decoding"},
		{"json decode fresh any beside an embedded struct", "type B struct{ ID int }\n\ntype P struct{ B }\n\ntype E struct{ Data any }\n\nfunc f(b []byte) {\n\tvar v any\n\tjson.Unmarshal(b, &v)\n\tvar e E\n\tjson.Unmarshal(b, &e)\n\tvar m map[string]any\n\tjson.Unmarshal(b, &m)\n}\n", ""},
		{"json decode filled any beside an embedded struct", "type B struct{ ID int }\n\ntype P struct{ B }\n\ntype E struct{ Data any }\n\nfunc f(b []byte) {\n\tvar e E\n\te.Data = &P{}\n\tjson.Unmarshal(b, &e)\n}\n", "json decoding"},
		{"json decode any parameter beside an embedded struct", "type B struct{ ID int }\n\ntype P struct{ B }\n\nfunc f(b []byte, v any) { json.Unmarshal(b, v) }\n", "json decoding"},
		{"json decode any parameter", "type P struct{ ID int }\n\nfunc f(b []byte, v any) { json.Unmarshal(b, v) }\n", ""},
		{"json decode of a Decoder into a call's result", "type P struct{ ID int }\n\nfunc g(p *P) *P { return p }\n\nfunc f(d *json.Decoder, p *P) { d.Decode(g(p)) }\n", "json decoding"},
		{"json decode into a literal struct of a named one's fields", "type Inner struct{ A int }\n\nfunc f(b []byte) { var lit struct{ A int }; json.Unmarshal(b, &lit) }\n", "json decoding"},
		{"json decode into a literal struct", "type Inner struct{ B int }\n\nfunc f(b []byte) { var lit struct{ A int }; json.Unmarshal(b, &lit) }\n", ""},
		{"json decode of a Decoder", "type P struct{ ID int }\n\nfunc f(d *json.Decoder, p *P) { d.Decode(p); var ps []P; d.Decode(&ps) }\n", ""},
		{"marshal type slice put in any", idType + "func f(ids []ID) any { var v any = ids; return v }\n", "a slice, array, map or pointer of a non-struct type"},
		{"marshal type pointer in a map of any", idType + "func f(id ID) map[string]any { return map[string]any{\"p\": &id} }\n", "a slice, array, map or pointer of a non-struct type"},
		{"marshal type returned as any", idType + "func f(id ID) any { return id }\n", "a slice, array, map or pointer of a non-struct type"},
		{"marshal type in a map of any", idType + "func f(id ID) map[string]any { return map[string]any{\"id\": id} }\n", ""},
		{"marshal type slice encoded", idType + "func f(ids []ID) ([]byte, error) { return json.Marshal(ids) }\n", ""},
		{"marshal type slice to compiled code", idType + "func f(ids []ID) string { return fmt.Sprint(ids) }\n", ""},
		{"marshal type in an unmarked field", idType + "type S struct{ M map[string]ID }\n", "a struct field holding a non-struct type"},
		{"marshal type in marked fields", idType + "type S struct {\n\tA ID\n\tB []ID\n\tC *ID\n\tD map[ID]int\n\te [][]ID\n}\n", ""},
		{"fmt of an interface", "type C int\n\nfunc (c C) String() string { return \"c\" }\n\nfunc f() string { return fmt.Sprint([]any{C(1)}) }\n", "a value of a type with a String"},
		{"context Value method", "type ctx struct{ sync.Locker; done chan struct{} }\n\nfunc (c ctx) Deadline() (d struct{}, ok bool) { return }\nfunc (c ctx) Done() <-chan struct{} { return c.done }\nfunc (c ctx) Err() error { return nil }\nfunc (c ctx) Value(k any) any { return nil }\n", "a Value method declared on a type wrapping"},
		{"Value method of another type", "type cache struct{}\n\nfunc (c cache) Value(k any) any { return nil }\n", ""},
		{"interfaces compared", "type Shape interface{ Area() int }\n\ntype Sq struct{ s int }\n\nfunc (q Sq) Area() int { return q.s }\n\nfunc f(a, b Shape) bool { return a == b }\n", "an interface value compared"},
		{"map keyed by any", "type K string\n\nvar m = map[any]int{}\n", "an interface value compared"},
		{"switch on any", "type K string\n\nfunc f(v any) int {\n\tswitch v {\n\tcase K(\"a\"):\n\t\treturn 1\n\t}\n\treturn 0\n}\n", "an interface value compared"},
		{"interface compared with nil", "type Sq struct{}\n\nfunc f(a any, err error) bool { return a == nil || err != nil }\n", ""},
		{"errors compared", "type Sq struct{}\n\nvar errX = errors.New(\"x\")\n\nfunc f(err error) bool { return err == errX }\n", ""},
		{"type parameter key", "type S struct{}\n\ntype R[K comparable, V any] struct{ m map[K]V }\n\nfunc eq[T comparable](a, b T) bool { return a == b }\n", ""},
		{"no types declared", "func f(a, b any) bool { return a == b }\n", ""},
		{"any compared with a string", "type Sq struct{}\n\nfunc f(m map[string]any) bool { return m[\"role\"] == \"admin\" }\n", ""},
		{"switch on any with string cases", "type Sq struct{}\n\nfunc f(v any) int {\n\tswitch v {\n\tcase \"a\", \"b\":\n\t\treturn 1\n\t}\n\treturn 0\n}\n", "an interface value compared"},
		{"any compared with a string beside a named string type", "type K string\n\nfunc f(m map[string]any) bool { return m[\"role\"] == \"admin\" }\n", "an interface value compared"},
		{"any compared with a string beside a local named string type", "type Sq struct{}\n\nfunc f(m map[string]any) bool {\n\ttype k string\n\t_ = k(\"\")\n\treturn m[\"role\"] == \"admin\"\n}\n", "an interface value compared"},
		{"map keyed by a struct with an any field", "type K string\n\ntype key struct {\n\tkind string\n\tid   any\n}\n\nvar m = map[key]int{}\n", "an interface value compared"},
		{"structs with an any field compared", "type K string\n\ntype key struct{ id any }\n\nfunc f(a key) bool { return a == key{K(\"x\")} }\n", "an interface value compared"},
		{"map keyed by an array of any", "type K string\n\nvar m = map[[2]any]int{}\n", "an interface value compared"},
		{"map keyed by a struct with an error field", "type K string\n\ntype key struct {\n\tid  string\n\terr error\n}\n\nvar m = map[key]int{}\n", ""},
		{"slices.Contains of a []any", "type K string\n\nfunc f(xs []any) bool { return slices.Contains(xs, any(K(\"a\"))) }\n", "an interface value compared"},
		{"a generic set of any", "type K struct{ n int }\n\ntype Set[T comparable] map[T]bool\n\nvar s = Set[any]{}\n", "an interface value compared"},
		{"slices.Contains of a named string type", "type K string\n\nfunc f(xs []K) bool { return slices.Contains(xs, \"a\") && slices.ContainsFunc([]any{K(\"\")}, func(any) bool { return true }) }\n", ""},
		{"a generic interface instantiated with a type parameter", "type K string\n\ntype Keyed[T comparable] interface{ Key() T }\n\ntype Store[T comparable, E Keyed[T]] struct{ m map[T]E }\n", ""},
		{"sync.Map keyed by a named string and a string", "type UserID string\n\nfunc f(m *sync.Map) bool { m.Store(UserID(\"a\"), 1); _, ok := m.Load(\"a\"); return ok }\n", "an interface value compared"},
		{"sync.Map keyed by struct types of the same fields", "type A struct{ n int }\n\ntype B struct{ n int }\n\nfunc f(m *sync.Map) any { m.Store(A{1}, 1); v, _ := m.Load(B{1}); return v }\n", "an interface value compared"},
		{"sync.Map keyed by an any beside a named string type", "type K string\n\nfunc f(m *sync.Map, k any) { m.Delete(k) }\n", "an interface value compared"},
		{"sync.Map keyed by one struct type and strings", "type K struct{ n int }\n\nfunc f(m *sync.Map) any { m.Store(K{1}, 1); m.Store(\"a\", K{1}); v, _ := m.Load(\"a\"); return v }\n", ""},
		{"atomic.Value of struct types of the same fields", "type A struct{ n int }\n\ntype B struct{ n int }\n\nfunc f(v *atomic.Value) { v.Store(A{1}); v.Store(B{1}) }\n", "an interface value compared"},
		{"atomic.Value of one struct type and a pointer to it", "type A struct{ n int }\n\nfunc f(v *atomic.Value) bool { v.Store(A{1}); v.Swap(&A{2}); return v.CompareAndSwap(A{1}, A{2}) }\n", ""},
		{"any compared with a struct", "type Sq struct{ s int }\n\nfunc f(v any) bool { return v == Sq{1} }\n", "an interface value compared"},
		{"io.WriteString to a string writer", "type CW struct{ n int }\n\nfunc (c *CW) Write(p []byte) (int, error) { return len(p), nil }\nfunc (c *CW) WriteString(s string) (int, error) { c.n++; return len(s), nil }\n\nfunc f(c *CW) { io.WriteString(c, \"x\") }\n", "a value of a type with a method compiled code asks"},
		{"io.MultiWriter of a string writer", "type CW struct{ n int }\n\nfunc (c *CW) Write(p []byte) (int, error) { return len(p), nil }\nfunc (c *CW) WriteString(s string) (int, error) { c.n++; return len(s), nil }\n\nfunc f(c *CW) io.Writer { return io.MultiWriter(c, io.Discard) }\n", "a value of a type with a method compiled code asks"},
		{"io.WriteString to a writer beside a string writer", "type CW struct{ n int }\n\nfunc (c *CW) Write(p []byte) (int, error) { return len(p), nil }\nfunc (c *CW) WriteString(s string) (int, error) { c.n++; return len(s), nil }\n\nfunc f(w io.Writer) { io.WriteString(w, \"x\") }\n", "a value of a type with a method compiled code asks"},
		{"a ResponseWriter wrapper to a ResponseController", "type rec struct {\n\thttp.ResponseWriter\n\tstatus int\n}\n\nfunc (r *rec) Unwrap() http.ResponseWriter { return r.ResponseWriter }\n\nfunc f(w http.ResponseWriter) { http.NewResponseController(w).Flush() }\n", "a value of a type with a method compiled code asks"},
		{"a ResponseWriter wrapper without Unwrap", "type rec struct {\n\thttp.ResponseWriter\n\tstatus int\n}\n\nfunc f(w http.ResponseWriter) { http.NewResponseController(w).Flush() }\n", ""},
		{"a string writer in an any", "type CW struct{ n int }\n\nfunc (c *CW) Write(p []byte) (int, error) { return len(p), nil }\nfunc (c *CW) WriteString(s string) (int, error) { c.n++; return len(s), nil }\n\nfunc f(v any) ([]byte, error) { return json.Marshal(v) }\n", ""},
		{"a WriteTo behind a compiled reader", "type Pg struct{}\n\nfunc (Pg) Read(p []byte) (int, error) { return 0, io.EOF }\nfunc (Pg) WriteTo(w io.Writer) (int64, error) { return 0, nil }\n\nfunc f(w io.Writer) { sync.NewCond(nil); _ = io.NopCloser(Pg{}) }\n", "a value of a type with a method compiled code asks"},
		{"a WriteTo to io.Copy", "type Pg struct{}\n\nfunc (Pg) Read(p []byte) (int, error) { return 0, io.EOF }\nfunc (Pg) WriteTo(w io.Writer) (int64, error) { return 0, nil }\n\nfunc f(w io.Writer) { io.Copy(w, Pg{}) }\n", ""},
		{"a string writer to io.Copy", "type CW struct{ n int }\n\nfunc (c *CW) Write(p []byte) (int, error) { return len(p), nil }\nfunc (c *CW) WriteString(s string) (int, error) { c.n++; return len(s), nil }\n\nfunc f(c *CW) { io.Copy(c, io.LimitReader(nil, 1)) }\n", "a value of a type with a method compiled code asks"},
		{"fmt to a string writer", "type CW struct{ n int }\n\nfunc (c *CW) Write(p []byte) (int, error) { return len(p), nil }\nfunc (c *CW) WriteString(s string) (int, error) { c.n++; return len(s), nil }\n\nfunc f(c *CW) { fmt.Fprint(c, 1) }\n", ""},
		{"io.WriteString without a string writer", "func f(w io.Writer) { io.WriteString(w, \"x\") }\n", ""},
		{"fmt of an interface whose implementers print plainly", "type C int\n\nfunc (c C) String() string { return \"c\" }\n\ntype Shape interface{ Area() float64 }\n\ntype Sq struct{ S float64 }\n\nfunc (s *Sq) Area() float64 { return s.S }\n\nfunc f(s Shape) string { return fmt.Sprint(s, C(1)) }\n", ""},
		// fmtfix prints a value of an interface of the package by the
		// type yaegi keeps beside it (see resolvableIface): fast.
		{"fmt of an interface with a Stringer implementer", "type C int\n\nfunc (c C) String() string { return \"c\" }\n\ntype Shape interface{ Area() float64 }\n\ntype Sq struct{ S float64 }\n\nfunc (s Sq) Area() float64 { return s.S }\n\nfunc (s Sq) String() string { return \"sq\" }\n\nfunc f(s Shape) string { return fmt.Sprint(s) }\n", ""},
		{"fmt of an interface whose implementer holds a Stringer", "type C int\n\nfunc (c C) String() string { return \"c\" }\n\ntype Shape interface{ Area() float64 }\n\ntype Sq struct{ L C }\n\nfunc (s Sq) Area() float64 { return 1 }\n\nfunc f(s Shape) string { return fmt.Sprint(s) }\n", ""},
		{"fmt of a slice of an interface whose implementers print plainly", "type C int\n\nfunc (c C) String() string { return \"c\" }\n\ntype Shape interface{ Area() float64 }\n\ntype Sq struct{ S float64 }\n\nfunc (s Sq) Area() float64 { return s.S }\n\nfunc f(s []Shape) string { return fmt.Sprint(s) }\n", ""},
		{"fmt to a writer", "type C int\n\nfunc (c C) String() string { return \"c\" }\n\nfunc f(w io.Writer) { fmt.Fprint(w, C(1)) }\n", ""},
		{"fmt of the type", "type C int\n\nfunc (c C) String() string { return \"c\" }\n\nfunc f() string { return fmt.Sprint(C(1)) }\n", ""},
		{"deferred literal in a range loop, reading the loop's variable", "func f(xs []int) {\n\tfor _, x := range xs {\n\t\tdefer func() { fmt.Println(x) }()\n\t}\n}\n", ""},
		{"deferred literal in a range loop, changing the loop's variable", "func f(xs []int) {\n\tfor _, x := range xs {\n\t\tdefer func() { x++; fmt.Println(x) }()\n\t}\n}\n", "a deferred function literal using a loop's variable"},
		{"deferred call in a range loop", "func f(xs []int) {\n\tfor _, x := range xs {\n\t\tdefer fmt.Println(x)\n\t}\n}\n", ""},
		{"type switch with an interface case", "func f(v any) string {\n\tswitch v.(type) {\n\tcase error:\n\t\treturn \"e\"\n\t}\n\treturn \"\"\n}\n", "a type switch with a case of an interface type"},
		{"type switch with concrete cases", "func f(v any) string {\n\tswitch v.(type) {\n\tcase int, string, nil:\n\t\treturn \"e\"\n\tcase interface{}:\n\t}\n\treturn \"\"\n}\n", ""},
		{"%T of an interface", "type C struct{ R int }\n\nfunc f(v any) string { return fmt.Sprintf(\"%T\", v) }\n", "%T of an interface value that may hold"},
		{"%+v of a struct holding an interface", "type E struct{ P any }\n\nfunc f(e E) string { return fmt.Sprintf(\"%+v\", e) }\n", ""},
		{"%+v of a struct holding an interface beside unexported fields", "type E struct{ P any }\n\ntype s struct{ n int }\n\nfunc f(e E) string { return fmt.Sprintf(\"%+v\", e) }\n", "%T of an interface value that may hold"},
		{"%+v of an any beside a local struct with unexported fields", "func f() string {\n\ttype row struct{ id int }\n\treturn fmt.Sprintf(\"%+v\", []any{row{1}})\n}\n", "%T of an interface value that may hold"},
		{"%#v of an error a route error type may be", "type E struct{ n int }\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f(err error) string { return fmt.Sprintf(\"%#v\", err) }\n", "%T of an interface value that may hold"},
		{"%#v of an error whose route types have GoString", "type E struct{ n int }\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc (e *E) GoString() string { return \"E\" }\n\nfunc f(err error) string { return fmt.Sprintf(\"%#v\", err) }\n", ""},
		{"%+v of an error", "type E struct{ n int }\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f(err error) string { return fmt.Sprintf(\"%+v\", err) }\n", ""},
		{"%#v of a struct holding an interface", "type E struct{ P any }\n\nfunc f(e E) string { return fmt.Sprintf(\"%#v\", e) }\n", "%T of an interface value that may hold"},
		{"%T of a reader no type implements", "type C struct{ R int }\n\nfunc f(r io.Reader) string { return fmt.Sprintf(\"%T\", r) }\n", ""},
		{"%T of a reader a type implements", "type C struct{ R int }\n\nfunc (C) Read(p []byte) (int, error) { return 0, io.EOF }\n\nfunc f(r io.Reader) string { return fmt.Sprintf(\"%T\", r) }\n", "%T of an interface value that may hold"},
		{"%T of an error beside types", "type C struct{ R int }\n\nfunc f(err error) string { return fmt.Sprintf(\"%T\", err) }\n", "%T of an interface value that may hold"},
		{"%T of an error without types", "func f(err error) string { return fmt.Sprintf(\"%T\", err) }\n", ""},
		{"%T of an error a type implements", "type C struct{ R int }\n\nfunc (*C) Error() string { return \"c\" }\n\nfunc f(err error) string { return fmt.Sprintf(\"%T\", err) }\n", "%T of an interface value that may hold"},
		{"%v of a struct holding an interface", "type E struct{ P any }\n\nfunc f(e E) string { return fmt.Sprintf(\"%v %-5v\", e, e) }\n", ""},
		{"%T of a route type", "type C struct{ R int }\n\nfunc f(v C) string { return fmt.Sprintf(\"%T %v\", v, v) }\n", ""},
		{"init order the rewrite forces", "var total = f(base)\n\nvar base = f(21)\n\nvar reg = f(1)\n\nfunc f(n int) int { return n }\n", ""},
		{"init order through a function the rewrite forces", "var snapshot = count()\n\nvar n = 3\n\nvar list = make([]int, 2)\n\nfunc count() int { return len(list) + n }\n", ""},
		{"init order against a local named like a variable", "var a = g()\n\nvar b = func() int { a := 1; return a }()\n\nfunc g() int { return b }\n", "package variables the rewrite cannot"},
		{"init order of a type on two lines", "var a struct {\n\tn int\n} = g()\n\nvar b = f(1)\n\nfunc g() struct{ n int } { return struct{ n int }{b} }\n\nfunc f(n int) int { return n }\n", "package variables the rewrite cannot"},
		{"init order alike", "var base = f(21)\n\nvar total = f(base)\n\nvar reg = f(1)\n\nfunc f(n int) int { return n }\n", ""},
		{"init order alike, forward", "var a = f(b)\n\nvar b = f(1)\n\nfunc f(n int) int { return n }\n", ""},
		{"init order without calls", "var total = base * 2\n\nvar base = 21\n\nvar other = 3\n", ""},
		{"local Stringer in a slice", "type N struct{}\n\nfunc (N) String() string { return \"n\" }\n\nfunc f() string {\n\ttype u struct{ N }\n\treturn fmt.Sprint([]u{{}})\n}\n", "a type declared in a function with a String"},
		{"local Stringer with %d", "type N int\n\nfunc (N) String() string { return \"n\" }\n\nfunc f() string {\n\ttype u struct{ N }\n\treturn fmt.Sprintf(\"%d\", u{1})\n}\n", "a type declared in a function with a String"},
		{"Stringer promoted to a struct written in place", "type N int\n\nfunc (N) String() string { return \"n\" }\n\nfunc f() string { return fmt.Sprint(struct {\n\tN\n\tM int\n}{1, 2}) }\n", "a type declared in a function with a String"},
		{"struct written in place embedding a plain type", "type N int\n\nfunc f() string { return fmt.Sprint(struct {\n\tN\n\tM int\n}{1, 2}) }\n", ""},
		{"local Stringer printed itself", "type N struct{}\n\nfunc (N) String() string { return \"n\" }\n\nfunc f() string {\n\ttype u struct{ N }\n\treturn fmt.Sprintf(\"%v %s\", u{}, &u{}) + fmt.Sprint(u{})\n}\n", ""},
		{"local type without methods in a slice", "func f() string {\n\ttype u struct{ A int }\n\treturn fmt.Sprint([]u{{}})\n}\n", ""},
		{"panic in defer", "func f() (err error) {\n\tdefer func() { recover() }()\n\tdefer func() { panic(\"x\") }()\n\treturn nil\n}\n", "a deferred function that panics"},
		{"re-panic in defer after an unlock", "func f(mu *sync.Mutex) {\n\tmu.Lock()\n\tdefer mu.Unlock()\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\tpanic(r)\n\t\t}\n\t}()\n}\n", "a deferred function that panics"},
		{"panicking defer in a loop", "func f(xs []int) {\n\tfor range xs {\n\t\tdefer func() { panic(\"x\") }()\n\t}\n}\n", "a deferred function that panics"},
		{"re-panic in the only defer", "func f() {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\tpanic(fmt.Sprint(r))\n\t\t}\n\t}()\n}\n", ""},
		{"panicking defer deferred first", "func f(mu *sync.Mutex) {\n\tdefer func() { panic(\"x\") }()\n\tdefer mu.Unlock()\n}\n", ""},
		// A print wrapper's spread is looked at where it is called.
		{"print wrapper forwarding its operands", "type E struct{ err error }\n\nfunc (e *E) Error() string { return e.err.Error() }\n\nfunc errorf(format string, args ...any) error { return &E{fmt.Errorf(format, args...)} }\n\nfunc f(n int, err error) error { return errorf(\"%d: %w\", n, err) }\n", ""},
		{"print wrapper given an interface", "type E struct{ err error }\n\nfunc (e *E) Error() string { return e.err.Error() }\n\nfunc errorf(format string, args ...any) error { return &E{fmt.Errorf(format, args...)} }\n\nfunc f(v any) error { return errorf(\"%v\", v) }\n", "a value of a type with a String"},
		{"operands spread by a function that keeps them", "type E struct{ err error }\n\nfunc (e *E) Error() string { return e.err.Error() }\n\nvar kept []any\n\nfunc errorf(format string, args ...any) error { kept = args; return &E{fmt.Errorf(format, args...)} }\n", "a value of a type with a String"},
		{"spread slice", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f() string { vals := []any{&E{}}; return fmt.Sprint(vals...) }\n", "a value of a type with a String"},
		{"reflect.Type printed", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f(err *json.UnmarshalTypeError) string { return fmt.Sprintf(\"%s\", err.Type) }\n", ""},
		{"error with Unwrap handed to compiled code", "type E struct{ err error }\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc (e *E) Unwrap() error { return e.err }\n\nfunc f(m *sync.Map, err error) { m.Store(\"k\", err) }\n", ""},
		{"%[n]T of a route type", "type Score int\n\nfunc f() string { return fmt.Sprintf(\"%[2]d %[1]T\", Score(1), 2) }\n", "%T (or %p) by an explicit argument index"},
		{"%[n]T of a basic type", "type Score int\n\nfunc f() string { return fmt.Sprintf(\"%[2]T %[1]v\", Score(1), 2) }\n", ""},
		{"%T of a spread slice", "type T struct{ N int }\n\nfunc f() string { args := []any{T{1}}; return fmt.Sprintf(\"%T\", args...) }\n", "%T (or %p) by an explicit argument index"},
		{"a format not constant with a route value", "type T struct{ N int }\n\nfunc f(format string) string { return fmt.Sprintf(format, T{1}) }\n", "%T (or %p) by an explicit"},
		{"a format not constant with basics", "type T struct{ N int }\n\nfunc f(format string, n int) string { return fmt.Sprintf(format, n, \"s\") }\n", ""},
		{"a format not constant with a spread slice", "type T struct{ N int }\n\nfunc f(format string) string { args := []any{T{1}}; return fmt.Sprintf(format, args...) }\n", "%T (or %p) by an explicit"},
		{"a print closure", "type T struct{ N int }\n\nfunc f() string {\n\tshow := func(format string, args ...any) string { return fmt.Sprintf(format, args...) }\n\treturn show(\"%v %d\", T{1}, 2)\n}\n", ""},
		{"a print closure given %T", "type T struct{ N int }\n\nfunc f() string {\n\tshow := func(format string, args ...any) string { return fmt.Sprintf(format, args...) }\n\treturn show(\"%v\", T{1}) + show(\"%T\", T{1})\n}\n", "%T (or %p) by an explicit"},
		{"%v of a spread slice", "type T struct{ N int }\n\nfunc f() string { args := []any{T{1}}; return fmt.Sprintf(\"%v\", args...) }\n", ""},
		{"%s of an any holding a Score int", "type Score int\n\nfunc f() string { var v any = Score(1); return fmt.Sprintf(\"%s\", v) }\n", "an interface value printed by fmt with a verb it complains of"},
		{"%d of an any holding a Score int", "type Score int\n\nfunc f() string { var v any = Score(1); return fmt.Sprintf(\"%d %v\", v, v) }\n", ""},
		{"%s of an any holding a Name string", "type Name string\n\nfunc f() string { var v any = Name(\"n\"); return fmt.Sprintf(\"%s %q\", v, v) }\n", ""},
		{"%s of a spread that may hold a Score int", "type Score int\n\nfunc f() string { args := []any{Score(1)}; return fmt.Sprintf(\"%s\", args...) }\n", "an interface value printed by fmt with a verb it complains of"},
		{"%d of a spread that may hold a Score int", "type Score int\n\nfunc f() string { args := []any{Score(1)}; return fmt.Sprintf(\"%d|%v\", args...) }\n", ""},
		{"errors.As to another package's value type", "func f(err error) bool { var e json.SyntaxError; return errors.As(err, &e) }\n", ""},
		{"Stringers in an interface of the package printed", "type Shape interface{ Area() int }\n\ntype Sq struct{ S int }\n\nfunc (s Sq) Area() int { return s.S }\n\nfunc (s Sq) String() string { return \"sq\" }\n\nfunc f(s Shape) string { return fmt.Sprintf(\"%v %+v %#v %T\", []Shape{s}, s, map[string]Shape{\"a\": s}, s) + fmt.Sprint(s) }\n", ""},
		{"Stringers in an interface of the package, a generic type whose methods cannot make it one", "type Shape interface{ Area() int }\n\ntype Sq struct{ S int }\n\nfunc (s Sq) Area() int { return s.S }\n\nfunc (s Sq) String() string { return \"sq\" }\n\ntype Box[T any] struct{ v T }\n\nfunc (b Box[T]) Get() T { return b.v }\n\nfunc f(s Shape) string { return fmt.Sprint([]Shape{s}, s) }\n", ""},
		{"Stringers in an interface an instance of a generic type may implement", "type Shape interface{ Area() int }\n\ntype Sq struct{ S int }\n\nfunc (s Sq) Area() int { return s.S }\n\nfunc (s Sq) String() string { return \"sq\" }\n\ntype Box[T any] struct{ v T }\n\nfunc (b Box[T]) Area() int { return 1 }\n\nfunc f(s Shape) string { return fmt.Sprint(s) }\n", "a value of a type with a String"},
		{"Stringers in an interface a type declared in a function implements", "type Shape interface{ Area() int }\n\nfunc f(s Shape) string {\n\ttype sq struct{ S int }\n\treturn fmt.Sprint(s)\n}\n\ntype Sq struct{ S int }\n\nfunc (s Sq) Area() int { return s.S }\n\nfunc (s Sq) String() string { return \"sq\" }\n\nfunc g() { type loc struct{ Sq }; _ = loc{} }\n", "a value of a type with a String"},
		{"%T of an interface of the package in a format that is not constant", "type Shape interface{ Area() int }\n\ntype Sq struct{ S int }\n\nfunc (s Sq) Area() int { return s.S }\n\nfunc f(s Shape, format string) string { return fmt.Sprintf(format, s) }\n\nfunc g(s Shape) string { return fmt.Sprintf(\"%\"+\"T\", s) }\n", "%T of an interface value"},
		{"an extra operand of type any", "type Sq struct{ S int }\n\nfunc f(v any) string { return fmt.Sprintf(\"%v\", 1, v) }\n", "an operand of an interface type beyond"},
		{"an extra operand of type error", "type E struct{ S string }\n\nfunc (e E) Error() string { return e.S }\n\nfunc f(err error) string { return fmt.Sprintf(\"%d\", 1, err) }\n", "an operand of an interface type beyond"},
		{"an extra operand of type error without error types", "func f(err error) string { return fmt.Sprintf(\"%d\", 1, err) }\n", ""},
		{"an extra operand of an interface of the package", "type Shape interface{ Area() int }\n\ntype Sq struct{ S int }\n\nfunc (s Sq) Area() int { return s.S }\n\nfunc f(s Shape) string { return fmt.Sprintf(\"%d\", 1, s) }\n", ""},
		{"json of errors of the package's own types", "type V struct{ N int }\n\nfunc (V) Error() string { return \"v\" }\n\ntype P struct{ M string }\n\nfunc (*P) Error() string { return \"p\" }\n\nfunc f(err error) ([]byte, error) { return json.Marshal(struct{ E []error }{[]error{err, V{1}, &P{}}}) }\n", ""},
		{"json of errors, one with a MarshalJSON method", "type V struct{ N int }\n\nfunc (V) Error() string { return \"v\" }\n\nfunc (V) MarshalJSON() ([]byte, error) { return nil, nil }\n\nfunc f(err error) ([]byte, error) { return json.Marshal(err) }\n", "a value held in an interface of compiled code"},
		{"json of errors an instance of a generic type may be", "type V struct{ N int }\n\nfunc (V) Error() string { return \"v\" }\n\ntype G[T any] struct{ v T }\n\nfunc (G[T]) Error() string { return \"g\" }\n\nfunc f(err error) ([]byte, error) { return json.Marshal(err) }\n", "a value held in an interface of compiled code"},
		{"json of a fmt.Stringer a type of the package implements", "type V struct{ N int }\n\nfunc (V) String() string { return \"v\" }\n\nfunc f(s fmt.Stringer) ([]byte, error) { return json.Marshal(s) }\n", "a value held in an interface of compiled code"},
		{"recovered value printed, panics of strings only", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc g(n int) {\n\tif n < 0 {\n\t\tpanic(fmt.Sprintf(\"bad %d\", n))\n\t}\n\tpanic(\"x\")\n}\n\nfunc f() (s string) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\ts = fmt.Sprintf(\"panic: %v\", r)\n\t\t}\n\t}()\n\tg(1)\n\treturn\n}\n", ""},
		{"recovered value printed, a panic of an error of the package", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc g() { panic(&E{}) }\n\nfunc f() (s string) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\ts = fmt.Sprintf(\"panic: %v\", r)\n\t\t}\n\t}()\n\tg()\n\treturn\n}\n", "a value of a type with a String"},
		{"recovered value printed, a panic of an error", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc g(err error) { panic(err) }\n\nfunc f() (s string) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\ts = fmt.Sprint(r)\n\t\t}\n\t}()\n\tg(nil)\n\treturn\n}\n", "a value of a type with a String"},
		{"recovered value handed on, then printed", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nvar kept any\n\nfunc f() (s string) {\n\tdefer func() {\n\t\tr := recover()\n\t\tkept = r\n\t\tr = &E{}\n\t\ts = fmt.Sprint(r)\n\t}()\n\tpanic(\"x\")\n}\n", "a value of a type with a String"},
		{"a compiled interface holding a Stringer of the package printed", "type Sq struct{ S int }\n\nfunc (s Sq) String() string { return \"sq\" }\n\nfunc f() string { var s fmt.Stringer = Sq{1}; return fmt.Sprint(s) }\n", "a value of a type with a String"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runPass(t, func(f *folder) (bool, []diagnostic) {
				f.detect = true
				return detectDiffering(f)
			}, true, "a.go", head+tt.src)
			var got string
			if len(r.diags) > 0 {
				_, got, _ = strings.Cut(r.diags[0], ": ")
			}
			if tt.want == "" && got != "" || tt.want != "" && !strings.HasPrefix(got, tt.want) {
				t.Errorf("found %q, want %q", got, tt.want)
			}
			if got != "" && !strings.HasSuffix(got, DiffersMarker) {
				t.Errorf("message %q does not end with DiffersMarker", got)
			}
		})
	}
	// Off, or in another module's code, nothing is refused.
	src := head + tests[0].src // a typed nil
	if r := runPass(t, detectDiffering, true, "a.go", src); len(r.diags) != 0 {
		t.Errorf("detection off: %q", r.diags)
	}
	if r := runPass(t, func(f *folder) (bool, []diagnostic) { f.detect = true; return detectDiffering(f) }, false, "a.go", src); len(r.diags) != 0 {
		t.Errorf("other module's code: %q", r.diags)
	}
}

// TestLanguageDetectors checks the detectors of detect_language.go, each
// on a program using its construct and on a close one that does not.
func TestLanguageDetectors(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // the start of the construct found; "" for none
	}{
		{"deferred literal using the loop variable", "func f() (out []int) {\n\tfor i := 0; i < 3; i++ {\n\t\tdefer func() { out = append(out, i) }()\n\t}\n\treturn\n}\n", ""},
		{"deferred literal changing the loop variable", "func f() (out []int) {\n\tfor i := 0; i < 3; i++ {\n\t\tdefer func() { i *= 2; out = append(out, i) }()\n\t}\n\treturn\n}\n", "a deferred function literal"},
		// A deferred literal in a function literal of the loop's body runs
		// when a call of that literal returns, in its own frame.
		{"deferred literal in a goroutine of a loop", "func f(xs []int, errs []any) {\n\tfor i, x := range xs {\n\t\tgo func() {\n\t\t\tdefer func() {\n\t\t\t\tif r := recover(); r != nil {\n\t\t\t\t\terrs[i] = r\n\t\t\t\t}\n\t\t\t}()\n\t\t\t_ = x\n\t\t}()\n\t}\n}\n", ""},
		{"deferred literal changing the loop's variable in a function literal of a loop", "func f(xs []int) (out []int) {\n\tfor _, x := range xs {\n\t\tfunc() {\n\t\t\tdefer func() { x++; out = append(out, x) }()\n\t\t}()\n\t}\n\treturn\n}\n", ""},
		{"deferred literal changing the variable of a loop in a function literal", "func f(xs []int) (out []int) {\n\tfunc() {\n\t\tfor _, x := range xs {\n\t\t\tdefer func() { x++; out = append(out, x) }()\n\t\t}\n\t}()\n\treturn\n}\n", "a deferred function literal"},
		{"deferred literal using a variable of the loop's body", "type res struct{ n int }\n\nfunc (r *res) Close() {}\n\nfunc f(xs []int) {\n\tfor _, x := range xs {\n\t\tif x > 0 {\n\t\t\tr := &res{x}\n\t\t\tdefer func() { r.Close() }()\n\t\t}\n\t}\n}\n", ""},
		{"deferred literal calling a pointer method of a struct declared in the loop's body", "type res struct{ n int }\n\nfunc (r *res) Close() {}\n\nfunc f(xs []int) {\n\tfor _, x := range xs {\n\t\tr := res{x}\n\t\tdefer func() { r.Close() }()\n\t}\n}\n", "a deferred function literal"},
		{"deferred literal using a variable declared with var in a three-clause loop", "func f() (out []int) {\n\tfor len(out) < 3 {\n\t\tvar n = len(out)\n\t\tdefer func() { out = append(out, n); n = 0 }()\n\t\tout = append(out, 0)\n\t}\n\treturn\n}\n", "a deferred function literal"},
		{"deferred literal using only the function's variables in a loop", "func f(xs []int) (out []int) {\n\tn := 0\n\tfor range xs {\n\t\tdefer func() { out = append(out, n) }()\n\t}\n\treturn\n}\n", ""},
		{"deferred literal using its own variable in a loop", "func f(xs []int) (out []int) {\n\tfor range xs {\n\t\tdefer func() { y := 1; out = append(out, y) }()\n\t}\n\treturn\n}\n", ""},
		// The deferredClosures pass makes the literals of a function
		// that defers calls in frames of their own.
		{"deferred literal calling a closure of its function", "func f() (out []string) {\n\tsay := func() string { return \"a\" }\n\tdefer func() { out = append(out, say()) }()\n\treturn\n}\n", ""},
		{"deferred literal calling a variable set to closures of its function", "func f(b bool) (out []string) {\n\tvar say func() string\n\tif b {\n\t\tsay = func() string { return \"a\" }\n\t} else {\n\t\tsay = func() string { return \"b\" }\n\t}\n\tdefer func() { out = append(out, say()) }()\n\treturn\n}\n", ""},
		{"deferred literal calling a closure set in a function literal", "func f() (out []string) {\n\tvar say func() string\n\tfunc() { say = func() string { return \"a\" } }()\n\tdefer func() { out = append(out, say()) }()\n\treturn\n}\n", "a deferred function literal calling a function value"},
		{"deferred literal calling a function's result", "func mk() func() string { return func() string { return \"a\" } }\n\nfunc f() (out []string) {\n\tsay := mk()\n\tdefer func() { out = append(out, say()) }()\n\treturn\n}\n", ""},
		{"deferred literal calling a function value's result", "func f(mk func() func() string) (out []string) {\n\tsay := mk()\n\tdefer func() { out = append(out, say()) }()\n\treturn\n}\n", "a deferred function literal calling a function value"},
		{"deferred literal calling a closure whose address is taken", "func set(p *func() string) {}\n\nfunc f() (out []string) {\n\tsay := func() string { return \"a\" }\n\tset(&say)\n\tdefer func() { out = append(out, say()) }()\n\treturn\n}\n", "a deferred function literal calling a function value"},
		{"deferred literal calling a parameter", "func f(cb func() string) (out []string) {\n\tdefer func() { out = append(out, cb()) }()\n\treturn\n}\n", ""},
		{"deferred literal calling its own closure", "func f() (out []string) {\n\tdefer func() {\n\t\tsay := func() string { return \"a\" }\n\t\tout = append(out, say())\n\t}()\n\treturn\n}\n", ""},
		{"deferred literal given the loop variable", "func f() (out []int) {\n\tfor i := 0; i < 3; i++ {\n\t\tdefer func(n int) { out = append(out, n) }(i)\n\t}\n\treturn\n}\n", ""},
		{"deferred literal in a range loop", "func f(xs []int) (out []int) {\n\tfor _, x := range xs {\n\t\tdefer func() { out = append(out, x) }()\n\t}\n\treturn\n}\n", ""},
		{"deferred literal in a range loop taking the variable's address", "func f(xs []int) (out []*int) {\n\tfor _, x := range xs {\n\t\tdefer func() { out = append(out, &x) }()\n\t}\n\treturn\n}\n", "a deferred function literal"},
		{"deferred literal in a range over a function", "func f(seq func(func(int) bool)) (out []int) {\n\tfor x := range seq {\n\t\tdefer func() { out = append(out, x) }()\n\t}\n\treturn\n}\n", ""},
		{"deferred literal in a range over a function, using an outer loop's variable", "func f(seq func(func(int) bool)) (out []int) {\n\tfor i := 0; i < 2; i++ {\n\t\tfor range seq {\n\t\t\tdefer func() { out = append(out, i) }()\n\t\t}\n\t}\n\treturn\n}\n", "a deferred function literal"},
		{"recovered error", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f() (err error) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\terr, _ = r.(error)\n\t\t}\n\t}()\n\tpanic(&E{})\n}\n", "a value recovered from a panic"},
		{"recovered error, panics of errors and strings only", "import \"fmt\"\n\ntype E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc g(err error) { panic(err) }\n\nfunc f() (err error) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\terr, _ = r.(error)\n\t\t}\n\t}()\n\tif err != nil {\n\t\tpanic(fmt.Errorf(\"w: %w\", &E{}))\n\t}\n\tpanic(\"x\")\n}\n", ""},
		{"recovered error, a panic of an error converted", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f() (err error) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\terr, _ = r.(error)\n\t\t}\n\t}()\n\tpanic(error(&E{}))\n}\n", "a value recovered from a panic"},
		{"recovered error, a panic of an any", "type E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc f(v any) (err error) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\terr, _ = r.(error)\n\t\t}\n\t}()\n\tpanic(v)\n}\n", "a value recovered from a panic"},
		{"recovered error, no Error method", "func f() (err error) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\terr, _ = r.(error)\n\t\t}\n\t}()\n\tpanic(\"x\")\n}\n", ""},
		{"flag.Var of a route type", "import \"flag\"\n\ntype level int\n\nfunc (l *level) String() string { return \"\" }\nfunc (l *level) Set(string) error { return nil }\n\nfunc f(fs *flag.FlagSet) {\n\tvar l level\n\tfs.Var(&l, \"level\", \"\")\n}\n", "a value of a type of your code handed to package flag"},
		{"flag.TextVar of a route type", "import \"flag\"\n\ntype P struct{ s string }\n\nfunc (p P) MarshalText() ([]byte, error) { return nil, nil }\nfunc (p *P) UnmarshalText([]byte) error { return nil }\n\nfunc f() {\n\tvar p P\n\tflag.TextVar(&p, \"p\", P{}, \"\")\n}\n", "a value of a type of your code handed to package flag"},
		{"flag values of the standard library", "import (\n\t\"flag\"\n\t\"net\"\n)\n\ntype T struct{ N int }\n\nfunc f(fs *flag.FlagSet) {\n\tvar ip net.IP\n\tfs.TextVar(&ip, \"ip\", net.IPv4(1, 2, 3, 4), \"\")\n\tfs.Func(\"x\", \"\", func(string) error { return nil })\n}\n", ""},
		{"fs.WalkDir of a file system whose files list directories", "import (\n\t\"io/fs\"\n\t\"strings\"\n)\n\ntype FS map[string]string\n\ntype file struct{ r *strings.Reader }\n\nfunc (file) Stat() (fs.FileInfo, error) { return nil, nil }\nfunc (f file) Read(p []byte) (int, error) { return f.r.Read(p) }\nfunc (file) Close() error { return nil }\n\nfunc (m FS) Open(name string) (fs.File, error) { return file{strings.NewReader(m[name])}, nil }\n\nfunc (file) ReadDir(int) ([]fs.DirEntry, error) { return nil, nil }\n\nfunc f() { fs.WalkDir(FS{}, \".\", nil) }\n", "a file system of your code"},
		{"fs.ReadFile of a file system with its own ReadFile", "import (\n\t\"io/fs\"\n\t\"strings\"\n)\n\ntype FS map[string]string\n\ntype file struct{ r *strings.Reader }\n\nfunc (file) Stat() (fs.FileInfo, error) { return nil, nil }\nfunc (f file) Read(p []byte) (int, error) { return f.r.Read(p) }\nfunc (file) Close() error { return nil }\n\nfunc (m FS) Open(name string) (fs.File, error) { return file{strings.NewReader(m[name])}, nil }\n\nfunc (m FS) ReadFile(name string) ([]byte, error) { return []byte(m[name]), nil }\n\nfunc f() {\n\tvar fsys fs.FS = FS{}\n\tfs.ReadFile(fsys, \"a\")\n}\n", "a file system of your code"},
		{"fs.ReadFile of a file system of plain files", "import (\n\t\"io/fs\"\n\t\"strings\"\n)\n\ntype FS map[string]string\n\ntype file struct{ r *strings.Reader }\n\nfunc (file) Stat() (fs.FileInfo, error) { return nil, nil }\nfunc (f file) Read(p []byte) (int, error) { return f.r.Read(p) }\nfunc (file) Close() error { return nil }\n\nfunc (m FS) Open(name string) (fs.File, error) { return file{strings.NewReader(m[name])}, nil }\n\nfunc f() { fs.ReadFile(FS{}, \"a\") }\n", ""},
		{"a Formatter with an Error method of another signature", "import \"fmt\"\n\ntype logger struct{}\n\nfunc (logger) Format(f fmt.State, verb rune) {}\nfunc (logger) Error(msg string) {}\n", "a type with a method named as one compiled code asks"},
		{"a Formatter that is an error", "import \"fmt\"\n\ntype E struct{}\n\nfunc (E) Format(f fmt.State, verb rune) {}\nfunc (E) Error() string { return \"\" }\n", ""},
		{"a reader with its own ReadRune", "type R struct{}\n\nfunc (*R) Read(p []byte) (int, error) { return 0, nil }\nfunc (*R) ReadRune() (rune, int, error) { return 0, 0, nil }\nfunc (*R) UnreadRune() error { return nil }\n", ""},
		{"an error with a Format method of another signature", "type E struct{}\n\nfunc (E) Error() string { return \"\" }\nfunc (E) Format(layout string) string { return layout }\n", "a type with a method named as one compiled code asks"},
		{"an error with a GoString method of another signature", "type E struct{}\n\nfunc (*E) Error() string { return \"\" }\nfunc (*E) GoString(indent int) string { return \"\" }\n", "a type with a method named as one compiled code asks"},
		{"an error with Format and GoString", "import \"fmt\"\n\ntype E struct{}\n\nfunc (E) Error() string { return \"\" }\nfunc (E) Format(s fmt.State, verb rune) {}\nfunc (E) GoString() string { return \"\" }\n", ""},
		{"a reader with a ReadRune of another signature", "type R struct{}\n\nfunc (*R) Read(p []byte) (int, error) { return 0, nil }\nfunc (*R) ReadRune() rune { return 0 }\n", "a type with a method named as one compiled code asks"},
		{"gob with MarshalBinary", "import \"encoding/gob\"\n\ntype V struct{ n int }\n\nfunc (v V) MarshalBinary() ([]byte, error) { return nil, nil }\n\nvar _ = gob.NewEncoder\n", "encoding/gob in a package with"},
		{"gob without marshal methods or struct types", "import \"encoding/gob\"\n\ntype V map[string]int\n\nvar _ = gob.NewEncoder\n", ""},
		{"gob in a package declaring a struct type", "import \"encoding/gob\"\n\ntype V struct{ N int }\n\nvar _ = gob.NewEncoder\n", "encoding/gob in a package declaring struct types"},
		{"recursive struct with the package's interface", "type Routes interface{ Routes() []*node }\n\ntype nodes []*node\n\ntype node struct {\n\tchildren [4]nodes\n\tsub Routes\n}\n", "a recursive struct type with a field of an interface type"},
		{"recursive struct without an interface", "type nodes []*node\n\ntype node struct {\n\tchildren [4]nodes\n\terr error\n}\n", ""},
		{"interface field of a struct that is not recursive", "type Routes interface{ Routes() []string }\n\ntype node struct{ sub Routes }\n", ""},
		{"slice of functions of the struct", "type Server struct {\n\tport  int\n\thooks []func(*Server) error\n}\n", "a struct type with a field holding functions"},
		{"map of functions of the struct", "type C struct{ m map[string]func(c *C) int }\n", "a struct type with a field holding functions"},
		{"slice of a named function type of the struct", "type Hook func(*D) int\n\ntype D struct{ hooks []Hook }\n", "a struct type with a field holding functions"},
		{"named slice of functions of the struct", "type Hooks [2]func(E) int\n\ntype E struct{ hooks Hooks }\n", "a struct type with a field holding functions"},
		{"function field of the struct", "type A struct{ f func(*A) int }\n", ""},
		{"slice of functions of another struct", "type Ev struct{ src *N }\n\ntype N struct{ hs []func(*Ev) int }\n", ""},
		{"slice of functions of basic types", "type M struct {\n\tfs  []func(int) int\n\town *M\n}\n", ""},
		{"reflect with types", "import \"reflect\"\n\ntype U struct{ ID int }\n\nvar _ = reflect.TypeOf(U{})\n", "reflect in a package declaring types"},
		{"reflect without types", "import \"reflect\"\n\nvar _ = reflect.TypeOf(1)\n", ""},
		{"reflect.DeepEqual of a plain type", "import \"reflect\"\n\ntype P struct {\n\tx   []int\n\tm   map[string]*P2\n}\n\ntype P2 struct{ n [2]float64 }\n\nfunc eq(a, b P) bool { return reflect.DeepEqual(a, b) }\n", ""},
		{"reflect.DeepEqual of a type holding an interface", "import \"reflect\"\n\ntype R struct{ err error }\n\nfunc eq(a, b R) bool { return reflect.DeepEqual(a, b) }\n", "reflect in a package declaring types"},
		{"reflect.DeepEqual of a recursive type", "import \"reflect\"\n\ntype N struct{ next *N }\n\nfunc eq(a, b *N) bool { return reflect.DeepEqual(a, b) }\n", "reflect in a package declaring types"},
		{"reflect.DeepEqual of two types", "import \"reflect\"\n\ntype C float64\n\nfunc eq(a C, b float64) bool { return reflect.DeepEqual(a, b) }\n", "reflect in a package declaring types"},
		{"reflect.DeepEqual beside another reflect use", "import \"reflect\"\n\ntype U struct{ ID int }\n\nfunc eq(a, b U) bool { return reflect.DeepEqual(a, b) && reflect.TypeOf(a) != nil }\n", "reflect in a package declaring types"},
		{"reflect of an any", "import \"reflect\"\n\nfunc Kind(v any) string { return reflect.ValueOf(v).Type().String() }\n", "reflect.TypeOf or reflect.ValueOf of a value whose type the interpreter declares"},
		{"reflect of a local type", "import \"reflect\"\n\nfunc f() string {\n\ttype row struct{ A int }\n\treturn reflect.TypeOf(row{}).Name()\n}\n", "reflect.TypeOf or reflect.ValueOf of a value whose type the interpreter declares"},
		{"reflect of a struct with an unexported field", "import \"reflect\"\n\nvar _ = reflect.TypeOf(struct{ a, B int }{})\n", "reflect.TypeOf or reflect.ValueOf of a value whose type the interpreter declares"},
		{"reflect of compiled types", "import (\n\t\"reflect\"\n\t\"strings\"\n\t\"time\"\n)\n\nvar _ = reflect.TypeOf(strings.Cut)\n\nvar _ = reflect.ValueOf(&http.Cookie{})\n\nvar _ = reflect.TypeFor[*time.Time]()\n\nvar _ = reflect.TypeOf(struct{ A []string }{})\n", ""},
		{"case of a basic named type", "type Temp float64\n\nfunc f(v any) bool {\n\tswitch v.(type) {\n\tcase Temp:\n\t\treturn true\n\t}\n\treturn false\n}\n", "a type switch with a case of a type the package declares on a basic type"},
		{"case of a struct type", "type T struct{}\n\nfunc f(v any) bool {\n\tswitch v.(type) {\n\tcase T:\n\t\treturn true\n\t}\n\treturn false\n}\n", ""},
		{"method promoted from two depths", "type embedded string\n\nfunc (s embedded) val() string { return string(s) }\n\ntype A struct{ embedded }\n\ntype B struct {\n\tA\n\tembedded\n}\n", "a struct type whose embedded fields promote"},
		{"field promoted from two depths", "type Meta struct{ ID int }\n\ntype Base struct{ Meta }\n\ntype Row struct {\n\tBase\n\tKey struct{ ID string }\n\tOther\n}\n\ntype Other struct{ ID string }\n", "a struct type whose embedded fields promote"},
		{"method the struct declares itself", "type Inner struct{}\n\nfunc (Inner) Name() string { return \"inner\" }\n\ntype Outer struct{ Inner }\n\nfunc (Outer) Name() string { return \"outer\" }\n", ""},
		{"methods promoted from one depth", "import \"sync\"\n\ntype Base struct{ ID int }\n\ntype Store struct {\n\tsync.Mutex\n\tBase\n}\n", ""},
		{"recursive embedding", "type T struct {\n\t*T\n\tn int\n}\n", ""},
		{"method an embedded type declares over a deeper one", "type Base struct{ ID int }\n\nfunc (Base) Kind() string { return \"base\" }\n\ntype Mid struct{ *Base }\n\nfunc (Mid) Kind() string { return \"mid\" }\n\ntype Top struct{ Mid }\n", ""},
		{"shallower method in a later field", "type Inner struct{}\n\nfunc (Inner) Name() string { return \"inner\" }\n\ntype Other struct{}\n\nfunc (Other) Name() string { return \"other\" }\n\ntype Mid struct{ Inner }\n\ntype Top struct {\n\tMid\n\tOther\n}\n", "a struct type whose embedded fields promote"},
		{"shallower method in an earlier field", "type Inner struct{}\n\nfunc (Inner) Name() string { return \"inner\" }\n\ntype Other struct{}\n\nfunc (Other) Name() string { return \"other\" }\n\ntype Mid struct{ Inner }\n\ntype Top struct {\n\tOther\n\tMid\n}\n", ""},
		{"nil among the types of a switch on a call", "func get() any { return nil }\n\nfunc f() any {\n\tswitch v := get().(type) {\n\tcase int, nil:\n\t\treturn v\n\t}\n\treturn 0\n}\n", ""}, // the typeSwitches pass evaluates the call once
		{"nil among the types of a switch on a name", "func f(x any) any {\n\tswitch v := x.(type) {\n\tcase int, nil:\n\t\treturn v\n\t}\n\treturn 0\n}\n", ""},
		{"assertion to an interface", "type Namer interface{ Name() string }\n\nfunc f(v any) string { return v.(Namer).Name() }\n", "a type assertion without a second result"},
		{"assertion to an interface literal", "func f(err error) error { return err.(interface{ Unwrap() error }).Unwrap() }\n", "a type assertion without a second result"},
		{"comma-ok assertion", "type Namer interface{ Name() string }\n\nfunc f(v any) bool {\n\tn, ok := v.(Namer)\n\t_ = n\n\tvar m, ok2 = (v.(Namer))\n\t_ = m\n\treturn ok && ok2\n}\n", "a type assertion with a second result"},
		{"comma-ok assertion of an error to a literal", "func f(err error) int {\n\tif m, ok := err.(interface{ Unwrap() []error }); ok {\n\t\treturn len(m.Unwrap())\n\t}\n\treturn 0\n}\n", "a type assertion with a second result"},
		{"comma-ok assertion between the package's interfaces", "type Namer interface{ Name() string }\n\ntype Entity interface{ ID() int }\n\nfunc f(e Entity) bool {\n\t_, ok := e.(Namer)\n\treturn ok\n}\n", ""},
		{"slog of a struct with an unexported field", "import \"log/slog\"\n\ntype Req struct {\n\tPath  string\n\ttoken string\n}\n\nfunc f() { slog.Info(\"x\", \"r\", Req{}) }\n", "a value of a struct type with unexported or embedded fields"},
		{"slog of a pointer to a struct holding one", "import \"log/slog\"\n\ntype Req struct{ token string }\n\ntype Outer struct{ R Req }\n\nfunc f() { slog.Info(\"x\", slog.Any(\"o\", &Outer{})) }\n", "a value of a struct type with unexported or embedded fields"},
		{"slog of a struct embedding one", "import \"log/slog\"\n\ntype Base struct{ ID int }\n\ntype User struct {\n\tBase\n\tName string\n}\n\nfunc f() { slog.Info(\"x\", \"u\", User{}) }\n", "a value of a struct type with unexported or embedded fields"},
		{"slog of a type with MarshalJSON", "import \"log/slog\"\n\ntype Temp float64\n\nfunc (Temp) MarshalJSON() ([]byte, error) { return nil, nil }\n\nfunc f() { slog.Info(\"x\", \"t\", Temp(1)) }\n", "a value of a struct type with unexported or embedded fields"},
		{"slog of an exported struct", "import \"log/slog\"\n\ntype Req struct{ Path string }\n\nfunc f() { slog.Info(\"x\", \"r\", Req{}) }\n", ""},
		{"slog.New of a handler with unexported fields", "import (\n\t\"context\"\n\t\"log/slog\"\n)\n\ntype h struct{ next slog.Handler }\n\nfunc (h) Enabled(context.Context, slog.Level) bool { return true }\nfunc (x h) Handle(c context.Context, r slog.Record) error { return x.next.Handle(c, r) }\nfunc (x h) WithAttrs(a []slog.Attr) slog.Handler { return h{x.next.WithAttrs(a)} }\nfunc (x h) WithGroup(n string) slog.Handler { return h{x.next.WithGroup(n)} }\n\nfunc f() { slog.New(h{slog.Default().Handler()}).Info(\"x\") }\n", ""},
		{"slog.Group of a struct with an unexported field", "import \"log/slog\"\n\ntype Req struct{ token string }\n\nfunc f() { slog.Info(\"x\", slog.Group(\"g\", \"r\", Req{})) }\n", "a value of a struct type with unexported or embedded fields"},
		{"slog of a LogValuer", "import \"log/slog\"\n\ntype Req struct{ token string }\n\nfunc (Req) LogValue() slog.Value { return slog.StringValue(\"r\") }\n\nfunc f() { slog.Info(\"x\", \"r\", Req{}) }\n", ""},
		{"slog of a LogValuer in an any", "import \"log/slog\"\n\ntype Req struct{ Token string }\n\nfunc (Req) LogValue() slog.Value { return slog.StringValue(\"r\") }\n\nfunc f() {\n\tvar v any = Req{}\n\tslog.Info(\"x\", \"r\", v)\n}\n", "a value that may be of a type with a LogValue method"},
		{"slog of a spread beside a LogValuer", "import \"log/slog\"\n\ntype Req struct{ Token string }\n\nfunc (Req) LogValue() slog.Value { return slog.StringValue(\"r\") }\n\nfunc info(msg string, kv ...any) { slog.Info(msg, kv...) }\n", "a value that may be of a type with a LogValue method"},
		{"slog of an error beside a LogValuer", "import \"log/slog\"\n\ntype Req struct{ Token string }\n\nfunc (Req) LogValue() slog.Value { return slog.StringValue(\"r\") }\n\nfunc f(err error) { slog.Info(\"x\", \"err\", err, \"r\", Req{}) }\n", ""},
		{"slog of a spread without a LogValuer", "import \"log/slog\"\n\nfunc info(msg string, kv ...any) { slog.Info(msg, kv...) }\n", ""},
		{"struct embedding time.Time alone", "import \"time\"\n\ntype Date struct{ time.Time }\n", "a struct type embedding a type of the standard library"},
		{"struct embedding *strings.Builder alone", "import \"strings\"\n\ntype Log struct{ *strings.Builder }\n", "a struct type embedding a type of the standard library"},
		{"struct embedding time.Time among others", "import \"time\"\n\ntype Stamp struct {\n\ttime.Time\n\tSeq int\n}\n", "a struct type embedding a type of the standard library"},
		{"struct embedding sync.Mutex alone", "import \"sync\"\n\ntype Guard struct{ sync.Mutex }\n", ""},
		{"struct embedding a ResponseWriter among others", "import \"net/http\"\n\ntype rec struct {\n\thttp.ResponseWriter\n\tstatus int\n}\n", ""},
		{"struct embedding its package's type", "type Base struct{ ID int }\n\nfunc (Base) String() string { return \"b\" }\n\ntype User struct{ Base }\n", ""},
		{"xml with an embedded struct", "import \"encoding/xml\"\n\ntype Base struct{ ID int }\n\ntype Item struct {\n\tBase\n\tName string\n}\n\nfunc f() ([]byte, error) { return xml.Marshal(Item{}) }\n", "encoding/xml in a package with"},
		{"xml with a MarshalXML method", "import \"encoding/xml\"\n\ntype Tags []string\n\nfunc (t Tags) MarshalXML(e *xml.Encoder, s xml.StartElement) error { return nil }\n\nfunc f(b []byte, t *Tags) error { return xml.Unmarshal(b, t) }\n", "encoding/xml in a package with"},
		{"xml of plain structs", "import \"encoding/xml\"\n\ntype Item struct{ Name string }\n\nfunc f() ([]byte, error) { return xml.Marshal(Item{}) }\n", ""},
		{"runtime.Caller", "import \"runtime\"\n\nfunc f() int { _, _, line, _ := runtime.Caller(0); return line }\n", "the caller's file, line or function"},
		{"runtime.FuncForPC as a value", "import rt \"runtime\"\n\nvar name = rt.FuncForPC\n", "the caller's file, line or function"},
		{"debug.Stack", "import \"runtime/debug\"\n\nfunc f() string { return string(debug.Stack()) }\n", "the caller's file, line or function"},
		{"log with Lshortfile", "import (\n\t\"io\"\n\t\"log\"\n)\n\nfunc f(w io.Writer) *log.Logger { return log.New(w, \"\", log.LstdFlags|log.Lshortfile) }\n", "the caller's file, line or function"},
		{"log without a file flag", "import (\n\t\"io\"\n\t\"log\"\n\t\"runtime\"\n)\n\nfunc f(w io.Writer) *log.Logger { _ = runtime.GOOS; return log.New(w, \"\", log.LstdFlags|log.Lmsgprefix) }\n", ""},
		{"slog with AddSource", "import (\n\t\"io\"\n\t\"log/slog\"\n)\n\nfunc f(w io.Writer) slog.Handler { return slog.NewTextHandler(w, &slog.HandlerOptions{AddSource: true}) }\n", "the caller's file, line or function"},
		{"slog options set AddSource", "import (\n\t\"io\"\n\t\"log/slog\"\n)\n\nfunc f(w io.Writer) slog.Handler { var o slog.HandlerOptions; o.AddSource = true; return slog.NewJSONHandler(w, &o) }\n", "the caller's file, line or function"},
		{"slog without AddSource", "import (\n\t\"io\"\n\t\"log/slog\"\n)\n\nfunc f(w io.Writer) slog.Handler { return slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}) }\n", ""},
		{"comma-ok assertion to a standard interface", "import \"io\"\n\nfunc f(v any) bool {\n\t_, ok := v.(io.WriterTo)\n\treturn ok\n}\n", ""},
		{"assertion to a concrete type", "func f(v any) string { return v.(string) }\n", ""},
		{"assertion to a standard interface", "import \"net/http\"\n\nfunc f(w http.ResponseWriter) { w.(http.Flusher).Flush() }\n", ""},
		{"assertion to a standard interface a type lacks", "import \"fmt\"\n\ntype T struct{}\n\nfunc f(v any) string { return v.(fmt.Stringer).String() }\n", "a type assertion without a second result"},
		{"comma-ok assertion to the underlying type of a named type", "type Celsius float64\n\nfunc f(v any) bool {\n\t_, ok := v.(float64)\n\treturn ok\n}\n", "a type assertion or type switch case to a type the interpreter cannot tell"},
		{"assertion to a named non-struct type", "type Celsius float64\n\nfunc f(v any) Celsius { return v.(Celsius) }\n", "a type assertion or type switch case to a type the interpreter cannot tell"},
		{"assertion to a pointer to a named non-struct type", "type IDs []int\n\nfunc f(v any) *IDs { return v.(*IDs) }\n", "a type assertion or type switch case to a type the interpreter cannot tell"},
		{"type switch case of look-alike struct types", "type T struct{ n int }\n\ntype V struct{ n int }\n\nfunc f(v any) bool {\n\tswitch v.(type) {\n\tcase T:\n\t\treturn true\n\t}\n\treturn false\n}\n", "a type assertion or type switch case to a type the interpreter cannot tell"},
		{"assertion to a struct type unlike the others", "type T struct{ n int }\n\ntype V struct{ s string }\n\nfunc f(v any) T {\n\tt, _ := v.(T)\n\treturn t\n}\n", ""},
		{"assertion to a compiled named type", "import \"time\"\n\ntype D int64\n\nfunc f(v any) bool {\n\t_, ok := v.(time.Duration)\n\treturn ok\n}\n", ""},
		{"assertion to a basic type no named type has", "type Celsius float64\n\nfunc f(v any) bool {\n\t_, ok := v.(int)\n\treturn ok\n}\n", ""},
		{"failed assertion among empty structs", "type A struct{}\n\ntype B struct{}\n\nfunc f(v any) int { return v.(int) }\n", "a type assertion without a second result to a concrete type, in a package declaring struct types with the same fields"},
		{"failed assertion among structs whose tags differ", "type A struct {\n\tPage   int\n\tFruits []string\n}\n\ntype B struct {\n\tPage   int      `json:\"page\"`\n\tFruits []string `json:\"fruits\"`\n}\n\nfunc f(v any) float64 { return v.(float64) }\n", ""},
		{"failed assertion among structs whose unexported fields' tags differ", "type A struct{ page int `json:\"a\"` }\n\ntype B struct{ page int `json:\"b\"` }\n\nfunc f(v any) float64 { return v.(float64) }\n", "a type assertion without a second result to a concrete type, in a package declaring struct types with the same fields"},
		{"failed assertion among structs whose tags differ in spacing", "type A struct{ N int `json:\"n\"` }\n\ntype B struct{ N int `json:\"n\"  ` }\n\nfunc f(v any) float64 { return v.(float64) }\n", "a type assertion without a second result to a concrete type, in a package declaring struct types with the same fields"},
		{"type switch case of struct types whose tags differ", "type T struct{ N int `json:\"n\"` }\n\ntype V struct{ N int }\n\nfunc f(v any) bool {\n\tswitch v.(type) {\n\tcase T:\n\t\treturn true\n\t}\n\treturn false\n}\n", ""},
		{"comma-ok assertion among empty structs", "type A struct{}\n\ntype B struct{}\n\nfunc f(v any) bool {\n\t_, ok := v.(int)\n\treturn ok\n}\n", ""},
		{"value type held in a standard interface", "import \"io\"\n\ntype W struct{}\n\nfunc (W) Write(p []byte) (int, error) { return len(p), nil }\n\nfunc f(w io.Writer) bool {\n\t_, ok := w.(W)\n\treturn ok\n}\n", "a type assertion or type switch case of a value held in a compiled interface"},
		{"value error struct asserted from an error", "type V struct{ n int }\n\nfunc (V) Error() string { return \"v\" }\n\nfunc f(err error) (int, bool) {\n\tv, ok := err.(V)\n\treturn v.n + err.(V).n, ok\n}\n", ""},
		{"value error struct in a type switch on an error", "type V struct{ n int }\n\nfunc (V) Error() string { return \"v\" }\n\nfunc f(err error) bool {\n\tswitch err.(type) {\n\tcase V:\n\t\treturn true\n\t}\n\treturn false\n}\n", ""},
		{"value type in a type switch on a standard interface", "import \"io\"\n\ntype W struct{}\n\nfunc (W) Write(p []byte) (int, error) { return len(p), nil }\n\nfunc f(w io.Writer) bool {\n\tswitch w.(type) {\n\tcase W:\n\t\treturn true\n\t}\n\treturn false\n}\n", "a type assertion or type switch case of a value held in a compiled interface"},
		{"value case on a parameter of the package's interface", "type Shape interface{ Area() float64 }\n\ntype Sq struct{}\n\nfunc (Sq) Area() float64 { return 1 }\n\nfunc f(s Shape) bool {\n\tswitch s.(type) {\n\tcase Sq:\n\t\treturn true\n\t}\n\treturn false\n}\n", ""},
		{"value case on a parameter whose type names another parameter", "type Shape interface{ Area() float64 }\n\ntype Sq struct{}\n\nfunc (Sq) Area() float64 { return 1 }\n\nfunc f(Shape int, s Shape) bool {\n\tswitch s.(type) {\n\tcase Sq:\n\t\treturn true\n\t}\n\treturn false\n}\n", "a type assertion or type switch case to a non-pointer type of interpreted code, of a parameter"},
		{"value assertion on a parameter of the package's interface", "type Shape interface{ Area() float64 }\n\ntype Sq struct{}\n\nfunc (Sq) Area() float64 { return 1 }\n\nfunc f(s Shape) bool {\n\t_, ok := s.(Sq)\n\treturn ok\n}\n", ""},
		{"pointer case on a parameter of the package's interface", "type Shape interface{ Area() float64 }\n\ntype Sq struct{}\n\nfunc (*Sq) Area() float64 { return 1 }\n\nfunc f(s Shape) bool {\n\tswitch s.(type) {\n\tcase *Sq:\n\t\treturn true\n\t}\n\treturn false\n}\n", ""},
		{"value case on a local of the package's interface", "type Shape interface{ Area() float64 }\n\ntype Sq struct{}\n\nfunc (Sq) Area() float64 { return 1 }\n\nfunc mk() Shape { return Sq{} }\n\nfunc f() bool {\n\ts := mk()\n\t_, ok := s.(Sq)\n\treturn ok\n}\n", ""},
		{"value case on a parameter of type any", "type Sq struct{}\n\nfunc f(v any) bool {\n\t_, ok := v.(Sq)\n\treturn ok\n}\n", ""},
		{"pointer type held in a standard interface", "import \"io\"\n\ntype W struct{}\n\nfunc (*W) Write(p []byte) (int, error) { return len(p), nil }\n\nfunc f(w io.Writer) bool {\n\t_, ok := w.(*W)\n\treturn ok\n}\n", ""},
		{"fallthrough into a default clause not last", "func f(n int) (s string) {\n\tswitch {\n\tcase n > 1:\n\t\tfallthrough\n\tdefault:\n\t\ts = \"d\"\n\tcase n < 0:\n\t}\n\treturn\n}\n", "a switch whose default clause is not its last"},
		{"fallthrough out of a default clause not last", "func f(n int) (s string) {\n\tswitch n {\n\tdefault:\n\t\tfallthrough\n\tcase 1:\n\t\ts = \"1\"\n\t}\n\treturn\n}\n", "a switch whose default clause is not its last"},
		{"fallthrough into the last clause of a tag switch", "func f(n int) (s string) {\n\tswitch n {\n\tdefault:\n\tcase 1:\n\t\tfallthrough\n\tcase 2:\n\t\ts = \"2\"\n\t}\n\treturn\n}\n", "a switch whose default clause is not its last"},
		{"fallthrough into the last clause of a switch without a tag", "func f(n int) (s string) {\n\tswitch {\n\tdefault:\n\tcase n == 1:\n\t\tfallthrough\n\tcase n == 2:\n\t\ts = \"2\"\n\t}\n\treturn\n}\n", ""},
		{"variable cases after a default clause", "func f(n, a, b int) int {\n\tswitch n {\n\tdefault:\n\t\treturn 0\n\tcase a:\n\t\treturn 1\n\tcase b:\n\t\treturn 2\n\t}\n}\n", "a switch whose default clause is not its last"},
		{"constant cases after a default clause", "func f(n int) int {\n\tswitch n {\n\tdefault:\n\t\treturn 0\n\tcase 1:\n\t\treturn 1\n\tcase 2:\n\t\treturn 2\n\t}\n}\n", ""},
		{"one variable case after a default clause", "func f(n, a int) int {\n\tswitch n {\n\tcase 1:\n\t\treturn 1\n\tdefault:\n\t\treturn 0\n\tcase a:\n\t\treturn 2\n\t}\n}\n", ""},
		{"value Error in slices.Contains", "import \"slices\"\n\ntype V struct{ n int }\n\nfunc (V) Error() string { return \"v\" }\n\nfunc f(errs []error, err error) bool { return slices.Contains(errs, err) }\n", "an error value compared"},
		{"slices.Contains of strings beside a value Error", "import \"slices\"\n\ntype V struct{ n int }\n\nfunc (V) Error() string { return \"v\" }\n\nfunc f(s []string) bool { return slices.Contains(s, \"a\") }\n", ""},
		{"assertion to string beside a context key type", "import \"context\"\n\ntype ctxKey string\n\nconst idKey ctxKey = \"id\"\n\nfunc f(ctx context.Context) string {\n\tctx = context.WithValue(ctx, idKey, \"x\")\n\tctx = context.WithValue(ctx, ctxKey(\"other\"), 1)\n\ts, _ := ctx.Value(idKey).(string)\n\tif idKey == ctxKey(\"id\") {\n\t\treturn s\n\t}\n\treturn \"\"\n}\n", ""},
		{"assertion to string beside a key type also put in an any", "import \"context\"\n\ntype ctxKey string\n\nconst idKey ctxKey = \"id\"\n\nfunc f(ctx context.Context) string {\n\tvar v any = idKey\n\tctx = context.WithValue(ctx, idKey, v)\n\ts, _ := ctx.Value(idKey).(string)\n\treturn s\n}\n", "a type assertion or type switch case to a type the interpreter cannot tell"},
		{"assertion to string beside an exported key type", "import \"context\"\n\ntype CtxKey string\n\nfunc f(ctx context.Context) string {\n\ts, _ := ctx.Value(CtxKey(\"id\")).(string)\n\treturn s\n}\n", "a type assertion or type switch case to a type the interpreter cannot tell"},
		{"assertion to string beside a key type with a method", "import \"context\"\n\ntype ctxKey string\n\nfunc (k ctxKey) String() string { return string(k) }\n\nfunc f(ctx context.Context) string {\n\ts, _ := ctx.Value(ctxKey(\"id\")).(string)\n\treturn s\n}\n", "a type assertion or type switch case to a type the interpreter cannot tell"},
		{"cap of an appended slice", "func f() int {\n\tvar s []int\n\ts = append(s, 1)\n\treturn cap(s)\n}\n", "cap of a slice"},
		{"cap of a converted string", "func f(x string) int { return cap([]rune(x)) }\n", "cap of a slice"},
		{"cap of a parameter", "func f(s []int) int { return cap(s) }\n", "cap of a slice"},
		{"cap of a slice whose address is taken", "func g(p *[]int) { *p = append(*p, 1) }\n\nfunc f() int {\n\ts := []int{1}\n\tg(&s)\n\treturn cap(s)\n}\n", "cap of a slice"},
		{"promoted method of an embedded logger through the package's interface", "import \"log\"\n\ntype printer interface{ Printf(string, ...any) }\n\ntype Service struct {\n\tName string\n\t*log.Logger\n}\n\nfunc f() {\n\ts := &Service{}\n\tvar p printer = s\n\tp.Printf(\"x\")\n}\n", "a value of a struct type embedding a type of the standard library, converted to an interface"},
		{"promoted method of an embedded builder as an argument", "import \"strings\"\n\ntype ws interface{ WriteString(string) (int, error) }\n\ntype S struct {\n\tN int\n\tstrings.Builder\n}\n\nfunc put(w ws) { w.WriteString(\"x\") }\n\nfunc f() { put(&S{}) }\n", "a value of a struct type embedding a type of the standard library, converted to an interface"},
		{"embedded writer handed as a standard interface", "import (\n\t\"bufio\"\n\t\"io\"\n)\n\ntype S struct {\n\tN int\n\t*bufio.Writer\n}\n\nfunc f() io.Writer { return &S{} }\n", ""},
		{"own method of a struct embedding a logger through the package's interface", "import \"log\"\n\ntype namer interface{ Name() string }\n\ntype Service struct {\n\tn string\n\t*log.Logger\n}\n\nfunc (s *Service) Name() string { return s.n }\n\nfunc f() namer { return &Service{} }\n", ""},
		{"cap of literals, makes and their slices", "func f(n int) int {\n\ts := []int{1, 2, 3}\n\tm := make([]int, n, 2*n)\n\tvar z []int\n\te := s[1:2]\n\te = e[:cap(e)]\n\tvar a [4]int\n\tc := make(chan int, 2)\n\treturn cap(s) + cap(m) + cap(z) + cap(e) + cap(a) + cap(c) + cap(a[1:]) + cap(s[:1:2])\n}\n", ""},
		{"cap right after a make, appended further on", "func f() int {\n\ts := make([]int, 3)\n\tn := cap(s)\n\ts = append(s, 1)\n\tif len(s) > 0 {\n\t\tn += cap(s[:0])\n\t}\n\treturn n\n}\n", "cap of a slice"},
		{"cap right after a make, before an append", "func f() int {\n\ts := make([]int, 3)\n\tn := cap(s)\n\ts = append(s, 1)\n\treturn n + len(s)\n}\n", ""},
		{"cap in a loop appending", "func f() (n int) {\n\ts := make([]int, 0, 2)\n\tfor i := 0; i < 3; i++ {\n\t\tn += cap(s)\n\t\ts = append(s, i)\n\t}\n\treturn\n}\n", "cap of a slice"},
		{"cap of a parameter every call gives", "func show(s []int) int { return cap(s) }\n\nfunc f() int {\n\ta := make([]int, 2, 5)\n\tb := a[:1]\n\tn := show(a) + show(b)\n\ta = append(a, 1)\n\treturn n + len(a)\n}\n", ""},
		{"cap of a parameter a call appends to", "func show(s []int) int { return cap(s) }\n\nfunc f() int {\n\tvar a []int\n\ta = append(a, 1)\n\treturn show(a)\n}\n", "cap of a slice"},
		{"cap of a parameter of a function value", "func show(s []int) int { return cap(s) }\n\nvar g = show\n\nfunc f() int { return show(nil) }\n", "cap of a slice"},
		{"cap of a parameter of an exported function", "func Show(s []int) int { return cap(s) }\n\nfunc f() int { return Show(nil) }\n", "cap of a slice"},
		{"cap after a method of a pointer appends", "type BS []byte\n\nfunc (p *BS) Add(b byte) { *p = append(*p, b) }\n\nfunc f() int {\n\tvar b BS\n\tb.Add(1)\n\treturn cap(b)\n}\n", "cap of a slice"},
		{"cap after a closure appends", "func f() int {\n\ts := make([]int, 1)\n\tadd := func() { s = append(s, 1) }\n\tadd()\n\ts = s[:1]\n\treturn cap(s)\n}\n", "cap of a slice"},
		{"cap after a case falls through", "func f(n int) int {\n\ts := make([]int, 1)\n\tswitch n {\n\tcase 1:\n\t\ts = append(s, 1)\n\t\tfallthrough\n\tcase 2:\n\t\treturn cap(s)\n\t}\n\ts = append(s, 2)\n\treturn 0\n}\n", "cap of a slice"},
		{"cap in a case after a make", "func f(n int) int {\n\ts := make([]int, 1)\n\tswitch n {\n\tcase 1:\n\t\ts = make([]int, 2)\n\t\treturn cap(s)\n\t}\n\ts = append(s, 2)\n\treturn len(s)\n}\n", ""},
		{"cap after an append in a loop body", "import (\n\t\"fmt\"\n\t\"strings\"\n)\n\nfunc f() string {\n\tvar b strings.Builder\n\tvar s []int\n\tfor i := 0; i < 10; i++ {\n\t\ts = append(s, i)\n\t\tfmt.Fprintf(&b, \"%d/%d \", len(s), cap(s))\n\t}\n\treturn b.String()\n}\n", "cap of a slice"},
		{"cap of a converted string held in a variable", "func f() int {\n\trs := []rune(\"h\u00e9llo\")\n\treturn cap(rs)\n}\n", "cap of a slice"},
		{"lead grow", "import (\n\t\"fmt\"\n\t\"net/http\"\n\t\"strings\"\n)\n\nfunc GET(w http.ResponseWriter, r *http.Request) {\n\tvar b strings.Builder\n\tvar s []int\n\tfor i := 0; i < 10; i++ {\n\t\ts = append(s, i)\n\t\tfmt.Fprintf(&b, \"%d/%d \", len(s), cap(s))\n\t}\n\trs := []rune(\"h\u00e9llo\")\n\tbs := []byte(\"hello, world\")\n\tfmt.Fprintln(&b, cap(rs), cap(bs))\n\tw.Write([]byte(b.String()))\n}\n", "cap of a slice"},
		{"cap of a chunk", "import \"slices\"\n\nfunc f(s []int) (n int) {\n\tfor c := range slices.Chunk(s, 2) {\n\t\tn += cap(c)\n\t}\n\treturn\n}\n", ""},
		{"assertion to a standard interface the types implement", "import \"fmt\"\n\ntype T struct{}\n\nfunc (T) String() string { return \"t\" }\n\nfunc f(v any) string { return v.(fmt.Stringer).String() }\n", "a type assertion to an interface of compiled code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runPass(t, func(f *folder) (bool, []diagnostic) {
				f.detect = true
				return detectDiffering(f)
			}, true, "a.go", "package p\n\n"+tt.src)
			var got string
			if len(r.diags) > 0 {
				_, got, _ = strings.Cut(r.diags[0], ": ")
			}
			if tt.want == "" && got != "" || tt.want != "" && !strings.HasPrefix(got, tt.want) {
				t.Errorf("found %q, want %q", got, tt.want)
			}
		})
	}
}

// TestDetectRequestJSON checks that a next.Request's JSON decodes, for
// the detectors, as json.Unmarshal does.
func TestDetectRequestJSON(t *testing.T) {
	// L is a struct type: a named non-struct type decodes otherwise by
	// itself (its errors name its underlying type).
	const src = "package p\n\nimport \"github.com/devserver/devserver/next\"\n\ntype L struct{ N int }\n\nfunc (l *L) UnmarshalText(b []byte) error { return nil }\n\nfunc f(req *next.Request) { var l L; req.JSON(&l) }\n"
	for _, withMethod := range []bool{true, false} {
		s := src
		if !withMethod {
			s = strings.Replace(s, "UnmarshalText", "Parse", 1)
		}
		r := runPass(t, func(f *folder) (bool, []diagnostic) {
			f.detect = true
			return detectDiffering(f)
		}, true, "a.go", s)
		found := len(r.diags) > 0 && strings.Contains(r.diags[0], "json decoding")
		if found != withMethod {
			t.Errorf("with UnmarshalText %v: found %v: %v", withMethod, found, r.diags)
		}
	}
}

// TestDetectPriorityQueue checks the detectors on the priority queue of
// container/heap's documentation, in a route's package: its Pop returns
// an item it assigned a field of, which is not nil, and its Push asserts
// values that cannot be of its named slice type, which the route never
// puts in an interface. Close variants run compiled.
func TestDetectPriorityQueue(t *testing.T) {
	const pq = "package route\n\nimport \"container/heap\"\n\ntype Item struct {\n\tvalue string\n\tindex int\n}\n\ntype PQ []*Item\n\nfunc (pq PQ) Len() int           { return len(pq) }\nfunc (pq PQ) Less(i, j int) bool { return pq[i].value < pq[j].value }\nfunc (pq PQ) Swap(i, j int)      { pq[i], pq[j] = pq[j], pq[i] }\n\nfunc (pq *PQ) Push(x any) {\n\titem := x.(*Item)\n\titem.index = len(*pq)\n\t*pq = append(*pq, item)\n}\n\nfunc (pq *PQ) Pop() any {\n\told := *pq\n\tn := len(old)\n\titem := old[n-1]\n\told[n-1] = nil\n\titem.index = -1\n\t*pq = old[0 : n-1]\n\treturn item\n}\n\nvar _ = heap.Init\n"
	for _, tc := range []struct {
		name, file, old, new, want string
	}{
		{"as documented", "route.go", "", "", ""},
		{"outside a route's package", "a.go", "", "", "a type assertion without a second result"},
		{"queue put in an interface", "route.go", "var _ = heap.Init\n", "var _ = heap.Init\n\nfunc f(pq PQ) any { return pq }\n", "a type assertion without a second result"},
		{"queue handed to a function of any", "route.go", "var _ = heap.Init\n", "var _ = heap.Init\n\nfunc f(pq PQ) { heap.Push(&pq, pq) }\n", "a type assertion without a second result"},
		{"item dereferenced only if not nil", "route.go", "\titem.index = -1\n", "\tif item != nil {\n\t\titem.index = -1\n\t}\n", "an interface holding a pointer"},
		{"item dereferenced after a label", "route.go", "\t*pq = old[0 : n-1]\n", "L:\n\t*pq = old[0 : n-1]\n\tif n < 0 {\n\t\tgoto L\n\t}\n", "an interface holding a pointer"},
		{"item assigned again", "route.go", "\t*pq = old[0 : n-1]\n", "\titem = old[0]\n\t*pq = old[0 : n-1]\n", "an interface holding a pointer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(pq, tc.old, tc.new, 1)
			r := runPass(t, func(f *folder) (bool, []diagnostic) {
				f.detect = true
				return detectDiffering(f)
			}, true, tc.file, src)
			var got string
			if len(r.diags) > 0 {
				_, got, _ = strings.Cut(r.diags[0], ": ")
			}
			if tc.want == "" && got != "" || tc.want != "" && !strings.HasPrefix(got, tc.want) {
				t.Errorf("found %q, want %q", got, tc.want)
			}
		})
	}
}

// TestBinaryHiddenFields checks that encoding/binary of a struct of the
// route with a blank or an unexported field read into runs compiled, and one
// written, a struct of exported fields, or plain values, do not.
func TestBinaryHiddenFields(t *testing.T) {
	const head = "package p\n\nimport (\n\t\"bytes\"\n\t\"encoding/binary\"\n)\n\nvar buf bytes.Buffer\n\n"
	tests := []struct {
		name, src string
		refused   bool
	}{
		{"blank padding field read", "type H struct {\n\tMagic uint16\n\t_     [2]byte\n}\n\nfunc f() H { var h H; binary.Read(&buf, binary.LittleEndian, &h); return h }\n", true},
		{"unexported field read into a slice", "type H struct {\n\tMagic uint16\n\tflags uint8\n}\n\nfunc f(hs []H) error { return binary.Read(&buf, binary.BigEndian, hs) }\n", true},
		{"nested struct with a blank field decoded", "type In struct{ _ uint8 }\n\ntype H struct{ A In }\n\nfunc f(b []byte) (int, error) { var h H; return binary.Decode(b, binary.BigEndian, &h) }\n", true},
		{"blank and unexported fields written and sized", "type H struct {\n\tMagic uint16\n\t_     uint8\n\tflags uint8\n}\n\nfunc f(h H) (int, error) { return binary.Size(h), binary.Write(&buf, binary.BigEndian, h) }\n", false},
		{"exported fields", "type H struct {\n\tMagic uint16\n\tSize  uint32\n}\n\nfunc f() error { var h H; return binary.Read(&buf, binary.BigEndian, &h) }\n", false},
		{"plain values and byte orders", "type h struct{ n uint16 }\n\nfunc f(b []byte) (uint32, error) { var n uint64; return binary.BigEndian.Uint32(b), binary.Read(&buf, binary.LittleEndian, &n) }\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runPass(t, func(f *folder) (bool, []diagnostic) {
				f.detect = true
				return detectDiffering(f)
			}, true, "a.go", head+tt.src)
			refused := len(r.diags) > 0 && strings.Contains(r.diags[0], "encoding/binary reading into")
			if refused != tt.refused {
				t.Errorf("refused %v (%q), want %v", refused, r.diags, tt.refused)
			}
		})
	}
}
