/**
 * DTMF as RTP telephone-events (RFC 4733 §2.3): event code, end bit, volume, duration. One key
 * press is several packets sharing the timestamp of its start (the end packet is sent three
 * times), so a digit is reported once per new event timestamp.
 */
const EVENT_DIGITS = '0123456789*#ABCD'

export function telephoneEventDigit(payload: Uint8Array): string | null {
  if (payload.length < 4) return null
  return EVENT_DIGITS[payload[0]] ?? null
}

/** Turns the packets of a telephone-event stream into key presses. */
export class DtmfEventReader {
  private lastTimestamp: number | null = null

  /** The digit this packet starts, or null when it continues (or repeats the end of) one already reported. */
  read(timestamp: number, payload: Uint8Array): string | null {
    if (timestamp === this.lastTimestamp) return null
    const digit = telephoneEventDigit(payload)
    if (digit !== null) this.lastTimestamp = timestamp
    return digit
  }
}
