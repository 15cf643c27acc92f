package server

import (
	"cmp"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// withSendRanges returns r with its Range header as next start's file
// server (the npm package send, through range-parser) reads it, for
// http.ServeContent to answer the same: ranges are combined where they
// overlap or touch, and one range left is served as a 206, several as
// the whole file (200), none that fits the file as a 416. ServeContent
// alone would answer several ranges with a multipart/byteranges 206,
// refuse a list with one bad range where send skips it, and serve a
// suffix longer than the file whole where send answers 416.
func withSendRanges(r *http.Request, size int64) *http.Request {
	spec, ok := strings.CutPrefix(strings.TrimLeft(r.Header.Get("Range"), " "), "bytes=")
	if !ok {
		return r
	}
	ranges := combineRanges(parseRanges(spec, size))
	r = r.Clone(r.Context())
	switch len(ranges) {
	case 0:
		// Past the end: ServeContent answers 416 with Content-Range
		// bytes */size, as send does.
		r.Header.Set("Range", "bytes="+strconv.FormatInt(size, 10)+"-")
	case 1:
		r.Header.Set("Range", "bytes="+strconv.FormatInt(ranges[0].start, 10)+"-"+strconv.FormatInt(ranges[0].end, 10))
	default:
		r.Header.Del("Range")
	}
	return r
}

// byteRange is an inclusive range of a file's bytes.
type byteRange struct{ start, end int64 }

// parseRanges reads the ranges after "bytes=" as range-parser does: each
// element split at "-", both ends read with JavaScript's parseInt, a
// missing start meaning a suffix, an end past the file cut to it, and an
// element that makes no range of the file skipped.
func parseRanges(spec string, size int64) []byteRange {
	var ranges []byteRange
	for elem := range strings.SplitSeq(spec, ",") {
		first, rest, _ := strings.Cut(elem, "-")
		second, _, _ := strings.Cut(rest, "-")
		start, okStart := parseIntJS(first)
		end, okEnd := parseIntJS(second)
		switch {
		case !okStart && !okEnd:
			continue
		case !okStart:
			start, end = size-end, size-1
		case !okEnd:
			end = size - 1
		}
		end = min(end, size-1)
		if start > end || start < 0 {
			continue
		}
		ranges = append(ranges, byteRange{start, end})
	}
	return ranges
}

// combineRanges merges ranges that overlap or touch, as range-parser's
// combine option does (the order of the result does not matter here,
// only how many are left).
func combineRanges(ranges []byteRange) []byteRange {
	slices.SortStableFunc(ranges, func(a, b byteRange) int { return cmp.Compare(a.start, b.start) })
	out := ranges[:0]
	for _, r := range ranges {
		if n := len(out); n > 0 && r.start <= out[n-1].end+1 {
			out[n-1].end = max(out[n-1].end, r.end)
			continue
		}
		out = append(out, r)
	}
	return out
}

// parseIntJS is JavaScript's parseInt(s, 10) for what a range holds: the
// decimal integer at the start of s, after white space, with an optional
// sign; false for NaN. A number too large for an int64 saturates, which
// keeps it past any file.
func parseIntJS(s string) (int64, bool) {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	digits := 0
	for digits < len(s) && '0' <= s[digits] && s[digits] <= '9' {
		digits++
	}
	if digits == 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(s[:digits], 10, 64)
	if err != nil {
		n = math.MaxInt64
	}
	if neg {
		n = -n
	}
	return n, true
}
