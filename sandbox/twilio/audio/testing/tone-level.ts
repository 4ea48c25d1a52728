/**
 * For tests that check who heard what: the amplitude of one frequency in a window of audio
 * (Goertzel), as a fraction of full scale — a 0.3 tone reads about 0.3, its absence about 0.
 */
import { TELEPHONY_RATE } from '../wav'

export function toneLevel(samples: Int16Array, hz: number): number {
  if (samples.length === 0) return 0
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / TELEPHONY_RATE)
  let previous = 0
  let beforePrevious = 0
  for (const sample of samples) {
    const current = sample / 32768 + coefficient * previous - beforePrevious
    beforePrevious = previous
    previous = current
  }
  const power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
  return (2 * Math.sqrt(Math.max(0, power))) / samples.length
}
