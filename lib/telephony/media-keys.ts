import { hkdfSync } from 'node:crypto'

// MEDIA_STREAM_SECRET is one shared secret between the app and the media server; each use gets
// its own key derived from it (HKDF-SHA256, RFC 5869, a distinct `info` per purpose), so a value
// signed for one purpose — a stream token, a hand-back, an internal request — is never valid
// for another. Kept free of Next.js: media-server/ imports it. `pre-warm` is the one request the
// app sends the media server (lib/telephony/pre-warm.ts); the others go the other way.

export type MediaKeyPurpose = 'stream-token' | 'hand-back' | 'internal-api' | 'pre-warm'

const SALT = 'hekax-phone media keys v1'

export function mediaKey(secret: string, purpose: MediaKeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, SALT, `hekax ${purpose}`, 32))
}
