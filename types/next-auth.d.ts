import type { DefaultSession } from 'next-auth'

declare module 'next-auth' {
  interface Session {
    user: DefaultSession['user'] & { id: string; organizationId: string; role: 'OWNER' | 'ADMIN' | 'AGENT' }
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    organizationId?: string
    role?: 'OWNER' | 'ADMIN' | 'AGENT'
  }
}
