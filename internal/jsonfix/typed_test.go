package jsonfix

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

// An interpreted non-struct marshal type reaches compiled code as its
// underlying type: Typed's description leads to the registered method
// wherever the value sits, through json.Marshal (Value) and through an
// Encoder (MarshalJSON), whose HTML escaping stays the encoder's choice.
func TestTyped(t *testing.T) {
	Enable()
	RegisterNamed("example.com/ids.ID", "ids.ID", "text", func(v [2]byte) ([]byte, error) { return []byte("<" + hex.EncodeToString(v[:]) + ">"), nil })
	const id = `{"k":"named","id":"example.com/ids.ID"}`
	a, b := [2]byte{1, 2}, [2]byte{0xa, 0xb}
	for _, tc := range []struct {
		name, desc string
		v          any
		want       string
	}{
		{"value", id, a, `"\u003c0102\u003e"`},
		{"pointer", `{"k":"ptr","e":` + id + `}`, &a, `"\u003c0102\u003e"`},
		{"nil pointer", `{"k":"ptr","e":` + id + `}`, (*[2]byte)(nil), `null`},
		{"slice", `{"k":"slice","e":` + id + `}`, [][2]byte{a, b}, `["\u003c0102\u003e","\u003c0a0b\u003e"]`},
		{"nil slice", `{"k":"slice","e":` + id + `}`, [][2]byte(nil), `null`},
		{"map keys", `{"k":"map","key":` + id + `,"e":{"k":"other"}}`, map[[2]byte]int{b: 2, a: 1}, `{"\u003c0102\u003e":1,"\u003c0a0b\u003e":2}`},
		{"map values", `{"k":"map","key":{"k":"other"},"e":` + id + `}`, map[string][2]byte{"x": a}, `{"x":"\u003c0102\u003e"}`},
		{"unregistered", `{"k":"named","id":"example.com/ids.Other"}`, a, `[1,2]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Value(Typed(tc.v, tc.desc))
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(v)
			if err != nil || string(got) != tc.want {
				t.Errorf("json.Marshal(Value(Typed(%v))) = %s, %v; want %s", tc.v, got, err, tc.want)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(Typed(tc.v, tc.desc)); err != nil {
				t.Fatal(err)
			}
			unescaped := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">")
			if got, want := bytes.TrimSpace(buf.Bytes()), unescaped.Replace(tc.want); string(got) != want {
				t.Errorf("Encoder without HTML escaping: %s, want %s", got, want)
			}
		})
	}
}

// A marshal method's failure under an Encoder reads as it reads for a
// compiled type once EncodeError takes off the Encoder's wrapping.
func TestTypedEncoderError(t *testing.T) {
	Enable()
	RegisterNamed("example.com/ids.Bad", "ids.Bad", "text", func(v [1]byte) ([]byte, error) { return nil, errors.New("boom") })
	err := json.NewEncoder(io.Discard).Encode(Typed([][1]byte{{1}}, `{"k":"slice","e":{"k":"named","id":"example.com/ids.Bad"}}`))
	if got, want := (Names{}).EncodeError(err).Error(), "json: error calling MarshalText for type ids.Bad: boom"; got != want {
		t.Errorf("EncodeError(%v) = %q, want %q", err, got, want)
	}
}
