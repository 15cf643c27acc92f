// inputs.mjs: the input tables record.mjs runs through Next.js. They come
// from the test suites of path-to-regexp 6, Next.js (middleware matchers,
// has/missing, NextURL, NextResponse) and @edge-runtime/cookies, plus edge
// cases of our own (encodings, repeats, odd statuses).

// Matcher sources: path-to-regexp 6's tests, the matchers of Next.js's docs
// and tests, and the syntax devserver got wrong.
export const sources = [
  '/', '/about', '/about/', '/about/:path*', '/about/:path+', '/about/:path?', '/about/:slug',
  '/dashboard/:path*', '/api/:path*', '/api/:path+', '/:path*', '/:path+', '/:path?', '/:path',
  '/:locale/about', '/:lang?/docs', '/docs/:lang?', '/blog/:slug/comments', '/files/:name',
  '/((?!api|_next/static|_next/image|favicon.ico).*)', '/((?!_next).*)', '/((?!api).*)',
  '/(.*)', '/(.*)?', '/(a|b)', '/(a|b)+', '/(a|b)*', '/x/(a|b)+', '/(\\d+)', '/user/:id(\\d+)',
  '/user/:id(\\d+)?', '/:id(\\d+)+', '/test', '/test/', '/TEST', '/:test', '/:test?', '/:test*',
  '/:test+', '/:test(\\d+)', '/:test(.*)', '/route(\\d+)', '/(apple-)?icon-:res(\\d+).png',
  '{/:test}?', '/test{s}?', '/test{/:x}?', '{/segment}?', '/:a-:b', '/:a.:b', '/file.:ext',
  '/file.:ext?', '/:test.json', '/:test.:format', '/:test.:format?', '/test.json', '/:foo/:bar',
  '/:remote([\\w-.]+)/:user([\\w-]+)', '/\\(testing\\)', '/\\(x\\)/:y', '/a\\:b', '/café',
  '/caf%C3%A9', '/café/:x', '/a b', '/a+b', '/a.b', '/search', '/x/:y(a|b)', '/:x(a|b)/y',
  '/test\\/:uid(u\\d+)?:cid(c\\d+)?', '/(foo|bar)/:rest*', '/static/(.*)', '/images/:file(.*\\.png)',
  '/_next/:path*', '/index', '/:a/:b?', '/:a*/:b', '/shop/:cat/:item?', '/(x)?', '/v:version(\\d+)/api',
  '/with space/:x', '/:path(.*)', '/:path((?!api).*)',
  // more of path-to-regexp 6's own test table
  '/:test(\\d+)?', '/:test(abc|xyz)*', '/:test(abc|xyz)+', '/:test(\\d+)+', '/:test(.*)?', '/test/(.*)',
  '/(\\d+)?', '/{:test}', '/{:test}?', '/:foo.:bar?', '/:foo(test\\)/bar)', '/:remote([\\w\\-\\.]+)/:user([\\w-]+)',
  '/:foo\\?', '/\\:foo', '/(.*)/:test', '/:a(.*)/:b', '/:foo/:bar(\\d+)?', '/{apple-}?icon-{:res(\\d+)}.png',
  '/:foo+baz', '/:foo(.*)baz', '/test{s}*', '/:a.:b.:c', '/:abc-:def', '/{:a}{-:b}?', '/:path/:seg*',
  '/:lang(en|fr)?/about', '/ça/:x', '/:ünicode', '/:x_y1', '/{-:foo}?', '/:foo{-:bar}?', '/a{/:b}*', '/a{/:b}+',
  '/:foo(a+)', '/:foo(\\.json)?', '/(test)', '/:foo([^/]+)/:bar', '/api/:version(v[12])/:rest*',
  '/with-middleware/:path*', '/another-middleware/:path*', '/_next/data/:path*', '/:locale/:path*',
  '/((?!api|_next/static|_next/image|favicon.ico|sitemap.xml|robots.txt).*)', '/((?!.*\\.).*)', '/:path((?!_next).*)',
  // refused by Next (and by us): no leading slash, capturing groups, empty
  // groups, bad names, unbalanced groups
  'about', '/:', '/(', '/()', '/((a))', '/(?:a)', '/:a:b', '/x/:path**', '/(?<n>a)', '/\\',
]

