import { config } from '@/lib/config/env'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { HttpError } from '@/lib/http/problem'
import { admit } from './rate-limit'

// The limits on what anyone can do without an account. Sign-up is the expensive one (it ends in
// a Twilio subaccount once verified), so it is limited per client address and in total; reset
// requests send mail, so they are limited per address and per target email.
export const RATE_LIMIT_WINDOW_MS = 60 * 60 * 1000
const RESETS_PER_ADDRESS = 10
const RESETS_PER_EMAIL = 3

function refuse(retryAfterSeconds: number, what: string): HttpError {
  const minutes = Math.ceil(retryAfterSeconds / 60)
  return new HttpError(429, `Too many ${what} from here. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, undefined, { 'Retry-After': String(retryAfterSeconds) })
}

export async function admitSignup(db: PrismaClient, ip: string, limits = config().signupLimits, now = new Date()): Promise<void> {
  const verdict = await admit(db, 'signup', [{ key: `ip:${ip}`, max: limits.perAddressPerHour }, { key: '*', max: limits.globalPerHour }], RATE_LIMIT_WINDOW_MS, now)
  if (!verdict.allowed) throw refuse(verdict.retryAfterSeconds, 'sign-ups')
}

export async function admitPasswordReset(db: PrismaClient, ip: string, email: string, now = new Date()): Promise<void> {
  const verdict = await admit(db, 'password-reset', [{ key: `ip:${ip}`, max: RESETS_PER_ADDRESS }, { key: `email:${email}`, max: RESETS_PER_EMAIL }], RATE_LIMIT_WINDOW_MS, now)
  if (!verdict.allowed) throw refuse(verdict.retryAfterSeconds, 'password reset requests')
}
