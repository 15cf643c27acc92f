package interp

import (
	"fmt"
	"strconv"
)

// warnUnfixable is the pass that changes nothing: in the user's code it
// warns, once per place, of differences from a build that no rewrite
// removes — values handed to log/slog and the templates lose their
// methods. (fmt's verbs are fixed by the fmtArgs pass, a json.Encoder's
// values by jsonArgs.)
func warnUnfixable(f *folder) (bool, []diagnostic) {
	if !f.own {
		return false, nil
	}
	var diags []diagnostic
	for _, sf := range f.accepted() {
		for _, path := range []string{"log/slog", "text/template", "html/template"} {
			for _, imp := range sf.syntax.Imports {
				if imp.Path.Value == strconv.Quote(path) {
					diags = append(diags, diagnostic{pos: imp.Pos(), msg: fmt.Sprintf("values of types declared in route code that %s receives lose their methods in dev (String, Error, MarshalJSON: devserver's interpreter cannot attach them to what it hands compiled code); a build keeps them", path)})
				}
			}
		}
	}
	return false, diags
}
