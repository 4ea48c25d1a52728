import { getServerSession } from 'next-auth'
import { redirect } from 'next/navigation'
import { prisma } from '@/lib/db/client'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { authOptions } from './options'
import { isCurrentSession } from './session-version'

/** For server components: the signed-in member and a client scoped to their organization. */
export async function requireMember() {
  const session = await getServerSession(authOptions())
  const user = session?.user.id
    ? await prisma().user.findUnique({ where: { id: session.user.id }, include: { organization: { select: { id: true, name: true } } } })
    : null
  if (!user || !isCurrentSession(user, session?.user.sessionVersion)) redirect('/login')
  return {
    user: { id: user.id, name: user.name, email: user.email, role: user.role },
    organization: user.organization,
    db: scopedDb(prisma(), user.organizationId),
  }
}
