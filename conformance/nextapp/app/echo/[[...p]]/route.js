import { NextResponse } from 'next/server'
import { cookies } from 'next/headers'

export async function GET(request) {
  const pick = ['x-orig', 'x-only', 'x-added', 'x-same', 'x-proxy-only']
  const headers = {}
  for (const k of pick) headers[k] = request.headers.get(k)
  const jar = await cookies()
  const res = NextResponse.json({
    pathname: request.nextUrl.pathname,
    search: request.nextUrl.search,
    searchParams: [...request.nextUrl.searchParams.entries()],
    href: request.nextUrl.href,
    origin: request.nextUrl.origin,
    headers,
    cookies: jar.getAll().map((c) => [c.name, c.value]),
  })
  res.headers.set('x-same', 'route')
  return res
}
