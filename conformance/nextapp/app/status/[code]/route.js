export async function GET(request, { params }) {
  const { code } = await params
  const body = request.nextUrl.searchParams.has('nobody') ? null : 'body'
  return new Response(body, { status: Number(code) })
}
