import { prisma } from '@/lib/db/client'
import { resetPassword, resetPasswordSchema } from '@/lib/auth/password-reset'
import { publicRoute } from '@/lib/http/public-route'

export const POST = publicRoute({ body: resetPasswordSchema }, async ({ body }) => Response.json(await resetPassword(prisma(), body.token, body.password)))
