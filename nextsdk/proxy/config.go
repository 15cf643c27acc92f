package proxy

// Config is proxy.go's `var Config`: which requests the proxy runs for.
// Without a Matcher it runs for every request. Next.js reads it statically
// (literals only); devserver reads its value.
type Config struct {
	Matcher []Matcher
}

// Matcher selects requests by path (Source, in Next.js's matcher syntax)
// and by conditions that must hold (Has) or not (Missing).
type Matcher struct {
	Source  string
	Has     []Condition
	Missing []Condition
	// Locale false turns off locale matching; Next.js tells an omitted
	// Locale from false by reading the source, devserver has no locales.
	Locale bool
}

// Condition tests a "header", "cookie" or "query" named Key, or the
// "host"; with a Value, the value must match it (a regular expression).
type Condition struct {
	Type  string
	Key   string
	Value string
}
