package server

import (
	"fmt"
	"strings"
)

// This file is path-to-regexp 6.3 as Next.js bundles it (parse and
// tokensToRegexp with their defaults), which Next uses to compile a proxy
// matcher's sources: the regular expression it produces is JavaScript's, and
// is run by an ECMAScript-compatible engine (see proxymatch.go).

// p2rToken is a lexer token of a path pattern.
type p2rToken struct {
	kind  string // MODIFIER ESCAPED_CHAR OPEN CLOSE NAME PATTERN CHAR END
	index int
	value string
}

// p2rKey is a parameter of a parsed pattern; a parsed pattern is a list of
// literal strings and keys.
type p2rKey struct {
	name           string
	prefix, suffix string
	pattern        string
	modifier       string
}

// p2rPart is one element of a parsed pattern: literal text or a key.
type p2rPart struct {
	text string
	key  *p2rKey
}

func isP2RNameChar(c byte) bool {
	return '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_'
}

// p2rLex splits a pattern into tokens. The pattern is walked in UTF-16 code
// units in JavaScript; bytes give the same tokens, since every special
// character is ASCII, and the indices in errors are bytes.
func p2rLex(s string) ([]p2rToken, error) {
	var tokens []p2rToken
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '*', '+', '?':
			tokens = append(tokens, p2rToken{"MODIFIER", i, s[i : i+1]})
			i++
		case '\\':
			// JavaScript's s[i+1] past the end is undefined, which the
			// parser takes as the text "undefined"; a trailing backslash
			// is an error here instead (Next refuses such a source too).
			if i+1 >= len(s) {
				return nil, fmt.Errorf("trailing backslash at %d", i)
			}
			n := utf8Len(s[i+1:])
			tokens = append(tokens, p2rToken{"ESCAPED_CHAR", i, s[i+1 : i+1+n]})
			i += 1 + n
		case '{':
			tokens = append(tokens, p2rToken{"OPEN", i, "{"})
			i++
		case '}':
			tokens = append(tokens, p2rToken{"CLOSE", i, "}"})
			i++
		case ':':
			j := i + 1
			for j < len(s) && isP2RNameChar(s[j]) {
				j++
			}
			if j == i+1 {
				return nil, fmt.Errorf("missing parameter name at %d", i)
			}
			tokens = append(tokens, p2rToken{"NAME", i, s[i+1 : j]})
			i = j
		case '(':
			count, j := 1, i+1
			var pattern strings.Builder
			if j < len(s) && s[j] == '?' {
				return nil, fmt.Errorf("pattern cannot start with \"?\" at %d", j)
			}
			for j < len(s) {
				if s[j] == '\\' {
					end := min(j+2, len(s))
					pattern.WriteString(s[j:end])
					j = end
					continue
				}
				if s[j] == ')' {
					count--
					if count == 0 {
						j++
						break
					}
				} else if s[j] == '(' {
					count++
					if j+1 >= len(s) || s[j+1] != '?' {
						return nil, fmt.Errorf("capturing groups are not allowed at %d", j)
					}
				}
				pattern.WriteByte(s[j])
				j++
			}
			if count != 0 {
				return nil, fmt.Errorf("unbalanced pattern at %d", i)
			}
			if pattern.Len() == 0 {
				return nil, fmt.Errorf("missing pattern at %d", i)
			}
			tokens = append(tokens, p2rToken{"PATTERN", i, pattern.String()})
			i = j
		default:
			n := utf8Len(s[i:])
			tokens = append(tokens, p2rToken{"CHAR", i, s[i : i+n]})
			i += n
		}
	}
	return append(tokens, p2rToken{"END", len(s), ""}), nil
}

// utf8Len is the length of the first character of s, so that a character
// outside ASCII stays whole in a token.
func utf8Len(s string) int {
	for i := range s {
		if i > 0 {
			return i
		}
	}
	return len(s)
}

const (
	p2rPrefixes  = "./"
	p2rDelimiter = "/#?"
)

