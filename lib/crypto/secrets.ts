import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

// Per-organization secrets at rest: AES-256-GCM with a random 96-bit IV (NIST SP 800-38D §8.2).
// Format "enc1.<keyVersion>.<iv>.<ciphertext>.<tag>" (base64url parts): the key version lets the
// ring rotate — encrypt with the newest key, decrypt with whichever key the ciphertext names.
// The context (e.g. "org:<id>:twilioAuthToken") is bound as associated data, so a ciphertext
// copied onto another organization's row or field fails authentication instead of decrypting.

const FORMAT = 'enc1'

export interface KeyRing {
  current: { version: number; key: Buffer }
  byVersion: Map<number, Buffer>
}

export class SecretDecryptionError extends Error {
  override name = 'SecretDecryptionError'
}

export function parseKeyRing(spec: string): KeyRing {
  const entries = spec.split(',').map((entry) => {
    const [version, encoded] = entry.trim().split(':')
    const key = Buffer.from(encoded ?? '', 'base64')
    if (!/^\d+$/.test(version ?? '') || key.length !== 32) {
      throw new Error('ENCRYPTION_KEY entries must be "<version>:<base64 of 32 bytes>"')
    }
    return { version: Number(version), key }
  })
  const byVersion = new Map(entries.map((entry) => [entry.version, entry.key]))
  if (byVersion.size !== entries.length) throw new Error('ENCRYPTION_KEY names a key version twice')
  return { current: entries[0]!, byVersion }
}

export function encryptSecret(plaintext: string, context: string, ring: KeyRing): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv)
  cipher.setAAD(Buffer.from(context))
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const parts = [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString('base64url'))
  return [FORMAT, String(ring.current.version), ...parts].join('.')
}

export function decryptSecret(sealed: string, context: string, ring: KeyRing): string {
  const [format, version, iv, ciphertext, tag, extra] = sealed.split('.')
  if (format !== FORMAT || !version || !iv || ciphertext === undefined || !tag || extra !== undefined) {
    throw new SecretDecryptionError('not an encrypted secret')
  }
  const key = ring.byVersion.get(Number(version))
  if (!key) throw new SecretDecryptionError(`no key with version ${version} in ENCRYPTION_KEY`)
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(context))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    throw new SecretDecryptionError('secret failed authentication (wrong key or context)')
  }
}

/** True when a secret was sealed with an older key and should be re-encrypted. */
export function needsRotation(sealed: string, ring: KeyRing): boolean {
  return Number(sealed.split('.')[1]) !== ring.current.version
}
