import type { NextAuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import { clientAddress } from '@/lib/http/client-address'
import { signInWithPassword, type SessionUser } from './credentials'

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60


export function authOptions(): NextAuthOptions {
  return {
    secret: config().secrets.session,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) throw new Error('Enter your email and password.')
          const result = await signInWithPassword(prisma(), credentials.email, credentials.password, clientAddress(req?.headers?.['x-forwarded-for']))
          if (!result.ok) throw new Error(result.error)
          return result.user
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const signedIn = user as SessionUser
          token.sub = signedIn.id
          token.organizationId = signedIn.organizationId
          token.role = signedIn.role
          token.sessionVersion = signedIn.sessionVersion
        }
        return token
      },
      session({ session, token }) {
        session.user = {
          ...session.user,
          id: token.sub!,
          organizationId: token.organizationId as string,
          role: token.role as SessionUser['role'],
          sessionVersion: token.sessionVersion ?? 0,
        }
        return session
      },
    },
  }
}
