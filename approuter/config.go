// This file reads a route's segment config: the package-level identifiers
// that stand for Next.js's `export const dynamic`, `revalidate`,
// `dynamicParams` and `generateStaticParams`.

package approuter

import (
	"fmt"
	"go/constant"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/devserver/devserver/next"
)

// ConfigNames are the package-level identifiers of a route package read as
// its segment config (Next.js's `export const dynamic`, ...).
var ConfigNames = []string{"Dynamic", "Revalidate", "DynamicParams", "GenerateStaticParams"}

// dynamicValues are the values Dynamic may take.
var dynamicValues = []string{"auto", "force-dynamic", "force-static", "error"}

// Config is a route's segment config, checked. The zero Config is a route
// without one: dynamic, never cached, any params.
type Config struct {
	dynamic       string // one of dynamicValues; "auto" when not set
	revalidate    int    // seconds; 0 when not set
	revalidateSet bool
	staticOnly    bool                 // DynamicParams = false
	staticParams  map[string]bool      // canonical params of GenerateStaticParams, nil without it
	generate      func() []next.Params // GenerateStaticParams
	maxDuration   int                  // seconds; 0: the server's handler timeout
}

// Cached reports whether GET responses of the route are cached.
func (c Config) Cached() bool {
	switch {
	case c.dynamic == "force-dynamic":
		return false
	case c.revalidateSet && c.revalidate == 0:
		return false // revalidate = 0: never cache
	case c.dynamic == "force-static", c.dynamic == "error", c.revalidate > 0:
		return true
	}
	return false
}

// ParseConfig checks the raw values of a route's config identifiers (a
// Loaded.Config): a wrong type or an unknown value is an error naming the
// identifier and what it may be.
func ParseConfig(raw map[string]any) (Config, error) {
	c := Config{dynamic: "auto"}
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		v := constValue(raw[name])
		switch name {
		case "Dynamic":
			s, ok := v.(string)
			if !ok || !slices.Contains(dynamicValues, s) {
				return c, fmt.Errorf("segment config: Dynamic is %s; it must be one of %q", describe(v), dynamicValues)
			}
			c.dynamic = s
		case "Revalidate":
			n, ok := toInt(v)
			if !ok || n < 0 {
				return c, fmt.Errorf("segment config: Revalidate is %s; it must be a whole number of seconds, 0 (never cache) or more", describe(v))
			}
			c.revalidate, c.revalidateSet = n, true
		case "DynamicParams":
			b, ok := v.(bool)
			if !ok {
				return c, fmt.Errorf("segment config: DynamicParams is %s; it must be true or false", describe(v))
			}
			c.staticOnly = !b
		case MaxDurationName:
			n, ok := toInt(v)
			if !ok || n <= 0 {
				return c, fmt.Errorf("segment config: MaxDuration is %s; it must be a positive whole number of seconds", describe(v))
			}
			c.maxDuration = n
		case "GenerateStaticParams":
			fn, ok := staticParamsFunc(v)
			if !ok {
				return c, fmt.Errorf("segment config: GenerateStaticParams is %s; it must be func() []next.Params", describe(v))
			}
			c.generate = fn
		}
	}
	return c, nil
}

// LoadStaticParams calls GenerateStaticParams, once per generation. A panic
// in it is returned as an error.
func (c *Config) LoadStaticParams() (err error) {
	if c.generate == nil {
		return nil
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("segment config: GenerateStaticParams panicked: %v", panicValue(p))
		}
	}()
	c.staticParams = make(map[string]bool)
	for _, p := range c.generate() {
		c.staticParams[paramsKey(p)] = true
	}
	return nil
}

// Allows reports whether a request with params may be served: always,
// unless DynamicParams is false and params are not among the static ones.
func (c Config) Allows(params next.Params) bool {
	if !c.staticOnly || len(params) == 0 {
		return true
	}
	return c.staticParams[paramsKey(params)]
}

// paramsKey is a canonical form of params, for comparing.
func paramsKey(p next.Params) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(p)) {
		fmt.Fprintf(&b, "%q=%q;", k, p[k])
	}
	return b.String()
}

// staticParamsFunc accepts GenerateStaticParams as compiled or interpreted
// code gives it: func() []next.Params, or a func returning a slice of
// map[string][]string in any named form.
func staticParamsFunc(v any) (func() []next.Params, bool) {
	if fn, ok := v.(func() []next.Params); ok {
		return fn, true
	}
	fv := reflect.ValueOf(v)
	if fv.Kind() != reflect.Func || fv.Type().NumIn() != 0 || fv.Type().NumOut() != 1 {
		return nil, false
	}
	out := fv.Type().Out(0)
	want := reflect.TypeOf(next.Params(nil))
	if out.Kind() != reflect.Slice || !out.Elem().ConvertibleTo(want) {
		return nil, false
	}
	return func() []next.Params {
		res := fv.Call(nil)[0]
		ps := make([]next.Params, res.Len())
		for i := range ps {
			ps[i] = res.Index(i).Convert(want).Interface().(next.Params)
		}
		return ps
	}, true
}

// constValue turns an untyped constant, which the interpreter hands over as
// a go/constant value, into a Go value.
func constValue(v any) any {
	cv, ok := v.(constant.Value)
	if !ok {
		return v
	}
	switch cv.Kind() {
	case constant.String:
		return constant.StringVal(cv)
	case constant.Bool:
		return constant.BoolVal(cv)
	case constant.Int:
		if n, exact := constant.Int64Val(cv); exact {
			return int(n)
		}
	}
	return v
}

// MaxDurationName is the Config key of a route's time limit, which
// ReadMaxDuration reads from route.go statically rather than from its
// code: Next.js's `const MaxDuration = 30` for route.go.
const MaxDurationName = "MaxDuration"

// MaxDuration is the route's time limit (MaxDuration); 0 when it declares
// none and the server's own limit applies.
func (c Config) MaxDuration() time.Duration {
	return time.Duration(c.maxDuration) * time.Second
}

// MaxAge is how long a cached response stays fresh (Revalidate); 0 means
// until the next generation.
func (c Config) MaxAge() time.Duration {
	return time.Duration(c.revalidate) * time.Second
}

// panicValue turns the reflect.Value yaegi sometimes panics with back into
// the value the route code panicked with.
func panicValue(p any) any {
	if v, ok := p.(reflect.Value); ok && v.IsValid() && v.CanInterface() {
		return v.Interface()
	}
	return p
}

func toInt(v any) (int, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return int(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return int(rv.Uint()), true
	}
	return 0, false
}

func describe(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%v (%T)", v, v)
}
