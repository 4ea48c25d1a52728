import type { DefaultSession } from 'next-auth'

declare module 'next-auth' {
  interface Session {
    user: DefaultSession['user'] & { id: string; organizationId: string; role: 'OWNER' | 'ADMIN' | 'AGENT'; sessionVersion: number }
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    organizationId?: string
    role?: 'OWNER' | 'ADMIN' | 'AGENT'
    // The user's session version when this session was signed; a password change raises it.
    sessionVersion?: number
  }
}
