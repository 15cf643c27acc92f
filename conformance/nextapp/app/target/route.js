import { NextResponse } from 'next/server'

export async function GET(request) {
  return NextResponse.json({ target: true, pathname: request.nextUrl.pathname, search: request.nextUrl.search })
}
