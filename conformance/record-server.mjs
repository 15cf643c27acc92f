// record-server.mjs builds nextapp/ (a proxy and a few routes) with Next.js,
// runs it with next start, sends it the requests below over plain sockets
// (so that targets and headers go out exactly as written) and writes what it
// answers to testdata/server.json. conformance/server_test.go sends the same
// requests to devserver running testdata/goapp, the Go twin of nextapp.
//
//	cd conformance/_oracle && npm ci && cd .. && node record-server.mjs
import { createRequire } from 'node:module'
import { cpSync, mkdtempSync, rmSync, writeFileSync, linkSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn, spawnSync } from 'node:child_process'
import net from 'node:net'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const oracle = join(here, '_oracle')
const require = createRequire(oracle + '/')
const nextVersion = require('next/package.json').version

// The requests: [target, headers]. Host is always sent.
const requests = [
  ['/echo/plain', [['X-Orig', 'o'], ['Cookie', 'c1=1']]],
  ['/echo/x%2Fy?a=1;b=2&c=%zz&d=x+y', []],
  ['/echo/caf%C3%A9/a%20b', []],
  ['/echo/q?a=1&a=2&b=', []],
  ['/echo/rewrite?orig=1', [['X-Orig', 'o']]],
  ['/echo/rewrite-abs', []],
  ['/echo/redirect-here', []],
  ['/echo/redirect-away', []],
  ['/echo/redirect-away?to=https://EXAMPLE.com:443/caf%C3%A9&status=308', []],
  ['/echo/fresh', [['X-Orig', 'o'], ['Cookie', 'c1=1']]],
  ['/echo/added', [['X-Orig', 'o']]],
  ['/echo/both', [['X-Orig', 'o']]],
  ['/echo/cookie', [['Cookie', 'c1=1']]],
  ['/echo/reqcookie', [['Cookie', 'c1=1']]],
  ['/echo/reqcookie-passed', [['Cookie', 'c1=1']]],
  ['/echo/answer', []],
  ['/files/a', []],
  ['/files/a%2Fb', []],
  ['/files/a/b', []],
  ['/status/200', []],
  ['/status/201', []],
  ['/status/204?nobody', []],
  ['/status/204', []],
  ['/status/304', []],
  ['/status/599', []],
  ['/status/600', []],
  ['/status/199', []],
  ['/go?to=https://example.com/a%20b', []],
  ['/go?to=https://EXAMPLE.com:443/caf%C3%A9', []],
  ['/go?to=/relative', []],
  ['/go?to=not%20a%20url', []],
  // public/ files: the type send gives each (mime 1.x's table, UTF-8 for text).
  ['/LICENSE', []],
  ['/app.js', []],
  ['/app.js.map', []],
  ['/app.wasm', []],
  ['/archive.unknownext', []],
  ['/bundle.tar.gz', []],
  ['/data.csv', []],
  ['/data.json', []],
  ['/data.yaml', []],
  ['/doc.pdf', []],
  ['/favicon.ico', []],
  ['/feed.xml', []],
  ['/font.woff2', []],
  ['/logo.svg', []],
  ['/module.mjs', []],
  ['/notes.md', []],
  ['/page.html', []],
  ['/pic.avif', []],
  ['/pic.heic', []],
  ['/pic.png', []],
  ['/pic.webp', []],
  ['/readme.TXT', []],
  ['/robots.txt', []],
  ['/site.webmanifest', []],
  ['/style.css', []],
  ['/video.mp4', []],
  ['/robots.txt', [['Range', 'bytes=5-9']]],
  ['/robots.txt', [], 'HEAD'],
  ['/robots.txt', [], 'POST'],
  ['/robots.txt', [], 'PUT'],
  ['/robots.txt', [], 'DELETE'],
  ['/robots.txt', [], 'OPTIONS'],
  ['/nested/file.txt', []],
  ['/nested', []],
  ['/nested/', []],
  ['/.well-known/security.txt', []],
  ['/.hidden', []],
  ['/robots.txt/', []],
  ['/ROBOTS.TXT', []],
  ['/robots.txt?x=1', []],
  ['/nested/../robots.txt', []],
  ['/nested/%2e%2e/robots.txt', []],
  ['/robots%2etxt', []],
  // dot segments and empty segments on a route's path.
  ['/echo/x/../plain', []],
  ['/echo/./plain', []],
  ['/echo/%2e%2e/target', []],
  ['/echo//plain', []],
  ['//echo/plain', []],
  ['/echo/plain/', []],
  ['/nope', []],
  ['/nope', [], 'POST'],
  // methods on a route that exports only GET.
  ['/target', [], 'HEAD'],
  ['/target', [], 'POST'],
  ['/target', [], 'OPTIONS'],
  ['/target', [], 'DELETE'],
  ['/target', [], 'PATCH'],
  ['/robots.txt', [['Range', 'bytes=999-']]],
  ['/robots.txt', [['If-Match', '"nope"']]],
  ['/robots.txt', [['If-Unmodified-Since', 'Mon, 01 Jan 2001 00:00:00 GMT']]],
]

