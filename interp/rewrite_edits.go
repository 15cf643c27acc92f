package interp

import (
	"bytes"
	"go/ast"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// edits are insertions and replacements in one source file.
type edits []edit

type edit struct {
	off, end int // replace src[off:end]
	text     string
}

func (e *edits) insert(off int, text string) { *e = append(*e, edit{off, off, text}) }

// tag sets key to value in field's struct tag, replacing the key if the
// tag has it, adding the tag if the field has none.
func (e *edits) tag(fset *token.FileSet, src []byte, field *ast.Field, key, value string) {
	if field.Tag == nil {
		end := fset.Position(field.Type.End()).Offset
		for i := range *e {
			if x := &(*e)[i]; x.off == end && x.end == end && strings.HasPrefix(x.text, " ") {
				old, _ := strconv.Unquote(x.text[1:])
				x.text = " " + quoteTag(setTag(old, key, value))
				return
			}
		}
		*e = append(*e, edit{end, end, " " + quoteTag(key+":"+strconv.Quote(value))})
		return
	}
	off, end := fset.Position(field.Tag.Pos()).Offset, fset.Position(field.Tag.End()).Offset
	// A field may get two tags (a type mark and its own): merge with an
	// edit already made at the same place.
	for i := range *e {
		if (*e)[i].off == off && (*e)[i].end == end {
			old, _ := strconv.Unquote((*e)[i].text)
			(*e)[i].text = quoteTag(setTag(old, key, value))
			return
		}
	}
	old, err := strconv.Unquote(string(src[off:end]))
	if err != nil {
		return
	}
	*e = append(*e, edit{off, end, quoteTag(setTag(old, key, value))})
}

func quoteTag(s string) string {
	if strings.Contains(s, "`") || strings.ContainsAny(s, "\n\r") {
		return strconv.Quote(s)
	}
	return "`" + s + "`"
}

// setTag returns tag with key set to value; other keys are kept.
func setTag(tag, key, value string) string {
	var out []string
	rest := strings.TrimSpace(tag)
	for rest != "" {
		i := strings.Index(rest, `:"`)
		if i <= 0 {
			break
		}
		k := rest[:i]
		j := i + 2
		for j < len(rest) && rest[j] != '"' {
			if rest[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(rest) {
			break
		}
		if k != key {
			out = append(out, rest[:j+1])
		}
		rest = strings.TrimSpace(rest[j+1:])
	}
	out = append(out, key+":"+strconv.Quote(value))
	return strings.Join(out, " ")
}

func (e edits) apply(src []byte) []byte {
	sort.SliceStable(e, func(i, j int) bool { return e[i].off < e[j].off })
	var b bytes.Buffer
	last := 0
	for _, x := range e {
		if x.off < last {
			continue
		}
		b.Write(src[last:x.off])
		b.WriteString(x.text)
		last = x.end
	}
	b.Write(src[last:])
	return b.Bytes()
}