// p2rParse turns a pattern into literal text and keys (path-to-regexp's
// parse with its default options).
func p2rParse(s string) ([]p2rPart, error) {
	tokens, err := p2rLex(s)
	if err != nil {
		return nil, err
	}
	var parts []p2rPart
	key, i := 0, 0
	var path strings.Builder
	try := func(kind string) (string, bool) {
		if i < len(tokens) && tokens[i].kind == kind {
			i++
			return tokens[i-1].value, true
		}
		return "", false
	}
	must := func(kind string) error {
		if _, ok := try(kind); ok {
			return nil
		}
		return fmt.Errorf("unexpected %s at %d, expected %s", tokens[i].kind, tokens[i].index, kind)
	}
	text := func() string {
		var b strings.Builder
		for {
			v, ok := try("CHAR")
			if !ok {
				v, ok = try("ESCAPED_CHAR")
			}
			if !ok {
				return b.String()
			}
			b.WriteString(v)
		}
	}
	safePattern := func(prefix string) (string, error) {
		prev := ""
		var last *p2rPart
		if len(parts) > 0 {
			last = &parts[len(parts)-1]
			if last.key == nil {
				prev = last.text
			}
		}
		r := prefix
		if r == "" {
			r = prev
		}
		if last != nil && last.key != nil && r == "" {
			return "", fmt.Errorf("must have text between two parameters, missing text after %q", last.key.name)
		}
		if r == "" || strings.ContainsAny(r, p2rDelimiter) {
			return "[^" + p2rEscape(p2rDelimiter) + "]+?", nil
		}
		return "(?:(?!" + p2rEscape(r) + ")[^" + p2rEscape(p2rDelimiter) + "])+?", nil
	}
	flush := func() {
		if path.Len() > 0 {
			parts = append(parts, p2rPart{text: path.String()})
			path.Reset()
		}
	}
	for i < len(tokens) {
		char, _ := try("CHAR")
		name, isName := try("NAME")
		pattern, isPattern := try("PATTERN")
		if isName || isPattern {
			prefix := char
			if !strings.Contains(p2rPrefixes, prefix) {
				path.WriteString(prefix)
				prefix = ""
			}
			flush()
			if !isName {
				name = fmt.Sprint(key)
				key++
			}
			if !isPattern {
				var err error
				if pattern, err = safePattern(prefix); err != nil {
					return nil, err
				}
			}
			mod, _ := try("MODIFIER")
			parts = append(parts, p2rPart{key: &p2rKey{name: name, prefix: prefix, pattern: pattern, modifier: mod}})
			continue
		}
		value := char
		if value == "" {
			value, _ = try("ESCAPED_CHAR")
		}
		if value != "" {
			path.WriteString(value)
			continue
		}
		flush()
		if _, ok := try("OPEN"); ok {
			prefix := text()
			name, _ := try("NAME")
			pattern, _ := try("PATTERN")
			suffix := text()
			if err := must("CLOSE"); err != nil {
				return nil, err
			}
			k := &p2rKey{name: name, prefix: prefix, suffix: suffix, pattern: pattern}
			if name == "" && pattern != "" {
				k.name = fmt.Sprint(key)
				key++
			}
			if name != "" && pattern == "" {
				var err error
				if k.pattern, err = safePattern(prefix); err != nil {
					return nil, err
				}
			}
			k.modifier, _ = try("MODIFIER")
			parts = append(parts, p2rPart{key: k})
			continue
		}
		if err := must("END"); err != nil {
			return nil, err
		}
	}
	return parts, nil
}

// p2rEscape escapes what is special in a JavaScript regular expression.
func p2rEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(`.+*?=^!:${}()[]|/\`, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// p2rRegexp is tokensToRegexp with its defaults (not strict, anchored at
// both ends), as the source of a JavaScript regular expression. Next drops
// its case-insensitive flag: matching is case-sensitive.
func p2rRegexp(parts []p2rPart) (string, error) {
	var b strings.Builder
	b.WriteString("^")
	for _, p := range parts {
		if p.key == nil {
			b.WriteString(p2rEscape(p.text))
			continue
		}
		k := p.key
		prefix, suffix := p2rEscape(k.prefix), p2rEscape(k.suffix)
		switch {
		case k.pattern == "":
			fmt.Fprintf(&b, "(?:%s%s)%s", prefix, suffix, k.modifier)
		case prefix != "" || suffix != "":
			if k.modifier == "+" || k.modifier == "*" {
				opt := ""
				if k.modifier == "*" {
					opt = "?"
				}
				fmt.Fprintf(&b, "(?:%s((?:%s)(?:%s%s(?:%s))*)%s)%s", prefix, k.pattern, suffix, prefix, k.pattern, suffix, opt)
			} else {
				fmt.Fprintf(&b, "(?:%s(%s)%s)%s", prefix, k.pattern, suffix, k.modifier)
			}
		default:
			if k.modifier == "+" || k.modifier == "*" {
				return "", fmt.Errorf("can not repeat %q without a prefix and suffix", k.name)
			}
			fmt.Fprintf(&b, "(%s)%s", k.pattern, k.modifier)
		}
	}
	b.WriteString("[" + p2rEscape(p2rDelimiter) + "]?$")
	return b.String(), nil
}

// nextSourceRegexp is what Next.js makes of one matcher source: path-to-
// regexp over the source with the optional /_next/data/<build> prefix and
// the data and RSC suffixes added, a repeated parameter without a prefix
// given "/" as one when path-to-regexp refuses it.
func nextSourceRegexp(source string) (string, error) {
	if !strings.HasPrefix(source, "/") {
		return "", fmt.Errorf("source must start with /")
	}
	if _, err := p2rSourceRegexp(source); err != nil {
		return "", err
	}
	const rsc = `\.rsc|\.segments/.+\.segment\.rsc`
	suffix := `{(\.json|` + rsc + `)}?`
	if source == "/" {
		suffix = `(/?index|/?index\.json|/?index(?:` + rsc + `))?`
	}
	full := `/:nextData(_next/data/[^/]{1,})?` + source + suffix
	if len(full) > 4096 {
		return "", fmt.Errorf("exceeds max built length of 4096 for route")
	}
	return p2rSourceRegexp(full)
}

// p2rSourceRegexp is Next's tryToParsePath: parse, then tokensToRegexp,
// retried once with repeated keys given a "/" prefix.
func p2rSourceRegexp(source string) (string, error) {
	parts, err := p2rParse(source)
	if err != nil {
		return "", err
	}
	re, err := p2rRegexp(parts)
	if err == nil {
		return re, nil
	}
	for _, p := range parts {
		if k := p.key; k != nil && (k.modifier == "*" || k.modifier == "+") && k.prefix == "" && k.suffix == "" {
			k.prefix = "/"
		}
	}
	return p2rRegexp(parts)
}
