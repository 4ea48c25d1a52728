import { prisma } from '@/lib/db/client'

export const dynamic = 'force-dynamic'

export async function GET() {
  try {
    await prisma().$queryRaw`SELECT 1`
    return Response.json({ status: 'ok' })
  } catch {
    return Response.json({ status: 'unavailable', reason: 'database unreachable' }, { status: 503 })
  }
}
