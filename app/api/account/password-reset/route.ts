import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import { admitPasswordReset } from '@/lib/auth/anonymous-limits'
import { normalizeEmail } from '@/lib/auth/credentials'
import { requestPasswordReset, resetRequestSchema } from '@/lib/auth/password-reset'
import { publicRoute } from '@/lib/http/public-route'
import { mailer } from '@/lib/mail/mailer'

// 202 whether or not the email has an account: the mail says which.
export const POST = publicRoute({ body: resetRequestSchema }, async ({ body, clientAddress }) => {
  await admitPasswordReset(prisma(), clientAddress, normalizeEmail(body.email))
  await requestPasswordReset(prisma(), mailer(), body.email, config().publicUrl)
  return Response.json({ status: 'check-your-inbox' }, { status: 202 })
})
