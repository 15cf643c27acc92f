// record.mjs records what `next dev` (Next.js 16.5, experimental.goRoutes)
// answers to every request of testdata/cases.json, sent to the fixture
// project testdata/project, into testdata/expected.json. TestCompat replays
// the same requests against devserver (dev and build) and compares; it
// needs neither node nor this script.
//
//   node nextcompat/record.mjs          # takes minutes: next dev compiles
//                                       # each Go route on its first request
//
// The project is copied to a temporary folder first: next dev edits go.mod
// and writes AGENTS.md and .next, and npm installs node_modules there.

import { spawn, execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const { cases } = JSON.parse(readFileSync(path.join(here, 'testdata/cases.json'), 'utf8'))
const port = 3000 + Math.floor(Math.random() * 1000)
const work = mkdtempSync(path.join(os.tmpdir(), 'nextcompat-'))
cpSync(path.join(here, 'testdata/project'), work, { recursive: true })
console.error(`recording in ${work} on port ${port}`)
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: work, stdio: 'inherit' })

const dev = spawn('npx', ['next', 'dev', '-p', String(port)], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
let log = ''
dev.stdout.on('data', (b) => { log += b })
dev.stderr.on('data', (b) => { log += b })
const stop = () => { try { process.kill(-dev.pid, 'SIGTERM') } catch {} }
process.on('exit', stop)

await waitFor(() => /Ready in/.test(log), 120_000, 'next dev to be ready')

// target is the request target of a case, exactly as sent.
function target(c) {
  let p = c.path
  if (c.emptyParams) p += '&'.repeat(c.emptyParams - 1)
  if (c.repeat) p += c.repeat[0].repeat(c.repeat[1])
  return p
}

// send writes one HTTP/1.1 request on a new connection and parses the answer.
function send(c) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1')
    const chunks = []
    sock.setTimeout(120_000, () => sock.destroy(new Error('timeout')))
    sock.on('data', (b) => chunks.push(b))
    sock.on('error', reject)
    sock.on('close', () => resolve(parse(Buffer.concat(chunks), c.method)))
    const body = c.body ? Buffer.from(c.body) : null
    let head = `${c.method} ${target(c)} HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\nUser-Agent: nextcompat\r\n`
    for (const [k, v] of c.headers || []) head += `${k}: ${v}\r\n`
    if (body) head += `Content-Length: ${body.length}\r\n`
    sock.write(head + '\r\n')
    if (body) sock.write(body)
  })
}

function parse(buf, method) {
  const end = buf.indexOf('\r\n\r\n')
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n')
  const status = Number(lines[0].split(' ')[1])
  const headers = {}
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':')
    const k = line.slice(0, i).trim().toLowerCase()
    ;(headers[k] ||= []).push(line.slice(i + 1).trim())
  }
  let body = buf.subarray(end + 4)
  if ((headers['transfer-encoding'] || []).includes('chunked')) {
    const out = []
    for (let i = 0; ;) {
      const nl = body.indexOf('\r\n', i)
      const n = parseInt(body.subarray(i, nl).toString(), 16)
      if (!n) break
      out.push(body.subarray(nl + 2, nl + 2 + n))
      i = nl + 2 + n + 2
    }
    body = Buffer.concat(out)
  }
  return { status, headers, body: method === 'HEAD' ? '' : body.toString('utf8') }
}

async function waitFor(cond, ms, what) {
  const t = Date.now()
  while (!cond()) {
    if (Date.now() - t > ms) throw new Error(`timed out waiting for ${what}\n${log}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

const expected = {}
for (const c of cases) {
  // Each Go route compiles on its first request: ask until the answer is
  // not a compile-time 500 or a dropped connection.
  let res
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      res = await send(c)
      if (res.status !== 500 || attempt === 4) break
    } catch (e) {
      if (attempt === 4) throw e
    }
    await new Promise((r) => setTimeout(r, 2000))
  }
  console.error(`${c.name}: ${res.status}`)
  expected[c.name] = JSON.parse(JSON.stringify(res).replaceAll(`localhost:${port}`, 'localhost:$PORT').replaceAll(`\\"${port}\\"`, '\\"$PORT\\"'))
}
writeFileSync(path.join(here, 'testdata/expected.json'), JSON.stringify({ next: '16.5.0', recorded: new Date().toISOString().slice(0, 10), answers: expected }, null, 1) + '\n')
writeFileSync(path.join(here, 'testdata/next-dev.log'), log.replaceAll(work, '$PROJECT').replace(/^- Network:.*\n/m, ''))
stop()
await new Promise((r) => setTimeout(r, 1000))
rmSync(work, { recursive: true, force: true, maxRetries: 5 })
process.exit(0)
