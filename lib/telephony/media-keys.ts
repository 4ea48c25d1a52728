import { hkdfSync } from 'node:crypto'

// MEDIA_STREAM_SECRET is one shared secret between the app and the media server; each use gets
// its own key derived from it (HKDF-SHA256, RFC 5869, a distinct `info` per purpose), so a value
// signed for one purpose — a stream token, a hand-back, an internal request — is never valid
// for another. Kept free of Next.js: media-server/ imports it.

export type MediaKeyPurpose = 'stream-token' | 'hand-back' | 'internal-api'

const SALT = 'hekax-phone media keys v1'

export function mediaKey(secret: string, purpose: MediaKeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, SALT, `hekax ${purpose}`, 32))
}