// The paths every source is tried with; each source also gets paths made
// from itself (params filled in).
export const paths = [
  '/', '/index', '/index.json', '/index.rsc', '/about', '/about/', '/about/a', '/about/a/b', '/About',
  '/about.json', '/about.rsc', '/about/a.rsc', '/api', '/api/', '/api/x', '/api/x/y', '/apix',
  '/_next/static/chunk.js', '/_next/image', '/_next/data/build-1/about.json', '/_next/data/build-1/index.json',
  '/favicon.ico', '/dashboard', '/dashboard/x', '/files/a', '/files/a%2Fb', '/files/a/b', '/files/%2e%2e',
  '/caf%C3%A9', '/caf%c3%a9', '/caf%C3%A9/x', '/a%20b', '/a+b', '/a.b', '/a', '/b', '/ab', '/a/b', '/a/b/c', '/x/a',
  '/x/a/b', '/x/c', '/123', '/12a', '/user/1', '/user/x', '/user', '/test', '/test/', '/TEST', '/tests',
  '/test.json', '/x.json', '/x.y', '/x.y.z', '/file', '/file.txt', '/file.tar.gz', '/file.', '/a-b', '/a-b-c',
  '/-b', '/icon-16.png', '/apple-icon-16.png', '/icon-x.png', '/(testing)', '/%28testing%29', '/(x)/y', '/a:b',
  '/en/about', '/docs', '/en/docs', '/docs/en', '/blog/x/comments', '/u1c2', '/test/u1c2', '/test/u1', '/test/c2',
  '/foo/x', '/bar', '/static/a.css', '/images/a.png', '/images/a.jpg', '/v2/api', '/with%20space/x',
  '/shop/c', '/shop/c/i', '/segment', '/%zz', '/%E0%A4%A', '/a%2fb', '/A/B', '//', '/x/', '/search',
  '/abc', '/xyz', '/abcxyz', '/abc/xyz', '/123/456', '/test/route', '/test/123', '/foo.bar', '/foo.', '/foo.bar.baz',
  '/foo(test)/bar', '/foo%28test%29/bar', '/testing/xyz', '/ab-cd', '/abc-', '/-def', '/a-b/c', '/icon-76.png',
  '/apple-icon-240.png', '/foobaz', '/foo/baz', '/foo/barbaz', '/tests', '/testss', '/a.b.c', '/en/about', '/fr/about',
  '/de/about', '/%C3%A7a/x', '/ça/x', '/a/b/c/d', '/-foo', '/foo-bar', '/aaa', '/.json', '/x.json', '/api/v1/x',
  '/api/v3/x', '/with-middleware/a', '/another-middleware/a/b', '/_next/data/x', '/en/a/b', '/sitemap.xml',
  '/robots.txt', '/file.png', '/a/b.c', '/:foo', '/%3Afoo',
]

function derived(src) {
  if (!src.startsWith('/')) return []
  const fill = (s, v) => s
    .replace(/\\(.)/g, '$1')
    .replace(/\{|\}[?*+]?/g, '')
    .replace(/:\w+(\([^)]*\))?[?*+]?/g, v)
    .replace(/\([^)]*\)[?*+]?/g, v)
  return ['x', 'x/y', '1', 'a', ''].map((v) => fill(src, v)).filter((p) => p.startsWith('/'))
}

export function matcherGroups() {
  const groups = []
  for (const src of sources) {
    const all = [...new Set([...paths, ...derived(src)])]
    groups.push({ matcher: src, requests: all.map((url) => ({ url })) })
  }
  // Several sources at once, as an array of strings.
  groups.push({ matcher: ['/about/:path*', '/api/:path+'], requests: paths.map((url) => ({ url })) })
  // Queries do not take part in path matching.
  groups.push({ matcher: '/about', requests: ['/about?x=1', '/about/?x=1', '/about?'].map((url) => ({ url })) })
  groups.push(...conditionGroups())
  return groups
}

