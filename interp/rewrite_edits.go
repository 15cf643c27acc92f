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
	// wraps, on the opening text of a wrapper (see wrapAround), is the end of
	// what it wraps, plus one; closes, on its closing text, is the start,
	// plus one. Zero on other edits.
	wraps, closes int
	// opened, on the closing text of a pair of plain insertions (see
	// closing), is the start of what the pair encloses, plus one: take
	// moves it with that text. Unlike a wrapper's, it keeps its place
	// among the insertions at its offset.
	opened int
	// leads, on a plain insertion, puts it before the wrappers opening
	// at its offset (see insertLeading).
	leads bool
	// spans, on the opening text of a pair (see insertPair), is the
	// offset of its closing text, plus one: it opens before the wrappers
	// at its offset that end sooner (see nest).
	spans int
}

// closing returns the insertion of text at end closing what a plain
// insertion at start opened (a function literal wrapped in a call of
// another): take moves it with the text from start, as it moves the
// opening.
func closing(start, end int, text string) edit {
	return edit{off: end, end: end, text: text, opened: start + 1}
}

func (e *edits) insert(off int, text string) { *e = append(*e, edit{off: off, end: off, text: text}) }

// insertClosing inserts text at end as insert does, as the closing of
// what an insertion at start opened (see closing).
func (e *edits) insertClosing(start, end int, text string) {
	*e = append(*e, closing(start, end, text))
}

// insertPair inserts open at start and close at end, as insert and
// insertClosing do, for text that encloses src[start:end] (parentheses):
// a wrapper opening at start around less than that (an operand's bounds
// check) goes inside open, not around it.
func (e *edits) insertPair(start, end int, open, close string) {
	*e = append(*e, edit{off: start, end: start, text: open, spans: end + 1}, closing(start, end, close))
}

// insertPairFirst is insertPair with open before the insertions already
// made at start (see insertFirst).
func (e *edits) insertPairFirst(start, end int, open, close string) {
	*e = append(edits{{off: start, end: start, text: open, spans: end + 1}}, *e...)
	*e = append(*e, closing(start, end, close))
}

// insertFirst inserts text at off before the insertions already made
// there (insert puts it after them).
func (e *edits) insertFirst(off int, text string) {
	*e = append(edits{{off: off, end: off, text: text}}, *e...)
}

// insertLeading inserts text at off before whatever else opens there,
// wrappers included, which insert puts it inside: a statement of its own
// put before a statement, whose first operand another pass may wrap.
func (e *edits) insertLeading(off int, text string) {
	*e = append(*e, edit{off: off, end: off, text: text, leads: true})
}

// insertLeadingFirst is insertLeading before the leading insertions
// made at off already.
func (e *edits) insertLeadingFirst(off int, text string) {
	for i, x := range *e {
		if x.off == off && x.end == off && x.leads {
			*e = append((*e)[:i], append(edits{{off: off, end: off, text: text, leads: true}}, (*e)[i:]...)...)
			return
		}
	}
	e.insertLeading(off, text)
}

// wrapAround puts open before src[off:end] and close after it, around whatever
// later edits make of it: an edit inside stays, an insertion at the
// start of the same text or of a part of it goes inside open, one at its
// end inside close (see apply), and take moves the wrapper with the text
// it wraps.
func (e *edits) wrapAround(off, end int, open, close string) {
	*e = append(*e, edit{off: off, end: off, text: open, wraps: end + 1}, edit{off: end, end: end, text: close, closes: off + 1})
}

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
		*e = append(*e, edit{off: end, end: end, text: " " + quoteTag(key+":"+strconv.Quote(value))})
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
	*e = append(*e, edit{off: off, end: end, text: quoteTag(setTag(old, key, value))})
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
	for _, p := range tagPairs(tag) {
		if p.key != key {
			out = append(out, p.text)
		}
	}
	out = append(out, key+":"+strconv.Quote(value))
	return strings.Join(out, " ")
}

// tagPair is one key:"value" pair of a struct tag.
type tagPair struct {
	key, value string // the value as written, quoted
	text       string // the pair as written
}

// tagPairs returns the pairs of tag in order, up to the first that does
// not read as one.
func tagPairs(tag string) []tagPair {
	var out []tagPair
	rest := strings.TrimSpace(tag)
	for rest != "" {
		i := strings.Index(rest, `:"`)
		if i <= 0 {
			break
		}
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
		out = append(out, tagPair{key: rest[:i], value: rest[i+2 : j], text: rest[:j+1]})
		rest = strings.TrimSpace(rest[j+1:])
	}
	return out
}

func (e edits) apply(src []byte) []byte {
	sort.SliceStable(e, func(i, j int) bool { return e[i].off < e[j].off })
	e.nestWrappers()
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

// nestWrappers orders the edits at each offset of e, sorted by offset,
// so that wrappers (see wrapAround) nest around the other edits there:
// the closing texts innermost first, after the other insertions (which
// close what began inside), the opening texts outermost first, before
// them (which open what begins inside), and replacements last, as what
// the wrappers wrap.
func (e edits) nestWrappers() {
	for i := 0; i < len(e); {
		j := i
		for j < len(e) && e[j].off == e[i].off {
			j++
		}
		e[i:j].nest()
		i = j
	}
}

// nest orders run, the edits of one offset in the order they were made
// (see nestWrappers).
func (run edits) nest() {
	var opens, closes, leads, others, replaces edits
	for _, x := range run {
		switch {
		case x.leads:
			leads = append(leads, x)
		case x.wraps > 0:
			opens = append(opens, x)
		case x.closes > 0:
			closes = append([]edit{x}, closes...) // the latest made first
		case x.end > x.off:
			replaces = append(replaces, x)
		default:
			others = append(others, x)
		}
	}
	if len(opens) == 0 && len(closes) == 0 {
		return // in the order made, leads among the others
	}
	// Outermost first: the farthest end, then the earliest made.
	sort.SliceStable(opens, func(i, j int) bool { return opens[i].wraps > opens[j].wraps })
	// A pair enclosing more than a wrapper opens before it (return
	// (s[i] < s[j]), where s[i]'s operand is wrapped): the others inside
	// every wrapper keep their order after them.
	var inner edits
	for _, x := range others {
		at := len(opens)
		for k, o := range opens {
			if x.spans > o.wraps {
				at = k
				break
			}
		}
		if x.spans == 0 || at == len(opens) {
			inner = append(inner, x)
			continue
		}
		opens = append(opens[:at], append(edits{x}, opens[at:]...)...)
	}
	others = inner
	// Innermost first: the latest start, then the latest made.
	sort.SliceStable(closes, func(i, j int) bool { return closes[i].closes > closes[j].closes })
	var ordered edits
	switch {
	case len(opens) == 0:
		ordered = append(append(append(ordered, leads...), others...), closes...)
	case len(closes) == 0:
		ordered = append(append(append(ordered, leads...), opens...), others...)
	default:
		ordered = append(append(append(append(ordered, closes...), leads...), opens...), others...)
	}
	copy(run, append(ordered, replaces...))
}
