// The proxy of the app record-server.mjs runs with next start; its Go twin
// is testdata/goapp/proxy.go.
import { NextResponse } from 'next/server'

export function proxy(request) {
  const p = request.nextUrl.pathname
  const q = request.nextUrl.searchParams
  switch (p) {
    case '/echo/rewrite':
      return NextResponse.rewrite(new URL('/target?from=rw', request.url))
    case '/echo/rewrite-abs':
      return NextResponse.rewrite(new URL('/target?abs=1&b=a%20b', request.url))
    case '/echo/redirect-here':
      return NextResponse.redirect(new URL('/target?x=1#f', request.url))
    case '/echo/redirect-away':
      return NextResponse.redirect(q.get('to') || 'https://example.com/a b', Number(q.get('status') || 307))
    case '/echo/fresh': {
      const h = new Headers()
      h.set('x-only', '1')
      return NextResponse.next({ request: { headers: h } })
    }
    case '/echo/added': {
      const h = new Headers(request.headers)
      h.set('x-added', 'yes')
      return NextResponse.next({ request: { headers: h } })
    }
    case '/echo/both': {
      const res = NextResponse.next()
      res.headers.set('x-same', 'proxy')
      res.headers.set('x-proxy-only', 'p')
      return res
    }
    case '/echo/cookie': {
      const res = NextResponse.next()
      res.cookies.set('pc', 'v 1')
      return res
    }
    case '/echo/reqcookie':
      request.cookies.set('rc', 'r 1')
      return NextResponse.next()
    case '/echo/reqcookie-passed':
      request.cookies.set('rc', 'r 2')
      return NextResponse.next({ request: { headers: request.headers } })
    case '/echo/answer':
      return NextResponse.json({ answered: true }, { status: 418 })
  }
  const res = NextResponse.next()
  res.headers.set('x-proxied', '1')
  return res
}

export const config = { matcher: ['/echo/:path*', '/files/:name'] }