// has/missing: Next.js's tests of matchHas plus repeats, empties, encodings.
function conditionGroups() {
  const req = (url, headers = []) => ({ url, headers })
  const base = [
    req('/'), req('/?a=1'), req('/?a='), req('/?a=1&a=2'), req('/?a=2&a=1'), req('/?a'), req('/?a=1;b=2'),
    req('/?a=x%20y'), req('/?a=x+y'), req('/?a=%zz'), req('/?A=1'), req('/?b=1'),
    req('/', [['x-a', '1']]), req('/', [['x-a', '']]), req('/', [['x-a', '1'], ['x-a', '2']]),
    req('/', [['X-A', 'Yes']]), req('/', [['x-a', 'yes']]), req('/', [['x-a', 'ayes']]),
    req('/', [['cookie', 'a=1']]), req('/', [['cookie', 'a=']]), req('/', [['cookie', 'a=1; a=2']]),
    req('/', [['cookie', 'a=%31']]), req('/', [['cookie', 'a="1"']]), req('/', [['cookie', 'a = 1']]),
    req('/', [['cookie', 'a']]), req('/', [['cookie', 'a=%zz']]), req('/', [['cookie', 'b=1']]),
    req('/', [['cookie', 'a=1'], ['cookie', 'b=2']]), req('/', [['cookie', 'x=1; a=yes']]),
    req('/', [['host', 'example.com']]), req('/', [['host', 'Example.COM:3000']]), req('/', [['host', 'localhost:3000']]),
    req('/', [['host', 'a.example.com']]), req('/', [['authorization', 'Bearer x']]),
    req('/', [['authorization', 'a'], ['authorization', 'b']]), req('/', [['user-agent', 'bot'], ['user-agent', 'x']]),
  ]
  const conds = [
    { type: 'query', key: 'a' }, { type: 'query', key: 'a', value: '1' }, { type: 'query', key: 'a', value: '2' },
    { type: 'query', key: 'a', value: '1|2' }, { type: 'query', key: 'a', value: 'x y' }, { type: 'query', key: 'a', value: '%zz' },
    { type: 'query', key: 'a', value: '1;b=2' }, { type: 'query', key: 'a', value: '(?<v>\\d)' },
    { type: 'header', key: 'x-a' }, { type: 'header', key: 'X-A' }, { type: 'header', key: 'x-a', value: 'yes' },
    { type: 'header', key: 'x-a', value: '(?:Yes|yes)' }, { type: 'header', key: 'x-a', value: '1, 2' },
    { type: 'header', key: 'x-a', value: '2' }, { type: 'header', key: 'x-a', value: '.*' }, { type: 'header', key: 'x-a', value: '' },
    { type: 'header', key: 'authorization' }, { type: 'header', key: 'authorization', value: 'b' },
    { type: 'header', key: 'user-agent', value: 'bot' }, { type: 'header', key: 'cookie', value: 'a=1' },
    { type: 'cookie', key: 'a' }, { type: 'cookie', key: 'a', value: '1' }, { type: 'cookie', key: 'a', value: '2' },
    { type: 'cookie', key: 'a', value: '"1"' }, { type: 'cookie', key: 'a', value: '%zz' }, { type: 'cookie', key: 'a', value: 'yes' },
    { type: 'cookie', key: 'b' },
    { type: 'host', value: 'example.com' }, { type: 'host', value: '.*\\.example\\.com' }, { type: 'host', value: 'localhost' },
    { type: 'host', value: 'example\\.com:3000' },
  ]
  const groups = []
  for (const c of conds) {
    groups.push({ matcher: [{ source: '/', has: [c] }], requests: base })
    groups.push({ matcher: [{ source: '/', missing: [c] }], requests: base })
  }
  groups.push({
    matcher: [{ source: '/', has: [{ type: 'query', key: 'a' }, { type: 'header', key: 'x-a' }] }],
    requests: [req('/?a=1', [['x-a', '1']]), req('/?a=1'), req('/', [['x-a', '1']])],
  })
  groups.push({
    matcher: [{ source: '/:path*', has: [{ type: 'header', key: 'x-a' }], missing: [{ type: 'cookie', key: 'a' }] }],
    requests: [req('/x', [['x-a', '1']]), req('/x', [['x-a', '1'], ['cookie', 'a=1']]), req('/x/y', [['x-a', '1'], ['cookie', 'b=1']])],
  })
  // Invalid condition shapes Next refuses.
  for (const bad of [{ type: 'host' }, { type: 'header' }, { type: 'nope', key: 'a' }, { type: 'host', key: 'a', value: 'x' }]) {
    groups.push({ matcher: [{ source: '/', has: [bad] }], requests: [] })
  }
  return groups
}

export function requestCookieCases() {
  const headers = [
    '', 'a=1', 'a=1; b=2', 'a=1;b=2', 'a=1;  b=2', 'a=1; a=2', 'a=2; b=1; a=3', 'flag', 'flag; a=1', 'a=', '=a',
    'a=%20b', 'a=%zz', 'a=1; a=%zz', 'a="q"', 'a=x;y', 'a=b=c', ' a=1', 'a =1', 'a= 1', 'a=1 ', 'caf%C3%A9=1',
    'a=caf%C3%A9', 'a=café', 'a=%E0%A4%A', 'a=1,b=2', 'a=1, b=2', 'a=\\', 'a=%3B', 'a=1;;b=2', '; a=1', 'a=1;',
    'A=1; a=2', 'a=+', 'a=%2B',
  ]
  const cases = headers.map((header) => ({ header, names: ['a', 'b', 'flag', 'A', 'a ', 'caf%C3%A9'] }))
  cases.push({ header: undefined, names: ['a'] })
  const ops = [
    [{ set: { name: 'a', value: '2' } }],
    [{ set: { name: 'c', value: 'x y' } }],
    [{ set: { name: 'c', value: 'a;b"c\\d' } }],
    [{ set: { name: 'c', value: 'café' } }],
    [{ delete: 'a' }],
    [{ delete: 'nope' }],
    [{ set: { name: 'b', value: '1' } }, { set: { name: 'a', value: '3' } }],
    [{ set: { name: 'a', value: '' } }],
  ]
  for (const header of ['a=1; b=2', '', 'flag', 'a=%20']) {
    for (const o of ops) cases.push({ header, names: ['a', 'b', 'c'], ops: o })
  }
  return cases
}