// The response headers recorded; the rest are Next's or Node's own.
const kept = ['location', 'set-cookie', 'x-same', 'x-proxy-only', 'x-proxied', 'content-type', 'x-middleware-rewrite', 'cache-control', 'content-range', 'allow']

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

// send writes one HTTP/1.1 request as given and reads the response to EOF.
function send(port, target, headers, method = 'GET') {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1')
    const chunks = []
    sock.on('data', (c) => chunks.push(c))
    sock.on('error', reject)
    sock.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')))
    let head = `${method} ${target} HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n`
    for (const [k, v] of headers) head += `${k}: ${v}\r\n`
    sock.write(head + '\r\n')
  })
}

function parse(raw, port) {
  const [head, ...rest] = raw.split('\r\n\r\n')
  let body = rest.join('\r\n\r\n')
  const lines = head.split('\r\n')
  const status = Number(lines[0].split(' ')[1])
  const headers = {}
  let chunked = false
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':')
    const k = l.slice(0, i).toLowerCase()
    const v = l.slice(i + 1).trim()
    if (k === 'transfer-encoding' && v === 'chunked') chunked = true
    if (kept.includes(k)) (headers[k] ||= []).push(v)
  }
  if (chunked) {
    let out = ''
    while (body.length) {
      const nl = body.indexOf('\r\n')
      const n = parseInt(body.slice(0, nl), 16)
      if (!n) break
      out += body.slice(nl + 2, nl + 2 + n)
      body = body.slice(nl + 2 + n + 2)
    }
    body = out
  }
  body = Buffer.from(body, 'latin1').toString('utf8').replaceAll(`localhost:${port}`, 'HOST')
  let json
  try { json = JSON.parse(body) } catch {}
  const out = { status, headers }
  if (status !== 500) out[json ? 'json' : 'body'] = json ?? body
  return out
}

// Build in a copy: Next writes .next/ into the app and wants node_modules
// inside it (hard links, not a symbolic link, which it refuses).
const dir = mkdtempSync(join(tmpdir(), 'nextapp-'))
try {
  cpSync(join(here, 'nextapp'), dir, { recursive: true })
  spawnSync('cp', ['-al', join(oracle, 'node_modules'), join(dir, 'node_modules')], { stdio: 'inherit' })
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  const next = join(dir, 'node_modules/next/dist/bin/next')
  const b = spawnSync(process.execPath, [next, 'build'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] })
  if (b.status !== 0) throw new Error('next build failed')
  const port = await freePort()
  const server = spawn(process.execPath, [next, 'start', '-p', String(port)], { cwd: dir, env, stdio: 'ignore' })
  try {
    for (let i = 0; ; i++) {
      try { await send(port, '/target', []); break } catch (e) {
        if (i > 100) throw e
        await new Promise((r) => setTimeout(r, 200))
      }
    }
    const cases = []
    for (const [target, headers, method] of requests) {
      cases.push({ ...(method ? { method } : {}), target, sent: headers, ...parse(await send(port, target, headers, method), port) })
    }
    const head = JSON.stringify({ next: nextVersion }).slice(0, -1)
    writeFileSync(join(here, 'testdata/server.json'), `${head},"cases":[\n${cases.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`)
    console.log(`server.json: ${cases.length} cases`)
  } finally {
    server.kill()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
