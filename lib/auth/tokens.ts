import { createHash, randomBytes } from 'node:crypto'

// Single-use links carry 256 random bits; the database keeps only their SHA-256, so reading the
// table does not yield a working link. A fast hash is right here: the token is random, not a
// password, so there is nothing to brute-force.

export function newLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, tokenHash: hashLinkToken(token) }
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
