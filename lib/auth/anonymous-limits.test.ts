import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { uniqueEmail } from '@/lib/testing/factories'
import { admitPasswordReset, admitSignup, RATE_LIMIT_WINDOW_MS } from './anonymous-limits'
import { pruneAuthRecords } from './prune'
import { admit } from './rate-limit'

const address = () => `10.50.${randomBytes(1)[0]}.${randomBytes(1)[0]}-${randomBytes(3).toString('hex')}`

describe('limits on anonymous actions', () => {
  const db = testPrisma()
  const roomy = { perAddressPerHour: 10, globalPerHour: 1_000_000 }

  it('refuses the 11th sign-up from one address within an hour, with Retry-After, and admits it again later', async () => {
    const ip = address()
    const now = new Date()
    for (let i = 0; i < 10; i++) await admitSignup(db, ip, roomy, now)
    const refused = await admitSignup(db, ip, roomy, now).catch((error) => error)
    expect(refused).toMatchObject({ status: 429, message: 'Too many sign-ups from here. Try again in 60 minutes.', headers: { 'Retry-After': '3600' } })
    await expect(admitSignup(db, address(), roomy, now)).resolves.toBeUndefined()
    await expect(admitSignup(db, ip, roomy, new Date(now.getTime() + RATE_LIMIT_WINDOW_MS + 1))).resolves.toBeUndefined()
  })

  it('holds the global limit across addresses', async () => {
    const action = `global-${randomBytes(4).toString('hex')}`
    const limits = (ip: string) => [{ key: `ip:${ip}`, max: 10 }, { key: '*', max: 3 }]
    for (let i = 0; i < 3; i++) expect(await admit(db, action, limits(address()), RATE_LIMIT_WINDOW_MS)).toEqual({ allowed: true })
    expect(await admit(db, action, limits(address()), RATE_LIMIT_WINDOW_MS)).toMatchObject({ allowed: false })
  })

  it('lets exactly the limit through a burst of concurrent requests, and refusals do not count', async () => {
    const action = `burst-${randomBytes(4).toString('hex')}`
    const verdicts = await Promise.all(Array.from({ length: 30 }, () => admit(db, action, [{ key: 'same', max: 10 }], RATE_LIMIT_WINDOW_MS)))
    expect(verdicts.filter((verdict) => verdict.allowed).length).toBe(10)
    expect(await db.rateLimitHit.count({ where: { action } })).toBe(10)
  })

  it('limits reset requests per target email whatever the address', async () => {
    const email = uniqueEmail('reset-target')
    for (let i = 0; i < 3; i++) await admitPasswordReset(db, address(), email)
    await expect(admitPasswordReset(db, address(), email)).rejects.toMatchObject({ status: 429 })
  })

  it('prunes hits older than the window', async () => {
    const action = `prune-${randomBytes(4).toString('hex')}`
    const now = new Date()
    await db.rateLimitHit.createMany({ data: [{ action, key: 'k', createdAt: new Date(now.getTime() - RATE_LIMIT_WINDOW_MS - 1000) }, { action, key: 'k', createdAt: now }] })
    await pruneAuthRecords(db, now)
    expect((await db.rateLimitHit.findMany({ where: { action } })).map((hit) => hit.createdAt)).toEqual([now])
  })
})