export function responseCookieCases() {
  const set = (name, value, options) => ({ set: options ? { name, value, options } : { name, value } })
  const values = ['v', '', 'a b', 'a;b', 'a"b', 'a\\b', 'café', '%', 'a=b', 'a,b', '😀', 'x\ny', '\t']
  const cases = values.map((v) => [set('a', v)])
  for (const name of ['a b', 'a;b', 'café', '', '__Host-a', 'a=b']) cases.push([set(name, 'v')])
  const options = [
    { path: '/x' }, { path: '' }, { domain: 'example.com' }, { secure: true }, { httpOnly: true },
    { sameSite: 'lax' }, { sameSite: 'strict' }, { sameSite: 'none' }, { maxAge: 60 }, { maxAge: 0 }, { maxAge: -1 },
    { expires: 0 }, { expires: 1767225600000 }, { priority: 'high' }, { priority: 'low' }, { priority: 'medium' },
    { partitioned: true }, { secure: true, httpOnly: true, sameSite: 'strict', path: '/p', domain: 'd.com', maxAge: 10, priority: 'high', partitioned: true },
  ]
  for (const o of options) cases.push([set('a', 'v', o)])
  cases.push([{ delete: 'a' }])
  cases.push([set('a', '1'), set('b', '2'), set('a', '3')])
  cases.push([set('a', '1'), { delete: 'a' }])
  cases.push([set('a', '1'), set('b', '2'), { delete: 'a' }])
  return cases
}

export function urlCases() {
  const urls = [
    '/', '/a', '/a/', '/a?x=1', '/a?x=1&x=2', '/a?a=1;b=2', '/a?q=%zz', '/a?q=a+b', '/a?q=a%20b', '/a?q=%2B',
    '/a?=x', '/a?x', '/a?x=', '/a?&&x=1&', '/a?x=1#frag', '/caf%C3%A9', '/café', '/a%2Fb', '/a%2fb', '/%2e%2e/x',
    '/a/%2e%2e/b', '/a/../b', '/a/./b', '/a\\b', '/a//b', '/a b', '/a%20b', '/A', '/a?q=café', '/a?q=%C3%A9',
    '/a?q=%E0%A4%A', '/a?x=1&y=2&x=3', '/?', '/a?q=a=b', '/~user', "/a'b", '/a"b', '/a<b>', '/a{b}', '/a|b', '/a^b', '/a`b',
  ]
  const hosts = ['localhost:3000', '127.0.0.1:3000', 'example.com', 'Example.COM:8080', '[::1]:3000', 'a.localhost:3000', '127.0.0.2']
  const cases = urls.map((url) => ({ url, host: 'localhost:3000' }))
  for (const host of hosts) cases.push({ url: '/p?q=1', host })
  return cases
}

export function responseCases() {
  const statuses = [undefined, 100, 101, 199, 200, 201, 204, 205, 299, 304, 399, 400, 404, 500, 599, 600, 999, 0, 1000]
  const cases = []
  for (const status of statuses) {
    cases.push({ kind: 'json', body: { a: 1 }, status })
    cases.push({ kind: 'new', body: 'x', status })
    cases.push({ kind: 'new', body: null, status })
    cases.push({ kind: 'new', body: '', status })
  }
  const urls = [
    'https://example.com/a', 'https://example.com', 'http://localhost:3000/a', 'https://example.com/a b',
    'https://example.com/café', 'https://EXAMPLE.com/A', 'https://example.com/a?q=a b', 'https://example.com/a#f g',
    'https://example.com:443/a', 'http://example.com:80/', 'http://example.com:8080', 'https://exämple.com/',
    'https://example.com/a/../b', 'https://example.com/%2e%2e/b', 'https://example.com\\a\\b', 'https://user:pw@example.com/',
    '/relative', 'relative', '//example.com/a', '', 'not a url', 'http://[bad', 'https://', 'mailto:a@example.com',
    'https://example.com/a?q=%zz', 'https://example.com/a%2Fb', "https://example.com/a'b", 'https://example.com/a"b<c>',
    'HTTPS://example.com/a', ' https://example.com/a ', 'https://example.com/\ta',
  ]
  for (const url of urls) cases.push({ kind: 'redirect', url, status: undefined })
  for (const status of [301, 302, 303, 307, 308, 200, 304, 300, 309, 404]) {
    cases.push({ kind: 'redirect', url: 'https://example.com/a', status })
  }
  return cases
}
