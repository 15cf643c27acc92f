package interp

import (
	"strings"
	"sync"
)

// projectModules are the module paths of the projects this process has
// loaded. One whose first element has no dot (module myapp, as devserver
// init names a module after its folder) is the only way to tell such a
// module's packages from the standard library's.
var projectModules sync.Map // module path → struct{}

// noteModule records the module path of a project the process loads.
func noteModule(path string) {
	if path != "" {
		projectModules.Store(path, struct{}{})
	}
}

// projectModule returns the longest module path noteModule recorded that
// path is in, or "".
func projectModule(path string) string {
	best := ""
	projectModules.Range(func(k, _ any) bool {
		m := k.(string)
		if (path == m || strings.HasPrefix(path, m+"/")) && len(m) > len(best) {
			best = m
		}
		return true
	})
	return best
}

// fromSource reports whether the package path is code the interpreter
// reads from source (of the user's module or of another module of the
// build list), not the standard library's or devserver's, which it runs
// from its symbol tables.
func fromSource(path string) bool {
	if strings.HasPrefix(path, "github.com/devserver/devserver/") {
		return false
	}
	first, _, _ := strings.Cut(path, "/")
	return strings.Contains(first, ".") || projectModule(path) != ""
}

// sameModule reports whether the package paths a and b are of one
// module: of the same project module, when a load recorded either's, or
// else with the same first two elements.
func sameModule(a, b string) bool {
	ma, mb := projectModule(a), projectModule(b)
	if ma != "" || mb != "" {
		return ma == mb
	}
	return firstElems(a, 2) == firstElems(b, 2)
}
