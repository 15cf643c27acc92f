// record.mjs runs Next.js's own modules over the input tables in inputs.mjs
// and writes what they answer to testdata/*.json, the fixtures the Go tests
// replay. Node is needed only to refresh the fixtures, never to test:
//
//	cd conformance/_oracle && npm ci && cd .. && node record.mjs
//
// The modules are those Next.js 16.5 runs itself: the middleware matcher
// (getMiddlewareMatchers over its bundled path-to-regexp, then
// getMiddlewareRouteMatcher and matchHas, tried on the raw path and then the
// decoded one as resolve-routes does), @edge-runtime/cookies as bundled in
// next (RequestCookies, ResponseCookies), NextURL and NextResponse.
import { createRequire } from 'node:module'
import { writeFileSync, mkdirSync } from 'node:fs'
import { IncomingMessage } from 'node:http'
import * as inputs from './inputs.mjs'

const require = createRequire(new URL('./_oracle/', import.meta.url))
const dist = 'next/dist/'
const { getMiddlewareMatchers } = require(dist + 'build/analysis/get-page-static-info')
const { getMiddlewareRouteMatcher } = require(dist + 'shared/lib/router/utils/middleware-route-matcher')
const { parseUrl } = require(dist + 'shared/lib/router/utils/parse-url')
const { MiddlewareConfigInputSchema } = require(dist + 'build/segment-config/middleware/middleware-config')
const { RequestCookies, ResponseCookies } = require(dist + 'compiled/@edge-runtime/cookies')
const { NextURL } = require(dist + 'server/web/next-url')
const { NextResponse } = require(dist + 'server/web/spec-extension/response')
const nextVersion = require('next/package.json').version

// Cookies with maxAge get Expires = now + maxAge: a fixed clock makes the
// fixtures reproducible (the Go tests use the same instant).
const NOW = 1767225600000 // 2026-01-01T00:00:00Z
Date.now = () => NOW

// path-to-regexp's errors are recorded; Next's console report of each is noise.
console.error = () => {}

// nodeHeaders builds req.headers as Node's HTTP server does from raw header
// lines: names lower-cased, repeats joined with ", " ("; " for cookie),
// the first kept for the headers Node refuses to repeat.
function nodeHeaders(pairs) {
  const msg = new IncomingMessage(null)
  const raw = pairs.flat()
  msg._addHeaderLines(raw, raw.length)
  return msg.headers
}

// matcherConfig validates a proxy config as Next does before building it.
function compileMatchers(matcher) {
  const parsed = MiddlewareConfigInputSchema.safeParse({ matcher })
  if (!parsed.success) return { error: parsed.error.issues.map((i) => i.message).join('; ') }
  // getMiddlewareMatchers calls process.exit on an invalid source after
  // the schema accepted it; it never should, but do not let it end us.
  const exit = process.exit
  process.exit = () => { throw new Error('process.exit from getMiddlewareMatchers') }
  try {
    return { matchers: getMiddlewareMatchers(parsed.data.matcher, {}) }
  } catch (e) {
    return { error: String(e.message) }
  } finally {
    process.exit = exit
  }
}

// proxyRuns is resolve-routes' decision for one request: the matcher on the
// pathname as parsed, then on its decoded form.
function proxyRuns(matchers, url, headerPairs) {
  const match = getMiddlewareRouteMatcher(matchers)
  const parsed = parseUrl(url)
  const req = { headers: nodeHeaders(headerPairs) }
  let decoded = parsed.pathname || '/'
  try { decoded = decodeURIComponent(decoded) } catch {}
  return Boolean(match(parsed.pathname, req, parsed.query) || match(decoded, req, parsed.query))
}

function recordMatchers() {
  const out = []
  for (const group of inputs.matcherGroups()) {
    const c = compileMatchers(group.matcher)
    const entry = { matcher: group.matcher }
    if (c.error) {
      entry.error = c.error
    } else {
      entry.regexps = c.matchers.map((m) => m.regexp)
      entry.requests = group.requests.map((r) => ({
        url: r.url,
        headers: r.headers || [],
        proxy: proxyRuns(c.matchers, r.url, r.headers || []),
      }))
    }
    out.push(entry)
  }
  return out
}

