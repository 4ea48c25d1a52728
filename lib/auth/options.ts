import type { NextAuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import { signInWithPassword, type SessionUser } from './credentials'

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60

function clientAddress(headers: Record<string, unknown> | undefined): string {
  // The per-email limit is what protects an account; the per-address limit is a coarse brake,
  // so a spoofed X-Forwarded-For (no trusted proxy in front) only weakens the coarse one.
  const forwarded = headers?.['x-forwarded-for']
  return typeof forwarded === 'string' && forwarded ? forwarded.split(',')[0]!.trim() : 'direct'
}

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
          const result = await signInWithPassword(prisma(), credentials.email, credentials.password, clientAddress(req?.headers))
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
        }
        return token
      },
      session({ session, token }) {
        session.user = {
          ...session.user,
          id: token.sub!,
          organizationId: token.organizationId as string,
          role: token.role as SessionUser['role'],
        }
        return session
      },
    },
  }
}
