import { prisma } from '@/lib/db/client'
import { publicRoute } from '@/lib/http/public-route'
import { acceptInvitation, acceptInvitationSchema } from '@/lib/team/invitations'

export const POST = publicRoute({ body: acceptInvitationSchema }, async ({ body }) => Response.json(await acceptInvitation(prisma(), body), { status: 201 }))
