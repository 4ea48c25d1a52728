import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decryptSecret, encryptSecret, needsRotation, parseKeyRing, SecretDecryptionError } from './secrets'

const key = () => randomBytes(32).toString('base64')

describe('per-organization secrets', () => {
  const ring = parseKeyRing(`1:${key()}`)

  it('round-trips and never repeats a ciphertext', () => {
    const first = encryptSecret('auth-token-123', 'org:a:twilioAuthToken', ring)
    const second = encryptSecret('auth-token-123', 'org:a:twilioAuthToken', ring)
    expect(first).not.toBe(second)
    expect(first).not.toContain('auth-token-123')
    expect(first).toMatch(/^enc1\.1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/)
    expect(decryptSecret(first, 'org:a:twilioAuthToken', ring)).toBe('auth-token-123')
  })

  it('refuses a ciphertext moved to another organization or field', () => {
    const sealed = encryptSecret('secret', 'org:a:twilioAuthToken', ring)
    expect(() => decryptSecret(sealed, 'org:b:twilioAuthToken', ring)).toThrow(SecretDecryptionError)
    expect(() => decryptSecret(sealed, 'org:a:twilioApiKeySecret', ring)).toThrow(SecretDecryptionError)
  })

  it('detects tampering', () => {
    const sealed = encryptSecret('secret', 'ctx', ring)
    const parts = sealed.split('.')
    const body = Buffer.from(parts[3]!, 'base64url')
    body[0]! ^= 1
    parts[3] = body.toString('base64url')
    expect(() => decryptSecret(parts.join('.'), 'ctx', ring)).toThrow('failed authentication')
    expect(() => decryptSecret('plaintext', 'ctx', ring)).toThrow('not an encrypted secret')
  })

  it('rotates keys: old ciphertexts stay readable, new ones use the newest key', () => {
    const oldKey = key()
    const before = parseKeyRing(`1:${oldKey}`)
    const sealedWithOld = encryptSecret('token', 'ctx', before)
    const after = parseKeyRing(`2:${key()},1:${oldKey}`)
    expect(decryptSecret(sealedWithOld, 'ctx', after)).toBe('token')
    expect(needsRotation(sealedWithOld, after)).toBe(true)
    const resealed = encryptSecret('token', 'ctx', after)
    expect(resealed.split('.')[1]).toBe('2')
    expect(needsRotation(resealed, after)).toBe(false)
    const withoutOld = parseKeyRing(`2:${after.current.key.toString('base64')}`)
    expect(() => decryptSecret(sealedWithOld, 'ctx', withoutOld)).toThrow('no key with version 1')
  })

  it('rejects malformed key rings', () => {
    expect(() => parseKeyRing('1:short')).toThrow('32 bytes')
    expect(() => parseKeyRing(`1:${key()},1:${key()}`)).toThrow('twice')
  })
})
