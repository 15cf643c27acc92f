package interp

import "testing"

func TestXMLNames(t *testing.T) {
	const decls = "type Book struct{ Title string }\n\ntype Named struct {\n\tXMLName xml.Name `xml:\"n\"`\n}\n\n"
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"marshal", "xml.Marshal(Book{})", `xml.Marshal(_dsrt.XMLNamed(Book{}, "Book"))`},
		{"pointer, indented", "xml.MarshalIndent(&Book{}, \"\", \" \")", `xml.MarshalIndent(_dsrt.XMLNamed(&Book{}, "Book"), "", " ")`},
		{"encoder", "xml.NewEncoder(nil).Encode(Book{})", `xml.NewEncoder(nil).Encode(_dsrt.XMLNamed(Book{}, "Book"))`},
		{"with XMLName", "xml.Marshal(Named{})", ""},
		{"slice", "xml.Marshal([]Book{})", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport \"encoding/xml\"\n\n" + decls + "func f() {\n\t" + tc.body + "\n}\n"
			checkBody(t, xmlNames, src, tc.want)
		})
	}
}
