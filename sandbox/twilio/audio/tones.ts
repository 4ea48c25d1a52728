/** Synthetic telephone sounds at 8 kHz: sine tones, DTMF pairs, the record beep, hold music. */
import { TELEPHONY_RATE } from './wav'

export function samplesForMs(ms: number): number {
  return Math.round((ms * TELEPHONY_RATE) / 1000)
}

export function silence(ms: number): Int16Array {
  return new Int16Array(samplesForMs(ms))
}

/** Sum of sines at `frequencies`, peak `amplitude` (fraction of full scale), 5 ms fades against clicks. */
export function tone(frequencies: number | number[], ms: number, amplitude = 0.3): Int16Array {
  const list = Array.isArray(frequencies) ? frequencies : [frequencies]
  const samples = new Int16Array(samplesForMs(ms))
  const fade = samplesForMs(5)
  for (let i = 0; i < samples.length; i++) {
    let value = 0
    for (const hz of list) value += Math.sin((2 * Math.PI * hz * i) / TELEPHONY_RATE)
    const envelope = Math.min(1, i / fade, (samples.length - 1 - i) / fade)
    samples[i] = Math.round((value / list.length) * amplitude * 32767 * Math.max(0, envelope))
  }
  return samples
}

/** ITU-T Q.23 DTMF frequency pairs (row, column). */
const DTMF_PAIRS: Record<string, [number, number]> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], A: [697, 1633],
  '4': [770, 1209], '5': [770, 1336], '6': [770, 1477], B: [770, 1633],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477], C: [852, 1633],
  '*': [941, 1209], '0': [941, 1336], '#': [941, 1477], D: [941, 1633],
}

export function isDtmfDigit(digit: string): boolean {
  return digit.length === 1 && digit in DTMF_PAIRS
}

export function dtmfTone(digit: string, ms = 100): Int16Array {
  const pair = DTMF_PAIRS[digit.toUpperCase()]
  if (!pair) throw new Error(`not a DTMF digit: ${digit}`)
  return tone(pair, ms)
}

/**
 * `<Play digits="…">`: each digit a 100 ms tone with 100 ms gaps; `w` is a half-second pause
 * (Twilio's documented meaning of `w` in the digits attribute).
 */
export function dtmfSequence(digits: string): Int16Array {
  const parts: Int16Array[] = []
  for (const digit of digits) {
    if (digit === 'w' || digit === 'W') parts.push(silence(500))
    else if (isDtmfDigit(digit)) parts.push(dtmfTone(digit), silence(100))
  }
  return concatSamples(parts)
}

/** The tone `<Record playBeep>` plays before recording starts. */
export function beep(): Int16Array {
  return tone(1000, 250, 0.4)
}

/** Stand-in for Twilio's default hold music (an `<Enqueue>` without waitUrl): a soft arpeggio. */
export function holdMusic(): Int16Array {
  return concatSamples([440, 554, 659, 554].map((hz) => concatSamples([tone(hz, 400, 0.15), silence(100)])))
}

export function concatSamples(parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}
