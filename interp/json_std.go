package interp

import (
	"encoding/json"
	"reflect"

	"github.com/devserver/devserver/internal/jsonfix"
)

// jsonSymbols returns the symbols of encoding/json with Marshal and
// MarshalIndent replaced by versions that encode interpreted values as
// compiled Go would (see internal/jsonfix), as next.JSON does, and
// Unmarshal by one whose errors name interpreted struct types as compiled
// Go names them. An Encoder's
// Encode method cannot be replaced; route code using one gets a warning at
// load time (see rewrite.go).
// The errors are worded with names, the names of the interpreter's struct
// types.
func jsonSymbols(std map[string]reflect.Value, names jsonfix.Names) map[string]reflect.Value {
	out := make(map[string]reflect.Value, len(std))
	for k, v := range std {
		out[k] = v
	}
	out["Marshal"] = reflect.ValueOf(func(v any) ([]byte, error) {
		v, err := jsonfix.Value(v)
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(v)
		return b, names.EncodeError(err)
	})
	out["MarshalIndent"] = reflect.ValueOf(func(v any, prefix, indent string) ([]byte, error) {
		v, err := jsonfix.Value(v)
		if err != nil {
			return nil, err
		}
		b, err := json.MarshalIndent(v, prefix, indent)
		return b, names.EncodeError(err)
	})
	out["Unmarshal"] = reflect.ValueOf(names.Unmarshal)
	return out
}
