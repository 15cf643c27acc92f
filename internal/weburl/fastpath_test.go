package weburl

import "testing"

// The fast paths must answer exactly what the full work would: each case
// either takes the fast path and equals the full result, or does not take
// it. The cases include every way the fast path could be fooled.
var pathCases = []string{
	"/", "//", "/a", "/a/b", "/a//b", "/a/b/", "/items/42", "/caf%C3%A9", "/a%2Fb",
	"/.", "/..", "/a/.", "/a/..", "/a/./b", "/a/../b", "/.well-known/x", "/a/.b",
	"/%2e", "/%2E", "/a/%2e%2e/b", "/a/.%2e", "/a/%2E.", "/%2", "/%", "/a%2e",
	"/a\\b", "/a b", "/a\"b", "/a<b>", "/a`b", "/a{b}", "/a?b", "/a#b", "/é", "/a\x7fb", "/a\tb",
	"a", "", "*", "a/b",
}

func TestSerializedPath(t *testing.T) {
	for _, p := range pathCases {
		full := serializePath(p)
		if serializedPath(p) && full != p {
			t.Errorf("serializedPath(%q) = true, but SerializePath makes it %q", p, full)
		}
		if got := SerializePath(p); got != full {
			t.Errorf("SerializePath(%q) = %q, want %q", p, got, full)
		}
	}
	for _, p := range []string{"/", "/a/b", "/items/42", "/caf%C3%A9", "/a%2e"} {
		if !serializedPath(p) {
			t.Errorf("serializedPath(%q) = false: a clean path should take the fast path", p)
		}
	}
}

var queryCases = []string{
	"a=1", "a=1&b=2", "name=ada", "a=1&a=2", "a", "a=", "=a", "a=b=c", "a=1&", "&a=1", "a=1&&b=2",
	"a=1+2", "a=%41", "a=%", "a=%zz", "a=é", "a=\xff", "a=b;c", "a=*-._", "A.Z=0_9", "a=b c",
}

func TestFormEncoded(t *testing.T) {
	for _, q := range queryCases {
		full := FormEncode(ParseQuery(q))
		if FormEncoded(q) && full != q {
			t.Errorf("FormEncoded(%q) = true, but FormEncode(ParseQuery) makes it %q", q, full)
		}
	}
	for _, q := range []string{"a=1", "a=1&b=2", "name=ada", "a=", "=a", "a=*-._"} {
		if !FormEncoded(q) {
			t.Errorf("FormEncoded(%q) = false: a canonical query should take the fast path", q)
		}
	}
}

func TestDecodeFormNoCopy(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ada", "ada"}, {"a+b", "a b"}, {"%41", "A"}, {"%zz", "%zz"}, {"\xff", "\uFFFD"}, {"é", "é"},
	} {
		if got := decodeForm(tc.in); got != tc.want {
			t.Errorf("decodeForm(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestOriginRemembersOnlyItsOwnHost(t *testing.T) {
	for _, tc := range []struct{ scheme, host string }{
		{"http", "localhost:3000"}, {"http", "localhost:3000"}, {"https", "localhost:3000"},
		{"http", "127.0.0.1:3000"}, {"http", "EXAMPLE.com:80"}, {"http", "example.com"},
		{"https", "example.com:443"}, {"http", "bücher.de"}, {"http", "a b"}, {"http", "127.0.0.1:3000"},
	} {
		if got, want := Origin(tc.scheme, tc.host), origin(tc.scheme, tc.host); got != want {
			t.Errorf("Origin(%q, %q) = %q, want %q", tc.scheme, tc.host, got, want)
		}
	}
}

func FuzzFastPaths(f *testing.F) {
	for _, p := range pathCases {
		f.Add(p)
	}
	for _, q := range queryCases {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if serializedPath(s) && serializePath(s) != s {
			t.Errorf("serializedPath(%q) = true, but SerializePath makes it %q", s, serializePath(s))
		}
		if FormEncoded(s) {
			if full := FormEncode(ParseQuery(s)); full != s {
				t.Errorf("FormEncoded(%q) = true, but FormEncode(ParseQuery) makes it %q", s, full)
			}
		}
	})
}
