import { randomBytes } from 'node:crypto'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** OpenAI-style identifiers: a kind prefix and 21 base-62 characters, e.g. `event_C1PSbxm5uMU7Jwc2alPcc`. */
export function newId(prefix: 'event' | 'sess' | 'conv' | 'item' | 'resp' | 'call'): string {
  const bytes = randomBytes(21)
  let suffix = ''
  for (const byte of bytes) suffix += ALPHABET[byte % ALPHABET.length]
  return `${prefix}_${suffix}`
}