function plainCookie(c) {
  return c && { name: c.name, value: c.value }
}

function recordRequestCookies() {
  return inputs.requestCookieCases().map((tc) => {
    const headers = new Headers()
    if (tc.header !== undefined) headers.set('cookie', tc.header)
    const rc = new RequestCookies(headers)
    const out = {
      header: tc.header,
      all: rc.getAll().map(plainCookie),
      size: rc.size,
      get: Object.fromEntries((tc.names || []).map((n) => [n, plainCookie(rc.get(n)) || null])),
    }
    if (tc.ops) {
      out.ops = tc.ops
      for (const op of tc.ops) {
        if (op.set) rc.set(op.set.name, op.set.value)
        if (op.delete) rc.delete(op.delete)
      }
      out.after = { cookieHeader: headers.get('cookie'), all: rc.getAll().map(plainCookie) }
    }
    return out
  })
}

function recordResponseCookies() {
  return inputs.responseCookieCases().map((ops) => {
    const res = new NextResponse(null)
    let error
    try {
      for (const op of ops) {
        if (op.set) res.cookies.set(op.set.name, op.set.value, op.set.options ? structuredClone(op.set.options) : undefined)
        if (op.delete) res.cookies.delete(op.delete)
      }
    } catch (e) {
      error = String(e.message)
    }
    return error ? { ops, error } : { ops, setCookie: res.headers.getSetCookie() }
  })
}

function recordURLs() {
  return inputs.urlCases().map((tc) => {
    let u
    try {
      u = new NextURL(tc.url, 'http://' + tc.host)
    } catch (e) {
      return { ...tc, error: String(e.message) }
    }
    // A route handler's nextUrl has its query serialized again by
    // URLSearchParams (seen with next start: ?a=1;b=2 reaches the route as
    // ?a=1%3Bb%3D2): routeSearch and routeHref are what the route sees.
    const serialized = new URLSearchParams(u.searchParams).toString()
    const routeSearch = serialized ? '?' + serialized : ''
    return {
      ...tc,
      pathname: u.pathname,
      search: u.search,
      searchParams: [...u.searchParams.entries()],
      origin: u.origin,
      href: u.href,
      routeSearch,
      routeHref: u.origin + u.pathname + routeSearch,
    }
  })
}

function attempt(fn) {
  try {
    const r = fn()
    const out = { status: r.status }
    const loc = r.headers.get('location')
    if (loc !== null) out.location = loc
    return out
  } catch (e) {
    return { error: String(e.message) }
  }
}

function recordResponses() {
  const out = []
  for (const tc of inputs.responseCases()) {
    switch (tc.kind) {
      case 'json':
        out.push({ ...tc, ...attempt(() => NextResponse.json(tc.body, { status: tc.status })) })
        break
      case 'new':
        out.push({ ...tc, ...attempt(() => new NextResponse(tc.body, { status: tc.status })) })
        break
      case 'redirect':
        out.push({ ...tc, ...attempt(() => NextResponse.redirect(tc.url, tc.status)) })
        break
    }
  }
  return out
}

const dir = new URL('./testdata/', import.meta.url)
mkdirSync(dir, { recursive: true })
// write puts one case on a line, so that a refresh diffs case by case.
function write(name, cases) {
  const head = JSON.stringify({ next: nextVersion, now: NOW }).slice(0, -1)
  const body = cases.map((c) => JSON.stringify(c)).join(',\n')
  writeFileSync(new URL(name, dir), `${head},"cases":[\n${body}\n]}\n`)
  console.log(`${name}: ${cases.length} cases`)
}
write('matcher.json', recordMatchers())
write('request-cookies.json', recordRequestCookies())
write('response-cookies.json', recordResponseCookies())
write('url.json', recordURLs())
write('response.json', recordResponses())
