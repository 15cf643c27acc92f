package serve

import (
	"reflect"
	"testing"
)

func TestParseCrash(t *testing.T) {
	const dir = "/home/u/app"
	tests := []struct {
		name string
		out  string
		want *Crash
	}{
		{"nothing", "12:00:00 INFO ✓ ready on http://localhost:3000\n", nil},
		{"a logged panic line is no crash", "12:00:00 ERROR GET /x 500\npanic: boom\n12:00:01 INFO GET / 200\n", nil},
		{"concurrent map writes in interpreted code", `12:00:00 INFO ✓ ready on http://localhost:3000 in 8ms
fatal error: concurrent map writes

goroutine 42 [running labels:{"request": "GET /map"}]:
internal/runtime/maps.fatal({0x110448a?, 0x2000?})
	/usr/local/go/src/runtime/panic.go:1181 +0x18
reflect.mapassign0(0xfddce0, 0xf61ac0?, 0x39bb9a8ee018?, 0x39bb9a8ee018)
	/usr/local/go/src/runtime/map.go:254 +0x1d
github.com/traefik/yaegi/interp.assign.func2(0x39bb9a5fe2c0)
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:713 +0xc5
created by github.com/traefik/yaegi/interp.call.func9 in goroutine 41
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:1322 +0xf0f
`, &Crash{Reason: "fatal error: concurrent map writes", Request: "GET /map"}},
		{"stack overflow in compiled code, frames in the project", `runtime: goroutine stack exceeds 1000000000-byte limit
runtime: sp=0x6c1686e0390 stack=[0x6c1686e0000, 0x6c1886e0000]
fatal error: stack overflow

runtime stack:
runtime.throw({0x4dfc4a?, 0x5ad601?})
	/usr/local/go/src/runtime/panic.go:1229 +0x48 fp=0x7ffc248da9f8 sp=0x7ffc248da9c8 pc=0x479ae8

goroutine 19 gp=0x6c1486803c0 m=0 mp=0x5ae420 [running labels:{"request": "GET /users/%5Bid%5D"}]:
example.com/app/internal/deep.rec(0x6bca0d?)
	/home/u/app/internal/deep/deep.go:12 +0x7f fp=0x6c1686e03a0 sp=0x6c1686e0398 pc=0x4b3ddf
example.com/app/internal/deep.rec(...)
	/home/u/app/internal/deep/deep.go:12
`, &Crash{Reason: "fatal error: stack overflow", Request: "GET /users/%5Bid%5D", File: "/home/u/app/internal/deep/deep.go", Line: 12}},
		{"frames outside the project are skipped", `fatal error: runtime: out of memory

runtime stack:
runtime.throw({0x4e184a?, 0x2cdf?})
	/usr/local/go/src/runtime/panic.go:1229 +0x48 fp=0x7fff07334800 sp=0x7fff073347d0 pc=0x479ae8

goroutine 7 gp=0x337ee5f8d860 m=0 mp=0x5ae420 [running]:
runtime.(*mcache).allocLarge(0x0?, 0x80000000000, 0x1)
	/usr/local/go/src/runtime/mcache.go:257 +0x7f
github.com/x/y.Big()
	/home/u/other/y.go:3 +0x1
`, &Crash{Reason: "fatal error: runtime: out of memory"}},
		{"a panic in an interpreted goroutine", `12:00:00 INFO GET /ok 200 in 143µs
/home/u/elsewhere/route.go:3:1: panic: old, recovered
12:00:01 INFO GET /ok 200 in 143µs
/home/u/app/app/gor/route.go:11:3: panic: example.com/app/app/gor.GET.func(...)
/home/u/app/app/gor/route.go:9:2: panic: example.com/app/app/gor.GET(...)
panic: boom in a goroutine [recovered, repanicked]

goroutine 40 [running labels:{"request": "GET /gor"}]:
github.com/traefik/yaegi/interp.runCfg.func1()
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:226 +0x1ae
`, &Crash{Reason: "panic: boom in a goroutine [recovered, repanicked]", Request: "GET /gor", File: "/home/u/app/app/gor/route.go", Line: 11, Column: 3}},
		{"concurrent map writes in a goroutine of a route's go statement", `fatal error: concurrent map writes

goroutine 51 [running labels:{"go": "/home/u/app/app/map/route.go:13:3", "request": "GET /map"}]:
internal/runtime/maps.fatal({0x110448a?, 0x2000?})
	/usr/local/go/src/runtime/panic.go:1181 +0x18
github.com/traefik/yaegi/interp.assign.func2(0x39bb9a5fe2c0)
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:713 +0xc5
`, &Crash{Reason: "fatal error: concurrent map writes", Request: "GET /map", File: "/home/u/app/app/map/route.go", Line: 13, Column: 3, GoStatement: true}},
		{"a go statement outside the project is no place", "fatal error: concurrent map writes\n\ngoroutine 51 [running labels:{\"go\": \"/elsewhere/x.go:1:2\", \"request\": \"GET /m\"}]:\nmain.g()\n",
			&Crash{Reason: "fatal error: concurrent map writes", Request: "GET /m"}},
		{"the last crash counts", "fatal error: stack overflow\n\ngoroutine 1 [running]:\nmain.f()\n\nfatal error: concurrent map writes\n\ngoroutine 2 [running]:\nmain.g()\n",
			&Crash{Reason: "fatal error: concurrent map writes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseCrash([]byte(tt.out), dir)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseCrash:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestCrashWhereAndEncoding(t *testing.T) {
	c := &Crash{Reason: "fatal error: stack overflow", Request: "GET /a", File: "/p/app/a/route.go", Line: 4, Column: 2}
	if got, want := c.Where("/p"), "app/a/route.go:4:2"; got != want {
		t.Errorf("Where: %q, want %q", got, want)
	}
	if got, want := c.Err().Error(), "/p/app/a/route.go:4:2: fatal error: stack overflow (serving GET /a)"; got != want {
		t.Errorf("Err: %q, want %q", got, want)
	}
	routed := &Crash{Reason: "fatal error: concurrent map writes", Request: "GET /m", Route: "app/m/route.go"}
	if got, want := routed.Err().Error(), "fatal error: concurrent map writes (serving GET /m, route app/m/route.go)"; got != want {
		t.Errorf("Err: %q, want %q", got, want)
	}
	started := &Crash{Reason: "fatal error: concurrent map writes", Request: "GET /m", File: "/p/app/m/route.go", Line: 13, Column: 3, GoStatement: true, Route: "app/m/route.go"}
	if got, want := started.Err().Error(), "/p/app/m/route.go:13:3: fatal error: concurrent map writes in the goroutine started here (serving GET /m, route app/m/route.go)"; got != want {
		t.Errorf("Err: %q, want %q", got, want)
	}
	if got := decodeCrash(c.encode()); !reflect.DeepEqual(got, c) {
		t.Errorf("decode(encode): %+v", got)
	}
	if got := decodeCrash("{"); got.Reason == "" {
		t.Error("an unreadable crash decodes to no reason")
	}
}
