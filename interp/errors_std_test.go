package interp

import (
	"testing"

	"github.com/devserver/devserver/internal/yaegival"
	"github.com/devserver/devserver/interp/stdlib"
)

// yaegival reads the field of the error wrappers holding the value whole
// by its name, which it cannot import from the symbols package.
func TestErrorValueFieldAgrees(t *testing.T) {
	if yaegival.ErrorValueField != stdlib.ErrorValueField {
		t.Errorf("yaegival.ErrorValueField = %q, stdlib.ErrorValueField = %q", yaegival.ErrorValueField, stdlib.ErrorValueField)
	}
}
