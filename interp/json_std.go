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
func jsonSymbols(std map[string]reflect.Value) map[string]reflect.Value {
	out := make(map[string]reflect.Value, len(std))
	for k, v := range std {
		out[k] = v
	}
	out["Marshal"] = reflect.ValueOf(jsonMarshal)
	out["MarshalIndent"] = reflect.ValueOf(jsonMarshalIndent)
	out["Unmarshal"] = reflect.ValueOf(jsonfix.Unmarshal)
	return out
}

func jsonMarshal(v any) ([]byte, error) {
	v, err := jsonfix.Value(v)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(v)
	return b, jsonfix.EncodeError(err)
}

func jsonMarshalIndent(v any, prefix, indent string) ([]byte, error) {
	v, err := jsonfix.Value(v)
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(v, prefix, indent)
	return b, jsonfix.EncodeError(err)
}
