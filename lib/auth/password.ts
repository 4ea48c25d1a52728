import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'

// scrypt with OWASP's "N=2^15, r=8, p=3" profile (equal in strength to N=2^17, p=1, at a quarter
// of the memory). The parameters are stored in the hash, so they can be raised later and old
// hashes still verify.
const PARAMS = { N: 2 ** 15, r: 8, p: 3 } as const
const KEY_LENGTH = 32

function scrypt(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r }
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  )
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, PARAMS)
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, expected] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !expected) return false
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) })
  const expectedKey = Buffer.from(expected, 'base64url')
  return key.length === expectedKey.length && timingSafeEqual(key, expectedKey)
}

// A hash of a random password: verifying against it costs the same as a real one, so a login
// for an unknown email takes as long as a wrong password and does not reveal which emails exist.
let decoy: Promise<string> | undefined
export function decoyPasswordHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'))
  return decoy
}

const COMMON_PASSWORDS = new Set([
  'password', 'password1', 'password123', '1234567890', '12345678910', 'qwertyuiop', 'iloveyou123',
  'letmein123', 'welcome123', 'admin12345', 'passw0rd123', 'abcdefghij', 'qwerty12345',
])

/** Returns why a password is too weak, or null when it is acceptable (NIST SP 800-63B §5.1.1). */
export function passwordWeakness(password: string, context: string[] = []): string | null {
  if (password.length < 10) return 'Use at least 10 characters.'
  if (password.length > 200) return 'Use at most 200 characters.'
  const lower = password.toLowerCase()
  if (COMMON_PASSWORDS.has(lower)) return 'This password is too common. Choose something less guessable.'
  if (/^(.)\1+$/.test(password)) return 'Do not repeat a single character.'
  if (!/[a-z]/i.test(password) || !/[^a-z]/i.test(password)) return 'Mix letters with numbers or symbols.'
  for (const word of context) {
    const token = word.toLowerCase().trim()
    if (token.length >= 4 && lower.includes(token)) return 'Do not use your name, email or organization in the password.'
  }
  return null
}
