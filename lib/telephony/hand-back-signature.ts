import { createHmac, timingSafeEqual } from 'node:crypto'

// The media server signs its hand-back POST with the stream secret the app shares with it.
// Kept free of Next.js so media-server/ can import it (like stream-token.ts).

export const HAND_BACK_SIGNATURE_HEADER = 'x-media-server-signature'

export function handBackSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

export function validHandBackSignature(body: string, signature: string | null, secret: string): boolean {
  if (!signature) return false
  const expected = Buffer.from(handBackSignature(body, secret))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}
