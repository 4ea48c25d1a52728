import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import { signUp, signupSchema } from '@/lib/accounts/signup'
import { admitSignup } from '@/lib/auth/anonymous-limits'
import { publicRoute } from '@/lib/http/public-route'
import { mailer } from '@/lib/mail/mailer'

// 202 whether or not the email has an account: the mail says which (lib/accounts/signup.ts).
// Nothing is provisioned here: that waits for the owner's verified email (api/account/verify-email).
export const POST = publicRoute({ body: signupSchema }, async ({ body, clientAddress }) => {
  await admitSignup(prisma(), clientAddress)
  await signUp(prisma(), mailer(), body, config().publicUrl)
  return Response.json({ status: 'check-your-inbox' }, { status: 202 })
})
